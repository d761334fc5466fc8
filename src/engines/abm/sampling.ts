/** Small samplers on a seeded uniform stream; deterministic given the stream. */

export interface Uniform {
  double(): number;
}

/**
 * Uniform in [0, 1) with 32-bit resolution from one generator step (twice as
 * fast as double(); 2.3e-10 resolution is far below any probability used).
 */
export function uniform(rng: { int32(): number }): number {
  return (rng.int32() >>> 0) * 2.3283064365386963e-10;
}

/** Probability that an event of rate k (1/day) happens within dt (days). */
export function eventProbability(rate: number, dt: number): number {
  return rate > 0 ? 1 - Math.exp(-rate * dt) : 0;
}

/**
 * Division probability per step for a cell that divides at rate g (1/day)
 * and whose daughters wait for the next step: e^{g·dt} − 1 makes the
 * expected growth factor over the step exactly e^{g·dt}, as in the ODE
 * (1 − e^{−g·dt} would lose ~g²dt² per step, 12% over 60 days at g = 0.09/day).
 */
export function divisionProbability(rate: number, dt: number): number {
  if (!(rate > 0)) return 0;
  const p = Math.expm1(rate * dt);
  return p < 1 ? p : 1;
}

/** Poisson variate: multiplication method for small means, rounded normal above 30. */
export function poisson(rng: Uniform, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let prod = rng.double();
    while (prod > limit) {
      k++;
      prod *= rng.double();
    }
    return k;
  }
  const u1 = 1 - rng.double();
  const u2 = rng.double();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
}

/** floor(x) plus one with probability frac(x): unbiased integer for a non-negative expectation. */
export function stochasticRound(rng: Uniform, x: number): number {
  if (!(x > 0)) return 0;
  const base = Math.floor(x);
  return base + (rng.double() < x - base ? 1 : 0);
}

/** Fisher–Yates shuffle of the first n entries, in place. */
export function shuffle(rng: { int32(): number }, a: Int32Array, n: number): void {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((rng.int32() >>> 0) * 2.3283064365386963e-10) * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Index of the first cumulative weight above u·total (binary search over cum[0..n)). */
export function pickCumulative(cum: Float64Array, n: number, u: number): number {
  const target = u * cum[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
