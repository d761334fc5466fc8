/** Minimal RFC 4180 reader for the CSV files this project writes (quoted fields, no embedded newlines). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((l) => l.length > 0);
  return { header: parseCsvLine(lines[0] ?? ''), rows: lines.slice(1).map(parseCsvLine) };
}
