import { indexByName, type ModelDefinition, type ParameterValues } from '../model/types.js';
import type { TherapyModule } from '../therapies/types.js';

export interface ColumnSpec {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

/**
 * A model joined with the therapies of one run: model states followed by each
 * drug's PK compartments. Therapies reach the model only through named inputs,
 * resolved here once; no engine code knows any therapy.
 */
export interface CompiledSystem {
  readonly model: ModelDefinition;
  readonly therapies: readonly TherapyModule[];
  readonly parameters: ParameterValues;
  readonly states: readonly ColumnSpec[];
  readonly nonNegative: readonly boolean[];
  /**
   * Absolute tolerance per state given the model-state tolerance: drug
   * compartments get PK_ABSOLUTE_TOLERANCE_MG, because some drugs act at
   * amounts far below 1 mg (IL-2 on Tregs: EC50 ≈ 1.5e-7 mg in plasma).
   */
  absoluteTolerances(modelAbsTol: number): number[];
  /** Derived columns: model readouts, then per drug its concentration and occupancy. */
  readonly readouts: readonly ColumnSpec[];
  /** Offset of each drug's first PK compartment in the state vector. */
  readonly pkOffset: readonly number[];
  initialState(): Float64Array;
  /** Evaluates the named model inputs from drug amounts in `y`. */
  computeInputs(y: Float64Array, inputs: Float64Array): void;
  rhs(t_day: number, y: Float64Array, dy: Float64Array): void;
  computeReadouts(t_day: number, y: Float64Array, out: Float64Array): void;
  /** State index that receives a dose of `drug`. */
  doseStateIndex(drug: string): number;
}

/** Absolute tolerance for drug amounts (mg): ~0.1% of the lowest effect-relevant amount among the drugs. */
export const PK_ABSOLUTE_TOLERANCE_MG = 1e-10;

export function compileSystem(
  model: ModelDefinition,
  therapies: readonly TherapyModule[],
  parameters: ParameterValues,
): CompiledSystem {
  const inputIndex = indexByName(model.inputs);
  const nModel = model.states.length;
  const nInputs = model.inputs.length;

  const states: ColumnSpec[] = model.states.map((s) => ({ name: s.name, unit: s.unit, description: s.description }));
  const nonNegative = model.states.map((s) => s.nonNegative);
  const pkOffset: number[] = [];
  for (const therapy of therapies) {
    pkOffset.push(states.length);
    for (const c of therapy.pk.compartments) {
      states.push({ name: `${therapy.drug}.${c}`, unit: 'mg', description: `${therapy.drug} amount in the ${c} compartment` });
      nonNegative.push(true);
    }
  }

  // Resolve every effect's input name to a slot now, so a typo fails at build time, not silently.
  const effectSlots = therapies.map((therapy) =>
    therapy.effects.map((effect) => {
      const slot = inputIndex[effect.input];
      if (slot === undefined)
        throw new Error(
          `therapy "${therapy.drug}" acts on "${effect.input}", which model "${model.id}" does not define ` +
            `(known inputs: ${model.inputs.map((i) => i.name).join(', ')})`,
        );
      return slot;
    }),
  );
  const combineIsOccupancy = model.inputs.map((i) => i.combine === 'occupancy');

  const readouts: ColumnSpec[] = model.readouts.map((r) => ({ name: r.name, unit: r.unit, description: r.description }));
  for (const therapy of therapies) {
    readouts.push({ name: `${therapy.drug}.concentration`, unit: 'nM', description: `${therapy.drug} concentration at the site of action` });
    if (therapy.occupancy)
      readouts.push({
        name: `${therapy.drug}.${therapy.occupancy.target}_occupancy`,
        unit: 'fraction',
        description: `${therapy.occupancy.target} receptor occupancy by ${therapy.drug}`,
      });
  }

  const modelRates = model.createRates(parameters);
  const modelReadouts = model.createReadouts(parameters);
  const inputs = new Float64Array(nInputs);
  const pkDy = new Float64Array(Math.max(1, ...therapies.map((t) => t.pk.compartments.length)));

  const computeInputs = (y: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let d = 0; d < therapies.length; d++) {
      const therapy = therapies[d];
      const c = therapy.pk.concentration_nM(y, pkOffset[d]);
      const slots = effectSlots[d];
      for (let e = 0; e < slots.length; e++) {
        const slot = slots[e];
        const v = therapy.effects[e].value(c);
        // Independent blockers combine as 1 − Π(1 − f); rates and concentrations add.
        out[slot] = combineIsOccupancy[slot] ? 1 - (1 - out[slot]) * (1 - v) : out[slot] + v;
      }
    }
  };

  const rhs = (t: number, y: Float64Array, dy: Float64Array): void => {
    computeInputs(y, inputs);
    // Model states come first, so the model reads and writes its slots of the full vectors directly.
    modelRates(t, y, dy, inputs);
    for (let d = 0; d < therapies.length; d++) {
      const pk = therapies[d].pk;
      const off = pkOffset[d];
      pk.rates(y, pkDy, off);
      for (let c = 0; c < pk.compartments.length; c++) dy[off + c] = pkDy[c];
    }
  };

  const computeReadouts = (t: number, y: Float64Array, out: Float64Array): void => {
    computeInputs(y, inputs);
    modelReadouts(t, y, inputs, out);
    let k = model.readouts.length;
    for (let d = 0; d < therapies.length; d++) {
      const therapy = therapies[d];
      const c = therapy.pk.concentration_nM(y, pkOffset[d]);
      out[k++] = c;
      if (therapy.occupancy) out[k++] = therapy.occupancy.value(c);
    }
  };

  return {
    model,
    therapies,
    parameters,
    states,
    nonNegative,
    readouts,
    pkOffset,
    absoluteTolerances(modelAbsTol: number) {
      return states.map((_, i) => (i < nModel ? modelAbsTol : Math.min(modelAbsTol, PK_ABSOLUTE_TOLERANCE_MG)));
    },
    initialState() {
      const y = new Float64Array(states.length);
      const y0 = new Float64Array(nModel);
      model.initialState(parameters, y0);
      y.set(y0);
      return y;
    },
    computeInputs,
    rhs,
    computeReadouts,
    doseStateIndex(drug: string) {
      const d = therapies.findIndex((t) => t.drug === drug);
      if (d < 0) throw new Error(`no therapy "${drug}" in this system`);
      return pkOffset[d] + therapies[d].pk.doseCompartment;
    },
  };
}
