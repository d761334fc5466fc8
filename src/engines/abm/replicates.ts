/**
 * Replicates of one scenario: seeds derived from the scenario's seed alone
 * (so a replicate is the same run in any thread or pool size), jobs for the
 * worker pool, and the mean of a column over replicates.
 */
import { deriveSeed } from '../../analysis/random.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import type { SimulationResult } from '../../simulation/simulate.js';
import type { AbmScenarioOptions } from './options.js';

/** A job for the agent-based worker handler (worker.ts). Plain, structured-cloneable data. */
export interface AbmJob {
  readonly kind: 'abm';
  readonly index: number;
  readonly scenario: ResolvedScenario;
  /** Overrides of the scenario's `abm` section. */
  readonly options?: AbmScenarioOptions;
}

/** Replicate `index` of a scenario: same everything, seed derived from (seed, index). */
export function replicateScenario(scenario: ResolvedScenario, index: number): ResolvedScenario {
  return { ...scenario, name: `${scenario.name}#${index}`, seed: deriveSeed(scenario.seed, index, 'abm-replicate') };
}

export function replicateJobs(scenario: ResolvedScenario, count: number, options?: AbmScenarioOptions): AbmJob[] {
  return Array.from({ length: count }, (_, index) => ({
    kind: 'abm' as const,
    index,
    scenario: replicateScenario(scenario, index),
    ...(options ? { options } : {}),
  }));
}

/** Mean of a column over runs with the same time grid. */
export function meanColumn(results: readonly SimulationResult[], name: string): Float64Array {
  if (results.length === 0) throw new Error('no results to average');
  const n = results[0].t_day.length;
  const out = new Float64Array(n);
  for (const r of results) {
    const j = r.columns.findIndex((c) => c.name === name);
    if (j < 0) throw new Error(`result has no column "${name}"`);
    if (r.t_day.length !== n) throw new Error('replicates have different time grids');
    const width = r.columns.length;
    for (let k = 0; k < n; k++) out[k] += r.values[k * width + j] / results.length;
  }
  return out;
}
