import { describe, expect, it } from 'vitest';
import { designRow, designRows, latinHypercube, saltelliDesign, type Design } from '../src/analysis/designs.js';
import { rngFor } from '../src/analysis/random.js';
import { prcc, sobolIndices } from '../src/analysis/sensitivity.js';
import { spearman } from '../src/analysis/statistics.js';

const evaluate = (d: Design, f: (x: Float64Array) => number) => Float64Array.from({ length: d.rows }, (_, i) => f(designRow(d, i)));

// Ishigami function, a = 7, b = 0.1, inputs uniform on [−π, π].
const A = 7;
const B = 0.1;
const ishigami = (x: Float64Array) => Math.sin(x[0]) + A * Math.sin(x[1]) ** 2 + B * x[2] ** 4 * Math.sin(x[0]);
const piFactor = { dist: 'uniform', min: -Math.PI, max: Math.PI } as const;
const ishigamiFactors = { x1: piFactor, x2: piFactor, x3: piFactor };

// Analytic partial variances.
const pi4 = Math.PI ** 4;
const V1 = 0.5 * (1 + (B * pi4) / 5) ** 2;
const V2 = A ** 2 / 8;
const V13 = (B ** 2 * Math.PI ** 8 * 8) / 225;
const V = V1 + V2 + V13;
const S1_TRUE = [V1 / V, V2 / V, 0];
const ST_TRUE = [(V1 + V13) / V, V2 / V, V13 / V];

describe('Sobol indices', () => {
  it('analytic Ishigami indices are the textbook values', () => {
    S1_TRUE.forEach((s, i) => expect(s).toBeCloseTo([0.3139, 0.4424, 0][i], 4));
    ST_TRUE.forEach((s, i) => expect(s).toBeCloseTo([0.5576, 0.4424, 0.2437][i], 4));
  });

  it('recover the Ishigami indices from a Saltelli design with N = 4096', () => {
    const design = saltelliDesign(ishigamiFactors, 4096);
    const result = sobolIndices(design, evaluate(design, ishigami), { seed: 1 });
    expect(result.n).toBe(4096);
    expect(result.dropped).toBe(0);
    expect(result.problems).toEqual([]);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(result.S1[i] - S1_TRUE[i])).toBeLessThan(0.03);
      expect(Math.abs(result.ST[i] - ST_TRUE[i])).toBeLessThan(0.03);
      // The bootstrap intervals cover the truth.
      expect(result.S1Interval[i][0]).toBeLessThan(S1_TRUE[i]);
      expect(result.S1Interval[i][1]).toBeGreaterThan(S1_TRUE[i]);
      expect(result.STInterval[i][0]).toBeLessThan(ST_TRUE[i]);
      expect(result.STInterval[i][1]).toBeGreaterThan(ST_TRUE[i]);
    }
    expect(result.variance).toBeCloseTo(V, 1);
  });

  it('are exact for an additive model with a large offset', () => {
    // y = 1e6 + x1 + 2·x2 on the unit square: S1 = ST = [1/5, 4/5].
    const unit = { dist: 'uniform', min: 0, max: 1 } as const;
    const design = saltelliDesign({ x1: unit, x2: unit }, 1024);
    const result = sobolIndices(design, evaluate(design, (x) => 1e6 + x[0] + 2 * x[1]), { bootstrap: 0 });
    result.S1.forEach((s, i) => expect(s).toBeCloseTo([0.2, 0.8][i], 2));
    result.ST.forEach((s, i) => expect(s).toBeCloseTo([0.2, 0.8][i], 2));
    expect(result.S1Interval[0]).toEqual([NaN, NaN]);
  });

  it('drop base samples with failed runs and say how many', () => {
    const n = 2048;
    const design = saltelliDesign(ishigamiFactors, n);
    const y = evaluate(design, ishigami);
    const failed = [5, n + 17, 2 * n + 17, 4 * n + 300, 4 * n + 301];
    for (const r of failed) y[r] = NaN;
    y[3 * n + 999] = Infinity;
    const result = sobolIndices(design, y, { bootstrap: 100 });
    expect(result.failedRuns).toBe(6);
    expect(result.dropped).toBe(5); // samples 5, 17, 300, 301, 999
    expect(result.n).toBe(n - 5);
    expect(result.problems[0]).toMatch(/6 of 10240 runs failed; 5 of 2048 base samples dropped/);
    for (let i = 0; i < 3; i++) expect(Math.abs(result.ST[i] - ST_TRUE[i])).toBeLessThan(0.03);
  });

  it('bootstrap is reproducible by seed', () => {
    const design = saltelliDesign(ishigamiFactors, 256);
    const y = evaluate(design, ishigami);
    const a = sobolIndices(design, y, { bootstrap: 200, seed: 3 });
    const b = sobolIndices(design, y, { bootstrap: 200, seed: 3 });
    const c = sobolIndices(design, y, { bootstrap: 200, seed: 4 });
    expect(a.S1Interval).toEqual(b.S1Interval);
    expect(a.S1Interval).not.toEqual(c.S1Interval);
    expect(a.S1).toEqual(c.S1);
  });

  it('report a constant output instead of dividing by zero', () => {
    const design = saltelliDesign(ishigamiFactors, 16);
    const result = sobolIndices(design, new Float64Array(design.rows).fill(2));
    expect(result.S1.every(Number.isNaN)).toBe(true);
    expect(result.problems).toContain('output does not vary; Sobol indices undefined');
  });

  it('reject outputs of the wrong length', () => {
    const design = saltelliDesign(ishigamiFactors, 16);
    expect(() => sobolIndices(design, new Float64Array(16 * 4))).toThrow(/N·\(k \+ 2\) = 80/);
  });
});

describe('PRCC', () => {
  const unit = { dist: 'uniform', min: 0, max: 1 } as const;
  const linearCase = (n: number) => {
    const design = latinHypercube({ x1: unit, x2: unit, x3: unit }, n, rngFor(21, 'lhs'));
    const noise = rngFor(21, 'noise');
    const inputs = designRows(design);
    const output = inputs.map(([x1, x2, x3]) => 3 * x1 - 2 * x2 + 0 * x3 + (noise.double() - 0.5));
    return { design, inputs, output };
  };

  it('y = 3·x1 − 2·x2 + 0·x3 + noise: strong positive, strong negative, near zero', () => {
    const { design, inputs, output } = linearCase(500);
    const r = prcc(inputs, output, { factors: design.factors });
    expect(r.factors).toEqual(['x1', 'x2', 'x3']);
    expect(r.prcc[0]).toBeGreaterThan(0.9);
    expect(r.prcc[1]).toBeLessThan(-0.85);
    expect(Math.abs(r.prcc[2])).toBeLessThan(0.1);
    expect(r.p[0]).toBeLessThan(1e-50);
    expect(r.p[1]).toBeLessThan(1e-50);
    expect(r.p[2]).toBeGreaterThan(0.01);
    expect(r.df).toBe(500 - 3 - 1);
    r.t.forEach((t, i) => expect(t).toBeCloseTo(r.prcc[i] * Math.sqrt(r.df / (1 - r.prcc[i] ** 2)), 8));
  });

  it('with two factors equals the closed-form partial Spearman correlation', () => {
    const rng = rngFor(8, 'two');
    const inputs = Array.from({ length: 200 }, () => [rng.double(), rng.double()]);
    // Correlated inputs and a nonlinear monotone output.
    inputs.forEach((row) => (row[1] = 0.6 * row[0] + 0.4 * row[1]));
    const output = inputs.map(([a, b]) => Math.exp(2 * a) - b ** 3 + 0.3 * rng.double());
    const col = (j: number) => inputs.map((row) => row[j]);
    const r1y = spearman(col(0), output);
    const r2y = spearman(col(1), output);
    const r12 = spearman(col(0), col(1));
    const expected1 = (r1y - r12 * r2y) / Math.sqrt((1 - r12 ** 2) * (1 - r2y ** 2));
    const expected2 = (r2y - r12 * r1y) / Math.sqrt((1 - r12 ** 2) * (1 - r1y ** 2));
    const r = prcc(inputs, output);
    expect(r.prcc[0]).toBeCloseTo(expected1, 12);
    expect(r.prcc[1]).toBeCloseTo(expected2, 12);
  });

  it('drops failed runs with a count, and leaves out constant factors', () => {
    const { inputs, output } = linearCase(300);
    output[3] = NaN;
    output[10] = Infinity;
    const withConstant = inputs.map((row) => [...row, 5]);
    const r = prcc(withConstant, output);
    expect(r.n).toBe(298);
    expect(r.dropped).toBe(2);
    expect(r.problems).toEqual(['2 of 300 runs dropped (non-finite output or input)', 'x4 is constant over the runs used; left out']);
    expect(r.prcc[3]).toBeNaN();
    expect(r.prcc[0]).toBeGreaterThan(0.9);
    expect(r.df).toBe(298 - 3 - 1);
  });

  it('reports collinear factors and too few runs instead of returning noise', () => {
    const rng = rngFor(2, 'collinear');
    const inputs = Array.from({ length: 50 }, () => {
      const a = rng.double();
      return [a, 2 * a + 1, rng.double()];
    });
    const output = inputs.map(([a, , c]) => a + c);
    const r = prcc(inputs, output);
    expect(r.prcc.every(Number.isNaN)).toBe(true);
    expect(r.problems[0]).toMatch(/collinear/);
    const few = prcc([[1, 2], [2, 1], [3, 3]], [1, 2, 3]);
    expect(few.problems[0]).toMatch(/more runs than factors/);
  });
});
