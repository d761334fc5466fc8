/**
 * Running a virtual trial on the worker pool: screen candidates with the
 * plausibility filter (untreated growth), then simulate every accepted
 * patient on every arm. Every job carries a resolved scenario; results are
 * stored by index, so the outcome does not depend on the number of workers.
 */
import { createPool, type Pool } from '../parallel/pool.js';
import { nodeSpawner } from '../parallel/nodeSpawn.js';
import type { KaplanMeierCurve } from '../analysis/survival.js';
import type { SimulationContext } from '../simulation/context.js';
import { createProgress, type ProgressReporter } from '../report/progress.js';
import type { TrialJob, TrialJobResult } from './job.js';
import { MECHANISM_PARAMETERS, referenceFactors, type MechanismParameters } from './mechanism.js';
import {
  candidateLimit,
  candidatePatient,
  doublingTime,
  implausibility,
  INITIAL_GROWTH_DAYS,
  type PopulationSpec,
  type VirtualPatient,
} from './population.js';
import { classifyMechanisms, patientOutcome, pfsCurve, summarizeArm, type ArmSummary, type PatientOutcome } from './readouts.js';
import { armScenario, screeningScenario, type TrialSpec } from './spec.js';

const HANDLER = new URL('../parallel/simulationHandler.ts', import.meta.url);

/** Per-simulation wall-time limit; a trial simulation normally takes tens of milliseconds. */
const DEFAULT_TIMEOUT_MS = 60_000;

/** Give up when this many candidates per wanted patient have been examined. */
const MAX_CANDIDATES_PER_PATIENT = 20;

export interface ScreeningResult {
  readonly patients: readonly VirtualPatient[];
  /** Untreated volume doubling time of each accepted patient (days; NaN without a filter). */
  readonly doubling_day: Float64Array;
  /** Candidates examined up to the last one accepted. */
  readonly candidates: number;
  readonly rejected: number;
  readonly reasons: Readonly<Record<string, number>>;
}

export interface TrialOutcome {
  readonly trial: TrialSpec;
  readonly screening: ScreeningResult;
  /** Baseline and scan times (days). */
  readonly times_day: Float64Array;
  /** outcomes[arm][patient]. */
  readonly outcomes: readonly (readonly PatientOutcome[])[];
  readonly summaries: readonly ArmSummary[];
  readonly curves: readonly KaplanMeierCurve[];
  /** Median killing factors of the population at baseline (mechanism.ts), the classification reference. */
  readonly mechanismReference: Float64Array;
  readonly elapsed_s: number;
}

export interface TrialRunOptions {
  /** Overrides the trial's patient count. */
  readonly patients?: number;
  /** Progress bars on stderr (CLI). */
  readonly showProgress?: boolean;
  readonly onProgress?: (phase: 'screening' | 'arms', done: number, total: number) => void;
}

function rejectionReason(message: string): string {
  if (message.startsWith('untreated doubling time') && message.includes('below')) return 'grows too fast';
  if (message.startsWith('untreated doubling time')) return 'grows too slowly';
  if (message.includes('does not grow')) return 'does not grow';
  return 'simulation failed';
}

/** A worker pool for trial jobs that can run several trials (calibration reuses one). */
export class TrialRunner {
  private readonly pool: Pool<TrialJob, TrialJobResult>;

  /** A simulation running longer than timeoutMs fails (its patient is left out of that arm) instead of holding up the trial. */
  constructor(workers?: number, timeoutMs = DEFAULT_TIMEOUT_MS) {
    const spawner = nodeSpawner(HANDLER);
    this.pool = createPool<TrialJob, TrialJobResult>({ spawner, size: workers ?? spawner.parallelism, retries: 1, timeoutMs });
  }

  get size(): number {
    return this.pool.size;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** Runs jobs and returns results by index (failures as a message). */
  private async runJobs(jobs: TrialJob[], progress?: (done: number) => void): Promise<(TrialJobResult | string)[]> {
    const results: (TrialJobResult | string)[] = new Array(jobs.length);
    const offset = jobs.length ? jobs[0].index : 0;
    let done = 0;
    await this.pool.run(
      jobs,
      {
        onResult: (index, result) => void (results[index - offset] = result),
        onFailure: (index, reason) => void (results[index - offset] = reason),
        onProgress: () => progress?.(++done),
      },
      { total: jobs.length },
    );
    return results;
  }

  /**
   * The first n candidates that pass the population's plausibility filter, in
   * candidate order (candidates are screened in batches sized from the
   * acceptance rate so far).
   */
  async screen(population: PopulationSpec, n: number, options: TrialRunOptions = {}): Promise<ScreeningResult> {
    const limit = Math.min(candidateLimit(population), n * MAX_CANDIDATES_PER_PATIENT);
    const filter = population.plausibility;
    if (!filter) {
      const count = Math.min(n, limit);
      const patients = Array.from({ length: count }, (_, k) => candidatePatient(population, k)!);
      return { patients, doubling_day: new Float64Array(count).fill(NaN), candidates: count, rejected: 0, reasons: {} };
    }
    const patients: VirtualPatient[] = [];
    const doubling: number[] = [];
    const reasons: Record<string, number> = {};
    let rejected = 0;
    let examined = 0;
    let next = 0;
    const bar = options.showProgress ? createProgress({ label: `${population.name}: screening`, total: n }) : undefined;
    // Baseline, end of the first week (initial growth) and end of the window.
    const times = filter.window_day > INITIAL_GROWTH_DAYS ? Float64Array.of(0, INITIAL_GROWTH_DAYS, filter.window_day) : Float64Array.of(0, filter.window_day);
    const last = times.length - 1;
    while (patients.length < n && next < limit) {
      const acceptance = next > 0 ? Math.max(0.05, patients.length / next) : 1;
      const size = Math.min(limit - next, Math.ceil(((n - patients.length) / acceptance) * 1.1) + 2 * this.pool.size);
      const batch = Array.from({ length: size }, (_, i) => candidatePatient(population, next + i)!);
      const jobs: TrialJob[] = batch.map((p, i) => ({
        kind: 'trial',
        index: next + i,
        scenario: screeningScenario(population, p, filter.window_day),
        times_day: times,
        features: false,
      }));
      const results = await this.runJobs(jobs);
      for (let i = 0; i < size && patients.length < n; i++) {
        examined = next + i + 1;
        const r = results[i];
        const d = typeof r === 'string' || !r.ok ? undefined : r.diameter_mm;
        const overall = d ? doublingTime(d[0], d[last], filter.window_day) : NaN;
        const initial = d && last > 1 ? doublingTime(d[0], d[1], times[1]) : overall;
        const reason = d ? implausibility(filter, overall, initial) : 'simulation failed';
        if (reason === undefined) {
          patients.push(batch[i]);
          doubling.push(overall);
        } else {
          rejected++;
          const key = rejectionReason(reason);
          reasons[key] = (reasons[key] ?? 0) + 1;
        }
      }
      next += size;
      bar?.update(patients.length);
      options.onProgress?.('screening', patients.length, n);
    }
    bar?.finish(patients.length);
    return { patients, doubling_day: Float64Array.from(doubling), candidates: examined, rejected, reasons };
  }

  /** Simulates every patient on every arm; outcomes[arm][patient]. */
  async runArms(trial: TrialSpec, patients: readonly VirtualPatient[], times_day: Float64Array, mechanismParams: readonly MechanismParameters[], options: TrialRunOptions = {}): Promise<PatientOutcome[][]> {
    const nArms = trial.arms.length;
    const total = patients.length * nArms;
    const bar: ProgressReporter | undefined = options.showProgress ? createProgress({ label: trial.name, total }) : undefined;
    // Patient-major order, so every arm advances together and a partial run stays balanced.
    const jobs: TrialJob[] = [];
    patients.forEach((patient, p) =>
      trial.arms.forEach((arm, a) =>
        jobs.push({ kind: 'trial', index: p * nArms + a, scenario: armScenario(trial, arm, patient, p), times_day, features: true }),
      ),
    );
    const results = await this.runJobs(jobs, (done) => {
      bar?.update(done);
      options.onProgress?.('arms', done, total);
    });
    bar?.finish(total);
    return trial.arms.map((_, a) =>
      patients.map((_, p) => {
        const r = results[p * nArms + a];
        if (typeof r === 'string') return { ok: false, message: r, bestChange_percent: NaN, pfs_day: NaN, pfsEvent: false, diameter_mm: new Float64Array(0) };
        return patientOutcome(times_day, r, mechanismParams[p]);
      }),
    );
  }

  /** Screens, simulates and summarizes a whole trial. */
  async run(trial: TrialSpec, ctx: SimulationContext, options: TrialRunOptions = {}): Promise<TrialOutcome> {
    const started = performance.now();
    const n = options.patients ?? trial.patients;
    const screening = await this.screen(trial.population, n, options);
    if (screening.patients.length < n)
      throw new Error(
        trial.population.plausibility
          ? `${trial.population.name}: only ${screening.patients.length} of ${n} patients passed the plausibility filter ` +
              `after ${screening.candidates} candidates (${Object.entries(screening.reasons).map(([k, v]) => `${v} ${k}`).join(', ')})`
          : `${trial.population.name}: the table holds only ${screening.patients.length} patients, ${n} were asked for`,
      );
    const times_day = Float64Array.of(0, ...trial.scanTimes_day);
    const model = ctx.models.get(trial.population.model)!;
    const defaults = Object.fromEntries(model.parameters.map((p) => [p.name, p.value]));
    const mechanismParams = screening.patients.map(
      (p) => Object.fromEntries(MECHANISM_PARAMETERS.map((name) => [name, p.parameters[name] ?? defaults[name] ?? NaN])) as unknown as MechanismParameters,
    );
    const raw = await this.runArms(trial, screening.patients, times_day, mechanismParams, options);
    // Baseline is the same on every arm: take each patient's first successful run.
    const baseline = screening.patients.flatMap((_, p) => raw.map((arm) => arm[p].baselineFactors).find((f) => f !== undefined) ?? []);
    const mechanismReference = referenceFactors(baseline);
    const outcomes = raw.map((arm) => classifyMechanisms(arm, mechanismReference));
    const refIndex = trial.reference === undefined ? -1 : trial.arms.findIndex((a) => a.id === trial.reference);
    const reference = refIndex >= 0 ? { id: trial.arms[refIndex].id, outcomes: outcomes[refIndex] } : undefined;
    const summaries = trial.arms.map((arm, a) => summarizeArm(arm, outcomes[a], trial.readouts, reference));
    const curves = outcomes.map((o) => pfsCurve(o, trial.readouts));
    return { trial, screening, times_day, outcomes, summaries, curves, mechanismReference, elapsed_s: (performance.now() - started) / 1000 };
  }
}

/** Runs one trial on a fresh pool of `workers` (default: all cores). */
export async function runTrial(trial: TrialSpec, ctx: SimulationContext, options: TrialRunOptions & { workers?: number } = {}): Promise<TrialOutcome> {
  const runner = new TrialRunner(options.workers);
  try {
    return await runner.run(trial, ctx, options);
  } finally {
    await runner.close();
  }
}
