/**
 * Survival statistics for right-censored data: Kaplan–Meier with Greenwood
 * confidence bands, median (any quantile) survival with its confidence
 * interval, the two-group log-rank test and a two-group Cox proportional-
 * hazards hazard ratio. Pure functions of (time, event) arrays; an event flag
 * of 1 means the event was observed at `time`, 0 means censored there.
 *
 * Conventions follow R's survival package (survfit, survdiff, coxph), which
 * the tests use as the reference.
 */
import { normalCdf, normalQuantile } from './statistics.js';

export type Events = ArrayLike<number | boolean>;

/** How the pointwise confidence band of S(t) is built from Greenwood's variance. */
export type ConfidenceTransform = 'log-log' | 'log' | 'plain';

export interface KaplanMeierOptions {
  readonly confidence?: number;
  /** Default 'log-log' (Kalbfleisch–Prentice): stays in [0, 1] and covers well in small samples. */
  readonly transform?: ConfidenceTransform;
}

/** A Kaplan–Meier step curve: S(t) is `survival[k]` on [time[k], time[k+1]). */
export interface KaplanMeierCurve {
  /** Distinct times with an event or a censoring, ascending. */
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  readonly survival: Float64Array;
  /** Greenwood standard error of S(t). */
  readonly stdErr: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly n: number;
  readonly events: number;
  readonly confidence: number;
  readonly transform: ConfidenceTransform;
}

const isEvent = (e: number | boolean): boolean => e === true || e === 1;

function checkData(time: ArrayLike<number>, event: Events): void {
  if (time.length !== event.length) throw new RangeError(`time and event differ in length (${time.length} vs ${event.length})`);
  for (let i = 0; i < time.length; i++)
    if (!Number.isFinite(time[i]) || time[i] < 0) throw new RangeError(`time[${i}] must be a finite number ≥ 0, got ${time[i]}`);
}

function sortedOrder(time: ArrayLike<number>): Uint32Array {
  return Uint32Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[a] - time[b]);
}

/** Pointwise band for S given its Greenwood variance term Σ d/(n(n−d)). */
function band(s: number, greenwood: number, z: number, transform: ConfidenceTransform): [number, number] {
  if (s <= 0) return [0, 0];
  if (!(greenwood > 0)) return [s, s];
  const seLog = Math.sqrt(greenwood); // SE of log S
  switch (transform) {
    case 'plain':
      return [Math.max(0, s - z * s * seLog), Math.min(1, s + z * s * seLog)];
    case 'log':
      return [s * Math.exp(-z * seLog), Math.min(1, s * Math.exp(z * seLog))];
    case 'log-log': {
      if (s >= 1) return [1, 1];
      const logS = Math.log(s);
      const w = (z * seLog) / Math.abs(logS); // SE of log(−log S) is seLog / |log S|
      return [Math.pow(s, Math.exp(w)), Math.pow(s, Math.exp(-w))];
    }
  }
}

/** Kaplan–Meier product-limit estimate with Greenwood's variance. */
export function kaplanMeier(time: ArrayLike<number>, event: Events, options: KaplanMeierOptions = {}): KaplanMeierCurve {
  checkData(time, event);
  const confidence = options.confidence ?? 0.95;
  const transform = options.transform ?? 'log-log';
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const order = sortedOrder(time);
  const n = time.length;
  const times: number[] = [];
  const risk: number[] = [];
  const ev: number[] = [];
  const cens: number[] = [];
  for (let i = 0; i < n; ) {
    const t = time[order[i]];
    let d = 0;
    let c = 0;
    const atRisk = n - i;
    while (i < n && time[order[i]] === t) {
      if (isEvent(event[order[i]])) d++;
      else c++;
      i++;
    }
    times.push(t);
    risk.push(atRisk);
    ev.push(d);
    cens.push(c);
  }
  const m = times.length;
  const survival = new Float64Array(m);
  const stdErr = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  let s = 1;
  let greenwood = 0;
  let events = 0;
  for (let k = 0; k < m; k++) {
    const d = ev[k];
    const r = risk[k];
    if (d > 0) {
      s *= 1 - d / r;
      // Everyone left at risk failing drives S to 0, where Greenwood's term is undefined.
      greenwood = r > d ? greenwood + d / (r * (r - d)) : NaN;
      events += d;
    }
    survival[k] = s;
    stdErr[k] = s * Math.sqrt(greenwood);
    [lower[k], upper[k]] = band(s, greenwood, z, transform);
  }
  return {
    time: Float64Array.from(times),
    nRisk: Float64Array.from(risk),
    nEvent: Float64Array.from(ev),
    nCensor: Float64Array.from(cens),
    survival,
    stdErr,
    lower,
    upper,
    n,
    events,
    confidence,
    transform,
  };
}

/** S(t) of a step curve (right-continuous): 1 before the first time. */
export function survivalAt(curve: Pick<KaplanMeierCurve, 'time' | 'survival'>, t: number): number {
  let s = 1;
  for (let k = 0; k < curve.time.length && curve.time[k] <= t; k++) s = curve.survival[k];
  return s;
}

const EXACT = 1e-10;

/**
 * The p-quantile of a decreasing step function: the first time it falls below
 * 1 − p. Where it sits exactly at 1 − p over an interval, the midpoint of
 * that interval (R's survfit rule). NaN if it never falls that far.
 */
function stepQuantile(time: Float64Array, values: Float64Array, p: number): number {
  const target = 1 - p;
  for (let k = 0; k < time.length; k++) {
    const v = values[k];
    if (Math.abs(v - target) < EXACT) {
      for (let j = k + 1; j < time.length; j++) if (values[j] < target - EXACT) return (time[k] + time[j]) / 2;
      return NaN;
    }
    if (v < target) return time[k];
  }
  return NaN;
}

export interface SurvivalQuantile {
  readonly p: number;
  readonly estimate: number;
  /** NaN when the band never reaches 1 − p (not reached within follow-up). */
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly method: string;
}

/**
 * Quantile of survival time (p = 0.5: the median) with the Brookmeyer–Crowley
 * confidence interval, obtained by inverting the pointwise KM band: the
 * times whose band contains 1 − p (as R's survfit does). NaN = not reached.
 */
export function survivalQuantile(curve: KaplanMeierCurve, p = 0.5): SurvivalQuantile {
  return {
    p,
    estimate: stepQuantile(curve.time, curve.survival, p),
    // The lower band reaches 1 − p first, so it gives the earlier (lower) time limit.
    lower: stepQuantile(curve.time, curve.lower, p),
    upper: stepQuantile(curve.time, curve.upper, p),
    confidence: curve.confidence,
    method: `Brookmeyer–Crowley (inverted ${curve.transform} Greenwood band)`,
  };
}

export function medianSurvival(curve: KaplanMeierCurve): SurvivalQuantile {
  return survivalQuantile(curve, 0.5);
}

/**
 * The time at which the KM curve, joined linearly between its steps, reaches
 * 1 − p. A continuous surrogate for the median when the data are on a coarse
 * grid (scan times): it moves smoothly as the curve moves, which an optimizer
 * needs. NaN if the curve never gets there.
 */
export function interpolatedQuantile(curve: Pick<KaplanMeierCurve, 'time' | 'survival'>, p = 0.5): number {
  const target = 1 - p;
  let tPrev = 0;
  let sPrev = 1;
  for (let k = 0; k < curve.time.length; k++) {
    const s = curve.survival[k];
    if (s <= target) return s === sPrev ? curve.time[k] : tPrev + ((sPrev - target) / (sPrev - s)) * (curve.time[k] - tPrev);
    if (s < sPrev) {
      tPrev = curve.time[k];
      sPrev = s;
    }
  }
  return NaN;
}

/** Two-sided p-value of a χ² statistic with one degree of freedom. */
export function chiSquare1P(chisq: number): number {
  if (!(chisq >= 0)) return NaN;
  return 2 * normalCdf(-Math.sqrt(chisq));
}

export interface LogRankResult {
  readonly chisq: number;
  readonly df: 1;
  readonly p: number;
  /** Observed and expected events in group 0 and group 1. */
  readonly observed: readonly [number, number];
  readonly expected: readonly [number, number];
  readonly variance: number;
}

/** Group labels as 0/1, checked. */
function groupFlags(group: ArrayLike<number | boolean>, n: number): Uint8Array {
  if (group.length !== n) throw new RangeError(`group has length ${group.length}, expected ${n}`);
  const g = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = group[i];
    if (v === 1 || v === true) g[i] = 1;
    else if (v !== 0 && v !== false) throw new RangeError(`group[${i}] must be 0 or 1, got ${String(v)}`);
  }
  return g;
}

/** Mantel–Haenszel log-rank test of two groups (hypergeometric variance, as R survdiff with rho = 0). */
export function logRank(time: ArrayLike<number>, event: Events, group: ArrayLike<number | boolean>): LogRankResult {
  checkData(time, event);
  const n = time.length;
  const g = groupFlags(group, n);
  const order = sortedOrder(time);
  let r0 = 0;
  let r1 = 0;
  for (let i = 0; i < n; i++) (g[i] ? r1++ : r0++);
  const observed: [number, number] = [0, 0];
  const expected: [number, number] = [0, 0];
  let variance = 0;
  for (let i = 0; i < n; ) {
    const t = time[order[i]];
    let d0 = 0;
    let d1 = 0;
    let c0 = 0;
    let c1 = 0;
    while (i < n && time[order[i]] === t) {
      const j = order[i];
      const ev = isEvent(event[j]);
      if (g[j]) ev ? d1++ : c1++;
      else ev ? d0++ : c0++;
      i++;
    }
    const d = d0 + d1;
    const r = r0 + r1;
    if (d > 0) {
      observed[0] += d0;
      observed[1] += d1;
      expected[0] += (d * r0) / r;
      expected[1] += (d * r1) / r;
      if (r > 1) variance += (d * (r0 / r) * (r1 / r) * (r - d)) / (r - 1);
    }
    r0 -= d0 + c0;
    r1 -= d1 + c1;
  }
  const diff = observed[1] - expected[1];
  const chisq = variance > 0 ? (diff * diff) / variance : NaN;
  return { chisq, df: 1, p: chiSquare1P(chisq), observed, expected, variance };
}

export type TiesMethod = 'efron' | 'breslow';

export interface CoxResult {
  /** log hazard ratio of group 1 versus group 0. */
  readonly beta: number;
  readonly se: number;
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  /** Wald test. */
  readonly z: number;
  readonly p: number;
  readonly logLik: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly ties: TiesMethod;
  readonly method: string;
}

/** Distinct event/censor times with, per time, the risk-set sums needed by the partial likelihood. */
interface RiskTable {
  /** Cumulative counts (from the longest time down) in group 1 and in all, at each distinct time. */
  readonly atRisk1: Float64Array;
  readonly atRisk: Float64Array;
  readonly dead1: Float64Array;
  readonly dead: Float64Array;
}

function riskTable(time: ArrayLike<number>, event: Events, g: Uint8Array): RiskTable {
  const n = time.length;
  const order = sortedOrder(time);
  const atRisk1: number[] = [];
  const atRisk: number[] = [];
  const dead1: number[] = [];
  const dead: number[] = [];
  let r1 = 0;
  for (let i = 0; i < n; i++) r1 += g[i];
  for (let i = 0; i < n; ) {
    const t = time[order[i]];
    const rAll = n - i;
    const rOne = r1;
    let d = 0;
    let d1 = 0;
    while (i < n && time[order[i]] === t) {
      const j = order[i];
      if (isEvent(event[j])) {
        d++;
        d1 += g[j];
      }
      r1 -= g[j];
      i++;
    }
    if (d > 0) {
      atRisk1.push(rOne);
      atRisk.push(rAll);
      dead1.push(d1);
      dead.push(d);
    }
  }
  return {
    atRisk1: Float64Array.from(atRisk1),
    atRisk: Float64Array.from(atRisk),
    dead1: Float64Array.from(dead1),
    dead: Float64Array.from(dead),
  };
}

/**
 * Partial log-likelihood, score and information for one binary covariate.
 * With x ∈ {0, 1}, the risk-set sums are S0 = r0 + r1·e^β and S1 = S2 = r1·e^β.
 */
function partialLikelihood(table: RiskTable, beta: number, ties: TiesMethod): { logLik: number; score: number; information: number } {
  const eb = Math.exp(beta);
  let logLik = 0;
  let score = 0;
  let information = 0;
  for (let k = 0; k < table.dead.length; k++) {
    const d = table.dead[k];
    const d1 = table.dead1[k];
    const r1 = table.atRisk1[k];
    const r0 = table.atRisk[k] - r1;
    logLik += beta * d1;
    score += d1;
    const S0 = r0 + r1 * eb;
    const S1 = r1 * eb;
    // Tied deaths' own sums (Efron subtracts a growing share of them).
    const D0 = d - d1 + d1 * eb;
    const D1 = d1 * eb;
    for (let l = 0; l < d; l++) {
      const f = ties === 'efron' ? l / d : 0;
      const s0 = S0 - f * D0;
      const s1 = S1 - f * D1;
      const mean = s1 / s0;
      logLik -= Math.log(s0);
      score -= mean;
      information += mean - mean * mean; // x² = x for a 0/1 covariate
    }
  }
  return { logLik, score, information };
}

/**
 * Cox proportional-hazards model with one binary covariate (group 1 vs 0),
 * fitted by Newton–Raphson on the partial likelihood with step halving.
 * Ties: Efron (default, as R coxph) or Breslow. Wald confidence interval.
 * When one group has no events the likelihood is monotone: the estimate is
 * 0 or ∞ with an undefined interval, and `converged` is false.
 */
export function coxHazardRatio(
  time: ArrayLike<number>,
  event: Events,
  group: ArrayLike<number | boolean>,
  options: { ties?: TiesMethod; confidence?: number; maxIterations?: number } = {},
): CoxResult {
  checkData(time, event);
  const ties = options.ties ?? 'efron';
  const confidence = options.confidence ?? 0.95;
  const maxIterations = options.maxIterations ?? 50;
  const table = riskTable(time, event, groupFlags(group, time.length));
  let beta = 0;
  let current = partialLikelihood(table, beta, ties);
  let iterations = 0;
  let converged = false;
  const BETA_LIMIT = 30; // e^30: a hazard ratio this extreme means a monotone likelihood
  while (iterations < maxIterations) {
    iterations++;
    if (!(current.information > 0)) break;
    let step = current.score / current.information;
    let next = partialLikelihood(table, beta + step, ties);
    for (let halvings = 0; halvings < 30 && !(next.logLik >= current.logLik - 1e-12); halvings++) {
      step /= 2;
      next = partialLikelihood(table, beta + step, ties);
    }
    beta += step;
    const gain = next.logLik - current.logLik;
    current = next;
    if (Math.abs(step) < 1e-10 || Math.abs(gain) < 1e-13 * Math.max(1, Math.abs(current.logLik))) {
      converged = Math.abs(beta) < BETA_LIMIT;
      break;
    }
    if (Math.abs(beta) > BETA_LIMIT) break;
  }
  const method = `Cox proportional hazards, Newton–Raphson on the partial likelihood, ${ties === 'efron' ? 'Efron' : 'Breslow'} ties, Wald CI`;
  if (!converged) {
    const hr = beta > 0 ? Infinity : beta < 0 ? 0 : NaN;
    return { beta: Math.sign(beta) * Infinity, se: NaN, hazardRatio: hr, lower: NaN, upper: NaN, confidence, z: NaN, p: NaN, logLik: current.logLik, iterations, converged, ties, method };
  }
  const se = 1 / Math.sqrt(current.information);
  const zc = normalQuantile(1 - (1 - confidence) / 2);
  const z = beta / se;
  return {
    beta,
    se,
    hazardRatio: Math.exp(beta),
    lower: Math.exp(beta - zc * se),
    upper: Math.exp(beta + zc * se),
    confidence,
    z,
    p: 2 * normalCdf(-Math.abs(z)),
    logLik: current.logLik,
    iterations,
    converged,
    ties,
    method,
  };
}
