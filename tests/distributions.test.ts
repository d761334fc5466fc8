import { describe, expect, it } from 'vitest';
import {
  assertDistribution,
  DistributionError,
  gridValues,
  lognormalParams,
  quantile,
  quantileInto,
  sample,
  validateDistribution,
  type Distribution,
} from '../src/analysis/distributions.js';
import { rngFor } from '../src/analysis/random.js';
import {
  clopperPearsonInterval,
  incompleteBeta,
  mean,
  median,
  normalCdf,
  normalQuantile,
  quantiles,
  ranks,
  sd,
  studentTTwoSidedP,
  summarize,
  wilsonInterval,
} from '../src/analysis/statistics.js';

// Reference values below are from SciPy 1.17 (scipy.special / scipy.stats).
const close = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe('standard normal', () => {
  it('inverse CDF matches reference values, including far tails', () => {
    close(normalQuantile(0.975), 1.959963984540054);
    close(normalQuantile(0.025), -1.9599639845400545);
    close(normalQuantile(0.8), 0.8416212335729143);
    close(normalQuantile(1e-10), -6.361340902404056);
    close(normalQuantile(0.999999), 4.753424308817087);
    close(normalQuantile(1e-300), -37.0470962993612);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.2)).toBeNaN();
  });

  it('CDF is accurate in relative terms in the lower tail and inverts the quantile', () => {
    expect(Math.abs(normalCdf(-10) / 7.61985302416047e-24 - 1)).toBeLessThan(1e-12);
    close(normalCdf(-1.5), 0.06680720126885807);
    close(normalCdf(1.959963984540054), 0.975);
    for (const p of [1e-12, 0.001, 0.3, 0.5, 0.9, 0.999]) close(normalCdf(normalQuantile(p)), p, 1e-13);
  });
});

describe('quantile of declared distributions', () => {
  it('uniform and loguniform', () => {
    expect(quantile({ dist: 'uniform', min: 2, max: 6 }, 0.25)).toBe(3);
    close(quantile({ dist: 'loguniform', min: 1e-3, max: 10 }, 0.75), 1);
    close(quantile({ dist: 'loguniform', min: 1e-3, max: 10 }, 0), 1e-3);
  });

  it('normal, untruncated and truncated', () => {
    close(quantile({ dist: 'normal', mean: 10, sd: 2 }, 0.975), 10 + 2 * 1.959963984540054);
    const truncated: Distribution = { dist: 'normal', mean: 5, sd: 2, min: 0, max: 6 };
    close(quantile(truncated, 0.1), 2.1171871049986946, 1e-12);
    close(quantile(truncated, 0.5), 4.2230704765705465, 1e-12);
    close(quantile(truncated, 0.9), 5.6264081132246995, 1e-12);
    expect(quantile(truncated, 0)).toBe(0);
    expect(quantile(truncated, 1)).toBe(6);
  });

  it('normal truncated deep in the upper tail keeps precision', () => {
    const tail: Distribution = { dist: 'normal', mean: 0, sd: 1, min: 12 };
    close(quantile(tail, 0.1), 12.008717174922928, 1e-10);
    close(quantile(tail, 0.5), 12.057234557007265, 1e-10);
    close(quantile(tail, 0.9), 12.189106280736587, 1e-10);
  });

  it('lognormal: median is the 0.5 quantile; gsd, cv and meanlog forms agree with SciPy', () => {
    const d: Distribution = { dist: 'lognormal', median: 2, gsd: 1.5 };
    close(quantile(d, 0.5), 2);
    close(quantile(d, 0.025), 0.9034361615147674);
    close(quantile(d, 0.975), 4.427540284964137);
    const byMean: Distribution = { dist: 'lognormal', mean: 10, cv: 0.5 };
    close(quantile(byMean, 0.1), 4.882381226083211);
    close(quantile(byMean, 0.5), 8.94427190999916);
    const byMedianCv: Distribution = { dist: 'lognormal', median: 3, cv: 0.5 };
    close(quantile(byMedianCv, 0.5), 3);
    const direct: Distribution = { dist: 'lognormal', meanlog: Math.log(2), sdlog: Math.log(1.5) };
    close(quantile(direct, 0.975), 4.427540284964137);
    expect(lognormalParams({ dist: 'lognormal', median: 3, cv: 0.5 }).sdlog).toBeCloseTo(Math.sqrt(Math.log(1.25)), 14);
  });

  it('triangular', () => {
    const d: Distribution = { dist: 'triangular', min: 0, mode: 1, max: 4 };
    close(quantile(d, 0.1), 0.6324555320336759);
    close(quantile(d, 0.25), 1);
    close(quantile(d, 0.7), 2.102633403898972);
  });

  it('discrete values and ranges (equal or given weights)', () => {
    const v: Distribution = { values: [30, 10, 20] };
    expect([0, 0.33, 0.34, 0.66, 0.67, 0.999].map((u) => quantile(v, u))).toEqual([10, 10, 20, 20, 30, 30]);
    const w: Distribution = { values: [1, 2], weights: [3, 1] };
    expect([0.1, 0.74, 0.76].map((u) => quantile(w, u))).toEqual([1, 1, 2]);
    const r: Distribution = { range: { from: 0, to: 1, step: 0.25 } };
    expect(Array.from(quantileInto(r, [0, 0.2, 0.5, 0.99]))).toEqual([0, 0.25, 0.5, 1]);
    expect(Array.from(quantileInto(v, [0.1, 0.5, 0.9]))).toEqual([10, 20, 30]);
  });

  it('sample draws reproducibly and matches the distribution', () => {
    const d: Distribution = { dist: 'lognormal', mean: 10, cv: 0.5 };
    const draw = (seed: number) => Array.from({ length: 20000 }, ((rng) => () => sample(d, rng))(rngFor(seed, 'sample')));
    const xs = draw(3);
    expect(draw(3)).toEqual(xs);
    expect(mean(xs)).toBeCloseTo(10, 0);
    expect(Math.abs(sd(xs) - 5)).toBeLessThan(0.3);
  });
});

describe('gridValues', () => {
  it('expands lists and ranges, spaces continuous levels', () => {
    expect(gridValues({ values: [3, 1, 2] })).toEqual([3, 1, 2]);
    expect(gridValues({ range: { from: 1, to: 2, step: 0.1 } })).toHaveLength(11);
    expect(gridValues({ range: { from: 5, to: 1, step: -2 } })).toEqual([5, 3, 1]);
    expect(gridValues({ dist: 'uniform', min: 0, max: 1, levels: 5 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(gridValues({ dist: 'uniform', min: 0, max: 1, levels: 1 })).toEqual([0.5]);
    gridValues({ dist: 'loguniform', min: 0.01, max: 100, levels: 5 }).forEach((x, i) => close(x, 10 ** (i - 2)));
    const normal = gridValues({ dist: 'normal', mean: 0, sd: 1, levels: 4 });
    close(normal[0], normalQuantile(0.125));
    close(normal[3], normalQuantile(0.875));
    expect(() => gridValues({ dist: 'uniform', min: 0, max: 1 })).toThrow(/levels/);
  });
});

describe('validateDistribution', () => {
  it('accepts every documented form', () => {
    const good: unknown[] = [
      { dist: 'uniform', min: 0, max: 1, levels: 3 },
      { dist: 'loguniform', min: 1e-3, max: 1 },
      { dist: 'normal', mean: 1, sd: 0.2, min: 0 },
      { dist: 'lognormal', median: 2, gsd: 1.5 },
      { dist: 'lognormal', median: 2, cv: 0.3 },
      { dist: 'lognormal', mean: 2, cv: 0.3, max: 10 },
      { dist: 'lognormal', meanlog: 0, sdlog: 1 },
      { dist: 'triangular', min: 0, mode: 0, max: 1 },
      { values: [1, 2, 3] },
      { values: [1, 2], weights: [1, 0] },
      { range: { from: 0, to: 10, step: 2 } },
    ];
    for (const d of good) expect(validateDistribution(d)).toEqual([]);
  });

  it('reports readable problems', () => {
    expect(validateDistribution({ dist: 'uniform', min: 2, max: 1 })).toEqual(['max must be > min']);
    expect(validateDistribution({ dist: 'uniform', min: 0, max: 1 }, 'factors.kill')).toEqual([]);
    expect(validateDistribution({ dist: 'uniform', min: 2, max: 1 }, 'factors.kill')).toEqual(['factors.kill: max must be > min']);
    expect(validateDistribution({ dist: 'loguniform', min: 0, max: 1 })).toEqual(['min must be > 0 for a loguniform']);
    expect(validateDistribution({ dist: 'normal', mean: 0, sd: -1 })).toEqual(['sd must be > 0']);
    expect(validateDistribution({ dist: 'normal', mean: 0, sd: 1, min: 60 })[0]).toMatch(/no probability/);
    expect(validateDistribution({ dist: 'lognormal', median: 2 })[0]).toMatch(/exactly one of/);
    expect(validateDistribution({ dist: 'lognormal', median: 2, gsd: 1 })[0]).toMatch(/gsd must be > 1/);
    expect(validateDistribution({ dist: 'triangular', min: 0, mode: 2, max: 1 })).toEqual(['mode must lie within [min, max]']);
    expect(validateDistribution({ dist: 'gamma', shape: 1 })[0]).toMatch(/unknown dist "gamma"/);
    expect(validateDistribution({ dist: 'uniform', min: 0, maximum: 1 })).toEqual([
      'unknown key "maximum" for uniform',
      'max must be a finite number',
    ]);
    expect(validateDistribution({ values: [] })).toEqual(['values must be a non-empty array of numbers']);
    expect(validateDistribution({ values: [1, 'a'] })).toEqual(['values[1] must be a finite number']);
    expect(validateDistribution({ range: { from: 0, to: 1, step: -0.1 } })[0]).toMatch(/step must point/);
    expect(validateDistribution({ dist: 'uniform', min: 0, max: 1, levels: 0 })).toEqual(['levels must be an integer ≥ 1']);
    expect(validateDistribution(3)[0]).toMatch(/must be an object/);
  });

  it('assertDistribution throws with every problem listed', () => {
    try {
      assertDistribution({ dist: 'normal', mean: 'x', sd: 0 }, 'p');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DistributionError);
      expect((e as DistributionError).problems).toEqual(['p: mean must be a finite number', 'p: sd must be > 0']);
    }
  });
});

describe('statistics helpers', () => {
  it('ranks average ties', () => {
    expect(Array.from(ranks([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(ranks([3, 1, 3, 3, 2]))).toEqual([4, 1, 4, 4, 2]);
  });

  it('quantiles use linear interpolation (R type 7)', () => {
    expect(quantiles([1, 2, 3, 4], [0, 0.25, 0.5, 1])).toEqual([1, 1.75, 2.5, 4]);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, NaN, 3])).toBeNaN();
    expect(sd([2, 4, 4, 4, 5, 5, 7, 9], 0)).toBe(2);
  });

  it('summarize reports dropped non-finite values', () => {
    const s = summarize([1, 2, NaN, 3, Infinity]);
    expect(s.n).toBe(3);
    expect(s.dropped).toBe(2);
    expect(s.median).toBe(2);
  });

  it('Wilson score interval on a known case (Newcombe 1998: 81/263 → 0.2553–0.3662)', () => {
    const ci = wilsonInterval(81, 263);
    close(ci.lower, 0.2552885198782742);
    close(ci.upper, 0.36620957698280004);
    const none = wilsonInterval(0, 20);
    expect(none.lower).toBe(0);
    close(none.upper, 0.16112515805281935);
    expect(wilsonInterval(0, 0)).toMatchObject({ lower: 0, upper: 1 });
    expect(() => wilsonInterval(5, 3)).toThrow(RangeError);
  });

  it('Clopper–Pearson interval', () => {
    const ci = clopperPearsonInterval(81, 263);
    close(ci.lower, 0.25273674558504267, 1e-10);
    close(ci.upper, 0.36762192260134746, 1e-10);
    close(clopperPearsonInterval(0, 20).upper, 0.16843347098308548, 1e-10);
    close(clopperPearsonInterval(20, 20).lower, 0.8315665290169145, 1e-10);
  });

  it('incomplete beta and Student t p-values', () => {
    close(incompleteBeta(0.3, 2, 3), 0.3483);
    close(incompleteBeta(0.6, 50, 40), 0.8011534179744884, 1e-12);
    close(studentTTwoSidedP(2.1, 5), 0.08975324988459879, 1e-12);
    close(studentTTwoSidedP(-2.0, 1000), 0.04577034649325166, 1e-12);
  });
});
