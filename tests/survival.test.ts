import { describe, expect, it } from 'vitest';
import {
  coxHazardRatio,
  interpolatedQuantile,
  kaplanMeier,
  logRank,
  medianSurvival,
  survivalAt,
} from '../src/analysis/survival.js';

// Freireich et al. 1963 6-MP remission data (weeks), as in Gehan 1965 and
// MASS::gehan. Reference values from R 4.2.2, survival 3.5-3:
//   survdiff(Surv(time, status) ~ mp); coxph(..., ties = "efron" | "breslow");
//   survfit(..., conf.type = "log-log" | "log")
const mpTime = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35];
const mpEvent = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];
const placeboTime = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];
const placeboEvent = placeboTime.map(() => 1);
const time = [...mpTime, ...placeboTime];
const event = [...mpEvent, ...placeboEvent];
const isMp = [...mpTime.map(() => 1), ...placeboTime.map(() => 0)];

describe('Kaplan–Meier', () => {
  it('matches the textbook 6-MP curve with Greenwood standard errors and log-log bands', () => {
    const km = kaplanMeier(mpTime, mpEvent);
    const at = (t: number) => km.time.indexOf(t);
    const expected: [number, number, number, number, number][] = [
      // time, S, se, lower, upper (R survfit, conf.type = "log-log")
      [6, 0.8571428571, 0.07636035483, 0.6197179553, 0.9515517476],
      [7, 0.8067226891, 0.08693528518, 0.5631465646, 0.9228090192],
      [10, 0.7529411765, 0.09634965299, 0.5031995108, 0.8893618352],
      [13, 0.6901960784, 0.10681470778, 0.4316102225, 0.8490659633],
      [16, 0.6274509804, 0.11405386526, 0.367510856, 0.8049121895],
      [22, 0.5378151261, 0.12823375169, 0.2677789368, 0.7467907176],
      [23, 0.4481792717, 0.13459145676, 0.188052006, 0.6801426285],
    ];
    for (const [t, s, se, lo, hi] of expected) {
      const k = at(t);
      expect(km.survival[k]).toBeCloseTo(s, 9);
      expect(km.stdErr[k]).toBeCloseTo(se, 9);
      expect(km.lower[k]).toBeCloseTo(lo, 9);
      expect(km.upper[k]).toBeCloseTo(hi, 9);
    }
    expect(km.nRisk[at(6)]).toBe(21);
    expect(km.nEvent[at(6)]).toBe(3);
    expect(km.nCensor[at(6)]).toBe(1);
    expect(km.events).toBe(9);
    expect(survivalAt(km, 5.9)).toBe(1);
    expect(survivalAt(km, 12)).toBeCloseTo(0.7529411765, 9);
  });

  it('gives log-transformed bands like R conf.type = "log"', () => {
    const km = kaplanMeier(mpTime, mpEvent, { transform: 'log' });
    const k = km.time.indexOf(22);
    expect(km.lower[k]).toBeCloseTo(0.3370366162, 9);
    expect(km.upper[k]).toBeCloseTo(0.858200848, 9);
  });

  it('gives median survival with the Brookmeyer–Crowley interval (R survfit)', () => {
    // log-log: 6-MP 23 [13, NA]; placebo 8 [4, 11]. log: 6-MP 23 [16, NA]; placebo 8 [4, 12].
    const mp = medianSurvival(kaplanMeier(mpTime, mpEvent));
    expect([mp.estimate, mp.lower]).toEqual([23, 13]);
    expect(mp.upper).toBeNaN();
    const pl = medianSurvival(kaplanMeier(placeboTime, placeboEvent));
    expect([pl.estimate, pl.lower, pl.upper]).toEqual([8, 4, 11]);
    const mpLog = medianSurvival(kaplanMeier(mpTime, mpEvent, { transform: 'log' }));
    expect(mpLog.lower).toBe(16);
    const plLog = medianSurvival(kaplanMeier(placeboTime, placeboEvent, { transform: 'log' }));
    expect([plLog.lower, plLog.upper]).toEqual([4, 12]);
  });

  it('takes the midpoint where the curve sits exactly at one half (R rule)', () => {
    // S = 0.5 exactly on [18, 24): R reports the median as 21.
    const t = [12, 12, 12, 12, 12, 18, 18, 18, 18, 18, 24, 30];
    const e = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1];
    const km = kaplanMeier(t, e);
    expect(km.survival[1]).toBeCloseTo(1 - 8 / 12, 12);
    const tied = kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1]);
    expect(medianSurvival(tied).estimate).toBe(2.5);
  });

  it('interpolates a continuous median between steps', () => {
    const km = kaplanMeier([10, 20, 30, 40], [1, 1, 1, 1]);
    // S: 0.75 at 10, 0.5 at 20 → reaches 0.5 at 20 exactly.
    expect(interpolatedQuantile(km)).toBeCloseTo(20, 12);
    const km2 = kaplanMeier([10, 20, 30], [1, 1, 1]);
    // 1 → 2/3 at 10 → 1/3 at 20: 0.5 is crossed at 10 + (2/3 − 1/2)/(1/3)·10 = 15.
    expect(interpolatedQuantile(km2)).toBeCloseTo(15, 12);
    expect(interpolatedQuantile(kaplanMeier([5, 6], [0, 0]))).toBeNaN();
  });

  it('rejects bad input', () => {
    expect(() => kaplanMeier([1, 2], [1])).toThrow(RangeError);
    expect(() => kaplanMeier([1, -2], [1, 1])).toThrow(RangeError);
  });
});

describe('log-rank test', () => {
  it('gives χ² = 16.79 for 6-MP vs placebo (R survdiff)', () => {
    const r = logRank(time, event, isMp);
    expect(r.chisq).toBeCloseTo(16.7929409892, 8);
    expect(r.p).toBeCloseTo(4.1688091e-5, 10);
    expect(r.observed).toEqual([21, 9]);
    expect(r.expected[0]).toBeCloseTo(10.74949905, 7);
    expect(r.expected[1]).toBeCloseTo(19.25050095, 7);
  });

  it('handles heavy ties on a scan grid', () => {
    const { t, e, g } = tiedData();
    const r = logRank(t, e, g);
    expect(r.chisq).toBeCloseTo(0.518142699, 8);
    expect(r.expected[0]).toBeCloseTo(7.6142857143, 9);
  });
});

describe('Cox proportional hazards', () => {
  it('gives HR 0.2076 (Efron) and 0.2211 (Breslow) for 6-MP vs placebo (R coxph)', () => {
    const efron = coxHazardRatio(time, event, isMp);
    expect(efron.converged).toBe(true);
    expect(efron.beta).toBeCloseTo(-1.5721251488, 7);
    expect(efron.se).toBeCloseTo(0.4123967177, 7);
    expect(efron.hazardRatio).toBeCloseTo(0.2076035248, 7);
    expect(efron.lower).toBeCloseTo(0.0925128373, 7);
    expect(efron.upper).toBeCloseTo(0.4658728972, 7);
    expect(efron.p).toBeCloseTo(0.000138, 5);
    const breslow = coxHazardRatio(time, event, isMp, { ties: 'breslow' });
    expect(breslow.beta).toBeCloseTo(-1.5091914126, 7);
    expect(breslow.se).toBeCloseTo(0.4095644064, 7);
    expect(breslow.hazardRatio).toBeCloseTo(0.2210886752, 7);
    expect(breslow.lower).toBeCloseTo(0.0990705657, 7);
    expect(breslow.upper).toBeCloseTo(0.4933877382, 7);
  });

  it('matches R with heavy ties', () => {
    const { t, e, g } = tiedData();
    const efron = coxHazardRatio(t, e, g);
    expect(efron.beta).toBeCloseTo(-0.29976359, 7);
    expect(efron.se).toBeCloseTo(0.435304428, 7);
    const breslow = coxHazardRatio(t, e, g, { ties: 'breslow' });
    expect(breslow.beta).toBeCloseTo(-0.2693616756, 7);
    expect(breslow.lower).toBeCloseTo(0.3260547051, 7);
  });

  it('reports a monotone likelihood (no events in one group) as not converged', () => {
    const r = coxHazardRatio([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]);
    expect(r.converged).toBe(false);
    expect(r.hazardRatio).toBe(0);
    expect(r.lower).toBeNaN();
  });
});

/** 30 patients on a scan grid (weeks 12–36), censored at 36; R values in the tests above. */
function tiedData() {
  const t = [12, 12, 12, 18, 18, 24, 30, 36, 36, 36, 12, 12, 18, 18, 18, 24, 24, 30, 30, 36, 12, 12, 12, 12, 18, 18, 24, 36, 36, 36];
  const e = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0];
  const g = [...Array(10).fill(1), ...Array(10).fill(0), ...Array(10).fill(1)];
  return { t, e, g };
}
