/**
 * The ArrayBuffers behind typed arrays (and bare ArrayBuffers) found in a
 * result, so they can be moved to the main thread instead of copied.
 * SharedArrayBuffers are skipped: they are shared, never transferred.
 */
export function collectTransferables(value: unknown, maxDepth = 4): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();

  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof ArrayBuffer) {
      found.add(v);
    } else if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
    } else if (depth < maxDepth) {
      const children = Array.isArray(v) ? v : v instanceof Map ? [...v.values()] : Object.values(v);
      for (const child of children) visit(child, depth + 1);
    }
  };

  visit(value, 0);
  return [...found];
}
