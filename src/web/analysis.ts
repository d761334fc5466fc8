/**
 * Numbers the page shows, computed from finished runs: columns, RECIST
 * responses and the Bliss excess of A+B. Pure functions of the results.
 */
import { blissExcess, blissExpected, fractionalReduction } from '../analysis/bliss.js';
import { assessRecist, interpolate, scanSchedule, type RecistAssessment } from '../analysis/recist.js';
import type { SimulationResult } from '../simulation/simulate.js';
import type { Combination } from './setup.js';

export type RunResult = SimulationResult & { readonly computedIn?: 'worker' | 'main' };
export type RunSet = Readonly<Record<Combination, RunResult>>;

/** One column by name, or undefined when the run has no such column (e.g. a drug not given). */
export function columnOf(result: RunResult, name: string): Float64Array | undefined {
  const j = result.columns.findIndex((c) => c.name === name);
  if (j < 0) return undefined;
  const n = result.columns.length;
  const out = new Float64Array(result.t_day.length);
  for (let k = 0; k < out.length; k++) out[k] = result.values[k * n + j];
  return out;
}

/** A column's value at any time, linearly interpolated between output days. */
export function valueAt(result: RunResult, name: string, t_day: number): number {
  const series = columnOf(result, name);
  return series ? interpolate(result.t_day, series, t_day) : NaN;
}

/** Scans every 8 weeks from week 8, as in many checkpoint-inhibitor trials. */
export function recistOf(result: RunResult): RecistAssessment | undefined {
  const diameter = result.tumorColumns.diameter ? columnOf(result, result.tumorColumns.diameter) : undefined;
  if (!diameter) return undefined;
  const end = result.t_day[result.t_day.length - 1];
  return assessRecist(result.t_day, diameter, scanSchedule(56, 56, end));
}

export interface BlissSummary {
  /** Day the volumes were read. */
  readonly at_day: number;
  /** Response 1 − V/V_untreated at `at_day`, for A alone, B alone and A+B. */
  readonly fA: number;
  readonly fB: number;
  readonly fAB: number;
  readonly expected: number;
  readonly excess: number;
  /** `not-applicable` when A or B alone leaves a larger tumor than no treatment: Bliss assumes responses in [0, 1]. */
  readonly verdict: 'synergy' | 'independent' | 'antagonism' | 'not-applicable';
}

/** Excesses within ±0.05 are read as independence: smaller differences are not meaningful for a teaching model. */
export const BLISS_MARGIN = 0.05;

export function blissOf(runs: RunSet, at_day: number): BlissSummary {
  const volume = (c: Combination) => valueAt(runs[c], runs[c].tumorColumns.volume, at_day);
  const untreated = volume('untreated');
  const fA = fractionalReduction(volume('A'), untreated);
  const fB = fractionalReduction(volume('B'), untreated);
  const fAB = fractionalReduction(volume('AB'), untreated);
  const excess = blissExcess(fA, fB, fAB);
  const verdict =
    fA < 0 || fB < 0 ? 'not-applicable' : excess > BLISS_MARGIN ? 'synergy' : excess < -BLISS_MARGIN ? 'antagonism' : 'independent';
  return { at_day, fA, fB, fAB, expected: blissExpected(fA, fB), excess, verdict };
}

/** Administration times of each drug in a run, for the dose rug under the time axis. */
export function doseTimes(result: RunResult): { drug: string; times_day: readonly number[] }[] {
  return result.scenario.therapies.map((d) => ({ drug: d.drug, times_day: d.times_day }));
}
