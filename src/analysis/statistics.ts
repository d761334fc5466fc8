/**
 * Small statistics helpers and the special functions behind them.
 *
 * NaN policy: summaries propagate NaN (a NaN input gives a NaN result) rather than
 * skipping it; call `dropNonFinite` first and report its `dropped` count.
 */

export type Numbers = ArrayLike<number>;

/** Finite values of `xs`, and how many were left out (NaN, ±Infinity). */
export function dropNonFinite(xs: Numbers): { values: Float64Array; dropped: number } {
  const kept: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) kept.push(xs[i]);
  return { values: Float64Array.from(kept), dropped: xs.length - kept.length };
}

export function sum(xs: Numbers): number {
  // Neumaier summation: long outputs of mixed magnitude lose little precision.
  let s = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

export function mean(xs: Numbers): number {
  return xs.length === 0 ? NaN : sum(xs) / xs.length;
}

/** Variance with `ddof` degrees of freedom removed (1 = sample variance, 0 = population). */
export function variance(xs: Numbers, ddof = 1): number {
  const n = xs.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(xs);
  // Two-pass with the compensating term: exact-ish even when the mean is large.
  let ss = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m;
    ss += d * d;
    s += d;
  }
  return (ss - (s * s) / n) / (n - ddof);
}

export function sd(xs: Numbers, ddof = 1): number {
  return Math.sqrt(variance(xs, ddof));
}

/** Pearson correlation; NaN when either input is constant. */
export function pearson(x: Numbers, y: Numbers): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`pearson: lengths differ (${n} vs ${y.length})`);
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation (Pearson on tie-averaged ranks). */
export function spearman(x: Numbers, y: Numbers): number {
  return pearson(ranks(x), ranks(y));
}

/**
 * Ranks 1..n, ties receiving the average of the ranks they span
 * (so [10, 20, 20, 30] → [1, 2.5, 2.5, 4]). NaN inputs make every rank NaN.
 */
export function ranks(xs: Numbers): Float64Array {
  const n = xs.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) if (Number.isNaN(xs[i])) return out.fill(NaN);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && xs[order[end]] === xs[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let j = start; j < end; j++) out[order[j]] = rank;
    start = end;
  }
  return out;
}

function sortedCopy(xs: Numbers): Float64Array {
  return Float64Array.from(xs).sort();
}

/** Quantile of already-sorted values, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: Numbers, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Sample quantiles (R type 7, the default of R and NumPy). NaN if any input is NaN. */
export function quantiles(xs: Numbers, ps: readonly number[]): number[] {
  for (let i = 0; i < xs.length; i++) if (Number.isNaN(xs[i])) return ps.map(() => NaN);
  const sorted = sortedCopy(xs);
  return ps.map((p) => quantileSorted(sorted, p));
}

export function quantile(xs: Numbers, p: number): number {
  return quantiles(xs, [p])[0];
}

export function median(xs: Numbers): number {
  return quantile(xs, 0.5);
}

export interface Summary {
  readonly n: number;
  /** Non-finite values left out before summarizing. */
  readonly dropped: number;
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly q05: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly q95: number;
  readonly max: number;
}

/** Descriptive summary of the finite values, with the count of those dropped. */
export function summarize(xs: Numbers): Summary {
  const { values, dropped } = dropNonFinite(xs);
  const sorted = values.sort();
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    n: sorted.length,
    dropped,
    mean: mean(sorted),
    sd: sd(sorted),
    min: sorted.length ? sorted[0] : NaN,
    q05: q(0.05),
    q25: q(0.25),
    median: q(0.5),
    q75: q(0.75),
    q95: q(0.95),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

// ---------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------

/**
 * Standard normal quantile Φ⁻¹(p), Wichura's AS241 (PPND16), relative error ~1e-16.
 * Returns ∓Infinity at p = 0 / 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    x =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -x : x;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Regularized lower incomplete gamma P(a, x) and its complement Q(a, x). */
function incompleteGamma(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const logPrefix = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) {
    // Series converges fast below the mean.
    let term = 1 / a;
    let total = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      total += term;
      if (Math.abs(term) < Math.abs(total) * EPS) break;
    }
    const p = total * Math.exp(logPrefix);
    return { p, q: 1 - p };
  }
  // Continued fraction (modified Lentz) above the mean, where the series would cancel.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const q = Math.exp(logPrefix) * h;
  return { p: 1 - q, q };
}

/** Standard normal CDF Φ(x), accurate in relative terms far into both tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  // Φ(x) = ½·erfc(−x/√2) and erfc(z) = Q(½, z²) for z ≥ 0.
  const g = incompleteGamma(0.5, (x * x) / 2);
  return x < 0 ? 0.5 * g.q : 0.5 + 0.5 * g.p;
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0 and x in [0, 1]. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The fraction converges quickly only on this side of the mode; use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Inverse of I_x(a, b) in x, by bisection (robust; ~60 steps to full precision). */
export function incompleteBetaInverse(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (incompleteBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Two-sided p-value of a Student t statistic with `df` degrees of freedom. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

// ---------------------------------------------------------------------------
// Intervals for a proportion (e.g. objective response rate)
// ---------------------------------------------------------------------------

export interface ProportionInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

function checkCounts(successes: number, n: number, confidence: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer in [0, n], got ${successes} of ${n}`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}

/**
 * Wilson score interval. Preferred default: good coverage at small n and never
 * leaves [0, 1], unlike the Wald interval. n = 0 gives [0, 1].
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  checkCounts(successes, n, confidence);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, confidence };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const p = successes / n;
  const denom = n + z2;
  const center = (successes + z2 / 2) / denom;
  const half = (z / denom) * Math.sqrt((successes * (n - successes)) / n + z2 / 4);
  return {
    estimate: p,
    lower: successes === 0 ? 0 : Math.max(0, center - half),
    upper: successes === n ? 1 : Math.min(1, center + half),
    confidence,
  };
}

/** Clopper–Pearson "exact" interval: conservative (coverage ≥ nominal). */
export function clopperPearsonInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  checkCounts(successes, n, confidence);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, confidence };
  const alpha = 1 - confidence;
  return {
    estimate: successes / n,
    lower: successes === 0 ? 0 : incompleteBetaInverse(alpha / 2, successes, n - successes + 1),
    upper: successes === n ? 1 : incompleteBetaInverse(1 - alpha / 2, successes + 1, n - successes),
    confidence,
  };
}
