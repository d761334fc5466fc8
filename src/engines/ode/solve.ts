import { Solver } from 'odex';
import type { OdeProblem } from './problem.js';
import type { OdeSolution, ReturnCode, SolverFailure, SolverStats } from './solution.js';

/** Thrown inside the step callback to stop odex early; never escapes `solve`. */
class StopIntegration extends Error {
  constructor(
    readonly retcode: ReturnCode,
    readonly failure: SolverFailure,
  ) {
    super(retcode);
  }
}

/** Jump times inside (tStart, tEnd], grouped, ascending; jumps at tStart are applied first. */
function groupJumps(problem: OdeProblem): Map<number, OdeProblem['events'][number][]> {
  const byTime = new Map<number, OdeProblem['events'][number][]>();
  const sorted = [...problem.events].sort((a, b) => a.time - b.time);
  for (const e of sorted) {
    if (e.time < problem.tStart || e.time > problem.tEnd) continue;
    const list = byTime.get(e.time);
    if (list) list.push(e);
    else byTime.set(e.time, [e]);
  }
  return byTime;
}

/**
 * Integrates piecewise between jump times with odex (Gragg–Bulirsch–Stoer
 * extrapolation): stop exactly at each jump, apply it, restart. Outputs are
 * sampled on `saveAt` with odex's dense output. Each accepted step is checked
 * for NaN, negative cell counts and blow-up.
 */
export function solve(problem: OdeProblem): OdeSolution {
  const n = problem.stateNames.length;
  const { options } = problem;
  if (problem.y0.length !== n) throw new Error(`y0 has ${problem.y0.length} values for ${n} states`);
  if (!(problem.tEnd > problem.tStart)) throw new Error('tEnd must be after tStart');

  const saveAt = problem.saveAt;
  const tOut = new Float64Array(saveAt.length);
  const yOut = new Float64Array(saveAt.length * n);
  let nSaved = 0;

  const stats: SolverStats = { nRhs: 0, nStep: 0, nAccept: 0, nReject: 0, nSegments: 0, nJumps: 0 };
  const yBuf = new Float64Array(n);
  const dyBuf = new Float64Array(n);
  const rhs = problem.rhs;
  // odex hands plain arrays; copy through preallocated Float64Arrays so the model RHS stays typed and allocation-free.
  const rawRhs = (t: number, y: number[], out: number[]): void => {
    for (let i = 0; i < n; i++) yBuf[i] = y[i];
    rhs(t, yBuf, dyBuf);
    for (let i = 0; i < n; i++) out[i] = dyBuf[i];
    stats.nRhs++;
  };
  const absoluteTolerance = problem.absTolPerState ? [...problem.absTolPerState] : options.absTol;
  // After a dose, restart with the step size the previous segment ended with
  // rather than odex's tiny default, so frequent dosing (daily oral drugs) does
  // not pay a full step-size ramp-up at every dose. The error control still
  // rejects a step that is too large.
  let lastStep = 0;
  const solverFor = (segmentLength: number) =>
    new Solver(rawRhs, n, {
      rawFunction: true,
      denseOutput: true,
      relativeTolerance: options.relTol,
      absoluteTolerance,
      maxSteps: options.maxSteps,
      initialStepSize: lastStep > 0 ? Math.min(lastStep, segmentLength / 2) : 1e-4,
    });

  const check = (t: number, y: ArrayLike<number>): void => {
    for (let i = 0; i < n; i++) {
      const v = y[i];
      if (!Number.isFinite(v)) throw new StopIntegration('NaN', { time: t, variable: problem.stateNames[i], value: v });
      if (problem.nonNegative[i] && v < -options.negativeTolerance)
        throw new StopIntegration('Negative', { time: t, variable: problem.stateNames[i], value: v });
      if (Math.abs(v) > options.blowUpLimit)
        throw new StopIntegration('BlowUp', { time: t, variable: problem.stateNames[i], value: v });
    }
  };

  const save = (t: number, value: (i: number) => number): void => {
    tOut[nSaved] = t;
    const base = nSaved * n;
    for (let i = 0; i < n; i++) yOut[base + i] = value(i);
    nSaved++;
  };

  const jumps = groupJumps(problem);
  const y = Float64Array.from(problem.y0);
  const boundaries = [...jumps.keys()].filter((t) => t > problem.tStart && t < problem.tEnd);
  boundaries.push(problem.tEnd);

  let retcode: ReturnCode = 'Success';
  let failure: SolverFailure | undefined;
  let t0 = problem.tStart;
  try {
    const applyJumpsAt = (t: number): void => {
      const list = jumps.get(t);
      if (!list) return;
      for (const e of list) e.apply(y);
      stats.nJumps += list.length;
      check(t, y);
    };
    check(t0, y);
    applyJumpsAt(t0);
    for (const t1 of boundaries) {
      // Outputs at the segment start are taken after its jumps (right-continuous).
      while (nSaved < saveAt.length && saveAt[nSaved] <= t0) save(saveAt[nSaved], (i) => y[i]);
      stats.nSegments++;
      const result = solverFor(t1 - t0).solve(t0, Array.from(y), t1, (xOld, x, yStep, dense) => {
        if (x < t1) lastStep = x - xOld;
        const saveUpTo = (tLimit: number, inclusive: boolean): void => {
          while (nSaved < saveAt.length && saveAt[nSaved] < t1 && (saveAt[nSaved] < tLimit || (inclusive && saveAt[nSaved] === tLimit))) {
            const ts = saveAt[nSaved];
            save(ts, (i) => dense(i, ts));
          }
        };
        try {
          check(x, yStep);
        } catch (err) {
          if (!(err instanceof StopIntegration) || err.retcode === 'NaN') throw err;
          // Locate the crossing inside the step, keep the valid outputs before it, then stop.
          const crossing = locateCrossing(err, xOld, x, dense, problem.stateNames, options);
          saveUpTo(crossing.failure.time, false);
          throw crossing;
        }
        saveUpTo(x, true);
      });
      stats.nStep += result.nStep;
      stats.nAccept += result.nAccept;
      stats.nReject += result.nReject;
      for (let i = 0; i < n; i++) y[i] = result.y[i];
      t0 = t1;
      applyJumpsAt(t1);
    }
    while (nSaved < saveAt.length && saveAt[nSaved] <= problem.tEnd) save(saveAt[nSaved], (i) => y[i]);
  } catch (err) {
    if (err instanceof StopIntegration) {
      retcode = err.retcode;
      failure = err.failure;
    } else if (err instanceof Error && /maximum allowed steps exceeded/.test(err.message)) {
      retcode = 'MaxIters';
      failure = { time: t0, variable: '(all)', value: options.maxSteps };
    } else {
      throw err;
    }
  }

  return {
    retcode,
    message: describe(retcode, failure, options.maxSteps, options.negativeTolerance, options.blowUpLimit),
    failure,
    stateNames: problem.stateNames,
    t: tOut.slice(0, nSaved),
    y: yOut.slice(0, nSaved * n),
    stats,
  };
}

/** Bisects the dense output for the first time a bound is crossed within [xOld, x]. */
function locateCrossing(
  stop: StopIntegration,
  xOld: number,
  x: number,
  dense: (component: number, t: number) => number,
  stateNames: readonly string[],
  options: OdeProblem['options'],
): StopIntegration {
  const i = stateNames.indexOf(stop.failure.variable);
  const violates = (t: number): boolean => {
    const v = dense(i, t);
    return stop.retcode === 'Negative' ? v < -options.negativeTolerance : Math.abs(v) > options.blowUpLimit;
  };
  let lo = xOld;
  let hi = x;
  if (violates(lo)) return stop;
  for (let iter = 0; iter < 60 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); iter++) {
    const mid = 0.5 * (lo + hi);
    if (violates(mid)) hi = mid;
    else lo = mid;
  }
  return new StopIntegration(stop.retcode, { time: hi, variable: stop.failure.variable, value: dense(i, hi) });
}

function describe(
  retcode: ReturnCode,
  f: SolverFailure | undefined,
  maxSteps: number,
  negativeTolerance: number,
  blowUpLimit: number,
): string {
  if (retcode === 'Success' || !f) return 'integration finished';
  const at = `at t = ${f.time.toPrecision(6)} day`;
  switch (retcode) {
    case 'NaN':
      return `state "${f.variable}" became ${f.value} ${at}`;
    case 'Negative':
      return `state "${f.variable}" went negative (${f.value.toPrecision(4)}, tolerance −${negativeTolerance}) ${at}`;
    case 'BlowUp':
      return `state "${f.variable}" blew up to ${f.value.toPrecision(4)} (limit ${blowUpLimit}) ${at}`;
    case 'MaxIters':
      return `more than ${maxSteps} steps in the segment starting ${at}; the system may be stiff or the tolerance too tight`;
  }
}
