import { describe, expect, it } from 'vitest';
import { solve } from '../src/engines/ode/solve.js';
import { DEFAULT_ODE_OPTIONS, outputGrid, remake, type JumpEvent, type OdeProblem } from '../src/engines/ode/problem.js';
import { stateSeries } from '../src/engines/ode/solution.js';

function logisticProblem(r: number, K: number, n0: number, tEnd: number): OdeProblem {
  return {
    stateNames: ['N'],
    nonNegative: [true],
    rhs: (_t, y, dy) => {
      dy[0] = r * y[0] * (1 - y[0] / K);
    },
    y0: Float64Array.of(n0),
    tStart: 0,
    tEnd,
    events: [],
    saveAt: outputGrid(0, tEnd, 1),
    options: { ...DEFAULT_ODE_OPTIONS, relTol: 1e-8, absTol: 1e-8 },
  };
}

/** One-compartment bolus PK: dA/dt = −k·A, doses add to A. */
function bolusProblem(k: number, dose: number, doseTimes: number[], tEnd: number, saveAt: number[]): OdeProblem {
  return {
    stateNames: ['amount'],
    nonNegative: [true],
    rhs: (_t, y, dy) => {
      dy[0] = -k * y[0];
    },
    y0: Float64Array.of(0),
    tStart: 0,
    tEnd,
    events: doseTimes.map((time) => ({ time, label: 'dose', apply: (y: Float64Array) => void (y[0] += dose) })),
    saveAt,
    options: { ...DEFAULT_ODE_OPTIONS, relTol: 1e-9, absTol: 1e-9 },
  };
}

const superposition = (k: number, dose: number, doseTimes: number[], t: number) =>
  doseTimes.filter((ti) => ti <= t).reduce((sum, ti) => sum + dose * Math.exp(-k * (t - ti)), 0);

describe('ODE engine accuracy against closed forms', () => {
  it('logistic growth matches N(t) = K / (1 + (K/N0 − 1)e^(−rt))', () => {
    const r = 0.18, K = 1e9, n0 = 5e6;
    const sol = solve(logisticProblem(r, K, n0, 120));
    expect(sol.retcode).toBe('Success');
    const N = stateSeries(sol, 'N');
    let worst = 0;
    sol.t.forEach((t, k) => {
      const exact = K / (1 + (K / n0 - 1) * Math.exp(-r * t));
      worst = Math.max(worst, Math.abs(N[k] - exact) / exact);
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('repeated bolus doses follow superposition of exponentials', () => {
    const k = Math.LN2 / 25, dose = 240;
    const doseTimes = [0, 14, 28, 42, 56, 70];
    const sol = solve(bolusProblem(k, dose, doseTimes, 100, outputGrid(0, 100, 0.5)));
    expect(sol.retcode).toBe('Success');
    const A = stateSeries(sol, 'amount');
    let worst = 0;
    sol.t.forEach((t, i) => {
      worst = Math.max(worst, Math.abs(A[i] - superposition(k, dose, doseTimes, t)) / dose);
    });
    expect(worst).toBeLessThan(1e-7);
    expect(sol.stats.nSegments).toBe(6);
    expect(sol.stats.nJumps).toBe(6);
  });
});

describe('ODE engine dose events', () => {
  it('the state jumps by exactly the dose at the dose time, and outputs at a dose time are post-dose', () => {
    const k = 0.5, dose = 100;
    const times = [0, 3.3, 7];
    // Sample just before and exactly at the middle dose.
    const saveAt = [0, 3.3 - 1e-9, 3.3, 5, 7];
    const sol = solve(bolusProblem(k, dose, times, 7, saveAt));
    const A = stateSeries(sol, 'amount');
    expect(A[0]).toBe(dose); // dose at t = 0 is applied before the first output
    expect(A[2] - A[1]).toBeCloseTo(dose, 6);
    expect(A[2]).toBeCloseTo(superposition(k, dose, times, 3.3), 8);
    // A dose at the very end is applied and reported at tEnd.
    expect(A[4]).toBeCloseTo(superposition(k, dose, times, 7), 8);
    expect(A[4] - dose).toBeCloseTo(superposition(k, dose, [0, 3.3], 7), 8);
  });

  it('several events at the same time all apply, and events outside the span are ignored', () => {
    const base = bolusProblem(0.1, 10, [2, 2, 2, 50], 10, [0, 2, 10]);
    const sol = solve(base);
    expect(stateSeries(sol, 'amount')[1]).toBeCloseTo(30, 9);
    expect(sol.stats.nJumps).toBe(3);
  });

  it('remake changes a copy and leaves the original problem alone', () => {
    const base = logisticProblem(0.1, 100, 1, 10);
    const changed = remake(base, { tEnd: 20, saveAt: [0, 20] });
    expect(base.tEnd).toBe(10);
    expect(solve(changed).t[1]).toBe(20);
  });
});

describe('ODE engine failure detection', () => {
  const failing = (rhs: OdeProblem['rhs'], events: JumpEvent[] = []): OdeProblem => ({
    stateNames: ['tumor_cells', 'signal'],
    nonNegative: [true, false],
    rhs,
    y0: Float64Array.of(1, 1),
    tStart: 0,
    tEnd: 10,
    events,
    saveAt: outputGrid(0, 10, 1),
    options: DEFAULT_ODE_OPTIONS,
  });

  it('reports a negative cell count with time, variable and value', () => {
    const sol = solve(failing((_t, _y, dy) => { dy[0] = -1; dy[1] = 0; }));
    expect(sol.retcode).toBe('Negative');
    expect(sol.failure?.variable).toBe('tumor_cells');
    expect(sol.failure!.time).toBeGreaterThan(1);
    expect(sol.failure!.time).toBeLessThan(1.5);
    expect(sol.message).toMatch(/tumor_cells.*went negative.*at t = /);
    // Output stops at the last good sample rather than returning garbage.
    expect(sol.t.length).toBeLessThan(3);
  });

  it('allows a non-negative-free state to go negative', () => {
    const sol = solve(failing((_t, _y, dy) => { dy[0] = 0; dy[1] = -1; }));
    expect(sol.retcode).toBe('Success');
  });

  it('reports NaN', () => {
    const sol = solve(failing((t, _y, dy) => { dy[0] = t > 2 ? NaN : 0; dy[1] = 0; }));
    expect(sol.retcode).toBe('NaN');
    expect(sol.message).toMatch(/became NaN/);
  });

  it('reports blow-up', () => {
    const sol = solve(failing((_t, y, dy) => { dy[0] = y[0] * y[0]; dy[1] = 0; }));
    expect(sol.retcode).toBe('BlowUp');
    expect(sol.failure?.variable).toBe('tumor_cells');
    expect(sol.failure!.time).toBeLessThan(1.01);
  });

  it('reports a step limit instead of hanging', () => {
    // A fast oscillation needs thousands of steps over 10 days.
    const problem = failing((_t, y, dy) => { dy[0] = 1e3 * y[1]; dy[1] = -1e3 * y[0]; });
    const sol = solve({ ...problem, nonNegative: [false, false], options: { ...DEFAULT_ODE_OPTIONS, maxSteps: 50 } });
    expect(sol.retcode).toBe('MaxIters');
    expect(sol.message).toMatch(/more than 50 steps/);
  });

  it('a jump that makes a count negative fails at the jump time', () => {
    const sol = solve(failing((_t, _y, dy) => { dy[0] = 0; dy[1] = 0; }, [{ time: 4, label: 'x', apply: (y) => void (y[0] -= 5) }]));
    expect(sol.retcode).toBe('Negative');
    expect(sol.failure?.time).toBe(4);
  });
});
