/**
 * An ODE problem as plain data (SciML style): right-hand side, initial state,
 * time span, preset-time jumps (doses) and the output grid. `solve` turns it
 * into an OdeSolution; `remake` derives a changed copy without mutation.
 */

/** In-place right-hand side: writes dy/dt into `dy`, allocates nothing. */
export type InPlaceRhs = (t: number, y: Float64Array, dy: Float64Array) => void;

/** A discontinuity at a known time, e.g. a bolus dose: `apply` edits the state in place. */
export interface JumpEvent {
  readonly time: number;
  readonly label: string;
  apply(y: Float64Array): void;
}

export interface OdeOptions {
  readonly relTol: number;
  readonly absTol: number;
  /** Step limit per integration segment (between two consecutive jumps). */
  readonly maxSteps: number;
  /** A non-negative state below −negativeTolerance is reported as a failure. */
  readonly negativeTolerance: number;
  /** Any |state| above this is reported as blow-up. */
  readonly blowUpLimit: number;
}

export const DEFAULT_ODE_OPTIONS: OdeOptions = {
  relTol: 1e-6,
  absTol: 1e-6,
  maxSteps: 100_000,
  negativeTolerance: 1e-3,
  blowUpLimit: 1e15,
};

export interface OdeProblem {
  readonly stateNames: readonly string[];
  /** Per state: must it stay non-negative (cells, amounts)? */
  readonly nonNegative: readonly boolean[];
  readonly rhs: InPlaceRhs;
  readonly y0: Float64Array;
  readonly tStart: number;
  readonly tEnd: number;
  readonly events: readonly JumpEvent[];
  /** Ascending output times within [tStart, tEnd]. Values at a jump time are taken after the jump. */
  readonly saveAt: readonly number[];
  readonly options: OdeOptions;
  /**
   * Per-state absolute tolerance, overriding options.absTol. States whose
   * meaningful scale is far below 1 (e.g. a drug amount near its EC50) need it.
   */
  readonly absTolPerState?: readonly number[];
}

export function remake(problem: OdeProblem, changes: Partial<OdeProblem>): OdeProblem {
  return { ...problem, ...changes };
}

/** Evenly spaced output grid from tStart to tEnd inclusive (tEnd always included). */
export function outputGrid(tStart: number, tEnd: number, interval: number): number[] {
  if (!(interval > 0)) throw new Error(`output interval must be positive, got ${interval}`);
  const times: number[] = [];
  const count = Math.floor((tEnd - tStart) / interval + 1e-9);
  for (let i = 0; i <= count; i++) times.push(tStart + i * interval);
  if (tEnd - times[times.length - 1] > 1e-9 * Math.max(1, Math.abs(tEnd))) times.push(tEnd);
  return times;
}
