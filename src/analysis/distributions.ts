/**
 * Parameter distributions declared as plain JSON data.
 *
 *   { "dist": "uniform",    "min": 0.1, "max": 1 }
 *   { "dist": "loguniform", "min": 1e-3, "max": 1 }
 *   { "dist": "normal",     "mean": 5, "sd": 1, "min": 0 }          min/max truncate (optional)
 *   { "dist": "lognormal",  "median": 2, "gsd": 1.5 }                see LogNormalDist for the forms
 *   { "dist": "triangular", "min": 0, "mode": 1, "max": 4 }
 *   { "values": [1, 2, 5], "weights": [1, 1, 2] }                    weights optional
 *   { "range": { "from": 0, "to": 1, "step": 0.25 } }                both ends inclusive
 *
 * Continuous distributions accept `levels` (integer ≥ 1), used only by full-grid designs.
 * Every distribution is defined by its inverse CDF (`quantile`), so sampling, Latin
 * hypercube and Sobol designs all map unit-cube points the same way.
 */
import { normalCdf, normalQuantile } from './statistics.js';
import { openUnit, type Rng } from './random.js';

interface Levels {
  /** Number of grid points for full-grid designs. */
  readonly levels?: number;
}

export interface UniformDist extends Levels {
  readonly dist: 'uniform';
  readonly min: number;
  readonly max: number;
}

/** log(X) is uniform on [log min, log max]; for rates spanning orders of magnitude. */
export interface LogUniformDist extends Levels {
  readonly dist: 'loguniform';
  readonly min: number;
  readonly max: number;
}

/** Normal, truncated to [min, max] when either bound is given. */
export interface NormalDist extends Levels {
  readonly dist: 'normal';
  readonly mean: number;
  readonly sd: number;
  readonly min?: number;
  readonly max?: number;
}

/**
 * Lognormal: ln X ~ Normal(μ, σ). Give exactly one of these forms:
 *   - { median, gsd }: median = e^μ, geometric SD gsd = e^σ (> 1); about 68% of
 *     the mass lies in [median / gsd, median · gsd]. The preferred form.
 *   - { median, cv }:  μ = ln median, σ = √ln(1 + cv²), cv = SD / mean of X itself.
 *   - { mean, cv }:    as above with μ = ln mean − σ² / 2 (mean of X itself).
 *   - { meanlog, sdlog }: μ and σ directly.
 * Optional min/max truncate, as for the normal.
 */
export interface LogNormalDist extends Levels {
  readonly dist: 'lognormal';
  readonly median?: number;
  readonly gsd?: number;
  readonly cv?: number;
  readonly mean?: number;
  readonly meanlog?: number;
  readonly sdlog?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface TriangularDist extends Levels {
  readonly dist: 'triangular';
  readonly min: number;
  readonly mode: number;
  readonly max: number;
}

/** A finite list of values, equally likely unless weights are given. */
export interface DiscreteDist {
  readonly values: readonly number[];
  readonly weights?: readonly number[];
}

/** Evenly stepped values from `from` to `to` inclusive (when `to` is reached by whole steps). */
export interface RangeDist {
  readonly range: { readonly from: number; readonly to: number; readonly step: number };
}

export type ContinuousDist = UniformDist | LogUniformDist | NormalDist | LogNormalDist | TriangularDist;
export type Distribution = ContinuousDist | DiscreteDist | RangeDist;

export const DISTRIBUTION_KINDS = ['uniform', 'loguniform', 'normal', 'lognormal', 'triangular'] as const;

const MAX_RANGE_VALUES = 1_000_000;

export function isDiscrete(d: Distribution): d is DiscreteDist | RangeDist {
  return 'values' in d || 'range' in d;
}

// ---------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------

/** μ and σ of ln X for any accepted lognormal form. */
export function lognormalParams(d: LogNormalDist): { meanlog: number; sdlog: number } {
  if (d.meanlog !== undefined && d.sdlog !== undefined) return { meanlog: d.meanlog, sdlog: d.sdlog };
  if (d.median !== undefined && d.gsd !== undefined) return { meanlog: Math.log(d.median), sdlog: Math.log(d.gsd) };
  if (d.cv !== undefined) {
    const sdlog = Math.sqrt(Math.log1p(d.cv * d.cv));
    if (d.median !== undefined) return { meanlog: Math.log(d.median), sdlog };
    if (d.mean !== undefined) return { meanlog: Math.log(d.mean) - (sdlog * sdlog) / 2, sdlog };
  }
  throw new Error(`lognormal needs {median, gsd}, {median, cv}, {mean, cv} or {meanlog, sdlog}`);
}

/** Expanded values of a range, computed by multiplication so steps do not accumulate error. */
export function rangeValues(r: RangeDist['range']): number[] {
  const { from, to, step } = r;
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (!(count >= 1) || count > MAX_RANGE_VALUES) throw new RangeError(`range gives ${count} values`);
  return Array.from({ length: count }, (_, i) => from + i * step);
}

function discreteTable(d: DiscreteDist | RangeDist): { values: number[]; cumulative: Float64Array } {
  const raw = 'range' in d ? rangeValues(d.range) : [...d.values];
  const w = 'values' in d && d.weights ? d.weights : raw.map(() => 1);
  // Sorted, so the quantile is a true (monotone) inverse CDF.
  const order = raw.map((_, i) => i).sort((a, b) => raw[a] - raw[b]);
  const total = order.reduce((s, i) => s + w[i], 0);
  const cumulative = new Float64Array(order.length);
  let acc = 0;
  order.forEach((i, j) => {
    acc += w[i];
    cumulative[j] = acc / total;
  });
  return { values: order.map((i) => raw[i]), cumulative };
}

// ---------------------------------------------------------------------------
// Inverse CDF
// ---------------------------------------------------------------------------

/** Standard normal quantile restricted to [a, b] (a < b, either may be infinite). */
function truncatedStandardNormalQuantile(u: number, a: number, b: number): number {
  let z: number;
  if (a > 0) {
    // Both bounds in the upper tail: work with lower-tail probabilities of −z,
    // where Φ keeps full relative precision.
    const lo = normalCdf(-b);
    const hi = normalCdf(-a);
    z = -normalQuantile(hi - u * (hi - lo));
  } else {
    const lo = normalCdf(a);
    const hi = normalCdf(b);
    z = normalQuantile(lo + u * (hi - lo));
  }
  return Math.min(b, Math.max(a, z));
}

function normalLikeQuantile(u: number, mu: number, sigma: number, min?: number, max?: number): number {
  if (min === undefined && max === undefined) return mu + sigma * normalQuantile(u);
  // Exact bounds at the ends, which the round trip through Φ would miss by an ulp.
  if (u === 0 && min !== undefined) return min;
  if (u === 1 && max !== undefined) return max;
  const a = min === undefined ? -Infinity : (min - mu) / sigma;
  const b = max === undefined ? Infinity : (max - mu) / sigma;
  return mu + sigma * truncatedStandardNormalQuantile(u, a, b);
}

/**
 * Inverse CDF: the value x with P(X ≤ x) = u, for u in [0, 1] (NaN outside).
 * Unbounded distributions give ±Infinity at u = 0 or 1. Discrete ones return the
 * smallest value whose cumulative probability exceeds u, values taken in sorted order.
 */
export function quantile(d: Distribution, u: number): number {
  if (!(u >= 0 && u <= 1)) return NaN;
  if (isDiscrete(d)) {
    const { values, cumulative } = discreteTable(d);
    let i = 0;
    while (i < values.length - 1 && cumulative[i] <= u) i++;
    return values[i];
  }
  switch (d.dist) {
    case 'uniform':
      return d.min + u * (d.max - d.min);
    case 'loguniform':
      return Math.exp(Math.log(d.min) + u * (Math.log(d.max) - Math.log(d.min)));
    case 'normal':
      return normalLikeQuantile(u, d.mean, d.sd, d.min, d.max);
    case 'lognormal': {
      if (u === 0 && d.min !== undefined) return d.min;
      if (u === 1 && d.max !== undefined) return d.max;
      const { meanlog, sdlog } = lognormalParams(d);
      const lmin = d.min === undefined ? undefined : d.min > 0 ? Math.log(d.min) : undefined;
      const lmax = d.max === undefined ? undefined : Math.log(d.max);
      return Math.exp(normalLikeQuantile(u, meanlog, sdlog, lmin, lmax));
    }
    case 'triangular': {
      const { min, mode, max } = d;
      const width = max - min;
      const split = (mode - min) / width;
      return u < split ? min + Math.sqrt(u * width * (mode - min)) : max - Math.sqrt((1 - u) * width * (max - mode));
    }
  }
}

/**
 * Vectorised quantile for a column of unit values; builds discrete tables once.
 * Writes into `out` (may be the input) and returns it.
 */
export function quantileInto(d: Distribution, us: ArrayLike<number>, out: Float64Array = new Float64Array(us.length)): Float64Array {
  if (isDiscrete(d)) {
    const { values, cumulative } = discreteTable(d);
    for (let k = 0; k < us.length; k++) {
      const u = us[k];
      if (!(u >= 0 && u <= 1)) {
        out[k] = NaN;
        continue;
      }
      // Binary search for the first cumulative probability above u.
      let lo = 0;
      let hi = values.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] <= u) lo = mid + 1;
        else hi = mid;
      }
      out[k] = values[lo];
    }
    return out;
  }
  for (let k = 0; k < us.length; k++) out[k] = quantile(d, us[k]);
  return out;
}

/** One random draw (inverse-CDF method, u drawn from the open interval (0, 1)). */
export function sample(d: Distribution, rng: Pick<Rng, 'double'>): number {
  return quantile(d, openUnit(rng));
}

/**
 * Values a full-grid design uses for one factor.
 *   - values: as listed; range: expanded.
 *   - uniform / loguniform: `levels` evenly (log-evenly) spaced points including both ends
 *     (one level gives the midpoint / geometric midpoint).
 *   - normal, lognormal, triangular: medians of `levels` equal-probability strata,
 *     quantile((i + ½) / levels), since unbounded ends have no grid point.
 */
export function gridValues(d: Distribution): number[] {
  if ('values' in d) return [...d.values];
  if ('range' in d) return rangeValues(d.range);
  const levels = d.levels;
  if (levels === undefined || !Number.isInteger(levels) || levels < 1) {
    throw new RangeError(`a ${d.dist} distribution needs an integer "levels" ≥ 1 to be used in a full grid`);
  }
  const t = (i: number) => (levels === 1 ? 0.5 : i / (levels - 1));
  switch (d.dist) {
    case 'uniform':
      return Array.from({ length: levels }, (_, i) => d.min + t(i) * (d.max - d.min));
    case 'loguniform':
      return Array.from({ length: levels }, (_, i) => quantile(d, t(i)));
    default:
      return Array.from({ length: levels }, (_, i) => quantile(d, (i + 0.5) / levels));
  }
}

// ---------------------------------------------------------------------------
// Validation (for file loaders)
// ---------------------------------------------------------------------------

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const ALLOWED_KEYS: Record<string, readonly string[]> = {
  uniform: ['dist', 'min', 'max', 'levels'],
  loguniform: ['dist', 'min', 'max', 'levels'],
  normal: ['dist', 'mean', 'sd', 'min', 'max', 'levels'],
  lognormal: ['dist', 'median', 'gsd', 'cv', 'mean', 'meanlog', 'sdlog', 'min', 'max', 'levels'],
  triangular: ['dist', 'min', 'mode', 'max', 'levels'],
  values: ['values', 'weights'],
  range: ['range'],
};

/**
 * Problems with a would-be distribution, as readable sentences (empty when valid).
 * `path` prefixes each message, e.g. "factors.killRate".
 */
export function validateDistribution(x: unknown, path = ''): string[] {
  const problems: string[] = [];
  const say = (msg: string) => problems.push(path ? `${path}: ${msg}` : msg);
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    say('must be an object with "dist", "values" or "range"');
    return problems;
  }
  const o = x as Record<string, unknown>;
  const kind = 'values' in o ? 'values' : 'range' in o ? 'range' : typeof o.dist === 'string' ? o.dist : undefined;
  if (kind === undefined) {
    say('needs "dist" (one of ' + DISTRIBUTION_KINDS.join(', ') + '), "values" or "range"');
    return problems;
  }
  const allowed = ALLOWED_KEYS[kind];
  if (!allowed) {
    say(`unknown dist "${kind}" (expected one of ${DISTRIBUTION_KINDS.join(', ')})`);
    return problems;
  }
  for (const key of Object.keys(o)) if (!allowed.includes(key)) say(`unknown key "${key}" for ${kind}`);

  const need = (key: string) => {
    if (!isNum(o[key])) say(`${key} must be a finite number`);
    return isNum(o[key]);
  };
  const optional = (key: string) => {
    if (o[key] === undefined) return true;
    if (!isNum(o[key])) say(`${key} must be a finite number when given`);
    return isNum(o[key]);
  };
  const num = (key: string) => o[key] as number;

  if (o.levels !== undefined && !(Number.isInteger(o.levels) && (o.levels as number) >= 1)) {
    say('levels must be an integer ≥ 1');
  }

  switch (kind) {
    case 'values': {
      const values = o.values;
      if (!Array.isArray(values) || values.length === 0) {
        say('values must be a non-empty array of numbers');
        break;
      }
      values.forEach((v, i) => {
        if (!isNum(v)) say(`values[${i}] must be a finite number`);
      });
      if (o.weights !== undefined) {
        const w = o.weights;
        if (!Array.isArray(w) || w.length !== values.length) say('weights must be an array as long as values');
        else if (!w.every((v) => isNum(v) && v >= 0)) say('weights must be finite numbers ≥ 0');
        else if (!w.some((v) => v > 0)) say('weights must not all be 0');
      }
      break;
    }
    case 'range': {
      const r = o.range as Record<string, unknown> | undefined;
      if (typeof r !== 'object' || r === null) {
        say('range must be an object { from, to, step }');
        break;
      }
      const bad = ['from', 'to', 'step'].filter((k) => !isNum(r[k]));
      if (bad.length) {
        say(`range.${bad.join(', range.')} must be finite numbers`);
        break;
      }
      const { from, to, step } = r as { from: number; to: number; step: number };
      if (step === 0) say('range.step must not be 0');
      else if ((to - from) / step < 0) say('range.step must point from "from" towards "to"');
      else if ((to - from) / step + 1 > MAX_RANGE_VALUES) say(`range gives more than ${MAX_RANGE_VALUES} values`);
      break;
    }
    case 'uniform':
      if ([need('min'), need('max')].every(Boolean) && !(num('max') > num('min'))) say('max must be > min');
      break;
    case 'loguniform':
      if ([need('min'), need('max')].every(Boolean)) {
        if (!(num('min') > 0)) say('min must be > 0 for a loguniform');
        if (!(num('max') > num('min'))) say('max must be > min');
      }
      break;
    case 'normal': {
      const ok = [need('mean'), need('sd')].every(Boolean);
      if (isNum(o.sd) && !(o.sd > 0)) say('sd must be > 0');
      const bounds = [optional('min'), optional('max')].every(Boolean);
      if (ok && bounds && num('sd') > 0) checkTruncation(num('mean'), num('sd'), o.min as number, o.max as number, say);
      break;
    }
    case 'lognormal':
      validateLognormal(o, say, optional);
      break;
    case 'triangular':
      if ([need('min'), need('mode'), need('max')].every(Boolean)) {
        if (!(num('max') > num('min'))) say('max must be > min');
        else if (!(num('mode') >= num('min') && num('mode') <= num('max'))) say('mode must lie within [min, max]');
      }
      break;
  }
  return problems;
}

function checkTruncation(mu: number, sigma: number, min: number | undefined, max: number | undefined, say: (m: string) => void): void {
  if (min !== undefined && max !== undefined && !(max > min)) {
    say('max must be > min');
    return;
  }
  const a = min === undefined ? -Infinity : (min - mu) / sigma;
  const b = max === undefined ? Infinity : (max - mu) / sigma;
  const mass = a > 0 ? normalCdf(-a) - normalCdf(-b) : normalCdf(b) - normalCdf(a);
  if (!(mass > 1e-300)) say('the interval [min, max] holds no probability under this distribution');
}

function validateLognormal(
  o: Record<string, unknown>,
  say: (m: string) => void,
  optional: (k: string) => boolean,
): void {
  const has = (k: string) => o[k] !== undefined;
  const forms = [
    ['median', 'gsd'],
    ['median', 'cv'],
    ['mean', 'cv'],
    ['meanlog', 'sdlog'],
  ];
  const given = ['median', 'gsd', 'cv', 'mean', 'meanlog', 'sdlog'].filter(has);
  const form = forms.find((f) => f.length === given.length && f.every(has));
  if (!form) {
    say(`lognormal takes exactly one of {median, gsd}, {median, cv}, {mean, cv}, {meanlog, sdlog}; got {${given.join(', ')}}`);
    return;
  }
  let ok = true;
  for (const k of form) {
    const v = o[k];
    const problem = !isNum(v)
      ? `${k} must be a finite number`
      : k === 'gsd' && !(v > 1)
        ? 'gsd must be > 1 (the geometric SD; 1 would mean no spread)'
        : k !== 'meanlog' && k !== 'gsd' && !(v > 0)
          ? `${k} must be > 0`
          : undefined;
    if (problem) {
      say(problem);
      ok = false;
    }
  }
  const bounds = [optional('min'), optional('max')].every(Boolean);
  if (has('min') && isNum(o.min) && o.min < 0) say('min must be ≥ 0 for a lognormal');
  if (ok && bounds) {
    const { meanlog, sdlog } = lognormalParams(o as unknown as LogNormalDist);
    const lmin = isNum(o.min) && o.min > 0 ? Math.log(o.min) : undefined;
    const lmax = isNum(o.max) ? (o.max > 0 ? Math.log(o.max) : -Infinity) : undefined;
    if (isNum(o.min) && isNum(o.max) && !(o.max > o.min)) say('max must be > min');
    else checkTruncation(meanlog, sdlog, lmin, lmax, say);
  }
}

/** Thrown by `assertDistribution`; `problems` lists every issue found. */
export class DistributionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'DistributionError';
  }
}

/** The input typed as a Distribution, or a DistributionError listing all problems. */
export function assertDistribution(x: unknown, path = ''): Distribution {
  const problems = validateDistribution(x, path);
  if (problems.length) throw new DistributionError(problems);
  return x as Distribution;
}

/** Short human-readable form, e.g. "lognormal(median 2, gsd 1.5)". */
export function describeDistribution(d: Distribution): string {
  if ('values' in d) return `one of [${d.values.join(', ')}]${d.weights ? ' (weighted)' : ''}`;
  if ('range' in d) return `${d.range.from} to ${d.range.to} by ${d.range.step}`;
  const bounds = (min?: number, max?: number) =>
    min === undefined && max === undefined ? '' : ` truncated to [${min ?? '−∞'}, ${max ?? '∞'}]`;
  switch (d.dist) {
    case 'uniform':
    case 'loguniform':
      return `${d.dist}(${d.min}, ${d.max})`;
    case 'normal':
      return `normal(mean ${d.mean}, sd ${d.sd})${bounds(d.min, d.max)}`;
    case 'lognormal': {
      const parts = (['median', 'gsd', 'mean', 'cv', 'meanlog', 'sdlog'] as const)
        .filter((k) => d[k] !== undefined)
        .map((k) => `${k} ${d[k]}`);
      return `lognormal(${parts.join(', ')})${bounds(d.min, d.max)}`;
    }
    case 'triangular':
      return `triangular(${d.min}, ${d.mode}, ${d.max})`;
  }
}
