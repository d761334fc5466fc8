/**
 * A loaded scenario file → the page's setup. The file is validated by the
 * engine's own resolver first; the resolved administration times then give
 * start, interval and count without re-reading the unit strings here.
 */
import type { ResolvedDosing, ResolvedScenario } from '../scenario/types.js';
import { emptyRegimen, formatNumber, type ArmId, type Regimen, type Setup, type TherapySetting } from './setup.js';
import { findDrug, type DoseUnit, type DrugChoice, type IntervalUnit } from './therapyClasses.js';

export interface ImportResult {
  readonly setup: Setup;
  /** What could not be carried over exactly, for the student to read. */
  readonly notes: string[];
}

interface RawTherapy {
  readonly doses?: unknown;
  readonly until?: unknown;
  readonly at?: unknown;
}

const round = (x: number) => Number(x.toPrecision(6));

/** An interval in days, in the unit a person would write it in. */
export function intervalFromDays(every_day: number): { every: number; everyUnit: IntervalUnit } {
  if (every_day < 1) return { every: round(every_day * 24), everyUnit: 'hours' };
  const weeks = every_day / 7;
  if (Math.abs(weeks - Math.round(weeks)) < 1e-9) return { every: Math.round(weeks), everyUnit: 'weeks' };
  return { every: round(every_day), everyUnit: 'days' };
}

function doseFrom(dosing: ResolvedDosing, choice: DrugChoice, notes: string[]): { dose: number; doseUnit: DoseUnit } {
  const written = /^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(mg\/kg|mg|IU\/kg)\s*$/i.exec(dosing.doseText);
  const unit = written?.[2] as DoseUnit | undefined;
  if (written && unit && choice.units.includes(unit)) return { dose: Number(written[1]), doseUnit: unit };
  notes.push(`${dosing.drug}: the dose "${dosing.doseText}" is shown as ${formatNumber(dosing.dose_mg)} mg.`);
  return { dose: round(dosing.dose_mg), doseUnit: 'mg' };
}

function settingFrom(
  raw: RawTherapy,
  dosing: ResolvedDosing,
  choice: DrugChoice,
  duration_day: number,
  notes: string[],
): TherapySetting {
  const times = dosing.times_day;
  if (times.length === 0) {
    notes.push(`${dosing.drug}: no administration falls within the simulation; label dosing is shown, switched off.`);
    return { enabled: false, drug: choice.drug, ...choice.defaults };
  }
  const every_day = times.length > 1 ? times[1] - times[0] : undefined;
  const regular = every_day === undefined || times.every((t, k) => k === 0 || Math.abs(t - times[k - 1] - every_day) < 1e-6);
  if (!regular) notes.push(`${dosing.drug}: irregular administration times are shown as a regular schedule from the first two.`);
  const interval = every_day !== undefined ? intervalFromDays(every_day) : { every: choice.defaults.every, everyUnit: choice.defaults.everyUnit };
  const untilEnd = raw.until !== undefined && every_day !== undefined && times[times.length - 1] + every_day > duration_day;
  const count = typeof raw.doses === 'number' ? raw.doses : untilEnd ? 0 : times.length;
  return { enabled: true, drug: choice.drug, ...doseFrom(dosing, choice, notes), start_day: round(times[0]), ...interval, count };
}

/**
 * Puts a validated scenario into one regimen; patient, body weight and
 * duration are shared by both regimens and are taken from the file too.
 */
export function importScenario(setup: Setup, arm: ArmId, raw: unknown, resolved: ResolvedScenario): ImportResult {
  const notes: string[] = [];
  const rawTherapies = (raw as { therapies?: RawTherapy[] }).therapies ?? [];
  const regimen: Record<string, TherapySetting> = { ...emptyRegimen() };
  const filled = new Set<string>();
  resolved.therapies.forEach((dosing, i) => {
    const found = findDrug(dosing.drug);
    if (!found) {
      notes.push(`${dosing.drug} is not one of the page's therapy classes and was left out.`);
      return;
    }
    if (filled.has(found.cls.id)) {
      notes.push(`A second ${found.cls.name} schedule (${dosing.drug} ${dosing.doseText}) was left out: the page gives each class one schedule.`);
      return;
    }
    filled.add(found.cls.id);
    regimen[found.cls.id] = settingFrom(rawTherapies[i] ?? {}, dosing, found.choice, resolved.duration_day, notes);
  });
  const rawParameters = (raw as { patient?: { parameters?: Record<string, unknown> } }).patient?.parameters ?? {};
  const parameters = Object.fromEntries(Object.entries(rawParameters).map(([k, v]) => [k, String(v)]));
  if (resolved.engine !== 'ode') notes.push('The page runs the ODE engine; the file asked for the agent-based one.');
  return {
    setup: {
      ...setup,
      archetype: resolved.patient.archetype ?? '',
      bodyWeight_kg: resolved.patient.bodyWeight_kg,
      duration_weeks: round(resolved.duration_day / 7),
      parameters,
      arms: { ...setup.arms, [arm]: regimen as Regimen },
    },
    notes,
  };
}
