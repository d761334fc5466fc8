import type { AbmScenarioOptions } from '../engines/abm/options.js';

/**
 * A scenario after loading: every quantity converted once to canonical units
 * (days, mg, kg, cells, mm³, nM). This is plain, structured-cloneable data, so
 * a worker can run it as a job.
 */
export interface ResolvedDosing {
  readonly drug: string;
  /** The dose as written in the file, e.g. "3 mg/kg". */
  readonly doseText: string;
  /** Amount given at each administration, in mg (per-kg and IU doses already resolved). */
  readonly dose_mg: number;
  /** Administration times in days from the start of the simulation, ascending. */
  readonly times_day: readonly number[];
}

export interface ResolvedPatient {
  /** Archetype the parameters started from, if any. */
  readonly archetype?: string;
  readonly bodyWeight_kg: number;
  /** Parameter overrides in each parameter's canonical unit (archetype merged with explicit overrides). */
  readonly parameters: Readonly<Record<string, number>>;
}

export interface SolverOptions {
  readonly relTol: number;
  readonly absTol: number;
  /** Step limit for each integration segment between doses. */
  readonly maxSteps: number;
}

export interface ResolvedScenario {
  readonly name: string;
  readonly description?: string;
  /** File the scenario came from, when it came from a file. */
  readonly sourceFile?: string;
  readonly model: string;
  readonly patient: ResolvedPatient;
  readonly therapies: readonly ResolvedDosing[];
  readonly duration_day: number;
  readonly outputInterval_day: number;
  readonly engine: 'ode' | 'abm';
  readonly seed: number;
  readonly solver: SolverOptions;
  /** Agent-based engine settings from the scenario's `abm` section (defaults apply to what is absent). */
  readonly abm?: AbmScenarioOptions;
}

export const DEFAULT_BODY_WEIGHT_KG = 75;
export const DEFAULT_SOLVER_OPTIONS: SolverOptions = { relTol: 1e-6, absTol: 1e-6, maxSteps: 100_000 };
