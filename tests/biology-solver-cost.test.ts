/**
 * Solver cost guard: the model keeps its fastest rates slow (fast binding and
 * cytokines are at quasi-steady state), so the explicit odex solver needs few
 * right-hand-side evaluations. Counts are deterministic, unlike wall time.
 */
import { describe, expect, it } from 'vitest';
import { regimens, run } from './helpers/scenario.js';

describe('solver cost of the checkpoint model', () => {
  it('a 1-year untreated run needs under 1000 RHS evaluations', () => {
    expect(run({ name: 'untreated' }).stats.nRhs).toBeLessThan(1000);
  });

  it('a 1-year nivolumab + ipilimumab run (25 dose segments) needs under 6000 RHS evaluations', () => {
    const result = run({ name: 'nivo+ipi', therapies: regimens.nivoIpi() });
    console.log(`nivolumab + ipilimumab, 1 year: nRhs ${result.stats.nRhs}, steps ${result.stats.nStep}, segments ${result.stats.nSegments}`);
    expect(result.stats.nRhs).toBeLessThan(6000);
  });
});
