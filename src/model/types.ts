/**
 * A model is the biology written once, as readable data plus rate functions.
 * Both engines (ODE and agent-based) and every therapy module read this one
 * definition; nothing outside the model refers to its array layout.
 */

/** One declared parameter: value in the stated unit, with its meaning and source. */
export interface ParameterSpec {
  readonly name: string;
  readonly value: number;
  /** Canonical unit the value is expressed in (e.g. "1/day", "cells", "nM"). */
  readonly unit: string;
  readonly description: string;
  /** A citation, or "assumed: <why>". */
  readonly source: string;
  /** Optional sanity bounds used to reject absurd overrides. */
  readonly min?: number;
  readonly max?: number;
}

export interface StateSpec {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** Cell counts and amounts must never go negative (beyond solver tolerance). */
  readonly nonNegative: boolean;
}

/**
 * A named model term that therapies act on (receptor occupancy, extra kill
 * rate, ...). Therapies reference inputs by name only; the engine resolves the
 * name to a slot once, at build time.
 */
export interface InputSpec {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /**
   * How contributions from several therapies combine:
   * - "occupancy": fractions in [0,1] combine as 1 − Π(1 − f_i) (independent blockade);
   * - "sum": rates or concentrations add.
   */
  readonly combine: 'occupancy' | 'sum';
}

/** A derived quantity computed from the state, e.g. tumor volume or lesion diameter. */
export interface ReadoutSpec {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

export type ParameterValues = Readonly<Record<string, number>>;

/**
 * Right-hand side in place: writes dy/dt into `dy` and allocates nothing.
 * `inputs` holds the current value of each InputSpec, in declaration order.
 * `y` and `dy` may be longer than the model's states (the engine appends drug
 * compartments after them): read and write only the model's own slots.
 */
export type RateFunction = (
  t_day: number,
  y: Float64Array,
  dy: Float64Array,
  inputs: Float64Array,
) => void;

/** Writes each ReadoutSpec, in declaration order, into the first slots of `out` (which may be longer). */
export type ReadoutFunction = (
  t_day: number,
  y: Float64Array,
  inputs: Float64Array,
  out: Float64Array,
) => void;

export interface ModelDefinition {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly states: readonly StateSpec[];
  readonly parameters: readonly ParameterSpec[];
  readonly inputs: readonly InputSpec[];
  readonly readouts: readonly ReadoutSpec[];
  /** Name of the readout that is the tumor burden (volume, mm³) for summaries. */
  readonly tumorVolumeReadout: string;
  /** Name of the readout that is the lesion diameter (mm) for RECIST. */
  readonly lesionDiameterReadout?: string;
  /** Initial state for a parameter set, written into `out` (length = states.length). */
  initialState(params: ParameterValues, out: Float64Array): void;
  /** Binds parameter values into a fast, allocation-free rate function. */
  createRates(params: ParameterValues): RateFunction;
  createReadouts(params: ParameterValues): ReadoutFunction;
}

/** Map of names to positions, built once so hot paths index by number. */
export function indexByName<T extends { readonly name: string }>(
  specs: readonly T[],
): Readonly<Record<string, number>> {
  const index: Record<string, number> = {};
  specs.forEach((spec, i) => {
    if (spec.name in index) throw new Error(`duplicate name "${spec.name}"`);
    index[spec.name] = i;
  });
  return index;
}

/** Default parameter values merged with overrides (overrides must name declared parameters). */
export function resolveParameters(
  model: ModelDefinition,
  overrides: Readonly<Record<string, number>> = {},
): ParameterValues {
  const values: Record<string, number> = {};
  for (const p of model.parameters) values[p.name] = p.value;
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in values)) throw new Error(`model "${model.id}" has no parameter "${name}"`);
    values[name] = value;
  }
  return values;
}
