/**
 * 1. Untreated growth: the lesion grows, slows as it outgrows its vasculature,
 * and hypoxia rises with size. Built-in control: without endogenous
 * inhibition of vessel growth (capacity_inhibition_rate = 0) the vasculature
 * keeps up, so neither the slowing nor the rise in hypoxia happens.
 */
import { describe, expect, it } from 'vitest';
import { run, valueAt, volumeAt } from './helpers/scenario.js';

/** Mean specific growth rate (1/day) of the lesion between two days. */
function growthRate(result: ReturnType<typeof run>, from: number, to: number): number {
  return Math.log(volumeAt(result, to) / volumeAt(result, from)) / (to - from);
}

describe('untreated growth (default patient)', () => {
  const untreated = run({ name: 'untreated' });
  const vesselsKeepUp = run({ name: 'no vascular limit', parameters: { capacity_inhibition_rate: 0 }, duration_day: 200 });

  it('starts at a measurable 2 cm lesion with a melanoma-metastasis doubling time', () => {
    expect(valueAt(untreated, 'lesion_diameter', 0)).toBeCloseTo(20, 6);
    const doubling = Math.LN2 / growthRate(untreated, 0, 30);
    // Carlson 2003: metastases median 33 days (range 8–212).
    expect(doubling).toBeGreaterThan(25);
    expect(doubling).toBeLessThan(45);
  });

  it('grows, and slows as it outgrows its vasculature', () => {
    expect(volumeAt(untreated, 365)).toBeGreaterThan(3 * volumeAt(untreated, 0));
    const early = growthRate(untreated, 0, 60);
    const late = growthRate(untreated, 140, 200);
    expect(late).toBeLessThan(0.4 * early);
    expect(growthRate(untreated, 300, 365)).toBeLessThan(0.15 * early);
    // Control: with vessels that keep up, growth does not slow like that.
    const earlyK = growthRate(vesselsKeepUp, 0, 60);
    const lateK = growthRate(vesselsKeepUp, 140, 200);
    expect(lateK / earlyK).toBeGreaterThan(0.6);
  });

  it('hypoxia rises with size', () => {
    const h0 = valueAt(untreated, 'hypoxia', 0);
    const h365 = valueAt(untreated, 'hypoxia', 365);
    expect(h0).toBeGreaterThan(0.15);
    expect(h0).toBeLessThan(0.5);
    expect(h365).toBeGreaterThan(h0 + 0.25);
    for (let d = 30; d <= 365; d += 30) expect(valueAt(untreated, 'hypoxia', d)).toBeGreaterThan(valueAt(untreated, 'hypoxia', d - 30));
    // Control: with vessels that keep up, the lesion becomes better oxygenated instead.
    expect(valueAt(vesselsKeepUp, 'hypoxia', 200)).toBeLessThan(h0);
  });
});
