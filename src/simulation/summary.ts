/** Tumor burden over a run, as a modeler reads it first. */
export interface TumorSummary {
  readonly baselineVolume_mm3: number;
  readonly finalVolume_mm3: number;
  /** (final − baseline) / baseline, in percent. */
  readonly finalChange_percent: number;
  /** Smallest volume reached after baseline, as percent change (negative = shrinkage). */
  readonly bestChange_percent: number;
  readonly nadirTime_day: number;
  readonly baselineDiameter_mm?: number;
  readonly finalDiameter_mm?: number;
  /** Best change in lesion diameter, percent (the RECIST measure). */
  readonly bestDiameterChange_percent?: number;
}

export function summarizeTumor(
  t_day: Float64Array,
  values: Float64Array,
  nColumns: number,
  volumeColumn: number,
  diameterColumn: number,
): TumorSummary {
  const n = t_day.length;
  if (volumeColumn < 0 || n === 0) throw new Error('no tumor volume readout to summarize');
  const volumeAt = (k: number) => values[k * nColumns + volumeColumn];
  const baseline = volumeAt(0);
  const final = volumeAt(n - 1);
  let nadir = 0;
  for (let k = 1; k < n; k++) if (volumeAt(k) < volumeAt(nadir)) nadir = k;
  const percent = (v: number, base: number) => ((v - base) / base) * 100;
  const summary: TumorSummary = {
    baselineVolume_mm3: baseline,
    finalVolume_mm3: final,
    finalChange_percent: percent(final, baseline),
    bestChange_percent: percent(Math.min(volumeAt(nadir), baseline), baseline),
    nadirTime_day: t_day[nadir],
  };
  if (diameterColumn < 0) return summary;
  const diameterAt = (k: number) => values[k * nColumns + diameterColumn];
  let minDiameter = diameterAt(0);
  for (let k = 1; k < n; k++) minDiameter = Math.min(minDiameter, diameterAt(k));
  return {
    ...summary,
    baselineDiameter_mm: diameterAt(0),
    finalDiameter_mm: diameterAt(n - 1),
    bestDiameterChange_percent: percent(minDiameter, diameterAt(0)),
  };
}
