import { describe, expect, it } from 'vitest';
import { solve } from '../src/engines/ode/solve.js';
import { DEFAULT_ODE_OPTIONS, outputGrid, type JumpEvent, type OdeOptions, type OdeProblem } from '../src/engines/ode/problem.js';
import type { OdeSolution } from '../src/engines/ode/solution.js';
import { checkpointInputs } from '../src/model/checkpoint/inputs.js';
import type { ModelDefinition } from '../src/model/types.js';
import { compileSystem, type CompiledSystem } from '../src/simulation/system.js';
import {
  aldesleukin,
  builtInTherapies,
  defaultTherapyRegistry,
  distributionFromHalfLives,
  il2NotAlpha,
  ipilimumab,
  lenvatinib,
  nivolumab,
  oneCompartmentPk,
  oralOneCompartmentPk,
  terminalHalfLife_day,
  therapyParameterRows,
  twoCompartmentPk,
  type LinearPkModel,
  type TherapyModule,
} from '../src/therapies/index.js';

const TIGHT: OdeOptions = { ...DEFAULT_ODE_OPTIONS, relTol: 1e-10, absTol: 1e-12, negativeTolerance: 0 };
const BODY_WEIGHT_kg = 75;

/** A model with one inert state that declares every checkpoint input, so any therapy can attach. */
const inertModel: ModelDefinition = {
  id: 'inert',
  title: 'Inert test model',
  description: 'One constant state; exists only to carry drug PK through the engine.',
  states: [{ name: 'x', unit: '1', description: 'constant', nonNegative: true }],
  parameters: [],
  inputs: checkpointInputs,
  readouts: [{ name: 'tumor_volume', unit: 'mm3', description: 'the constant state' }],
  tumorVolumeReadout: 'tumor_volume',
  initialState: (_p, out) => void (out[0] = 1),
  createRates: () => (_t, _y, dy) => void (dy[0] = 0),
  createReadouts: () => (_t, y, _inputs, out) => void (out[0] = y[0]),
};

interface Dose {
  readonly drug: string;
  readonly dose_mg: number;
  readonly times_day: readonly number[];
}

function doseEvents(system: CompiledSystem, doses: readonly Dose[]): JumpEvent[] {
  return doses.flatMap((d) => {
    const index = system.doseStateIndex(d.drug);
    return d.times_day.map((time) => ({ time, label: `${d.drug} ${d.dose_mg} mg`, apply: (y: Float64Array) => void (y[index] += d.dose_mg) }));
  });
}

function simulate(
  therapies: readonly TherapyModule[],
  doses: readonly Dose[],
  tEnd: number,
  saveAt: readonly number[],
  options: OdeOptions = TIGHT,
): { system: CompiledSystem; solution: OdeSolution } {
  const system = compileSystem(inertModel, therapies, {});
  const solution = solve({
    stateNames: system.states.map((s) => s.name),
    nonNegative: system.nonNegative,
    rhs: system.rhs,
    y0: system.initialState(),
    tStart: 0,
    tEnd,
    events: doseEvents(system, doses),
    saveAt,
    options,
  });
  return { system, solution };
}

/** Readout column `name` at every output time. */
function readoutSeries(system: CompiledSystem, solution: OdeSolution, name: string): number[] {
  const column = system.readouts.findIndex((r) => r.name === name);
  if (column < 0) throw new Error(`no readout ${name}`);
  const n = system.states.length;
  const out = new Float64Array(system.readouts.length);
  return Array.from(solution.t, (t, k) => {
    system.computeReadouts(t, solution.y.subarray(k * n, (k + 1) * n), out);
    return out[column];
  });
}

/** Half-life from a log-linear least-squares fit of C(t) over the given window. */
function fittedHalfLife(t: ArrayLike<number>, c: readonly number[], from: number, to: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < c.length; k++)
    if (t[k] >= from && t[k] <= to) {
      xs.push(t[k]);
      ys.push(Math.log(c[k]));
    }
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return -Math.LN2 / (sxy / sxx);
}

describe('terminal half-life of a single dose, measured from the simulated concentration', () => {
  // Label half-lives (biology.md §3). Relatlimab borrows nivolumab's PK, so it is held to nivolumab's label.
  const cases: { module: TherapyModule; dose_mg: number; label_day: number; window_day: [number, number]; grid_day: number }[] = [
    { module: nivolumab, dose_mg: 240, label_day: 25, window_day: [60, 180], grid_day: 1 },
    { module: defaultTherapyRegistry().get('pembrolizumab')!, dose_mg: 200, label_day: 22, window_day: [60, 180], grid_day: 1 },
    { module: ipilimumab, dose_mg: 225, label_day: 15.4, window_day: [40, 120], grid_day: 1 },
    { module: defaultTherapyRegistry().get('relatlimab')!, dose_mg: 160, label_day: 25, window_day: [60, 180], grid_day: 1 },
    { module: defaultTherapyRegistry().get('bevacizumab')!, dose_mg: 750, label_day: 20, window_day: [60, 180], grid_day: 1 },
    { module: aldesleukin, dose_mg: 3.3, label_day: 85 / 1440, window_day: [0.4, 1], grid_day: 0.01 },
    { module: lenvatinib, dose_mg: 20, label_day: 28 / 24, window_day: [2, 10], grid_day: 0.1 },
  ];

  for (const { module, dose_mg, label_day, window_day, grid_day } of cases)
    it(`${module.drug}: within 20% of the label (${label_day.toPrecision(3)} d) and equal to the eigenvalue result`, () => {
      const tEnd = window_day[1];
      const { system, solution } = simulate([module], [{ drug: module.drug, dose_mg, times_day: [0] }], tEnd, outputGrid(0, tEnd, grid_day));
      expect(solution.retcode).toBe('Success');
      const c = readoutSeries(system, solution, `${module.drug}.concentration`);
      const measured = fittedHalfLife(solution.t, c, window_day[0], window_day[1]);
      expect(Math.abs(measured / label_day - 1)).toBeLessThan(0.2);
      expect(measured).toBeCloseTo(terminalHalfLife_day(module.pk as LinearPkModel), 2);
    });
});

describe('one-compartment PK with repeated boluses', () => {
  const pk = oneCompartmentPk({
    clearance_L_per_day: 2,
    volume_L: 10,
    molecularWeight_kDa: 150,
    tissuePartition: 1,
    sources: { clearance_L_per_day: 'test', volume_L: 'test', molecularWeight_kDa: 'test', tissuePartition: 'test' },
  });
  const k = 0.2;
  // Includes two doses at the same time and one at the end time.
  const doses = [
    { time: 0, dose_mg: 100 },
    { time: 1.5, dose_mg: 50 },
    { time: 4, dose_mg: 30 },
    { time: 4, dose_mg: 20 },
    { time: 7.25, dose_mg: 80 },
    { time: 10, dose_mg: 40 },
  ];

  it('matches the closed-form superposition C(t) = Σ D/V·exp(−k(t − tᵢ)) to 1e-6 relative', () => {
    const saveAt = [...new Set([...outputGrid(0, 10, 0.25), 1.5, 7.25])].sort((a, b) => a - b);
    const pkDy = new Float64Array(1);
    const problem: OdeProblem = {
      stateNames: ['central'],
      nonNegative: [true],
      rhs: (_t, y, dy) => {
        pk.rates(y, pkDy, 0);
        dy[0] = pkDy[0];
      },
      y0: new Float64Array(1),
      tStart: 0,
      tEnd: 10,
      events: doses.map((d) => ({ time: d.time, label: 'bolus', apply: (y: Float64Array) => void (y[0] += d.dose_mg) })),
      saveAt,
      options: TIGHT,
    };
    const solution = solve(problem);
    expect(solution.retcode).toBe('Success');
    solution.t.forEach((t, i) => {
      // Output at a dose time is taken after the dose.
      const exact = doses.filter((d) => d.time <= t).reduce((s, d) => s + (d.dose_mg / 10) * Math.exp(-k * (t - d.time)), 0);
      const simulated = solution.y[i] / 10;
      expect(Math.abs(simulated / exact - 1)).toBeLessThan(1e-6);
    });
  });
});

describe('dose jumps', () => {
  const dose_mg = 240;
  const centralAt = (times_day: number[], tEnd: number) => {
    const { system, solution } = simulate([nivolumab], [{ drug: 'nivolumab', dose_mg, times_day }], tEnd, [0, tEnd]);
    expect(solution.retcode).toBe('Success');
    const i = system.states.findIndex((s) => s.name === 'nivolumab.central');
    const n = system.states.length;
    return { start: solution.y[i], end: solution.y[n + i] };
  };

  it('adds exactly the dose to the central amount at t = 0', () => {
    expect(centralAt([0], 14).start).toBe(dose_mg);
  });

  it('adds exactly the dose at an interior dose time and at the end time', () => {
    // Same segment boundaries with and without the last dose, so the difference is the jump alone.
    const interior = centralAt([0, 14], 14).end - centralAt([0], 14).end;
    expect(interior).toBeCloseTo(dose_mg, 10);
    const atEnd = centralAt([0, 14, 28], 28).end - centralAt([0, 14], 28).end;
    expect(atEnd).toBeCloseTo(dose_mg, 10);
  });

  it('routes an oral dose to the depot, not the central compartment', () => {
    const { system, solution } = simulate([lenvatinib], [{ drug: 'lenvatinib', dose_mg: 20, times_day: [0] }], 1, [0, 1]);
    const depot = system.states.findIndex((s) => s.name === 'lenvatinib.depot');
    const central = system.states.findIndex((s) => s.name === 'lenvatinib.central');
    expect(solution.y[depot]).toBe(20);
    expect(solution.y[central]).toBe(0);
  });
});

describe('receptor occupancy after one 3 mg/kg nivolumab dose (Brahmer 2010: > 70% for ≥ 2 months)', () => {
  const { system, solution } = simulate(
    [nivolumab],
    [{ drug: 'nivolumab', dose_mg: 3 * BODY_WEIGHT_kg, times_day: [0] }],
    60,
    outputGrid(0, 60, 1),
  );
  const tumorRO = readoutSeries(system, solution, 'nivolumab.PD-1_occupancy');

  it('stays above 70% at the site of action (tumor interstitium) for 60 days', () => {
    expect(Math.min(...tumorRO)).toBeGreaterThan(0.7);
    // About 80% at day 60 with KD 3 nM and a 0.3 tumor/plasma partition.
    expect(tumorRO[60]).toBeGreaterThan(0.75);
    expect(tumorRO[60]).toBeLessThan(0.85);
  });

  it('stays above 90% in plasma (where Brahmer measured, on blood T cells)', () => {
    const partition = nivolumab.pk.parameters.find((p) => p.name === 'partition')!.value;
    const kd = nivolumab.parameters.find((p) => p.name === 'KD_PD1')!.value;
    const conc = readoutSeries(system, solution, 'nivolumab.concentration');
    const plasmaRO = conc.map((c) => c / partition / (c / partition + kd));
    expect(Math.min(...plasmaRO)).toBeGreaterThan(0.9);
  });
});

describe('all built-in therapies together', () => {
  const therapies = builtInTherapies();
  const iuDose_mg = (720_000 * BODY_WEIGHT_kg) / aldesleukin.doseUnits.iuPerMg!;
  const q8h = Array.from({ length: 14 }, (_, i) => i / 3);
  const doses: Dose[] = [
    { drug: 'nivolumab', dose_mg: 240, times_day: [0, 14, 28, 42] },
    { drug: 'pembrolizumab', dose_mg: 200, times_day: [0, 21, 42] },
    { drug: 'ipilimumab', dose_mg: 225, times_day: [0, 21, 42] },
    { drug: 'relatlimab', dose_mg: 160, times_day: [0, 28] },
    { drug: 'aldesleukin', dose_mg: iuDose_mg, times_day: q8h },
    { drug: 'il2-notalpha', dose_mg: 0.45, times_day: [0, 1, 2, 3, 4] },
    { drug: 'bevacizumab', dose_mg: 750, times_day: [0, 21, 42] },
    { drug: 'lenvatinib', dose_mg: 20, times_day: Array.from({ length: 60 }, (_, i) => i) },
  ];
  // Once a fast-decaying amount falls below absTol its error is no longer controlled, and the explicit solver
  // lets it wander slightly below zero: measured up to ~60 × absTol (−6e-5 mg of aldesleukin at absTol 1e-6,
  // against doses of 3.3 mg). So "never negative" means never below 1000 × absTol, at every accepted step;
  // concentrations are clamped at zero regardless, so effects never see it.
  const run = (absTol: number) =>
    simulate(therapies, doses, 120, outputGrid(0, 120, 0.25), { ...DEFAULT_ODE_OPTIONS, absTol, negativeTolerance: 1000 * absTol });
  const { system, solution } = run(DEFAULT_ODE_OPTIONS.absTol);

  it('keeps every amount above −1000 × absTol at every accepted step, at default and at tight tolerance', () => {
    expect(solution.message).toBe('integration finished');
    expect(solution.retcode).toBe('Success');
    const tight = run(1e-12).solution;
    expect(tight.message).toBe('integration finished');
    expect(Math.min(...tight.y)).toBeGreaterThanOrEqual(-1e-9);
  });

  it('reports non-negative concentrations and effects in [0, 1] for every drug', () => {
    for (const t of therapies) {
      const c = readoutSeries(system, solution, `${t.drug}.concentration`);
      expect(Math.min(...c)).toBeGreaterThanOrEqual(0);
      for (const e of t.effects) for (const v of c.map((x) => e.value(x))) expect(v).toBeGreaterThanOrEqual(0);
      const ro = readoutSeries(system, solution, `${t.drug}.${t.occupancy!.target}_occupancy`);
      expect(Math.max(...ro)).toBeLessThanOrEqual(1);
    }
  });

  it('combines two VEGF inhibitors as independent blockers, 1 − (1 − a)(1 − b)', () => {
    const n = system.states.length;
    const inputs = new Float64Array(inertModel.inputs.length);
    const slot = inertModel.inputs.findIndex((i) => i.name === 'vegf_inhibition');
    const k = 30 * 4 + 2; // mid-interval on day 30
    const y = solution.y.subarray(k * n, (k + 1) * n);
    system.computeInputs(y, inputs);
    const bev = therapies.findIndex((t) => t.drug === 'bevacizumab');
    const len = therapies.findIndex((t) => t.drug === 'lenvatinib');
    const a = therapies[bev].effects[0].value(therapies[bev].pk.concentration_nM(y, system.pkOffset[bev]));
    const b = therapies[len].effects[0].value(therapies[len].pk.concentration_nM(y, system.pkOffset[len]));
    expect(inputs[slot]).toBeCloseTo(1 - (1 - a) * (1 - b), 12);
  });
});

describe('IL-2', () => {
  it('converts 18 million IU to 1.1 mg', () => {
    expect(18e6 / aldesleukin.doseUnits.iuPerMg!).toBeCloseTo(1.1, 12);
  });

  it('reproduces the measured 12.9 min and 85 min phases', () => {
    const rates = (aldesleukin.pk as LinearPkModel).rateMatrix_per_day;
    const tr = -(rates[0][0] + rates[1][1]);
    const det = rates[0][0] * rates[1][1] - rates[0][1] * rates[1][0];
    const alpha = (tr + Math.sqrt(tr * tr - 4 * det)) / 2;
    expect((Math.LN2 / alpha) * 1440).toBeCloseTo(12.9, 6);
    expect(terminalHalfLife_day(aldesleukin.pk as LinearPkModel) * 1440).toBeCloseTo(85, 6);
  });

  it('aldesleukin stimulates Tregs (CD25) more than effectors at every concentration; the not-alpha variant does not', () => {
    const effect = (m: TherapyModule, input: string) => m.effects.find((e) => e.input === input)!;
    for (const c of [1e-4, 1e-3, 0.01, 0.1, 1, 10]) {
      expect(effect(aldesleukin, 'il2_treg_stimulation').value(c)).toBeGreaterThan(effect(aldesleukin, 'il2_effector_stimulation').value(c));
      expect(effect(il2NotAlpha, 'il2_treg_stimulation').value(c)).toBeCloseTo(effect(il2NotAlpha, 'il2_effector_stimulation').value(c), 15);
    }
  });

  it('stops stimulating Tregs within two days of the last dose', () => {
    const dose_mg = (720_000 * BODY_WEIGHT_kg) / aldesleukin.doseUnits.iuPerMg!;
    const times_day = Array.from({ length: 14 }, (_, i) => i / 3);
    const { system, solution } = simulate([aldesleukin], [{ drug: 'aldesleukin', dose_mg, times_day }], 30, outputGrid(0, 30, 0.5), DEFAULT_ODE_OPTIONS);
    const treg = aldesleukin.effects.find((e) => e.input === 'il2_treg_stimulation')!;
    const c = readoutSeries(system, solution, 'aldesleukin.concentration');
    c.forEach((x, k) => {
      if (solution.t[k] <= 4) expect(treg.value(x)).toBeGreaterThan(0.5);
      if (solution.t[k] >= 6.5) expect(treg.value(x)).toBeLessThan(0.01);
    });
  });

  it('a 14-dose q8h aldesleukin course over 60 days stays within the solver budget', () => {
    const dose_mg = (720_000 * BODY_WEIGHT_kg) / aldesleukin.doseUnits.iuPerMg!;
    const times_day = Array.from({ length: 14 }, (_, i) => i / 3);
    const { solution } = simulate([aldesleukin], [{ drug: 'aldesleukin', dose_mg, times_day }], 60, outputGrid(0, 60, 1), DEFAULT_ODE_OPTIONS);
    expect(solution.retcode).toBe('Success');
    // Measured ~15k evaluations (an antibody alone needs ~1k); the budget leaves headroom, not a target.
    expect(solution.stats.nRhs).toBeLessThan(40_000);
  });
});

describe('ipilimumab ADCC', () => {
  it('depletes Tregs at kADCC·RO, at most 0.1/day', () => {
    const depletion = ipilimumab.effects.find((e) => e.input === 'treg_depletion_rate')!;
    const ro = ipilimumab.effects.find((e) => e.input === 'ctla4_occupancy')!;
    for (const c of [0, 1, 18, 100, 1e4]) expect(depletion.value(c)).toBeCloseTo(0.1 * ro.value(c), 15);
    expect(depletion.value(18)).toBeCloseTo(0.05, 12);
  });
});

describe('PK factories', () => {
  it('reject non-physical parameters', () => {
    const sources = { clearance_L_per_day: '', volume_L: '', molecularWeight_kDa: '', tissuePartition: '', absorptionRate_per_day: '', bioavailability: '' };
    expect(() => oneCompartmentPk({ clearance_L_per_day: -1, volume_L: 1, molecularWeight_kDa: 1, tissuePartition: 1, sources })).toThrow(/clearance/);
    expect(() =>
      oralOneCompartmentPk({ clearance_L_per_day: 1, volume_L: 1, absorptionRate_per_day: 1, bioavailability: 1.2, molecularWeight_kDa: 1, tissuePartition: 1, sources }),
    ).toThrow(/bioavailability/);
    expect(() => distributionFromHalfLives(1, 3, 0.1, 0.01)).toThrow(/shorter/);
    expect(() => distributionFromHalfLives(3000, 3, 0.1, 1)).toThrow(/not consistent/);
  });

  it('compute a two-compartment terminal half-life from the eigenvalues', () => {
    const pk = twoCompartmentPk({
      clearance_L_per_day: 0.2,
      centralVolume_L: 3,
      interCompartmentalClearance_L_per_day: 1e6,
      peripheralVolume_L: 3,
      molecularWeight_kDa: 150,
      tissuePartition: 1,
      sources: { clearance_L_per_day: '', centralVolume_L: '', interCompartmentalClearance_L_per_day: '', peripheralVolume_L: '', molecularWeight_kDa: '', tissuePartition: '' },
    });
    // Instant distribution: one pool of 6 L.
    expect(terminalHalfLife_day(pk)).toBeCloseTo((Math.LN2 * 6) / 0.2, 3);
  });
});

describe('parameter provenance', () => {
  it('gives every drug parameter a value, unit, description and source', () => {
    const rows = therapyParameterRows();
    expect(rows.length).toBeGreaterThan(40);
    for (const r of rows) {
      expect(Number.isFinite(r.value), r.name).toBe(true);
      expect(r.unit.length, r.name).toBeGreaterThan(0);
      expect(r.description.length, r.name).toBeGreaterThan(0);
      expect(r.source.length, r.name).toBeGreaterThan(3);
      expect(r.name.startsWith(`${r.drug}.`)).toBe(true);
    }
  });
});
