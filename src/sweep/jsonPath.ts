/** Paths into a scenario document, written as in JavaScript: `therapies[0].dose`, `patient.parameters.tumorGrowthRate`. */
export type Segment = string | number;

export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let consumed = 0;
  for (const m of path.matchAll(re)) {
    const between = path.slice(consumed, m.index);
    if (between !== '' && between !== '.') throw new Error(`cannot read path "${path}" near "${between}"`);
    segments.push(m[2] !== undefined ? Number(m[2]) : m[1]);
    consumed = m.index + m[0].length;
  }
  if (consumed !== path.length || segments.length === 0) throw new Error(`cannot read path "${path}"`);
  return segments;
}

/**
 * A copy of `doc` with `value` set at `path`. Intermediate objects are created;
 * arrays must already hold the index (so a typo cannot silently add a therapy).
 */
export function setPath<T>(doc: T, path: string, value: unknown): T {
  const segments = parsePath(path);
  const root = structuredClone(doc) as unknown;
  let node = root as Record<string | number, unknown>;
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (typeof seg === 'number') {
      if (!Array.isArray(node)) throw new Error(`"${path}": ${segments.slice(0, i).join('.')} is not a list`);
      if (seg >= node.length) throw new Error(`"${path}": index ${seg} is beyond the ${node.length} item(s) of the list`);
    } else if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new Error(`"${path}": cannot set "${seg}" inside a ${Array.isArray(node) ? 'list' : typeof node}`);
    }
    if (last) node[seg] = value;
    else {
      if (node[seg] === undefined) node[seg] = {};
      node = node[seg] as Record<string | number, unknown>;
    }
  });
  return root as T;
}
