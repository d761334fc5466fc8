/**
 * The model as data: every parameter, state and readout is documented, units
 * are readable by the scenario unit parser, values sit inside their bounds,
 * the model declares exactly the named therapy inputs, and every archetype
 * file converts to canonical units.
 */
import { describe, expect, it } from 'vitest';
import { checkpointInputs } from '../src/model/checkpoint/inputs.js';
import { checkpointModel } from '../src/model/checkpoint/index.js';
import { unitOfOne } from '../src/units/kinds.js';
import { ARCHETYPES, archetype } from './helpers/scenario.js';

describe('checkpoint model parameters', () => {
  it('every parameter has a non-empty unit, description and source, and a value inside its bounds', () => {
    expect(checkpointModel.parameters.length).toBeGreaterThan(40);
    for (const p of checkpointModel.parameters) {
      expect(p.unit.trim(), `${p.name}: unit`).not.toBe('');
      expect(p.description.trim().length, `${p.name}: description`).toBeGreaterThan(10);
      expect(p.source.trim().length, `${p.name}: source`).toBeGreaterThan(5);
      expect(Number.isFinite(p.value), `${p.name}: value`).toBe(true);
      if (p.min !== undefined) expect(p.value, `${p.name} ≥ min`).toBeGreaterThanOrEqual(p.min);
      if (p.max !== undefined) expect(p.value, `${p.name} ≤ max`).toBeLessThanOrEqual(p.max);
      // The unit must be one the scenario loader can convert to.
      expect(() => unitOfOne(p.unit), `${p.name}: unit "${p.unit}" parses`).not.toThrow();
    }
  });

  it('parameter names are unique', () => {
    const names = checkpointModel.parameters.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('every state and readout has a unit and a description', () => {
    for (const s of [...checkpointModel.states, ...checkpointModel.readouts]) {
      expect(s.unit.trim(), `${s.name}: unit`).not.toBe('');
      expect(s.description.trim().length, `${s.name}: description`).toBeGreaterThan(10);
    }
    const names = [...checkpointModel.states, ...checkpointModel.readouts].map((s) => s.name);
    for (const signal of ['ifn_gamma', 'il2', 'pdl1', 'vegf_signal', 'hypoxia', 'tumor_volume', 'lesion_diameter']) expect(names).toContain(signal);
    expect(names).toContain(checkpointModel.tumorVolumeReadout);
    expect(names).toContain(checkpointModel.lesionDiameterReadout);
  });

  it('declares exactly the named therapy inputs of inputs.ts', () => {
    expect(checkpointModel.inputs).toBe(checkpointInputs);
    expect(checkpointModel.inputs.map((i) => i.name)).toEqual([
      'pd1_occupancy',
      'ctla4_occupancy',
      'lag3_occupancy',
      'treg_depletion_rate',
      'il2_effector_stimulation',
      'il2_treg_stimulation',
      'vegf_inhibition',
      'tumor_kill_rate',
      'antigen_release_boost',
    ]);
  });

  it.each(ARCHETYPES)('archetype %s names only model parameters and converts to canonical units within bounds', (name) => {
    const overrides = archetype(name);
    expect(Object.keys(overrides).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(overrides)) {
      const spec = checkpointModel.parameters.find((p) => p.name === key)!;
      if (spec.min !== undefined) expect(value).toBeGreaterThanOrEqual(spec.min);
      if (spec.max !== undefined) expect(value).toBeLessThanOrEqual(spec.max);
    }
  });

  it('the rate function does not allocate: the same output arrays are reused and the result is deterministic', () => {
    const params = Object.fromEntries(checkpointModel.parameters.map((p) => [p.name, p.value]));
    const y = new Float64Array(checkpointModel.states.length);
    checkpointModel.initialState(params, y);
    const rates = checkpointModel.createRates(params);
    const inputs = new Float64Array(checkpointModel.inputs.length);
    const a = new Float64Array(y.length);
    const b = new Float64Array(y.length);
    rates(0, y, a, inputs);
    rates(0, y, b, inputs);
    expect(Array.from(a)).toEqual(Array.from(b));
    for (const v of a) expect(Number.isFinite(v)).toBe(true);
  });
});
