/**
 * One virtual patient on one arm, as a worker job: the resolved scenario in,
 * only what the trial needs out (lesion diameter and the mechanism features
 * at the scan times, as typed arrays).
 */
import { interpolate } from '../analysis/recist.js';
import type { ResolvedScenario } from '../scenario/types.js';
import type { SimulationContext } from '../simulation/context.js';
import { simulate } from '../simulation/simulate.js';
import { MECHANISM_FEATURES } from './mechanism.js';

export interface TrialJob {
  readonly kind: 'trial';
  readonly index: number;
  readonly scenario: ResolvedScenario;
  /** Baseline (0) and scan times, days. */
  readonly times_day: Float64Array;
  /** Also sample MECHANISM_FEATURES (not needed for the plausibility screen). */
  readonly features: boolean;
}

export interface TrialJobResult {
  readonly index: number;
  readonly ok: boolean;
  readonly retcode: string;
  readonly message: string;
  /** Lesion diameter (mm) at each of times_day. */
  readonly diameter_mm: Float64Array;
  /** Row-major [time][feature] of MECHANISM_FEATURES, empty unless requested. */
  readonly features: Float64Array;
}

function sampleColumn(t: Float64Array, values: Float64Array, stride: number, j: number, at: Float64Array, out: Float64Array, outStride: number, offset: number): void {
  const series = new Float64Array(t.length);
  for (let k = 0; k < t.length; k++) series[k] = values[k * stride + j];
  for (let i = 0; i < at.length; i++) out[i * outStride + offset] = interpolate(t, series, at[i]);
}

export function runTrialJob(job: TrialJob, ctx: SimulationContext): TrialJobResult {
  const result = simulate(job.scenario, ctx);
  const ok = result.retcode === 'Success';
  const n = job.times_day.length;
  const stride = result.columns.length;
  const columnIndex = (name: string) => result.columns.findIndex((c) => c.name === name);
  const diameter_mm = new Float64Array(n).fill(NaN);
  const nf = MECHANISM_FEATURES.length;
  const features = new Float64Array(job.features ? n * nf : 0).fill(NaN);
  if (ok) {
    const d = columnIndex(result.tumorColumns.diameter ?? '');
    if (d < 0) throw new Error(`model "${job.scenario.model}" has no lesion-diameter readout, which RECIST needs`);
    sampleColumn(result.t_day, result.values, stride, d, job.times_day, diameter_mm, 1, 0);
    if (job.features)
      MECHANISM_FEATURES.forEach((name, f) => {
        const j = columnIndex(name);
        if (j >= 0) sampleColumn(result.t_day, result.values, stride, j, job.times_day, features, nf, f);
      });
  }
  return { index: job.index, ok, retcode: result.retcode, message: result.message, diameter_mm, features };
}
