/**
 * On the default patient, the agent-based engine ranks the five
 * monotherapies and nivolumab + ipilimumab by tumor reduction at day 60 as
 * the ODE engine does. Setting: well mixed (see abm-consistency.test.ts),
 * 10,000 tumor agents on a 250×250 lattice (16% full, so the untreated arm
 * never runs out of space), mean of 3 replicates.
 *
 * Tolerance: each reduction (1 − cells/cells_untreated) within 0.06 of the
 * ODE's (replicate spread ~±0.05, so ~3 standard errors of the mean), and
 * the same order for every pair of therapies the ODE separates by ≥ 0.03.
 */
import { describe, expect, it } from 'vitest';
import { wellMixedOptions } from '../src/engines/abm/options.js';
import { meanColumn, replicateScenario } from '../src/engines/abm/replicates.js';
import { simulateAbm } from '../src/engines/abm/simulate.js';
import type { ResolvedDosing, ResolvedScenario } from '../src/scenario/types.js';
import { column, context, regimens, run, scenario } from './helpers/scenario.js';

const DAY = 60;
const REPLICATES = 3;

function abmMean(therapies: readonly ResolvedDosing[], name: string): number {
  const base: ResolvedScenario = { ...scenario({ therapies, duration_day: DAY, name }), engine: 'abm', seed: 1 };
  const runs = Array.from({ length: REPLICATES }, (_, i) => simulateAbm(replicateScenario(base, i), context, wellMixedOptions(250, 10_000)));
  return meanColumn(runs, 'tumor_cells')[DAY];
}

describe('abm vs ode, therapy ranking', () => {
  it('ranks the monotherapies and nivolumab + ipilimumab as the ODE does', () => {
    const arms: Record<string, ResolvedDosing[]> = {
      untreated: [],
      nivolumab: regimens.nivolumab(0, DAY),
      ipilimumab: regimens.ipilimumab(),
      relatlimab: regimens.relatlimab(0, DAY),
      aldesleukin: regimens.aldesleukin(),
      bevacizumab: regimens.bevacizumab(0, DAY),
      'nivolumab+ipilimumab': regimens.nivoIpi(0, DAY),
    };
    const odeCells: Record<string, number> = {};
    const abmCells: Record<string, number> = {};
    for (const [name, therapies] of Object.entries(arms)) {
      odeCells[name] = column(run({ therapies, duration_day: DAY }), 'tumor_cells')[DAY];
      abmCells[name] = abmMean(therapies, name);
    }
    const reduction = (cells: Record<string, number>, arm: string) => 1 - cells[arm] / cells.untreated;
    const treatments = Object.keys(arms).filter((a) => a !== 'untreated');
    for (const arm of treatments) expect(Math.abs(reduction(abmCells, arm) - reduction(odeCells, arm)), arm).toBeLessThan(0.06);
    for (const a of treatments)
      for (const b of treatments) {
        if (reduction(odeCells, a) - reduction(odeCells, b) >= 0.03)
          expect(reduction(abmCells, a), `${a} before ${b}`).toBeGreaterThan(reduction(abmCells, b));
      }
  });
});
