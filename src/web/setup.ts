/**
 * What the student has set up (patient, two regimens, duration), and how it
 * becomes scenario objects in the README's file format. Pure data and pure
 * functions: the DOM, the URL and files all go through here.
 */
import type { ScenarioFile } from '../scenario/schema.js';
import { THERAPY_CLASSES, therapyClass, type ClassId, type Dosing } from './therapyClasses.js';

export type ArmId = 'A' | 'B';
export const ARM_IDS: readonly ArmId[] = ['A', 'B'];

/** The four runs behind every update: untreated, each regimen alone, and both together. */
export type Combination = 'untreated' | 'A' | 'B' | 'AB';
export const COMBINATIONS: readonly Combination[] = ['untreated', 'A', 'B', 'AB'];
const ARMS_OF: Record<Combination, readonly ArmId[]> = { untreated: [], A: ['A'], B: ['B'], AB: ['A', 'B'] };

export interface TherapySetting extends Dosing {
  readonly enabled: boolean;
  readonly drug: string;
}

/** A setting for every therapy class, on or off (off ones keep their values for when they are switched back on). */
export type Regimen = Readonly<Record<ClassId, TherapySetting>>;

export interface Setup {
  /** Archetype name, or '' for the model's default patient. */
  readonly archetype: string;
  readonly bodyWeight_kg: number;
  readonly duration_weeks: number;
  readonly arms: Readonly<Record<ArmId, Regimen>>;
  /** Parameter overrides carried over from a loaded scenario file, as written there. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Week at which responses are read for the Bliss comparison; 0 means the last day. */
  readonly readAt_weeks: number;
  /** Which run the mechanism panels show. */
  readonly view: Combination;
}

export const DEFAULT_ARCHETYPE = 'inflamed';

export function defaultSetting(classId: ClassId, drug?: string): TherapySetting {
  const cls = therapyClass(classId);
  const choice = cls.drugs.find((d) => d.drug === drug) ?? cls.drugs[0];
  return { enabled: false, drug: choice.drug, ...choice.defaults };
}

export function emptyRegimen(): Regimen {
  const entries = THERAPY_CLASSES.map((c) => [c.id, defaultSetting(c.id)] as const);
  return Object.fromEntries(entries) as Record<ClassId, TherapySetting>;
}

/** Anti-PD-1 as A and anti-CTLA-4 as B: the classic combination question. */
export function defaultSetup(): Setup {
  const on = (classId: ClassId): Regimen => ({ ...emptyRegimen(), [classId]: { ...defaultSetting(classId), enabled: true } });
  return {
    archetype: DEFAULT_ARCHETYPE,
    bodyWeight_kg: 75,
    duration_weeks: 52,
    arms: { A: on('pd1'), B: on('ctla4') },
    parameters: {},
    readAt_weeks: 0,
    view: 'AB',
  };
}

/** Changes one class of one regimen; choosing another drug brings that drug's label dosing. */
export function updateSetting(setup: Setup, arm: ArmId, classId: ClassId, patch: Partial<TherapySetting>): Setup {
  const current = setup.arms[arm][classId];
  const next: TherapySetting =
    patch.drug !== undefined && patch.drug !== current.drug
      ? { ...defaultSetting(classId, patch.drug), enabled: patch.enabled ?? current.enabled }
      : { ...current, ...patch };
  return { ...setup, arms: { ...setup.arms, [arm]: { ...setup.arms[arm], [classId]: next } } };
}

export function enabledSettings(regimen: Regimen): TherapySetting[] {
  return THERAPY_CLASSES.map((c) => regimen[c.id]).filter((s) => s.enabled);
}

/** Numbers as people write them: no float noise, no exponent for ordinary doses. */
export function formatNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
}

export function doseText(s: Pick<Dosing, 'dose' | 'doseUnit'>): string {
  return `${formatNumber(s.dose)} ${s.doseUnit}`;
}

const SHORT_UNIT: Record<Dosing['everyUnit'], string> = { hours: 'h', days: 'd', weeks: 'w' };

/** "3 mg/kg q2w", "600000 IU/kg q8h ×14", "160 mg once". */
export function describeSetting(s: TherapySetting): string {
  const schedule = s.count === 1 ? 'once' : `q${formatNumber(s.every)}${SHORT_UNIT[s.everyUnit]}${s.count > 0 ? ` ×${s.count}` : ''}`;
  const start = s.start_day > 0 ? ` from day ${formatNumber(s.start_day)}` : '';
  return `${s.drug} ${doseText(s)} ${schedule}${start}`;
}

export function describeRegimen(regimen: Regimen): string {
  const parts = enabledSettings(regimen).map(describeSetting);
  return parts.length > 0 ? parts.join(' + ') : 'no treatment';
}

export function describeCombination(setup: Setup, which: Combination): string {
  if (which === 'untreated') return 'untreated';
  return ARMS_OF[which].map((arm) => describeRegimen(setup.arms[arm])).join(' + ');
}

type ScenarioTherapy = ScenarioFile['therapies'] extends (infer T)[] | undefined ? T : never;

function therapyEntry(s: TherapySetting, duration_weeks: number): ScenarioTherapy {
  const base = { drug: s.drug, dose: doseText(s), start: `${formatNumber(s.start_day)} days` };
  if (s.count === 1) return { ...base, doses: 1 };
  const every = `${formatNumber(s.every)} ${s.everyUnit}`;
  return s.count > 0 ? { ...base, every, doses: s.count } : { ...base, every, until: `${formatNumber(duration_weeks)} weeks` };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9+]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The scenario file (README format) for one of the four runs. */
export function scenarioFor(setup: Setup, which: Combination): ScenarioFile {
  const settings = ARMS_OF[which].flatMap((arm) => enabledSettings(setup.arms[arm]));
  const patientName = setup.archetype || 'default-patient';
  const drugs = settings.map((s) => s.drug);
  const label = which === 'untreated' ? 'untreated' : which === 'AB' ? 'A+B' : which;
  const hasParameters = Object.keys(setup.parameters).length > 0;
  return {
    name: slug(`${patientName}-${drugs.length > 0 ? [...new Set(drugs)].join('+') : 'untreated'}`),
    description: `Regimen ${label} (${describeCombination(setup, which)}) in ${setup.archetype ? `the ${setup.archetype} archetype` : 'the default patient'}, set up on the teaching page.`,
    model: 'checkpoint',
    patient: {
      ...(setup.archetype ? { archetype: setup.archetype } : {}),
      bodyWeight: `${formatNumber(setup.bodyWeight_kg)} kg`,
      ...(hasParameters ? { parameters: { ...setup.parameters } } : {}),
    },
    therapies: settings.map((s) => therapyEntry(s, setup.duration_weeks)),
    duration: `${formatNumber(setup.duration_weeks)} weeks`,
    output: { interval: '1 day' },
    engine: 'ode',
    seed: 1,
  };
}

const ARM_NAMES: Record<ArmId, string> = { A: 'Regimen A', B: 'Regimen B' };

/** Problems a student can fix in the controls, worded for the controls rather than for the file. */
export function setupProblems(setup: Setup): string[] {
  const problems: string[] = [];
  if (!(setup.duration_weeks > 0 && setup.duration_weeks <= 260)) problems.push('Duration must be between 1 and 260 weeks.');
  if (!(setup.bodyWeight_kg >= 20 && setup.bodyWeight_kg <= 250)) problems.push('Body weight must be between 20 and 250 kg.');
  if (!(setup.readAt_weeks >= 0 && setup.readAt_weeks <= setup.duration_weeks)) {
    problems.push('The week at which responses are read must lie within the simulated weeks (empty means the last day).');
  }
  for (const arm of ARM_IDS) {
    for (const s of enabledSettings(setup.arms[arm])) {
      const where = `${ARM_NAMES[arm]}, ${s.drug}`;
      if (!(s.dose > 0)) problems.push(`${where}: the dose must be a positive number.`);
      if (!(s.start_day >= 0)) problems.push(`${where}: the start day must be 0 or later.`);
      if (!(s.every > 0)) problems.push(`${where}: the interval must be a positive number.`);
      if (!(Number.isInteger(s.count) && s.count >= 0 && s.count <= 1000)) {
        problems.push(`${where}: the number of doses must be a whole number (empty or 0 means until the end).`);
      }
    }
  }
  return problems;
}

/** Day at which responses are read: the chosen week, or the last day. */
export function readAtDay(setup: Setup): number {
  return setup.readAt_weeks > 0 ? setup.readAt_weeks * 7 : setup.duration_weeks * 7;
}

/** Drugs given in both regimens: A+B then gives both schedules of them. */
export function sharedDrugs(setup: Setup): string[] {
  const inB = new Set(enabledSettings(setup.arms.B).map((s) => s.drug));
  return enabledSettings(setup.arms.A)
    .map((s) => s.drug)
    .filter((drug) => inB.has(drug));
}
