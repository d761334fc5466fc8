/**
 * Building blocks of the self-contained HTML reports: one file, inline CSS
 * and inline SVG, no scripts and nothing fetched, so a report opens offline
 * and can be mailed or archived as is.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Numbers for people: 4 significant digits, thousands separated, no exponent below 1e9. */
export function formatValue(value: number | undefined, digits = 4): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-3)) return value.toExponential(2).replace(/-/g, '−');
  const rounded = Number(value.toPrecision(digits));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 6 }).replace(/-/g, '−');
}

/** Signed percent, e.g. "+12.3%" or "−45.0%". */
export function formatPercent(value: number | undefined, digits = 1): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}%`;
}

export type Cell = string | number | { readonly html: string };

function cellHtml(cell: Cell): string {
  if (typeof cell === 'number') return escapeHtml(formatValue(cell));
  if (typeof cell === 'string') return escapeHtml(cell);
  return cell.html;
}

/** A table; numeric cells are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${cellHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export interface KeyNumber {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
  readonly tone?: 'good' | 'bad' | 'neutral';
}

export function keyNumbers(items: readonly KeyNumber[]): string {
  return `<div class="cards">${items
    .map(
      (k) =>
        `<div class="card ${k.tone ?? 'neutral'}"><div class="label">${escapeHtml(k.label)}</div><div class="value">${escapeHtml(k.value)}</div>${
          k.note ? `<div class="note">${escapeHtml(k.note)}</div>` : ''
        }</div>`,
    )
    .join('')}</div>`;
}

/** Definition list of scenario facts: [term, value] pairs. */
export function facts(pairs: readonly (readonly [string, Cell])[]): string {
  return `<dl class="facts">${pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${cellHtml(v)}</dd>`).join('')}</dl>`;
}

/** A chart with an optional caption (HTML) and an anchor id. */
export function figure(svg: string, caption?: string, id?: string): string {
  return `<figure${id ? ` id="fig-${id}"` : ''}>${svg}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

export function note(text: string, kind: 'info' | 'warn' | 'error' = 'info'): string {
  return `<p class="callout ${kind}">${escapeHtml(text)}</p>`;
}

export interface PageOptions {
  readonly title: string;
  /** Small line above the title: what kind of report this is. */
  readonly kind: string;
  readonly subtitle?: string;
  /** HTML under the title: scenario echo and key numbers. */
  readonly header: string;
  readonly sections: readonly Section[];
  readonly footer?: string;
}

const CSS = `
:root { --fg: #1d2329; --muted: #5f6b7a; --line: #dfe3e8; --bg: #f6f7f9; --accent: #2b6cb0; --good: #2f855a; --bad: #c53030; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1160px; margin: 0 auto; padding: 24px 28px 48px; }
header.top { background: white; border-bottom: 1px solid var(--line); }
header.top .inner { max-width: 1160px; margin: 0 auto; padding: 20px 28px 16px; }
.kind { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); }
h1 { font-size: 26px; margin: 2px 0 4px; }
h2 { font-size: 19px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 16px 0 8px; }
.subtitle { color: var(--muted); margin: 0 0 8px; max-width: 900px; }
nav { margin-top: 10px; font-size: 13px; }
nav a { color: var(--accent); text-decoration: none; margin-right: 14px; white-space: nowrap; }
nav a:hover { text-decoration: underline; }
section { background: white; border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px; margin: 18px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 14px 0 4px; }
.card { border: 1px solid var(--line); border-left: 4px solid #a0aec0; border-radius: 6px; padding: 8px 12px; background: white; }
.card.good { border-left-color: var(--good); }
.card.bad { border-left-color: var(--bad); }
.card .label { font-size: 12px; color: var(--muted); }
.card .value { font-size: 21px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .note { font-size: 12px; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 8px 0; font-size: 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; font-size: 13.5px; margin: 6px 0 10px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f1f3f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) td { background: #fafbfc; }
.scroll { overflow-x: auto; }
figure { margin: 10px 0 18px; }
.snapshots { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; }
.snapshots svg { width: 100%; height: auto; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; max-width: 900px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 8px 24px; }
.callout { padding: 8px 12px; border-radius: 6px; font-size: 14px; }
.callout.info { background: #ebf4ff; }
.callout.warn { background: #fffbea; border: 1px solid #f6e05e; }
.callout.error { background: #fff5f5; border: 1px solid #feb2b2; }
details { font-size: 13px; color: var(--muted); margin: 4px 0 10px; }
details summary { cursor: pointer; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; background: #f1f3f6; padding: 1px 4px; border-radius: 3px; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
@media print { body { background: white; } section { break-inside: avoid; border: none; padding: 0; } nav { display: none; } }
`;

/** The whole page. Deterministic: re-rendering the same data gives the same bytes. */
export function page(options: PageOptions): string {
  const nav = options.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('\n');
  const sections = options.sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><div class="inner">
<div class="kind">${escapeHtml(options.kind)}</div>
<h1>${escapeHtml(options.title)}</h1>
${options.subtitle ? `<p class="subtitle">${escapeHtml(options.subtitle)}</p>` : ''}
${options.header}
${nav ? `<nav>${nav}</nav>` : ''}
</div></header>
<main>
${sections}
<footer>${options.footer ?? 'Generated by tisim (tumor-immune-sim). Self-contained: no scripts, no external resources.'}</footer>
</main>
</body>
</html>
`;
}
