/**
 * Global sensitivity analysis: partial rank correlation (PRCC) for monotone effects
 * and variance-based Sobol indices for any effect, interactions included.
 *
 * Failed runs (non-finite outputs) are dropped and counted in the result, never
 * skipped silently.
 */
import { rngFor, randomInt, type Rng } from './random.js';
import { quantileSorted, ranks, studentTTwoSidedP } from './statistics.js';

// ---------------------------------------------------------------------------
// PRCC
// ---------------------------------------------------------------------------

export interface PrccResult {
  readonly factors: readonly string[];
  /** Partial rank correlation coefficient of each factor with the output, in [−1, 1]. */
  readonly prcc: readonly number[];
  /** t statistic of each coefficient, t = r·√(df / (1 − r²)). */
  readonly t: readonly number[];
  /** Two-sided p-value (Student t, df degrees of freedom) for r = 0. */
  readonly p: readonly number[];
  /** Degrees of freedom: runs used − factors used − 1. */
  readonly df: number;
  /** Runs used. */
  readonly n: number;
  /** Runs dropped because the output or an input was not finite. */
  readonly dropped: number;
  /** Readable notes: dropped runs, constant factors left out, rank deficiency. */
  readonly problems: readonly string[];
}

export interface PrccOptions {
  /** Factor names for the result (default x1, x2, …). */
  readonly factors?: readonly string[];
}

/**
 * Householder QR of a column-major n × m matrix (overwritten). Returns R (m × m,
 * row-major upper triangle); QR avoids squaring the condition number as the normal
 * equations would.
 */
function householderR(a: Float64Array, n: number, m: number): Float64Array {
  const r = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    const col = j * n;
    let norm2 = 0;
    for (let i = j; i < n; i++) norm2 += a[col + i] * a[col + i];
    const norm = Math.sqrt(norm2);
    if (norm === 0) {
      for (let c = j + 1; c < m; c++) r[j * m + c] = a[c * n + j];
      continue;
    }
    const alpha = a[col + j] > 0 ? -norm : norm;
    a[col + j] -= alpha; // a[j:, j] now holds the Householder vector v
    let vNorm2 = 0;
    for (let i = j; i < n; i++) vNorm2 += a[col + i] * a[col + i];
    r[j * m + j] = alpha;
    for (let c = j + 1; c < m; c++) {
      const cc = c * n;
      let dot = 0;
      for (let i = j; i < n; i++) dot += a[col + i] * a[cc + i];
      const f = (2 * dot) / vNorm2;
      for (let i = j; i < n; i++) a[cc + i] -= f * a[col + i];
      r[j * m + c] = a[cc + j];
    }
  }
  return r;
}

/**
 * Partial rank correlation coefficients of each input with the output.
 *
 * Inputs and output are rank-transformed (ties averaged). Rank(y) is regressed on all
 * input ranks by least squares (QR); each factor's partial correlation then follows
 * from its coefficient's t statistic, r = t / √(t² + df). This equals correlating the
 * residuals of rank(xᵢ) and rank(y) after regressing both on the other factors, with
 * one factorization instead of one per factor.
 *
 * @param inputs rows = runs, columns = factors
 * @param output one value per run; non-finite values mark failed runs
 */
export function prcc(inputs: ArrayLike<ArrayLike<number>>, output: ArrayLike<number>, options: PrccOptions = {}): PrccResult {
  const rows = inputs.length;
  if (output.length !== rows) throw new RangeError(`prcc: ${rows} input rows but ${output.length} outputs`);
  const k = options.factors?.length ?? (rows > 0 ? inputs[0].length : 0);
  const factors = options.factors ?? Array.from({ length: k }, (_, j) => `x${j + 1}`);
  const problems: string[] = [];

  const kept: number[] = [];
  for (let i = 0; i < rows; i++) {
    const row = inputs[i];
    if (row.length !== k) throw new RangeError(`prcc: row ${i} has ${row.length} values, expected ${k}`);
    let ok = Number.isFinite(output[i]);
    for (let j = 0; ok && j < k; j++) ok = Number.isFinite(row[j]);
    if (ok) kept.push(i);
  }
  const n = kept.length;
  const dropped = rows - n;
  if (dropped > 0) problems.push(`${dropped} of ${rows} runs dropped (non-finite output or input)`);

  const nan = () => factors.map(() => NaN);
  const fail = (msg: string, df = NaN): PrccResult => {
    problems.push(msg);
    return { factors, prcc: nan(), t: nan(), p: nan(), df, n, dropped, problems };
  };

  // Rank each column; constant columns carry no information and are left out.
  const columns: Float64Array[] = [];
  const used: number[] = [];
  const column = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    for (let r = 0; r < n; r++) column[r] = inputs[kept[r]][j];
    const rk = ranks(column);
    if (centerInPlace(rk)) {
      columns.push(rk);
      used.push(j);
    } else problems.push(`${factors[j]} is constant over the runs used; left out`);
  }
  const yRank = ranks(kept.map((i) => output[i]));
  if (!centerInPlace(yRank)) return fail('output is constant over the runs used; PRCC undefined');

  const m = used.length;
  const df = n - m - 1;
  if (df < 1) return fail(`PRCC needs more runs than factors + 1 (runs ${n}, factors ${m})`, df);

  // Column-major [ranks of used inputs | rank of y], all centered (absorbs the intercept).
  const a = new Float64Array(n * (m + 1));
  columns.forEach((c, j) => a.set(c, j * n));
  a.set(yRank, m * n);
  const colNorm = columns.map((c) => Math.sqrt(c.reduce((acc, v) => acc + v * v, 0)));
  const r = householderR(a, n, m + 1);
  const w = m + 1;
  for (let j = 0; j < m; j++) {
    if (Math.abs(r[j * w + j]) <= 1e-10 * colNorm[j]) {
      return fail(`factor ranks are collinear (${factors[used[j]]} is a combination of earlier factors); PRCC undefined`, df);
    }
  }

  // S = Rx⁻¹ (upper triangular), β = S·r_xy; se(βᵢ) ∝ |r_yy|·‖row i of S‖.
  const s = new Float64Array(m * m);
  for (let c = 0; c < m; c++) {
    s[c * m + c] = 1 / r[c * w + c];
    for (let i = c - 1; i >= 0; i--) {
      let acc = 0;
      for (let l = i + 1; l <= c; l++) acc += r[i * w + l] * s[l * m + c];
      s[i * m + c] = -acc / r[i * w + i];
    }
  }
  const ryy = Math.abs(r[m * w + m]);
  const result = { prcc: nan(), t: nan(), p: nan() };
  used.forEach((j, i) => {
    let beta = 0;
    let rowNorm2 = 0;
    for (let l = i; l < m; l++) {
      beta += s[i * m + l] * r[l * w + m];
      rowNorm2 += s[i * m + l] ** 2;
    }
    const se = ryy * Math.sqrt(rowNorm2);
    const rho = beta === 0 && se === 0 ? NaN : beta / Math.hypot(beta, se);
    const t = se === 0 ? Math.sign(beta) * Infinity : (beta / se) * Math.sqrt(df);
    result.prcc[j] = rho;
    result.t[j] = t;
    result.p[j] = studentTTwoSidedP(t, df);
  });
  return { factors, ...result, df, n, dropped, problems };
}

/** Subtract the mean; false when the column is constant. */
function centerInPlace(x: Float64Array): boolean {
  let total = 0;
  for (let i = 0; i < x.length; i++) total += x[i];
  const mean = total / x.length;
  let spread = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] -= mean;
    spread += Math.abs(x[i]);
  }
  return spread > 0;
}

// ---------------------------------------------------------------------------
// Sobol indices
// ---------------------------------------------------------------------------

export interface SobolIndexResult {
  readonly factors: readonly string[];
  /** First-order indices Sᵢ (Saltelli et al. 2010 estimator). */
  readonly S1: readonly number[];
  /** Total-effect indices S_Tᵢ (Jansen 1999 estimator). */
  readonly ST: readonly number[];
  /** Bootstrap percentile intervals at `confidence` ([NaN, NaN] without bootstrap). */
  readonly S1Interval: ReadonlyArray<readonly [number, number]>;
  readonly STInterval: ReadonlyArray<readonly [number, number]>;
  /** Bootstrap standard errors. */
  readonly S1StdError: readonly number[];
  readonly STStdError: readonly number[];
  /** Output variance over the A and B samples used. */
  readonly variance: number;
  readonly mean: number;
  /** Base samples N used, and base samples dropped because any of their k + 2 runs failed. */
  readonly n: number;
  readonly dropped: number;
  /** Runs whose output was not finite. */
  readonly failedRuns: number;
  readonly bootstrap: number;
  readonly confidence: number;
  readonly problems: readonly string[];
}

export interface SobolIndexOptions {
  /** Bootstrap resamples for intervals (default 1000; 0 to skip). */
  readonly bootstrap?: number;
  readonly confidence?: number;
  /** Generator for resampling; default is a stream seeded from `seed`. */
  readonly rng?: Pick<Rng, 'double'>;
  /** Seed for the default resampling stream (default 0). */
  readonly seed?: number | string;
}

interface Estimates {
  s1: Float64Array;
  st: Float64Array;
  variance: number;
}

/** Estimators over base samples `idx` of the blocks yA, yB, yAB[i]. */
function estimate(yA: Float64Array, yB: Float64Array, yAB: Float64Array[], idx: ArrayLike<number>, center: number): Estimates {
  const k = yAB.length;
  const m = idx.length;
  let s = 0;
  let ss = 0;
  for (let q = 0; q < m; q++) {
    const a = yA[idx[q]] - center;
    const b = yB[idx[q]] - center;
    s += a + b;
    ss += a * a + b * b;
  }
  const variance = ss / (2 * m) - (s / (2 * m)) ** 2;
  const s1 = new Float64Array(k);
  const st = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const ab = yAB[i];
    let first = 0;
    let total = 0;
    for (let q = 0; q < m; q++) {
      const j = idx[q];
      const diff = ab[j] - yA[j];
      first += (yB[j] - center) * diff; // Saltelli 2010: E[f_B (f_ABi − f_A)]
      total += diff * diff; // Jansen 1999: ½ E[(f_A − f_ABi)²]
    }
    s1[i] = first / m / variance;
    st[i] = total / (2 * m) / variance;
  }
  return { s1, st, variance };
}

/**
 * First-order and total Sobol indices from outputs of a `saltelliDesign`, in its row
 * order (blocks A, B, A_B^(1) … A_B^(k), N rows each).
 *
 * Outputs are centered on the mean of the A and B runs before estimating: the
 * estimators are unchanged in expectation but much less noisy when the output has a
 * large mean relative to its spread (tumor burdens, cell counts). A base sample is
 * dropped if any of its k + 2 runs failed, and the count is reported.
 */
export function sobolIndices(
  design: { readonly n: number; readonly factors: readonly string[] },
  output: ArrayLike<number>,
  options: SobolIndexOptions = {},
): SobolIndexResult {
  const { n, factors } = design;
  const k = factors.length;
  if (output.length !== n * (k + 2)) {
    throw new RangeError(`sobolIndices: expected N·(k + 2) = ${n * (k + 2)} outputs, got ${output.length}`);
  }
  const bootstrap = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const problems: string[] = [];

  let failedRuns = 0;
  for (let r = 0; r < output.length; r++) if (!Number.isFinite(output[r])) failedRuns++;
  const kept: number[] = [];
  for (let j = 0; j < n; j++) {
    let ok = true;
    for (let b = 0; ok && b < k + 2; b++) ok = Number.isFinite(output[b * n + j]);
    if (ok) kept.push(j);
  }
  const m = kept.length;
  const dropped = n - m;
  if (failedRuns > 0) {
    problems.push(`${failedRuns} of ${output.length} runs failed; ${dropped} of ${n} base samples dropped`);
  }

  const block = (b: number) => Float64Array.from(kept, (j) => output[b * n + j]);
  const yA = block(0);
  const yB = block(1);
  const yAB = Array.from({ length: k }, (_, i) => block(2 + i));
  let center = 0;
  for (let q = 0; q < m; q++) center += yA[q] + yB[q];
  center /= 2 * m;
  const all = Uint32Array.from({ length: m }, (_, q) => q);
  const point = estimate(yA, yB, yAB, all, center);

  const nanPair = (): [number, number] => [NaN, NaN];
  const base = {
    factors,
    mean: center,
    variance: point.variance,
    n: m,
    dropped,
    failedRuns,
    confidence,
    problems,
  };
  if (m < 2 || !(point.variance > 0)) {
    problems.push(m < 2 ? 'fewer than 2 base samples left' : 'output does not vary; Sobol indices undefined');
    const nan = factors.map(() => NaN);
    return { ...base, S1: nan, ST: nan, S1Interval: factors.map(nanPair), STInterval: factors.map(nanPair), S1StdError: nan, STStdError: nan, bootstrap: 0 };
  }

  const S1Interval = factors.map(nanPair);
  const STInterval = factors.map(nanPair);
  const S1StdError = factors.map(() => NaN);
  const STStdError = factors.map(() => NaN);
  if (bootstrap > 0) {
    const rng = options.rng ?? rngFor(options.seed ?? 0, 'sobol-bootstrap');
    const s1Draws = Array.from({ length: k }, () => new Float64Array(bootstrap));
    const stDraws = Array.from({ length: k }, () => new Float64Array(bootstrap));
    const idx = new Uint32Array(m);
    for (let b = 0; b < bootstrap; b++) {
      for (let q = 0; q < m; q++) idx[q] = randomInt(rng, m);
      const e = estimate(yA, yB, yAB, idx, center);
      for (let i = 0; i < k; i++) {
        s1Draws[i][b] = e.s1[i];
        stDraws[i][b] = e.st[i];
      }
    }
    const lo = (1 - confidence) / 2;
    for (let i = 0; i < k; i++) {
      const s1 = s1Draws[i].sort();
      const st = stDraws[i].sort();
      S1Interval[i] = [quantileSorted(s1, lo), quantileSorted(s1, 1 - lo)];
      STInterval[i] = [quantileSorted(st, lo), quantileSorted(st, 1 - lo)];
      S1StdError[i] = stdDev(s1);
      STStdError[i] = stdDev(st);
    }
  }
  return { ...base, S1: Array.from(point.s1), ST: Array.from(point.st), S1Interval, STInterval, S1StdError, STStdError, bootstrap };
}

function stdDev(x: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}
