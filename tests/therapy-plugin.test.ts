/**
 * A new therapy is a module and a registration, nothing else: everything in
 * this file is defined here, and no engine, model or registry code changes.
 * Dosing is written as the scenario loader's ResolvedDosing so the same run
 * can later come from a scenario file.
 */
import { describe, expect, it } from 'vitest';
import { solve } from '../src/engines/ode/solve.js';
import { DEFAULT_ODE_OPTIONS, outputGrid } from '../src/engines/ode/problem.js';
import { stateSeries } from '../src/engines/ode/solution.js';
import type { InputSpec, ModelDefinition } from '../src/model/types.js';
import type { ResolvedDosing } from '../src/scenario/types.js';
import { compileSystem } from '../src/simulation/system.js';
import { defaultTherapyRegistry, oneCompartmentPk, type TherapyModule, type TherapyRegistry } from '../src/therapies/index.js';

const EC50_nM = 50;
const KMAX_per_day = 0.3;

/** A cytotoxic agent invented for this test: one-compartment PK, Emax kill on the named input tumor_kill_rate. */
const testChemo: TherapyModule = {
  drug: 'testchemo',
  therapyClass: 'chemotherapy',
  description: 'Fictional cytotoxic drug used to show that therapies plug in by name.',
  molecularWeight_kDa: 0.5,
  doseUnits: {},
  pk: oneCompartmentPk({
    clearance_L_per_day: 50,
    volume_L: 20,
    molecularWeight_kDa: 0.5,
    tissuePartition: 1,
    sources: {
      clearance_L_per_day: 'assumed: test value',
      volume_L: 'assumed: test value',
      molecularWeight_kDa: 'assumed: test value',
      tissuePartition: 'assumed: test value',
    },
  }),
  parameters: [
    { name: 'EC50', value: EC50_nM, unit: 'nM', description: 'Half-maximal kill concentration', source: 'assumed: test value' },
    { name: 'kmax', value: KMAX_per_day, unit: '1/day', description: 'Maximal kill rate', source: 'assumed: test value' },
  ],
  effects: [
    {
      input: 'tumor_kill_rate',
      description: 'Emax kill rate, kmax·C/(C + EC50)',
      value: (c) => (KMAX_per_day * c) / (c + EC50_nM),
    },
  ],
};

const killInput: InputSpec = {
  name: 'tumor_kill_rate',
  unit: '1/day',
  combine: 'sum',
  description: 'Direct cytotoxic death rate of all tumor cells',
};

/** Logistic tumor that dies at the rate written onto tumor_kill_rate. */
const tumorModel: ModelDefinition = {
  id: 'logistic-tumor',
  title: 'Logistic tumor with a kill-rate input',
  description: 'dT/dt = r·T·(1 − T/K) − kill·T',
  states: [{ name: 'tumor', unit: 'cells', description: 'tumor cells', nonNegative: true }],
  parameters: [
    { name: 'r', value: 0.1, unit: '1/day', description: 'growth rate', source: 'assumed: test value' },
    { name: 'K', value: 1e9, unit: 'cells', description: 'carrying capacity', source: 'assumed: test value' },
    { name: 'T0', value: 1e8, unit: 'cells', description: 'initial tumor', source: 'assumed: test value' },
  ],
  inputs: [killInput],
  readouts: [{ name: 'tumor_volume', unit: 'mm3', description: '1e6 cells per mm³' }],
  tumorVolumeReadout: 'tumor_volume',
  initialState: (p, out) => void (out[0] = p.T0),
  createRates: (p) => {
    const { r, K } = p;
    return (_t, y, dy, inputs) => void (dy[0] = r * y[0] * (1 - y[0] / K) - inputs[0] * y[0]);
  },
  createReadouts: () => (_t, y, _inputs, out) => void (out[0] = y[0] / 1e6),
};

const defaults = Object.fromEntries(tumorModel.parameters.map((p) => [p.name, p.value]));

/** What a scenario run does: look drugs up in the registry, compile, dose, solve. */
function runTherapies(registry: TherapyRegistry, model: ModelDefinition, dosing: readonly ResolvedDosing[], duration_day: number) {
  const therapies = dosing.map((d) => {
    const m = registry.get(d.drug);
    if (!m) throw new Error(`unknown drug "${d.drug}"`);
    return m;
  });
  const system = compileSystem(model, therapies, defaults);
  const events = dosing.flatMap((d) => {
    const index = system.doseStateIndex(registry.get(d.drug)!.drug);
    return d.times_day.map((time) => ({ time, label: d.doseText, apply: (y: Float64Array) => void (y[index] += d.dose_mg) }));
  });
  return solve({
    stateNames: system.states.map((s) => s.name),
    nonNegative: system.nonNegative,
    rhs: system.rhs,
    y0: system.initialState(),
    tStart: 0,
    tEnd: duration_day,
    events,
    saveAt: outputGrid(0, duration_day, 1),
    options: DEFAULT_ODE_OPTIONS,
  });
}

describe('a therapy defined outside the library', () => {
  const registry = defaultTherapyRegistry().register(testChemo);
  const weekly: ResolvedDosing = { drug: 'testchemo', doseText: '100 mg', dose_mg: 100, times_day: [0, 7, 14, 21] };

  it('is found in the registry next to the built-in drugs', () => {
    expect(registry.get('TestChemo')).toBe(testChemo);
    expect(registry.drugs()).toContain('nivolumab');
  });

  it('changes the outcome of a model that declares its input', () => {
    const treated = runTherapies(registry, tumorModel, [weekly], 28);
    const untreated = runTherapies(registry, tumorModel, [], 28);
    expect(treated.retcode).toBe('Success');
    expect(untreated.retcode).toBe('Success');
    const t = stateSeries(treated, 'tumor');
    const u = stateSeries(untreated, 'tumor');
    // Peak 5 mg/L = 10 µM ≫ EC50: the kill rate sits near 0.3/day (above growth, ≤ 0.1/day) for ~2 days after each dose.
    expect(u[28]).toBeGreaterThan(u[0]);
    expect(t[28]).toBeLessThan(0.5 * u[28]);
    expect(stateSeries(treated, 'testchemo.central')[0]).toBe(100);
  });

  it('does not leak into other registries', () => {
    expect(defaultTherapyRegistry().get('testchemo')).toBeUndefined();
    expect(() => registry.register(testChemo)).toThrow(/already registered/);
  });
});

describe('a therapy acting on an input the model lacks', () => {
  const antiTim3: TherapyModule = {
    ...testChemo,
    drug: 'test-anti-tim3',
    therapyClass: 'anti-TIM-3',
    effects: [{ input: 'tim3_occupancy', description: 'TIM-3 occupancy', value: (c) => c / (c + 1) }],
  };

  it('fails when the system is built, naming the drug, the input and the model', () => {
    const registry = defaultTherapyRegistry().register(antiTim3);
    expect(() => compileSystem(tumorModel, [registry.get('test-anti-tim3')!], defaults)).toThrow(
      /therapy "test-anti-tim3" acts on "tim3_occupancy", which model "logistic-tumor" does not define/,
    );
  });

  it('also fails for a built-in drug whose input this model does not declare', () => {
    const nivolumab = defaultTherapyRegistry().get('nivolumab')!;
    expect(() => compileSystem(tumorModel, [nivolumab], defaults)).toThrow(/"pd1_occupancy"/);
  });
});

describe('a therapy defined in this file, run through a scenario on the checkpoint model', () => {
  it('is accepted by the scenario loader and shrinks the tumor through the named input', async () => {
    const { defaultContext } = await import('../src/simulation/defaultContext.js');
    const { resolveScenario } = await import('../src/scenario/resolve.js');
    const { simulate, column } = await import('../src/simulation/simulate.js');
    const base = defaultContext();
    const ctx = { ...base, therapies: defaultTherapyRegistry().register(testChemo) };
    const raw = (therapies: object[]) => ({ name: 'chemo', therapies, duration: '8 weeks' });
    const treated = simulate(resolveScenario(raw([{ drug: 'testchemo', dose: '500 mg', every: '1 week', doses: 6 }]), ctx).scenario, ctx);
    const untreated = simulate(resolveScenario(raw([]), ctx).scenario, ctx);
    expect(treated.retcode).toBe('Success');
    expect(treated.tumor.finalVolume_mm3).toBeLessThan(0.8 * untreated.tumor.finalVolume_mm3);
    expect(Math.max(...column(treated, 'testchemo.concentration'))).toBeGreaterThan(EC50_nM);
    // The default registry is untouched: the drug is unknown there.
    expect(() => resolveScenario(raw([{ drug: 'testchemo', dose: '500 mg', every: '1 week', doses: 1 }]), base)).toThrow(/testchemo/);
  });
});
