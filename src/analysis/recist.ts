/**
 * RECIST 1.1 (Eisenhauer 2009) judged on a simulated lesion diameter at scan
 * times. One target lesion: the sum of diameters is its diameter.
 */
export type Response = 'CR' | 'PR' | 'SD' | 'PD';

export interface RecistOptions {
  /** A lesion smaller than this is no longer measurable: counted as gone (CR). Assumed: CT slice ~3 mm. */
  readonly crDiameter_mm: number;
  readonly prDecrease_fraction: number;
  readonly pdIncrease_fraction: number;
  readonly pdIncrease_mm: number;
}

export const RECIST_1_1: RecistOptions = { crDiameter_mm: 3, prDecrease_fraction: 0.3, pdIncrease_fraction: 0.2, pdIncrease_mm: 5 };

export interface RecistAssessment {
  readonly bestResponse: Response;
  /** Best percent change of the diameter from baseline at scans up to progression. */
  readonly bestChange_percent: number;
  /** Time of the first scan showing PD; undefined if none (censored). */
  readonly progressionTime_day?: number;
  /** Follow-up end used for censoring. */
  readonly lastScan_day: number;
  /** Per-scan responses, for spider plots. */
  readonly scans: readonly { readonly t_day: number; readonly diameter_mm: number; readonly response: Response }[];
}

/** Linear interpolation of a sampled series at t. */
export function interpolate(t: ArrayLike<number>, v: ArrayLike<number>, at: number): number {
  const n = t.length;
  if (at <= t[0]) return v[0];
  if (at >= t[n - 1]) return v[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= at) lo = mid;
    else hi = mid;
  }
  const w = (at - t[lo]) / (t[hi] - t[lo]);
  return v[lo] + w * (v[hi] - v[lo]);
}

const rank: Record<Response, number> = { CR: 0, PR: 1, SD: 2, PD: 3 };

export function assessRecist(
  t_day: ArrayLike<number>,
  diameter_mm: ArrayLike<number>,
  scanTimes_day: readonly number[],
  options: RecistOptions = RECIST_1_1,
): RecistAssessment {
  const baseline = interpolate(t_day, diameter_mm, 0);
  let nadir = baseline;
  let best: Response = 'PD';
  let bestChange = Infinity;
  let progression: number | undefined;
  const scans: { t_day: number; diameter_mm: number; response: Response }[] = [];
  for (const ts of scanTimes_day) {
    const d = interpolate(t_day, diameter_mm, ts);
    let response: Response;
    if (d - nadir >= options.pdIncrease_fraction * nadir && d - nadir >= options.pdIncrease_mm) response = 'PD';
    else if (d < options.crDiameter_mm) response = 'CR';
    else if (d <= (1 - options.prDecrease_fraction) * baseline) response = 'PR';
    else response = 'SD';
    scans.push({ t_day: ts, diameter_mm: d, response });
    if (progression === undefined) {
      if (rank[response] < rank[best]) best = response;
      bestChange = Math.min(bestChange, ((d - baseline) / baseline) * 100);
      if (response === 'PD') progression = ts;
    }
    nadir = Math.min(nadir, d);
  }
  return {
    bestResponse: scans.length ? best : 'SD',
    bestChange_percent: Number.isFinite(bestChange) ? bestChange : 0,
    progressionTime_day: progression,
    lastScan_day: scanTimes_day.length ? scanTimes_day[scanTimes_day.length - 1] : 0,
    scans,
  };
}

/** Scan times every `interval` days from `first` up to `end` inclusive. */
export function scanSchedule(first_day: number, interval_day: number, end_day: number): number[] {
  const times: number[] = [];
  for (let t = first_day; t <= end_day + 1e-9; t += interval_day) times.push(t);
  return times;
}
