import { column, type SimulationResult } from '../simulation/simulate.js';
import { RECIST_1_1 } from './recist.js';

/** Scalar outcomes of one run, as a sweep or trial table reports them. */
export interface RunReadoutSpec {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

export const RUN_READOUTS: readonly RunReadoutSpec[] = [
  { name: 'final_change', unit: '%', description: 'tumor volume change from baseline at the end' },
  { name: 'best_change', unit: '%', description: 'largest tumor volume reduction from baseline (negative = shrinkage)' },
  { name: 'best_diameter_change', unit: '%', description: 'largest lesion-diameter reduction from baseline (the RECIST measure)' },
  { name: 'min_volume', unit: 'mm^3', description: 'smallest tumor volume reached' },
  { name: 'nadir_time', unit: 'day', description: 'time of the smallest tumor volume' },
  { name: 'final_volume', unit: 'mm^3', description: 'tumor volume at the end' },
  { name: 'time_to_progression', unit: 'day', description: 'first time the lesion diameter is ≥20% and ≥5 mm above its running minimum (daily grid); NaN if never' },
  { name: 'effector_treg_ratio', unit: '1', description: 'effector CD8 / Treg ratio at the end (NaN if the model has no such readout)' },
];

/** Continuous-time progression (no scan schedule): first grid time meeting RECIST's PD rule. */
export function timeToProgression(t_day: ArrayLike<number>, diameter_mm: ArrayLike<number>): number {
  let nadir = diameter_mm[0];
  for (let k = 1; k < t_day.length; k++) {
    const d = diameter_mm[k];
    if (d - nadir >= RECIST_1_1.pdIncrease_fraction * nadir && d - nadir >= RECIST_1_1.pdIncrease_mm) return t_day[k];
    if (d < nadir) nadir = d;
  }
  return NaN;
}

/** Computes RUN_READOUTS, in order, for a finished run. */
export function runReadouts(result: SimulationResult): Float64Array {
  const t = result.tumor;
  const diameter = result.tumorColumns.diameter ? column(result, result.tumorColumns.diameter) : undefined;
  const ratioColumn = result.columns.find((c) => c.name === 'effector_treg_ratio');
  const ratio = ratioColumn ? column(result, ratioColumn.name) : undefined;
  return Float64Array.of(
    t.finalChange_percent,
    t.bestChange_percent,
    t.bestDiameterChange_percent ?? NaN,
    t.baselineVolume_mm3 * (1 + t.bestChange_percent / 100),
    t.nadirTime_day,
    t.finalVolume_mm3,
    diameter ? timeToProgression(result.t_day, diameter) : NaN,
    ratio ? ratio[ratio.length - 1] : NaN,
  );
}
