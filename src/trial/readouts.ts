/**
 * Trial readouts. Per patient: RECIST 1.1 (assessRecist) on the simulated
 * lesion diameter at the scan times, best overall response (unconfirmed),
 * best % change, PFS (first scan showing PD, censored at the last scan) and,
 * for non-responders, the dominant resistance mechanism. Per arm: ORR, CR
 * and disease-control rates with exact (Clopper–Pearson) or Wilson intervals,
 * the Kaplan–Meier PFS curve, median PFS with its Brookmeyer–Crowley
 * interval, landmark PFS, and the Cox hazard ratio and log-rank test versus
 * the reference arm.
 */
import { assessRecist, type Response } from '../analysis/recist.js';
import { clopperPearsonInterval, wilsonInterval, type ProportionInterval } from '../analysis/statistics.js';
import {
  coxHazardRatio,
  interpolatedQuantile,
  kaplanMeier,
  logRank,
  medianSurvival,
  survivalAt,
  type KaplanMeierCurve,
} from '../analysis/survival.js';
import { dominantMechanism, killingFactors, MECHANISM_FEATURES, MECHANISMS, type Mechanism, type MechanismParameters } from './mechanism.js';
import type { TrialJobResult } from './job.js';
import type { ReadoutOptions } from './spec.js';

export interface PatientOutcome {
  readonly ok: boolean;
  readonly message: string;
  readonly bestResponse?: Response;
  readonly bestChange_percent: number;
  /** Time of the first PD scan, or of the last scan when censored. */
  readonly pfs_day: number;
  readonly pfsEvent: boolean;
  /** Killing factors (mechanism.ts) at baseline and at the assessment scan (first PD, else the last). */
  readonly baselineFactors?: Float64Array;
  readonly factors?: Float64Array;
  /** For non-responders (best response SD or PD), once classified against the population reference. */
  readonly mechanism?: Mechanism;
  /** Diameter at baseline and each scan (mm). */
  readonly diameter_mm: Float64Array;
}

/** Per-patient readouts from a trial job's diameters (times_day[0] is baseline). */
export function patientOutcome(times_day: Float64Array, result: TrialJobResult, mechanismParams: MechanismParameters): PatientOutcome {
  if (!result.ok) return { ok: false, message: `${result.retcode}: ${result.message}`, bestChange_percent: NaN, pfs_day: NaN, pfsEvent: false, diameter_mm: result.diameter_mm };
  const scans = Array.from(times_day.subarray(1));
  const recist = assessRecist(times_day, result.diameter_mm, scans);
  const progressed = recist.progressionTime_day !== undefined;
  const pfs_day = progressed ? recist.progressionTime_day! : recist.lastScan_day;
  const nf = MECHANISM_FEATURES.length;
  const row = times_day.indexOf(pfs_day);
  const factorsAt = (k: number) => killingFactors(result.features.subarray(k * nf, (k + 1) * nf), mechanismParams);
  const hasFeatures = result.features.length > 0 && row >= 0;
  return {
    ok: true,
    message: '',
    bestResponse: recist.bestResponse,
    bestChange_percent: recist.bestChange_percent,
    pfs_day,
    pfsEvent: progressed,
    ...(hasFeatures ? { baselineFactors: factorsAt(0), factors: factorsAt(row) } : {}),
    diameter_mm: result.diameter_mm,
  };
}

export const isResponder = (o: PatientOutcome): boolean => o.bestResponse === 'CR' || o.bestResponse === 'PR';

/** Outcomes with each non-responder's dominant mechanism set (see mechanism.ts for the rule). */
export function classifyMechanisms(outcomes: readonly PatientOutcome[], reference: ArrayLike<number>): PatientOutcome[] {
  return outcomes.map((o) => {
    if (!o.ok || isResponder(o) || !o.factors) return o;
    const mechanism = dominantMechanism(o.factors, reference);
    return mechanism ? { ...o, mechanism } : o;
  });
}

export interface RateSummary extends ProportionInterval {
  readonly count: number;
  readonly n: number;
  readonly method: string;
}

export interface PfsSummary {
  readonly events: number;
  readonly censored: number;
  readonly median_day: number;
  readonly lower_day: number;
  readonly upper_day: number;
  readonly medianMethod: string;
  /** The KM curve joined linearly between steps crossing one half: a smooth surrogate used by calibration. */
  readonly interpolatedMedian_day: number;
  readonly landmarks: readonly { readonly t_day: number; readonly survival: number }[];
}

export interface ComparisonSummary {
  readonly reference: string;
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly p: number;
  readonly method: string;
  readonly logRankChisq: number;
  readonly logRankP: number;
}

export interface MechanismSummary {
  readonly nonResponders: number;
  readonly counts: Readonly<Record<Mechanism, number>>;
  /** Fraction of non-responders (classified or not) per mechanism. */
  readonly fractions: Readonly<Record<Mechanism, number>>;
  readonly unclassified: number;
}

export interface ArmSummary {
  readonly id: string;
  readonly label: string;
  readonly n: number;
  readonly failed: number;
  readonly responses: Readonly<Record<Response, number>>;
  readonly orr: RateSummary;
  readonly cr: RateSummary;
  readonly dcr: RateSummary;
  readonly pfs: PfsSummary;
  readonly versusReference?: ComparisonSummary;
  readonly mechanisms: MechanismSummary;
}

function rate(count: number, n: number, options: ReadoutOptions): RateSummary {
  const interval = options.proportionInterval === 'wilson' ? wilsonInterval(count, n, options.confidence) : clopperPearsonInterval(count, n, options.confidence);
  return { ...interval, count, n, method: options.proportionInterval === 'wilson' ? 'Wilson score' : 'Clopper–Pearson exact' };
}

/** PFS times and event flags of the patients that ran. */
export function pfsData(outcomes: readonly PatientOutcome[]): { time: Float64Array; event: Uint8Array } {
  const ok = outcomes.filter((o) => o.ok);
  return { time: Float64Array.from(ok, (o) => o.pfs_day), event: Uint8Array.from(ok, (o) => (o.pfsEvent ? 1 : 0)) };
}

export function pfsCurve(outcomes: readonly PatientOutcome[], options: ReadoutOptions): KaplanMeierCurve {
  const { time, event } = pfsData(outcomes);
  return kaplanMeier(time, event, { confidence: options.confidence });
}

function compare(arm: readonly PatientOutcome[], ref: readonly PatientOutcome[], referenceId: string, options: ReadoutOptions): ComparisonSummary {
  const a = pfsData(arm);
  const b = pfsData(ref);
  const time = new Float64Array(a.time.length + b.time.length);
  time.set(a.time);
  time.set(b.time, a.time.length);
  const event = new Uint8Array(time.length);
  event.set(a.event);
  event.set(b.event, a.event.length);
  const group = new Uint8Array(time.length).fill(1, 0, a.time.length);
  const cox = coxHazardRatio(time, event, group, { ties: options.ties, confidence: options.confidence });
  const lr = logRank(time, event, group);
  return { reference: referenceId, hazardRatio: cox.hazardRatio, lower: cox.lower, upper: cox.upper, p: cox.p, method: cox.method, logRankChisq: lr.chisq, logRankP: lr.p };
}

function mechanismSummary(outcomes: readonly PatientOutcome[]): MechanismSummary {
  const counts = Object.fromEntries(MECHANISMS.map((m) => [m, 0])) as Record<Mechanism, number>;
  let nonResponders = 0;
  let unclassified = 0;
  for (const o of outcomes) {
    if (!o.ok || isResponder(o)) continue;
    nonResponders++;
    if (o.mechanism) counts[o.mechanism]++;
    else unclassified++;
  }
  const fractions = Object.fromEntries(MECHANISMS.map((m) => [m, nonResponders ? counts[m] / nonResponders : NaN])) as Record<Mechanism, number>;
  return { nonResponders, counts, fractions, unclassified };
}

/** Summary of one arm; `reference` is the reference arm's outcomes (omit for the reference itself). */
export function summarizeArm(
  arm: { id: string; label: string },
  outcomes: readonly PatientOutcome[],
  options: ReadoutOptions,
  reference?: { id: string; outcomes: readonly PatientOutcome[] },
): ArmSummary {
  const ok = outcomes.filter((o) => o.ok);
  const responses: Record<Response, number> = { CR: 0, PR: 0, SD: 0, PD: 0 };
  for (const o of ok) responses[o.bestResponse!]++;
  const n = ok.length;
  const curve = pfsCurve(ok, options);
  const median = medianSurvival(curve);
  return {
    id: arm.id,
    label: arm.label,
    n,
    failed: outcomes.length - n,
    responses,
    orr: rate(responses.CR + responses.PR, n, options),
    cr: rate(responses.CR, n, options),
    dcr: rate(responses.CR + responses.PR + responses.SD, n, options),
    pfs: {
      events: curve.events,
      censored: n - curve.events,
      median_day: median.estimate,
      lower_day: median.lower,
      upper_day: median.upper,
      medianMethod: median.method,
      interpolatedMedian_day: interpolatedQuantile(curve),
      // Past the last observation the curve is unknown.
      landmarks: options.landmarks_day.map((t) => ({ t_day: t, survival: t <= (curve.time[curve.time.length - 1] ?? -1) ? survivalAt(curve, t) : NaN })),
    },
    ...(reference && reference.id !== arm.id ? { versusReference: compare(ok, reference.outcomes, reference.id, options) } : {}),
    mechanisms: mechanismSummary(ok),
  };
}
