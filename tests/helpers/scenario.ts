/**
 * Helpers for the biology tests: build ResolvedScenario objects directly (no
 * file loading), run them through the real simulate() with the real therapy
 * registry, and read archetype overrides from scenarios/patients/*.json.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkpointModel } from '../../src/model/checkpoint/index.js';
import type { ParameterSpec } from '../../src/model/types.js';
import type { ResolvedDosing, ResolvedScenario } from '../../src/scenario/types.js';
import type { PatientArchetype, SimulationContext } from '../../src/simulation/context.js';
import { simulate, valueAt, column, type SimulationResult } from '../../src/simulation/simulate.js';
import { defaultTherapyRegistry } from '../../src/therapies/index.js';
import { parseQuantity } from '../../src/units/quantity.js';

export const BODY_WEIGHT_KG = 75;

export const context: SimulationContext = {
  models: new Map([['checkpoint', checkpointModel]]),
  therapies: defaultTherapyRegistry(),
  archetypes: new Map(),
};

export type Overrides = Readonly<Record<string, number>>;

/** Archetype overrides converted to each parameter's canonical unit. */
export function archetype(name: string): Overrides {
  const file = fileURLToPath(new URL(`../../scenarios/patients/${name}.json`, import.meta.url));
  const a = JSON.parse(readFileSync(file, 'utf8')) as PatientArchetype;
  const specs = new Map<string, ParameterSpec>(checkpointModel.parameters.map((p) => [p.name, p]));
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(a.parameters)) {
    const spec = specs.get(key);
    if (!spec) throw new Error(`archetype ${name}: unknown parameter "${key}"`);
    out[key] = parseQuantity(value, spec.unit);
  }
  return out;
}

export const ARCHETYPES = ['inflamed', 'cold', 'treg-rich', 'hypoxic', 'b2m-loss', 'jak-loss', 'late'] as const;

/** Administration times start, start + every, ... (count doses). */
export function schedule(start_day: number, every_day: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start_day + i * every_day);
}

/** Administration times from start every `every` up to and including `until`. */
export function scheduleUntil(start_day: number, every_day: number, until_day: number): number[] {
  const out: number[] = [];
  for (let t = start_day; t <= until_day + 1e-9; t += every_day) out.push(t);
  return out;
}

export function dosing(drug: string, doseText: string, dose_mg: number, times_day: readonly number[]): ResolvedDosing {
  return { drug, doseText, dose_mg, times_day };
}

/** Real regimens at real doses for a 75 kg patient, starting at `start` (days) and running to `until`. */
export const regimens = {
  /** Nivolumab 3 mg/kg Q2W (CheckMate 067 monotherapy arm). */
  nivolumab: (start = 0, until = 365): ResolvedDosing[] => [
    dosing('nivolumab', '3 mg/kg', 3 * BODY_WEIGHT_KG, scheduleUntil(start, 14, until)),
  ],
  /** Ipilimumab 3 mg/kg Q3W ×4. */
  ipilimumab: (start = 0): ResolvedDosing[] => [dosing('ipilimumab', '3 mg/kg', 3 * BODY_WEIGHT_KG, schedule(start, 21, 4))],
  /** Nivolumab 1 mg/kg + ipilimumab 3 mg/kg Q3W ×4, then nivolumab 3 mg/kg Q2W (CheckMate 067 combination arm). */
  nivoIpi: (start = 0, until = 365): ResolvedDosing[] => [
    dosing('nivolumab', '1 mg/kg', 1 * BODY_WEIGHT_KG, schedule(start, 21, 4)),
    dosing('ipilimumab', '3 mg/kg', 3 * BODY_WEIGHT_KG, schedule(start, 21, 4)),
    dosing('nivolumab', '3 mg/kg', 3 * BODY_WEIGHT_KG, scheduleUntil(start + 84, 14, until)),
  ],
  /** Relatlimab 160 mg Q4W. */
  relatlimab: (start = 0, until = 365): ResolvedDosing[] => [dosing('relatlimab', '160 mg', 160, scheduleUntil(start, 28, until))],
  /** Nivolumab 480 mg + relatlimab 160 mg Q4W (RELATIVITY-047). */
  nivoRela: (start = 0, until = 365): ResolvedDosing[] => [
    dosing('nivolumab', '480 mg', 480, scheduleUntil(start, 28, until)),
    dosing('relatlimab', '160 mg', 160, scheduleUntil(start, 28, until)),
  ],
  /** Nivolumab 480 mg Q4W (the comparator arm of RELATIVITY-047). */
  nivolumab480: (start = 0, until = 365): ResolvedDosing[] => [dosing('nivolumab', '480 mg', 480, scheduleUntil(start, 28, until))],
  /** Bevacizumab 10 mg/kg Q2W. */
  bevacizumab: (start = 0, until = 365): ResolvedDosing[] => [
    dosing('bevacizumab', '10 mg/kg', 10 * BODY_WEIGHT_KG, scheduleUntil(start, 14, until)),
  ],
  /** High-dose IL-2: 600000 IU/kg IV q8h × 14 doses per cycle, 9 days' rest between cycles. */
  aldesleukin: (start = 0, cycles = 1): ResolvedDosing[] => [
    dosing('aldesleukin', '600000 IU/kg', il2DoseMg(), il2Course(start, cycles)),
  ],
  /** The not-alpha IL-2 variant at the same mass dose and schedule as aldesleukin. */
  il2NotAlpha: (start = 0, cycles = 1): ResolvedDosing[] => [
    dosing('il2-notalpha', `${il2DoseMg().toPrecision(3)} mg`, il2DoseMg(), il2Course(start, cycles)),
  ],
};

/** mg per administration of aldesleukin 600000 IU/kg for a 75 kg patient (18 MIU = 1.1 mg). */
export function il2DoseMg(): number {
  return (600000 * BODY_WEIGHT_KG) / (18e6 / 1.1);
}

/** Cycles of 14 doses q8h, each after 9 days of rest following the previous one. */
export function il2Course(start: number, cycles = 1): number[] {
  const times: number[] = [];
  let s = start;
  for (let c = 0; c < cycles; c++) {
    const cycle = schedule(s, 1 / 3, 14);
    times.push(...cycle);
    s = cycle[cycle.length - 1] + 9;
  }
  return times;
}

export interface RunOptions {
  readonly parameters?: Overrides;
  readonly therapies?: readonly ResolvedDosing[];
  readonly duration_day?: number;
  readonly name?: string;
}

export function scenario(options: RunOptions = {}): ResolvedScenario {
  return {
    name: options.name ?? 'test',
    model: 'checkpoint',
    patient: { bodyWeight_kg: BODY_WEIGHT_KG, parameters: { ...(options.parameters ?? {}) } },
    therapies: options.therapies ?? [],
    duration_day: options.duration_day ?? 365,
    outputInterval_day: 1,
    engine: 'ode',
    seed: 1,
    solver: { relTol: 1e-6, absTol: 1e-6, maxSteps: 100_000 },
  };
}

export function run(options: RunOptions = {}): SimulationResult {
  const result = simulate(scenario(options), context);
  if (result.retcode !== 'Success') throw new Error(`simulation "${options.name ?? 'test'}" failed: ${result.retcode}: ${result.message}`);
  return result;
}

export { valueAt, column };

/** Tumor volume at a day. */
export function volumeAt(result: SimulationResult, day: number): number {
  return valueAt(result, 'tumor_volume', day);
}

/** Fractional tumor reduction versus a reference run at a day: 1 − V/V_ref. */
export function reduction(result: SimulationResult, reference: SimulationResult, day: number): number {
  return 1 - volumeAt(result, day) / volumeAt(reference, day);
}

/** Best percent change of tumor volume from baseline. */
export function bestChange(result: SimulationResult): number {
  return result.tumor.bestChange_percent;
}

/** Largest value of a column over the run. */
export function maxOf(result: SimulationResult, name: string): number {
  return Math.max(...column(result, name));
}

/** Smallest value of a column over the run. */
export function minOf(result: SimulationResult, name: string): number {
  return Math.min(...column(result, name));
}
