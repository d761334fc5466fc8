import { describe, expect, it } from 'vitest';
import { linearPropagator } from '../src/simulation/analyticPk.js';
import { builtInTherapies, type LinearPkModel } from '../src/therapies/index.js';
import { solve } from '../src/engines/ode/solve.js';
import { DEFAULT_ODE_OPTIONS, outputGrid } from '../src/engines/ode/problem.js';
import { column, scenario, simulate } from '../src/index.js';

/** exp(K·dt)·a by a long Taylor series with scaling and squaring (reference only). */
function expmReference(K: number[][], dt: number, a: number[]): number[] {
  const squarings = 12;
  const M = K.map((row) => row.map((v) => (v * dt) / 2 ** squarings));
  let E: number[][] = M.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
  let term: number[][] = E.map((r) => [...r]);
  for (let k = 1; k < 30; k++) {
    term = term.map((row, i) => row.map((_, j) => M[i].reduce((s, _, m) => s + term[i][m] * M[m][j], 0) / k));
    E = E.map((row, i) => row.map((v, j) => v + term[i][j]));
  }
  for (let s = 0; s < squarings; s++) E = E.map((row, i) => row.map((_, j) => E[i].reduce((acc, _, m) => acc + E[i][m] * E[m][j], 0)));
  return E.map((row) => row.reduce((s, v, j) => s + v * a[j], 0));
}

describe('closed-form linear PK between doses', () => {
  it('matches the matrix exponential for every built-in drug', () => {
    for (const therapy of builtInTherapies()) {
      const K: number[][] = (therapy.pk as LinearPkModel).rateMatrix_per_day.map((r) => [...r]);
      const prop = linearPropagator(K)!;
      expect(prop, therapy.drug).toBeDefined();
      for (const dt of [0.01, 0.5, 3, 40]) {
        const a = Float64Array.from(K.map((_, i) => 100 / (i + 1)));
        const expected = expmReference(K, dt, Array.from(a));
        prop.advance(a, 0, dt);
        a.forEach((v, i) => expect(Math.abs(v - expected[i]), `${therapy.drug} dt=${dt}`).toBeLessThan(1e-9 * 100 + 1e-9 * Math.abs(expected[i])));
      }
    }
  });

  it('simulate() gives the same drug amounts as integrating the PK ODE, dose by dose', () => {
    const s = scenario({
      name: 'pk-check',
      therapies: [
        { drug: 'nivolumab', dose: '3 mg/kg', every: '2 weeks', doses: 6 },
        { drug: 'aldesleukin', dose: '600000 IU/kg', start: '3 days', every: '8 hours', doses: 14 },
        { drug: 'lenvatinib', dose: '20 mg', every: '1 day', doses: 20 },
      ],
      duration: '12 weeks',
      output: { interval: '0.25 day' },
    });
    const result = simulate(s);
    for (const dosing of s.therapies) {
      const pk = builtInTherapies().find((t) => t.drug === dosing.drug)!.pk;
      const n = pk.compartments.length;
      const reference = solve({
        stateNames: pk.compartments.map(String),
        nonNegative: pk.compartments.map(() => true),
        rhs: (_t, y, dy) => pk.rates(y, dy, 0),
        y0: new Float64Array(n),
        tStart: 0,
        tEnd: s.duration_day,
        events: dosing.times_day.map((time) => ({ time, label: 'dose', apply: (y: Float64Array) => void (y[pk.doseCompartment] += dosing.dose_mg) })),
        saveAt: outputGrid(0, s.duration_day, 0.25),
        options: { ...DEFAULT_ODE_OPTIONS, relTol: 1e-10, absTol: 1e-14, maxSteps: 1e6 },
      });
      pk.compartments.forEach((c, i) => {
        const simulated = column(result, `${dosing.drug}.${c}`);
        let worst = 0;
        simulated.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - reference.y[k * n + i]))));
        expect(worst / dosing.dose_mg, `${dosing.drug}.${c}`).toBeLessThan(1e-7);
      });
    }
    // Fast IL-2 kinetics no longer limit the step size: a few thousand RHS evaluations for 12 weeks.
    expect(result.stats.nRhs).toBeLessThan(20_000);
  });
});
