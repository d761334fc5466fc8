/** Documented return codes, instead of thrown strings (SciML's retcode idea). */
export type ReturnCode =
  | 'Success'
  /** The step limit of one segment was exceeded (often stiffness or a too-tight tolerance). */
  | 'MaxIters'
  /** A state became NaN or infinite. */
  | 'NaN'
  /** A non-negative state (cell count, amount) went below −negativeTolerance. */
  | 'Negative'
  /** A state exceeded the blow-up limit. */
  | 'BlowUp';

export interface SolverStats {
  /** Right-hand-side evaluations. */
  nRhs: number;
  nStep: number;
  nAccept: number;
  nReject: number;
  /** Integration segments (one more than the number of distinct jump times inside the span). */
  nSegments: number;
  nJumps: number;
}

export interface SolverFailure {
  readonly time: number;
  readonly variable: string;
  readonly value: number;
}

export interface OdeSolution {
  readonly retcode: ReturnCode;
  /** Human-readable explanation, including time, variable and value on failure. */
  readonly message: string;
  readonly failure?: SolverFailure;
  readonly stateNames: readonly string[];
  /** Output times actually reached (all of saveAt on success). */
  readonly t: Float64Array;
  /** Row-major states: y[k * nStates + i] is state i at t[k]. */
  readonly y: Float64Array;
  readonly stats: SolverStats;
}

/** State `name` at every output time. */
export function stateSeries(solution: OdeSolution, name: string): Float64Array {
  const n = solution.stateNames.length;
  const i = solution.stateNames.indexOf(name);
  if (i < 0) throw new Error(`solution has no state "${name}"`);
  const out = new Float64Array(solution.t.length);
  for (let k = 0; k < out.length; k++) out[k] = solution.y[k * n + i];
  return out;
}
