import { describe, expect, it } from 'vitest';
import {
  designColumn,
  designRecord,
  designRow,
  fullGrid,
  latinHypercube,
  latinHypercubeUnit,
  randomDesign,
  saltelliBlock,
  saltelliDesign,
  sobolDesign,
  sobolPoints,
  SOBOL_MAX_DIMS,
  type FactorSet,
} from '../src/analysis/designs.js';
import { DistributionError } from '../src/analysis/distributions.js';
import { deriveSeed, deriveSeeds, rngFor, rngFromState } from '../src/analysis/random.js';

/** Index of the stratum [s/n, (s+1)/n) holding each value of column j. */
const strata = (unit: Float64Array, k: number, j: number, n: number) =>
  Array.from({ length: unit.length / k }, (_, i) => Math.floor(unit[i * k + j] * n));

const isPermutation = (xs: number[]) => [...xs].sort((a, b) => a - b).every((v, i) => v === i);

describe('random streams', () => {
  it('deriveSeed depends only on (master seed, index, purpose), not on call order', () => {
    const forward = Array.from({ length: 50 }, (_, i) => deriveSeed(42, i));
    const backward = Array.from({ length: 50 }, (_, i) => 49 - i).map((i) => deriveSeed(42, i)).reverse();
    expect(backward).toEqual(forward);
    expect(Array.from(deriveSeeds(42, 50))).toEqual(forward);
    expect(new Set(forward).size).toBe(50);
    for (const s of forward) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(deriveSeed(43, 0)).not.toBe(deriveSeed(42, 0));
    expect(deriveSeed(42, 0, 'noise')).not.toBe(deriveSeed(42, 0, 'run'));
  });

  it('a keyed stream is unaffected by draws from other streams', () => {
    const alone = rngFor(7, 'run=3', 'abm');
    const expected = Array.from({ length: 5 }, () => alone.double());
    const other = rngFor(7, 'run=2', 'abm');
    for (let i = 0; i < 1000; i++) other.double();
    const again = rngFor(7, 'run=3', 'abm');
    expect(Array.from({ length: 5 }, () => again.double())).toEqual(expected);
  });

  it('state snapshots resume a stream exactly', () => {
    const rng = rngFor('master', 'resume');
    for (let i = 0; i < 100; i++) rng.double();
    const snapshot = rng.state();
    const next = Array.from({ length: 10 }, () => rng.double());
    const restored = rngFromState(snapshot);
    expect(Array.from({ length: 10 }, () => restored.double())).toEqual(next);
  });
});

describe('Sobol sequence (Joe–Kuo directions)', () => {
  it('first points after the origin match the published sequence', () => {
    const p = Array.from(sobolPoints(3, 7));
    expect(p).toEqual([
      0.5, 0.5, 0.5, 0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.375, 0.375, 0.625, 0.875, 0.875, 0.125, 0.625, 0.125, 0.875,
      0.125, 0.625, 0.375,
    ]);
    expect(Array.from(sobolPoints(2, 1, { skip: 0 }))).toEqual([0, 0]);
  });

  it('higher dimensions match reference values (SciPy, same direction numbers)', () => {
    expect(SOBOL_MAX_DIMS).toBeGreaterThanOrEqual(21);
    const x = sobolPoints(40, 1025, { skip: 0 });
    expect(Array.from(x.subarray(1000 * 40 + 18, 1000 * 40 + 24))).toEqual([
      0.9912109375, 0.7255859375, 0.5224609375, 0.5498046875, 0.9501953125, 0.5400390625,
    ]);
    expect(Array.from(x.subarray(1024 * 40 + 35, 1024 * 40 + 40))).toEqual([
      0.67041015625, 0.84814453125, 0.44873046875, 0.23193359375, 0.12451171875,
    ]);
    const last = sobolPoints(SOBOL_MAX_DIMS, 4, { skip: 0 });
    expect(Array.from(last.subarray(3 * SOBOL_MAX_DIMS + 505, 3 * SOBOL_MAX_DIMS + 512))).toEqual([
      0.75, 0.25, 0.75, 0.75, 0.75, 0.25, 0.25,
    ]);
  });

  it('skip jumps to the same points as generating from the start', () => {
    const all = sobolPoints(7, 300, { skip: 0 });
    expect(Array.from(sobolPoints(7, 100, { skip: 200 }))).toEqual(Array.from(all.subarray(200 * 7)));
  });

  it('the first 2^m points put exactly one point in each interval of width 2^−m, in every dimension', () => {
    const n = 1024;
    const d = SOBOL_MAX_DIMS;
    const x = sobolPoints(d, n, { skip: 0 });
    for (let j = 0; j < d; j++) expect(isPermutation(strata(x, d, j, n))).toBe(true);
  });

  it('a random digital shift is reproducible and keeps the net property', () => {
    const a = sobolPoints(5, 256, { skip: 0, shift: rngFor(1, 'shift') });
    const b = sobolPoints(5, 256, { skip: 0, shift: rngFor(1, 'shift') });
    const c = sobolPoints(5, 256, { skip: 0, shift: rngFor(2, 'shift') });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    for (let j = 0; j < 5; j++) expect(isPermutation(strata(a, 5, j, 256))).toBe(true);
    for (const u of a) expect(u > 0 && u < 1).toBe(true);
  });

  it('rejects dimensions beyond the table', () => {
    expect(() => sobolPoints(SOBOL_MAX_DIMS + 1, 4)).toThrow(RangeError);
  });
});

const factors: FactorSet = {
  kill: { dist: 'uniform', min: 0, max: 10 },
  growth: { dist: 'lognormal', median: 0.2, gsd: 1.5 },
  dose: { values: [1, 3, 10] },
};

describe('Latin hypercube', () => {
  it('puts exactly one point in each stratum of every factor', () => {
    const n = 97;
    const unit = latinHypercubeUnit(6, n, rngFor(5, 'lhs'));
    for (let j = 0; j < 6; j++) expect(isPermutation(strata(unit, 6, j, n))).toBe(true);
  });

  it('keeps stratification after mapping to a uniform factor, and centers on request', () => {
    const n = 50;
    const d = latinHypercube(factors, n, rngFor(5, 'lhs'));
    const kill = Array.from(designColumn(d, 'kill'));
    expect(isPermutation(kill.map((v) => Math.floor(v / (10 / n))))).toBe(true);
    const centered = latinHypercube({ x: { dist: 'uniform', min: 0, max: 1 } }, 4, rngFor(5, 'lhs'), { centered: true });
    expect(Array.from(centered.values).sort()).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it('is reproducible for the same seed and differs for another seed', () => {
    const a = latinHypercube(factors, 40, rngFor(11, 'lhs'));
    const b = latinHypercube(factors, 40, rngFor(11, 'lhs'));
    const c = latinHypercube(factors, 40, rngFor(12, 'lhs'));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(Array.from(a.values)).not.toEqual(Array.from(c.values));
    expect(a.factors).toEqual(['kill', 'growth', 'dose']);
    expect(new Set(designColumn(a, 'dose'))).toEqual(new Set([1, 3, 10]));
  });
});

describe('full grid', () => {
  it('has the product of level counts as rows, last factor varying fastest', () => {
    const d = fullGrid([
      ['a', { values: [1, 2] }],
      ['b', { range: { from: 0, to: 1, step: 0.5 } }],
      ['c', { dist: 'uniform', min: 10, max: 20, levels: 2 }],
    ]);
    expect(d.rows).toBe(12);
    expect(d.factors).toEqual(['a', 'b', 'c']);
    expect(Array.from(designRow(d, 0))).toEqual([1, 0, 10]);
    expect(Array.from(designRow(d, 1))).toEqual([1, 0, 20]);
    expect(Array.from(designRow(d, 2))).toEqual([1, 0.5, 10]);
    expect(Array.from(designRow(d, 5))).toEqual([1, 1, 20]);
    expect(Array.from(designRow(d, 6))).toEqual([2, 0, 10]);
    expect(designRecord(d, 11)).toEqual({ a: 2, b: 1, c: 20 });
  });

  it('names the factor that lacks levels, and refuses oversized grids', () => {
    expect(() => fullGrid({ x: { dist: 'normal', mean: 0, sd: 1 } })).toThrow(/x: .*levels/);
    const big = { a: { range: { from: 1, to: 1000, step: 1 } }, b: { range: { from: 1, to: 1000, step: 1 } } };
    expect(() => fullGrid(big, { maxRows: 100_000 })).toThrow(/1000000 runs/);
  });
});

describe('other designs', () => {
  it('invalid factors are reported with their names', () => {
    try {
      latinHypercube({ ok: { dist: 'uniform', min: 0, max: 1 }, bad: { dist: 'uniform', min: 1, max: 0 } }, 5, rngFor(1));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DistributionError);
      expect((e as DistributionError).problems).toEqual(['bad: max must be > min']);
    }
  });

  it('random design: same seed same rows, and a longer design extends a shorter one', () => {
    const short = randomDesign(factors, 10, rngFor(3, 'population'));
    const long = randomDesign(factors, 25, rngFor(3, 'population'));
    expect(Array.from(long.values.subarray(0, short.values.length))).toEqual(Array.from(short.values));
    expect(Array.from(randomDesign(factors, 10, rngFor(4, 'population')).values)).not.toEqual(Array.from(short.values));
  });

  it('sobol design maps the sequence through the quantiles', () => {
    const d = sobolDesign({ x: { dist: 'uniform', min: 0, max: 4 }, y: { values: [0, 1] } }, 3);
    expect(Array.from(d.values)).toEqual([2, 1, 3, 0, 1, 1]);
  });
});

describe('Saltelli design', () => {
  it('has N·(k + 2) rows in blocks A, B, A_B^(1..k)', () => {
    const n = 64;
    const d = saltelliDesign(factors, n);
    const k = 3;
    expect(d.rows).toBe(n * (k + 2));
    expect(saltelliBlock(d, 'A')).toEqual({ start: 0, end: n });
    expect(saltelliBlock(d, 'B')).toEqual({ start: n, end: 2 * n });
    expect(saltelliBlock(d, 2)).toEqual({ start: 4 * n, end: 5 * n });
    for (let j = 0; j < n; j++) {
      const a = designRow(d, j);
      const b = designRow(d, n + j);
      for (let i = 0; i < k; i++) {
        const ab = designRow(d, (2 + i) * n + j);
        for (let c = 0; c < k; c++) expect(ab[c]).toBe(c === i ? b[c] : a[c]);
      }
    }
    // A and B come from disjoint dimensions of one sequence, so they differ.
    expect(Array.from(designColumn(d, 0).subarray(0, n))).not.toEqual(Array.from(designColumn(d, 0).subarray(n, 2 * n)));
  });

  it('is deterministic, and a seeded shift gives reproducible replicates', () => {
    expect(Array.from(saltelliDesign(factors, 32).values)).toEqual(Array.from(saltelliDesign(factors, 32).values));
    const s1 = saltelliDesign(factors, 32, { shift: rngFor(9, 'saltelli') });
    const s1again = saltelliDesign(factors, 32, { shift: rngFor(9, 'saltelli') });
    const s2 = saltelliDesign(factors, 32, { shift: rngFor(10, 'saltelli') });
    expect(Array.from(s1.values)).toEqual(Array.from(s1again.values));
    expect(Array.from(s1.values)).not.toEqual(Array.from(s2.values));
  });
});
