/** "Did you mean" helpers for unit, parameter, drug and key names. */

/** Edit distance (insert, delete, substitute), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[t.length];
}

/**
 * Candidates within a small edit distance of `name` (about one typo per four
 * characters), closest first. Candidates that contain the name, or are
 * contained in it, also count (e.g. "growthRate" for "tumorGrowthRate").
 */
export function closeMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const maxDistance = Math.max(1, Math.floor(name.length / 4));
  const lower = name.toLowerCase();
  const scored = new Map<string, number>();
  for (const candidate of candidates) {
    if (scored.has(candidate) || candidate === name) continue;
    const c = candidate.toLowerCase();
    const distance = editDistance(lower, c);
    const contains = lower.length >= 4 && (c.includes(lower) || lower.includes(c)) && c.length >= 4;
    if (distance <= maxDistance) scored.set(candidate, distance);
    else if (contains) scored.set(candidate, maxDistance + 1);
  }
  return [...scored.entries()]
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([candidate]) => candidate);
}
