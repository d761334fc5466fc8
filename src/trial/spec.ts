/**
 * Trial files (JSON or YAML): a virtual population, arms given as therapy
 * lists in the scenario format, follow-up, scan schedule, readout options,
 * and optionally the published results to compare with and a calibration
 * recipe.
 *
 *   {
 *     "name": "checkmate-067",
 *     "population": "../populations/advanced-melanoma.json",     or an inline population object
 *     "patients": 1000,
 *     "followUp": "24 months",
 *     "scans": [{ "start": "12 weeks", "every": "6 weeks", "until": "48 weeks" },
 *               { "start": "60 weeks", "every": "12 weeks" }],      "until" defaults to the follow-up
 *     "arms": [{ "id": "nivo", "label": "Nivolumab", "therapies": [ …scenario therapy entries… ] }],
 *     "reference": "ipi",
 *     "readouts": { "confidence": 0.95, "proportionInterval": "clopper-pearson", "ties": "efron",
 *                   "landmarks": ["12 months", "24 months"] },
 *     "published": { "source": "…", "arms": { "nivo": { "orr": 43.7, "medianPfs": "6.9 months", "hazardRatio": 0.57 } } },
 *     "calibration": { … see calibrate.ts … }
 *   }
 */
import { dirname, resolve } from 'node:path';
import { resolveScenario } from '../scenario/load.js';
import { ScenarioValidationError } from '../scenario/errors.js';
import { DEFAULT_SOLVER_OPTIONS, type ResolvedScenario } from '../scenario/types.js';
import type { SimulationContext } from '../simulation/context.js';
import { doseToMg, parseQuantity, QuantityError, readDose, type DoseAmount } from '../units/quantity.js';
import type { TiesMethod } from '../analysis/survival.js';
import { isRecord, IssueList, readDocument } from './issues.js';
import { INITIAL_GROWTH_DAYS, loadPopulationFile, resolvePopulation, type PopulationSpec, type VirtualPatient } from './population.js';

export const DAYS_PER_MONTH = 30.4375;
const MAX_SCANS = 1000;

export type ProportionIntervalMethod = 'clopper-pearson' | 'wilson';

export interface ReadoutOptions {
  readonly confidence: number;
  readonly proportionInterval: ProportionIntervalMethod;
  readonly ties: TiesMethod;
  readonly landmarks_day: readonly number[];
}

export interface TrialArm {
  readonly id: string;
  readonly label: string;
  /** The arm for a reference patient (75 kg, default parameters); doses are rescaled per patient. */
  readonly base: ResolvedScenario;
  /** Each therapy's dose as written (per kg or flat), in the order of base.therapies. */
  readonly doses: readonly DoseAmount[];
  readonly iuPerMg: readonly (number | undefined)[];
}

export interface PublishedArm {
  /** Percent. */
  readonly orr?: number;
  readonly cr?: number;
  readonly medianPfs_day?: number;
  /** PFS hazard ratio versus the reference arm. */
  readonly hazardRatio?: number;
}

export interface PublishedResults {
  readonly source?: string;
  readonly arms: Readonly<Record<string, PublishedArm>>;
}

export interface TrialSpec {
  readonly name: string;
  readonly description?: string;
  readonly file: string;
  readonly population: PopulationSpec;
  readonly patients: number;
  readonly followUp_day: number;
  /** Scan times after baseline, ascending, within follow-up. */
  readonly scanTimes_day: readonly number[];
  readonly arms: readonly TrialArm[];
  readonly reference?: string;
  readonly readouts: ReadoutOptions;
  readonly published?: PublishedResults;
  /** The document as read (the calibration block is interpreted by calibrate.ts). */
  readonly document: Record<string, unknown>;
}

const TOP_KEYS = ['$schema', 'name', 'description', 'population', 'patients', 'followUp', 'scans', 'arms', 'reference', 'readouts', 'published', 'calibration', 'solver'];

function readDuration(value: unknown, path: string, issues: IssueList, positive = true): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    issues.add(path, `expected a duration such as "12 weeks", got ${JSON.stringify(value)}`);
    return undefined;
  }
  try {
    const v = parseQuantity(value, 'day');
    if (positive ? v > 0 : v >= 0) return v;
    issues.add(path, positive ? 'must be greater than zero' : 'must not be negative');
  } catch (err) {
    if (!(err instanceof QuantityError)) throw err;
    issues.add(path, err.message);
  }
  return undefined;
}

/** Scan times from schedule entries {start, every, until?} or {at: [...]}, up to the follow-up. */
export function readScans(raw: unknown, followUp_day: number, issues: IssueList): number[] {
  const times: number[] = [];
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.add('$.scans', 'expected a list of schedules, e.g. [{"start": "12 weeks", "every": "6 weeks"}]');
    return times;
  }
  raw.forEach((entry: unknown, i) => {
    const path = `$.scans[${i}]`;
    if (!isRecord(entry)) return issues.add(path, 'expected {"start", "every", "until"?} or {"at": [...]}');
    if (entry.at !== undefined) {
      if (!Array.isArray(entry.at)) return issues.add(`${path}.at`, 'expected a list of times');
      entry.at.forEach((t: unknown, j) => {
        const v = readDuration(t, `${path}.at[${j}]`, issues);
        if (v !== undefined) times.push(v);
      });
      return;
    }
    const start = readDuration(entry.start, `${path}.start`, issues);
    const every = readDuration(entry.every, `${path}.every`, issues);
    const until = entry.until === undefined ? followUp_day : readDuration(entry.until, `${path}.until`, issues);
    if (start === undefined || every === undefined || until === undefined) return;
    const count = Math.floor((until - start) / every + 1e-9) + 1;
    if (count > MAX_SCANS) return issues.add(path, `gives ${count} scans; at most ${MAX_SCANS} are allowed`);
    for (let k = 0; k < count; k++) times.push(start + k * every);
  });
  const kept = [...new Set(times.map((t) => Number(t.toPrecision(12))))].filter((t) => t <= followUp_day + 1e-9).sort((a, b) => a - b);
  if (times.length && !kept.length) issues.add('$.scans', 'no scan falls within the follow-up');
  return kept;
}

function readArms(raw: unknown, modelId: string, lastScan_day: number, ctx: SimulationContext, file: string, issues: IssueList): TrialArm[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.add('$.arms', 'expected a list of arms, each {"id", "label"?, "therapies": [...]}');
    return [];
  }
  const arms: TrialArm[] = [];
  const ids = new Set<string>();
  raw.forEach((arm: unknown, i) => {
    const path = `$.arms[${i}]`;
    if (!isRecord(arm)) return issues.add(path, 'expected {"id", "label"?, "therapies": [...]}');
    if (typeof arm.id !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(arm.id)) return issues.add(`${path}.id`, 'expected an id of letters, digits, "-", "_" or "."');
    if (ids.has(arm.id)) return issues.add(`${path}.id`, `duplicate arm id "${arm.id}"`);
    ids.add(arm.id);
    if (!Array.isArray(arm.therapies)) return issues.add(`${path}.therapies`, 'expected a list of therapies (may be empty for an untreated arm)');
    const doc = { name: arm.id, model: modelId, therapies: arm.therapies, duration: lastScan_day, output: { interval: lastScan_day } };
    try {
      const base = resolveScenario(doc, ctx, file).scenario;
      const doses = (arm.therapies as { dose: string | number }[]).map((t) => readDose(t.dose));
      const iuPerMg = base.therapies.map((t) => ctx.therapies.get(t.drug)?.doseUnits.iuPerMg);
      arms.push({ id: arm.id, label: typeof arm.label === 'string' ? arm.label : arm.id, base, doses, iuPerMg });
    } catch (err) {
      if (!(err instanceof ScenarioValidationError)) throw err;
      for (const issue of err.issues) issues.add(issue.path.replace(/^\$/, path), issue.message);
    }
  });
  return arms;
}

function readReadouts(raw: unknown, issues: IssueList): ReadoutOptions {
  const r = isRecord(raw) ? raw : {};
  if (raw !== undefined && !isRecord(raw)) issues.add('$.readouts', 'expected an object');
  const confidence = r.confidence === undefined ? 0.95 : r.confidence;
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) issues.add('$.readouts.confidence', 'expected a number between 0 and 1');
  const proportionInterval = r.proportionInterval ?? 'clopper-pearson';
  if (proportionInterval !== 'clopper-pearson' && proportionInterval !== 'wilson')
    issues.add('$.readouts.proportionInterval', 'expected "clopper-pearson" or "wilson"');
  const ties = r.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow') issues.add('$.readouts.ties', 'expected "efron" or "breslow"');
  const landmarks = r.landmarks ?? ['6 months', '12 months', '24 months'];
  const landmarks_day = Array.isArray(landmarks)
    ? landmarks.flatMap((t: unknown, i) => readDuration(t, `$.readouts.landmarks[${i}]`, issues) ?? [])
    : (issues.add('$.readouts.landmarks', 'expected a list of times'), []);
  return { confidence: confidence as number, proportionInterval: proportionInterval as ProportionIntervalMethod, ties: ties as TiesMethod, landmarks_day };
}

function readPublished(raw: unknown, armIds: readonly string[], issues: IssueList): PublishedResults | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw) || !isRecord(raw.arms)) {
    issues.add('$.published', 'expected {"source"?, "arms": {"<arm id>": {"orr", "cr", "medianPfs", "hazardRatio"}}}');
    return undefined;
  }
  const arms: Record<string, PublishedArm> = {};
  for (const [id, value] of Object.entries(raw.arms)) {
    const path = `$.published.arms.${id}`;
    if (!armIds.includes(id)) issues.add(path, `no arm "${id}" in this trial (arms: ${armIds.join(', ')})`);
    if (!isRecord(value)) {
      issues.add(path, 'expected an object');
      continue;
    }
    const percent = (key: string) => {
      const v = value[key];
      if (v === undefined) return undefined;
      if (typeof v === 'number' && v >= 0 && v <= 100) return v;
      issues.add(`${path}.${key}`, 'expected a percentage between 0 and 100');
      return undefined;
    };
    const hr = value.hazardRatio;
    if (hr !== undefined && !(typeof hr === 'number' && hr > 0)) issues.add(`${path}.hazardRatio`, 'expected a positive number');
    const medianPfs_day = value.medianPfs === undefined ? undefined : readDuration(value.medianPfs, `${path}.medianPfs`, issues);
    arms[id] = {
      ...(percent('orr') !== undefined ? { orr: percent('orr') } : {}),
      ...(percent('cr') !== undefined ? { cr: percent('cr') } : {}),
      ...(medianPfs_day !== undefined ? { medianPfs_day } : {}),
      ...(typeof hr === 'number' ? { hazardRatio: hr } : {}),
    };
  }
  return { ...(typeof raw.source === 'string' ? { source: raw.source } : {}), arms };
}

function readPopulation(raw: unknown, file: string, ctx: SimulationContext, issues: IssueList): PopulationSpec | undefined {
  if (typeof raw === 'string') return loadPopulationFile(resolve(file.startsWith('<') ? '.' : dirname(file), raw), ctx);
  if (isRecord(raw)) {
    try {
      return resolvePopulation(raw, ctx, file);
    } catch (err) {
      if (!(err instanceof ScenarioValidationError)) throw err;
      for (const issue of err.issues) issues.add(issue.path.replace(/^\$/, '$.population'), issue.message);
      return undefined;
    }
  }
  issues.add('$.population', 'expected the path of a population file or an inline population object');
  return undefined;
}

/** Validates a trial document; a string population is read relative to the trial file. */
export function resolveTrial(raw: unknown, ctx: SimulationContext, file = '<trial>'): TrialSpec {
  const issues = new IssueList(file);
  if (!isRecord(raw)) {
    issues.add('$', 'expected an object');
    issues.check();
  }
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (!TOP_KEYS.includes(key)) issues.add(`$.${key}`, `unknown field (known: ${TOP_KEYS.slice(1).join(', ')})`);
  if (typeof doc.name !== 'string' || doc.name === '') issues.add('$.name', 'expected a non-empty name');
  const patients = doc.patients ?? 100;
  if (!Number.isInteger(patients) || (patients as number) < 1) issues.add('$.patients', 'expected a positive whole number');
  const population = readPopulation(doc.population, file, ctx, issues);
  const followUp_day = readDuration(doc.followUp, '$.followUp', issues);
  const scanTimes_day = followUp_day === undefined ? [] : readScans(doc.scans, followUp_day, issues);
  const lastScan = scanTimes_day[scanTimes_day.length - 1];
  const arms = population && lastScan !== undefined ? readArms(doc.arms, population.model, lastScan, ctx, file, issues) : [];
  const reference = doc.reference;
  if (reference !== undefined && (typeof reference !== 'string' || (arms.length && !arms.some((a) => a.id === reference))))
    issues.add('$.reference', `expected the id of an arm (arms: ${arms.map((a) => a.id).join(', ')})`);
  const readouts = readReadouts(doc.readouts, issues);
  const published = readPublished(doc.published, arms.map((a) => a.id), issues);
  issues.check();
  return {
    name: doc.name as string,
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
    file,
    population: population!,
    patients: patients as number,
    followUp_day: followUp_day!,
    scanTimes_day,
    arms,
    ...(typeof reference === 'string' ? { reference } : {}),
    readouts,
    ...(published ? { published } : {}),
    document: doc,
  };
}

export function loadTrialFile(file: string, ctx: SimulationContext): TrialSpec {
  return resolveTrial(readDocument(file), ctx, file);
}

/** Greatest common step (days) of the scan times, so every scan lands on the output grid; at least 1 day. */
export function outputInterval(times_day: readonly number[]): number {
  // Integer arithmetic in thousandths of a day: float remainders would leave residues.
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = times_day.reduce((acc, t) => gcd(acc, Math.round(t * 1000)), 0) / 1000;
  return g >= 1 ? g : 1;
}

/** The resolved scenario of one patient on one arm (doses per kg rescaled to the patient's weight). */
export function armScenario(trial: TrialSpec, arm: TrialArm, patient: VirtualPatient, patientIndex: number): ResolvedScenario {
  const last = trial.scanTimes_day[trial.scanTimes_day.length - 1];
  return {
    ...arm.base,
    name: `${trial.name}-${arm.id}-${patientIndex}`,
    patient: { bodyWeight_kg: patient.bodyWeight_kg, parameters: patient.parameters },
    therapies: arm.base.therapies.map((d, i) => ({
      ...d,
      dose_mg: doseToMg(arm.doses[i], { bodyWeight_kg: patient.bodyWeight_kg, iuPerMg: arm.iuPerMg[i], drug: d.drug }),
    })),
    duration_day: last,
    outputInterval_day: outputInterval(trial.scanTimes_day),
    seed: patientIndex,
  };
}

/** The untreated run the plausibility filter measures growth on. */
export function screeningScenario(population: PopulationSpec, patient: VirtualPatient, window_day: number): ResolvedScenario {
  return {
    name: `${population.name}-screen-${patient.candidate}`,
    model: population.model,
    patient: { bodyWeight_kg: patient.bodyWeight_kg, parameters: patient.parameters },
    therapies: [],
    duration_day: window_day,
    // The grid must hold the end of the first week (initial growth) and the end of the window.
    outputInterval_day: Math.min(window_day, INITIAL_GROWTH_DAYS),
    engine: 'ode',
    seed: patient.candidate,
    solver: DEFAULT_SOLVER_OPTIONS,
  };
}
