/**
 * The agent-based engine against the ODE engine, same parameters and drugs.
 *
 * Setting: well mixed (wellMixedOptions): tumor cells scattered over the
 * lattice so that space never limits division, immune cells re-scattered
 * every step (infinite motility), every neighbourhood the whole lattice and
 * signals uniform. There the agent rules sample exactly the ODE's
 * equations, so the replicate mean must follow the ODE up to sampling noise
 * and the 6 h step. On a spatial lattice it need not: T cells cluster at
 * entry sites and contacts are local, which changes the dose–response.
 *
 * Tolerances (measured deviations with these seeds are in the README section):
 * - untreated, days 0–30: mean tumor cells within 5% (the lattice starts
 *   30% full and must not fill up, so 30 days);
 * - nivolumab, days 0–60: within 15% (the response amplifies early
 *   stochastic differences in the T-cell pool: replicate CV ~14% at day 60).
 * The ranking of therapies is in abm-ranking.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { wellMixedOptions } from '../src/engines/abm/options.js';
import { meanColumn, replicateScenario } from '../src/engines/abm/replicates.js';
import { simulateAbm } from '../src/engines/abm/simulate.js';
import type { ResolvedDosing, ResolvedScenario } from '../src/scenario/types.js';
import { column, context, regimens, run, scenario } from './helpers/scenario.js';

function abm(therapies: readonly ResolvedDosing[], duration_day: number, name: string): ResolvedScenario {
  return { ...scenario({ therapies, duration_day, name }), engine: 'abm', seed: 1 };
}

function replicateMean(s: ResolvedScenario, count: number, grid: number, agents: number): Float64Array {
  const runs = Array.from({ length: count }, (_, i) => simulateAbm(replicateScenario(s, i), context, wellMixedOptions(grid, agents)));
  return meanColumn(runs, 'tumor_cells');
}

function worstRelativeDeviation(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] / b[k] - 1));
  return worst;
}

describe('abm vs ode, well mixed', () => {
  it('replicate mean follows the ODE tumor trajectory', () => {
    const untreated = replicateMean(abm([], 30, 'untreated'), 4, 200, 12_000);
    const untreatedOde = column(run({ duration_day: 30 }), 'tumor_cells');
    expect(worstRelativeDeviation(untreated, untreatedOde)).toBeLessThan(0.05);

    const nivolumab = regimens.nivolumab(0, 60);
    const treated = replicateMean(abm(nivolumab, 60, 'nivolumab'), 6, 200, 12_000);
    const treatedOde = column(run({ therapies: nivolumab, duration_day: 60 }), 'tumor_cells');
    expect(worstRelativeDeviation(treated, treatedOde)).toBeLessThan(0.15);
  });
});
