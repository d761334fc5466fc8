/**
 * Experimental designs: which parameter values each run uses.
 *
 * A design is a row-major Float64Array (row = run, column = factor) plus the factor
 * names. Random designs are built in unit-cube coordinates and mapped through each
 * factor's inverse CDF, so any declared distribution works with any design.
 * Everything is deterministic given the generator passed in.
 */
import { DistributionError, gridValues, quantileInto, validateDistribution, type Distribution } from './distributions.js';
import { openUnit, permutation, type Rng } from './random.js';
import { sobolPoints, SOBOL_MAX_DIMS, type SobolOptions } from './sobolSequence.js';

export { sobolPoints, SOBOL_MAX_DIMS } from './sobolSequence.js';

/**
 * Named factors. In object form, column order is the key order; note that JavaScript
 * puts integer-like keys ("1", "2") first, so use the array form if that matters.
 */
export type FactorSet = Readonly<Record<string, Distribution>> | ReadonlyArray<readonly [string, Distribution]>;

export type DesignKind = 'grid' | 'lhs' | 'sobol' | 'random' | 'saltelli';

export interface Design {
  readonly kind: DesignKind;
  readonly factors: readonly string[];
  readonly rows: number;
  /** rows × factors.length values, row-major: run i, factor j at [i * factors.length + j]. */
  readonly values: Float64Array;
}

/** Factor names and distributions in column order; throws a DistributionError listing every problem. */
export function factorEntries(factors: FactorSet): Array<[string, Distribution]> {
  const entries: Array<[string, Distribution]> = Array.isArray(factors)
    ? factors.map(([name, d]) => [name, d] as [string, Distribution])
    : Object.entries(factors as Record<string, Distribution>);
  const problems: string[] = [];
  if (entries.length === 0) problems.push('a design needs at least one factor');
  const seen = new Set<string>();
  for (const [name, d] of entries) {
    if (seen.has(name)) problems.push(`${name}: factor named twice`);
    seen.add(name);
    problems.push(...validateDistribution(d, name));
  }
  if (problems.length) throw new DistributionError(problems);
  return entries;
}

/** Run i's values, as a view into the design (no copy). */
export function designRow(design: Design, i: number): Float64Array {
  const k = design.factors.length;
  return design.values.subarray(i * k, (i + 1) * k);
}

/** Run i's values by factor name. */
export function designRecord(design: Design, i: number): Record<string, number> {
  const row = designRow(design, i);
  return Object.fromEntries(design.factors.map((name, j) => [name, row[j]]));
}

/** One factor's values over all runs (a copy). */
export function designColumn(design: Design, factor: string | number): Float64Array {
  const k = design.factors.length;
  const j = typeof factor === 'number' ? factor : design.factors.indexOf(factor);
  if (!(j >= 0 && j < k)) throw new RangeError(`no factor ${String(factor)} in design`);
  const out = new Float64Array(design.rows);
  for (let i = 0; i < design.rows; i++) out[i] = design.values[i * k + j];
  return out;
}

/** Design rows as arrays (rows = runs), the shape `prcc` takes. */
export function designRows(design: Design): number[][] {
  return Array.from({ length: design.rows }, (_, i) => Array.from(designRow(design, i)));
}

/** Map row-major unit-cube points (rows × k) through each factor's inverse CDF. */
export function mapUnitToFactors(unit: Float64Array, factors: FactorSet): Float64Array {
  const entries = factorEntries(factors);
  const k = entries.length;
  if (unit.length % k !== 0) throw new RangeError(`unit points (${unit.length} values) do not split into ${k} columns`);
  const rows = unit.length / k;
  const out = new Float64Array(unit.length);
  const column = new Float64Array(rows);
  entries.forEach(([, dist], j) => {
    for (let i = 0; i < rows; i++) column[i] = unit[i * k + j];
    quantileInto(dist, column, column);
    for (let i = 0; i < rows; i++) out[i * k + j] = column[i];
  });
  return out;
}

export interface GridOptions {
  /** Refuse grids larger than this (default 1,000,000 runs): the count grows as a product. */
  readonly maxRows?: number;
}

/**
 * Cross product of every factor's grid values (see `gridValues`). Row order: the last
 * factor varies fastest, the first slowest, like nested loops in factor order.
 */
export function fullGrid(factors: FactorSet, options: GridOptions = {}): Design {
  const entries = factorEntries(factors);
  const levels = entries.map(([name, d]) => {
    try {
      return gridValues(d);
    } catch (e) {
      throw new DistributionError([`${name}: ${(e as Error).message}`]);
    }
  });
  const rows = levels.reduce((r, l) => r * l.length, 1);
  const maxRows = options.maxRows ?? 1_000_000;
  if (rows > maxRows) {
    throw new RangeError(`full grid would have ${rows} runs (${levels.map((l) => l.length).join(' × ')}), above the limit of ${maxRows}`);
  }
  const k = entries.length;
  const values = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    let rest = i;
    for (let j = k - 1; j >= 0; j--) {
      const n = levels[j].length;
      values[i * k + j] = levels[j][rest % n];
      rest = Math.floor(rest / n);
    }
  }
  return { kind: 'grid', factors: entries.map(([name]) => name), rows, values };
}

export interface LatinHypercubeOptions {
  /** Use each stratum's midpoint instead of a random point within it (default false). */
  readonly centered?: boolean;
}

/**
 * Latin hypercube in the unit cube, row-major n × k: for each column, stratum
 * (i.e. [s/n, (s+1)/n)) s holds exactly one point. Column j uses a random permutation
 * of strata and, unless centered, a uniform position within each stratum. Draws are
 * taken column by column.
 */
export function latinHypercubeUnit(k: number, n: number, rng: Pick<Rng, 'double'>, options: LatinHypercubeOptions = {}): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Latin hypercube needs n ≥ 1 runs, got ${n}`);
  const out = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const strata = permutation(rng, n);
    for (let i = 0; i < n; i++) {
      // Open-interval offsets keep values off 0, where unbounded quantiles are infinite.
      const offset = options.centered ? 0.5 : openUnit(rng);
      out[i * k + j] = (strata[i] + offset) / n;
    }
  }
  return out;
}

/** Latin hypercube design of n runs, mapped to the factors' distributions. */
export function latinHypercube(factors: FactorSet, n: number, rng: Pick<Rng, 'double'>, options: LatinHypercubeOptions = {}): Design {
  const entries = factorEntries(factors);
  const unit = latinHypercubeUnit(entries.length, n, rng, options);
  return { kind: 'lhs', factors: entries.map(([name]) => name), rows: n, values: mapUnitToFactors(unit, entries) };
}

/**
 * Plain Monte Carlo sample (e.g. a virtual population), drawn row by row: the first m
 * rows of an n-row design equal the m-row design from the same seed.
 */
export function randomDesign(factors: FactorSet, n: number, rng: Pick<Rng, 'double'>): Design {
  const entries = factorEntries(factors);
  const k = entries.length;
  const unit = new Float64Array(n * k);
  for (let i = 0; i < unit.length; i++) unit[i] = openUnit(rng);
  return { kind: 'random', factors: entries.map(([name]) => name), rows: n, values: mapUnitToFactors(unit, entries) };
}

/** Quasi-random design: the first n Sobol points (origin skipped) mapped to the factors. */
export function sobolDesign(factors: FactorSet, n: number, options: SobolOptions = {}): Design {
  const entries = factorEntries(factors);
  const unit = sobolPoints(entries.length, n, options);
  return { kind: 'sobol', factors: entries.map(([name]) => name), rows: n, values: mapUnitToFactors(unit, entries) };
}

/**
 * Saltelli design for first-order and total Sobol indices.
 *
 * With k factors, A and B are the two halves of N points of a 2k-dimensional Sobol
 * sequence (columns 0..k−1 and k..2k−1), and A_B^(i) is A with column i taken from B.
 * Rows, N·(k + 2) in all, are in blocks of N:
 *
 *   block 0: A,  block 1: B,  block 2 + i: A_B^(i)  (i = 0 … k−1)
 *
 * so run j of block b is row b·N + j. `sobolIndices` expects outputs in this order.
 */
export interface SaltelliDesign extends Design {
  readonly kind: 'saltelli';
  /** Base sample size N. */
  readonly n: number;
}

export function saltelliDesign(factors: FactorSet, n: number, options: SobolOptions = {}): SaltelliDesign {
  const entries = factorEntries(factors);
  const k = entries.length;
  if (2 * k > SOBOL_MAX_DIMS) throw new RangeError(`Saltelli design supports at most ${Math.floor(SOBOL_MAX_DIMS / 2)} factors, got ${k}`);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`Saltelli design needs N ≥ 2, got ${n}`);
  const base = sobolPoints(2 * k, n, options);
  const rows = n * (k + 2);
  const unit = new Float64Array(rows * k);
  for (let j = 0; j < n; j++) {
    for (let c = 0; c < k; c++) {
      const a = base[j * 2 * k + c];
      const b = base[j * 2 * k + k + c];
      unit[j * k + c] = a;
      unit[(n + j) * k + c] = b;
      for (let i = 0; i < k; i++) unit[((2 + i) * n + j) * k + c] = i === c ? b : a;
    }
  }
  return { kind: 'saltelli', factors: entries.map(([name]) => name), rows, n, values: mapUnitToFactors(unit, entries) };
}

/** Row range [start, end) of a Saltelli block: 'A', 'B', or factor index i for A_B^(i). */
export function saltelliBlock(design: Pick<SaltelliDesign, 'n' | 'factors'>, block: 'A' | 'B' | number): { start: number; end: number } {
  const b = block === 'A' ? 0 : block === 'B' ? 1 : 2 + block;
  if (!(b >= 0 && b < design.factors.length + 2) || !Number.isInteger(b)) throw new RangeError(`no Saltelli block ${block}`);
  return { start: b * design.n, end: (b + 1) * design.n };
}
