/**
 * Calibration of a virtual population to published trial outcomes. Only the
 * population's hyper-parameters move (medians, spreads of its distributions);
 * drugs and model mechanisms are never touched.
 *
 * The recipe lives in the trial file:
 *
 *   "calibration": {
 *     "name": "advanced-melanoma-067",                          name of the calibrated population
 *     "start": "../populations/advanced-melanoma.json",        population to start from (default: the trial's)
 *     "output": "../populations/advanced-melanoma-067.json",   calibrated population written here
 *     "stages": [                                               rounds, each from the previous best
 *       { "patients": 120, "evaluations": 70, "step": 0.15 },
 *       { "patients": 300, "evaluations": 30, "step": 0.05, "parameters": ["growth"] }
 *     ],                                                        (or "patients" and "evaluations" for one round)
 *     "finalPatients": 1000,                                    final check
 *     "parameters": {                                           paths into the population document
 *       "growth": { "paths": ["parameters.tumor_proliferation_rate.median"], "min": 0.03, "max": 0.12, "scale": "log" }
 *     },
 *     "tolerance": { "orr": 5, "medianPfs": 0.35 }
 *   }
 *
 * Procedure: Nelder–Mead on the hyper-parameters mapped to [0, 1] (log-spaced
 * where "scale" is "log"), each evaluation a whole trial with the same
 * candidates (common random numbers: candidate k always uses the stream
 * rngFor(seed, 'patient', k), so only the distributions move). The objective
 * adds, per arm with published values, z² + 10·max(0, |z| − 0.8)² for
 * z = (ORR − target) / ORR tolerance and z = ln(median PFS / target) / ln(1 + PFS
 * tolerance) (a steep wall near the edge of each band), with the median read from
 * the KM curve joined linearly between steps (smooth, unlike the step median),
 * a quarter-weighted (ln(HR / target) / ln 1.5)² term, and a continuous
 * penalty when the arms' median PFS are out of the published order. The best
 * point is then checked at finalPatients.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { SimulationContext } from '../simulation/context.js';
import { ScenarioValidationError } from '../scenario/errors.js';
import { parsePath, setPath } from '../sweep/jsonPath.js';
import { isRecord, IssueList, readDocument } from './issues.js';
import { resolvePopulation, type PopulationSpec } from './population.js';
import type { ArmSummary } from './readouts.js';
import { TrialRunner, type TrialOutcome } from './run.js';
import type { PublishedResults, TrialSpec } from './spec.js';

export interface CalibrationParameter {
  readonly name: string;
  /** Paths in the population document that all take this value. */
  readonly paths: readonly string[];
  readonly min: number;
  readonly max: number;
  readonly scale: 'linear' | 'log';
}

export interface CalibrationStage {
  /** 1-based position in the trial file's list (kept when a single stage is run). */
  readonly number: number;
  readonly patients: number;
  readonly evaluations: number;
  /** Initial simplex edge in unit-cube coordinates. */
  readonly step: number;
  /** Names of the hyper-parameters this stage moves (default: all). */
  readonly parameters: readonly string[];
}

export interface CalibrationSpec {
  /** Name of the calibrated population. */
  readonly name: string;
  readonly startFile: string;
  readonly start: Record<string, unknown>;
  readonly outputFile: string;
  readonly finalPatients: number;
  /** Rounds of Nelder–Mead, each starting from the previous best. */
  readonly stages: readonly CalibrationStage[];
  readonly parameters: readonly CalibrationParameter[];
  readonly tolerance: { readonly orr: number; readonly medianPfs: number };
}

function getPath(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const seg of parsePath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** Reads the calibration block of a trial (paths resolved relative to the trial file). */
export function readCalibration(trial: TrialSpec): CalibrationSpec {
  const issues = new IssueList(trial.file);
  const raw = trial.document.calibration;
  if (!isRecord(raw)) {
    issues.add('$.calibration', 'this trial has no calibration block (see src/trial/calibrate.ts for its form)');
    issues.check();
  }
  const c = raw as Record<string, unknown>;
  const base = trial.file.startsWith('<') ? '.' : dirname(trial.file);
  const startFile = typeof c.start === 'string' ? resolve(base, c.start) : trial.population.file;
  const start = readDocument(startFile) as Record<string, unknown>;
  if (typeof c.output !== 'string') issues.add('$.calibration.output', 'expected the path to write the calibrated population to');
  const count = (key: string, fallback: number) => {
    const v = c[key] ?? fallback;
    if (!Number.isInteger(v) || (v as number) < 1) issues.add(`$.calibration.${key}`, 'expected a positive whole number');
    return v as number;
  };
  const parameters: CalibrationParameter[] = [];
  if (!isRecord(c.parameters) || Object.keys(c.parameters).length === 0) issues.add('$.calibration.parameters', 'expected named hyper-parameters, each {"paths", "min", "max", "scale"?}');
  else
    for (const [name, p] of Object.entries(c.parameters)) {
      const at = `$.calibration.parameters.${name}`;
      if (!isRecord(p) || !Array.isArray(p.paths) || p.paths.length === 0 || typeof p.min !== 'number' || typeof p.max !== 'number' || !(p.max > p.min)) {
        issues.add(at, 'expected {"paths": ["parameters.x.median", …], "min": number, "max": number (> min), "scale"?: "linear" | "log"}');
        continue;
      }
      const scale = p.scale ?? 'linear';
      if (scale !== 'linear' && scale !== 'log') issues.add(`${at}.scale`, 'expected "linear" or "log"');
      if (scale === 'log' && !(p.min > 0)) issues.add(`${at}.min`, 'must be > 0 on a log scale');
      for (const path of p.paths as unknown[])
        if (typeof path !== 'string' || typeof getPath(start, path) !== 'number') issues.add(`${at}.paths`, `${JSON.stringify(path)} is not a number in ${startFile}`);
      parameters.push({ name, paths: p.paths as string[], min: p.min, max: p.max, scale: scale as 'linear' | 'log' });
    }
  const tol = isRecord(c.tolerance) ? c.tolerance : {};
  const tolerance = { orr: typeof tol.orr === 'number' ? tol.orr : 5, medianPfs: typeof tol.medianPfs === 'number' ? tol.medianPfs : 0.35 };
  if (!trial.published) issues.add('$.published', 'calibration needs published results to aim at');
  const readStage = (raw: unknown, at: string, fallback: { patients: number; evaluations: number; step: number }, number: number): CalibrationStage => {
    const st = isRecord(raw) ? raw : {};
    const whole = (key: 'patients' | 'evaluations') => {
      const v = st[key] ?? fallback[key];
      if (!Number.isInteger(v) || (v as number) < 1) issues.add(`${at}.${key}`, 'expected a positive whole number');
      return v as number;
    };
    const step = st.step ?? fallback.step;
    if (typeof step !== 'number' || !(step > 0 && step <= 0.5)) issues.add(`${at}.step`, 'expected a number in (0, 0.5]');
    const names = st.parameters ?? parameters.map((p) => p.name);
    if (!Array.isArray(names) || names.some((n) => !parameters.some((p) => p.name === n)))
      issues.add(`${at}.parameters`, `expected names among ${parameters.map((p) => p.name).join(', ')}`);
    return { number, patients: whole('patients'), evaluations: whole('evaluations'), step: step as number, parameters: Array.isArray(names) ? (names as string[]) : [] };
  };
  const single = { patients: count('patients', 300), evaluations: count('evaluations', 80), step: 0.15 };
  const stages = Array.isArray(c.stages) && c.stages.length ? c.stages.map((st: unknown, i) => readStage(st, `$.calibration.stages[${i}]`, single, i + 1)) : [readStage({}, '$.calibration', single, 1)];
  const spec = {
    name: typeof c.name === 'string' ? c.name : `${String(start.name)}-calibrated`,
    startFile,
    start,
    outputFile: typeof c.output === 'string' ? resolve(base, c.output) : '',
    finalPatients: count('finalPatients', 1000),
    stages,
    parameters,
    tolerance,
  };
  issues.check();
  return spec;
}

/** Unit-cube coordinate ↔ hyper-parameter value. */
export function toValue(p: CalibrationParameter, x: number): number {
  const u = Math.min(1, Math.max(0, x));
  return p.scale === 'log' ? Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min))) : p.min + u * (p.max - p.min);
}

export function toUnit(p: CalibrationParameter, value: number): number {
  const v = Math.min(p.max, Math.max(p.min, value));
  return p.scale === 'log' ? (Math.log(v) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min)) : (v - p.min) / (p.max - p.min);
}

/** The population document with each hyper-parameter set (values rounded to 4 significant digits). */
export function populationDocument(spec: CalibrationSpec, x: readonly number[]): Record<string, unknown> {
  let doc = spec.start;
  spec.parameters.forEach((p, i) => {
    const value = Number(toValue(p, x[i]).toPrecision(4));
    for (const path of p.paths) doc = setPath(doc, path, value);
  });
  return doc;
}

export interface TargetCheck {
  readonly arm: string;
  readonly orr: number;
  readonly orrTarget?: number;
  readonly orrOk?: boolean;
  readonly medianPfs_day: number;
  readonly medianPfsTarget_day?: number;
  readonly medianPfsOk?: boolean;
  readonly hazardRatio?: number;
  readonly hazardRatioTarget?: number;
}

/** Per-arm comparison with the published values: ORR within ±tol points, median PFS within ±tol (relative). */
export function checkTargets(summaries: readonly ArmSummary[], published: PublishedResults, tolerance: CalibrationSpec['tolerance']): { checks: TargetCheck[]; ordered: boolean; pass: boolean } {
  const checks = summaries.map((s): TargetCheck => {
    const p = published.arms[s.id] ?? {};
    const orr = s.orr.estimate * 100;
    const m = s.pfs.median_day;
    return {
      arm: s.id,
      orr,
      ...(p.orr !== undefined ? { orrTarget: p.orr, orrOk: Math.abs(orr - p.orr) <= tolerance.orr } : {}),
      medianPfs_day: m,
      ...(p.medianPfs_day !== undefined
        ? { medianPfsTarget_day: p.medianPfs_day, medianPfsOk: Number.isFinite(m) && Math.abs(m / p.medianPfs_day - 1) <= tolerance.medianPfs }
        : {}),
      ...(s.versusReference ? { hazardRatio: s.versusReference.hazardRatio } : {}),
      ...(p.hazardRatio !== undefined ? { hazardRatioTarget: p.hazardRatio } : {}),
    };
  });
  const ordered = medianOrderHolds(summaries, published, (s) => s.pfs.median_day);
  const pass = ordered && checks.every((c) => c.orrOk !== false && c.medianPfsOk !== false);
  return { checks, ordered, pass };
}

/** Published arms sorted by published median PFS, longest first; true if the simulated medians keep that order strictly. */
function medianOrderHolds(summaries: readonly ArmSummary[], published: PublishedResults, median: (s: ArmSummary) => number): boolean {
  const withTarget = summaries.filter((s) => published.arms[s.id]?.medianPfs_day !== undefined);
  withTarget.sort((a, b) => published.arms[b.id]!.medianPfs_day! - published.arms[a.id]!.medianPfs_day!);
  const value = (s: ArmSummary) => (Number.isFinite(median(s)) ? median(s) : Infinity);
  return withTarget.every((s, i) => i === 0 || value(withTarget[i - 1]) > value(s));
}

/**
 * Penalty for arms out of the published median-PFS order: continuous in the
 * simulated medians, so the optimizer is pulled back into order (each
 * neighbouring pair should differ by at least 0.15 in log terms).
 */
function orderPenalty(summaries: readonly ArmSummary[], published: PublishedResults, followUp_day: number): number {
  const arms = summaries.filter((s) => published.arms[s.id]?.medianPfs_day !== undefined);
  arms.sort((a, b) => published.arms[b.id]!.medianPfs_day! - published.arms[a.id]!.medianPfs_day!);
  const median = (s: ArmSummary) => (Number.isFinite(s.pfs.interpolatedMedian_day) ? s.pfs.interpolatedMedian_day : 2 * followUp_day);
  let penalty = 0;
  for (let i = 1; i < arms.length; i++) {
    // Step medians sit on scan times (six weeks apart in the first year), so ask for a gap of
    // about one scan between the smooth medians, or the reported medians can tie.
    const gap = Math.log(median(arms[i - 1]) / median(arms[i]));
    if (gap < 0.15) penalty += 20 * (0.15 - gap) + 2;
  }
  return penalty;
}

/** The calibration objective (lower is better); see the file comment. */
export function objective(summaries: readonly ArmSummary[], published: PublishedResults, tolerance: CalibrationSpec['tolerance'], followUp_day: number): number {
  let total = 0;
  // Squared deviation in units of the tolerance, plus a steep wall from 80% of the tolerance on,
  // so that every target is pushed inside its band rather than traded against the others.
  const term = (z: number) => z * z + 10 * Math.max(0, Math.abs(z) - 0.8) ** 2;
  for (const s of summaries) {
    const p = published.arms[s.id];
    if (!p) continue;
    if (p.orr !== undefined) total += term((s.orr.estimate * 100 - p.orr) / tolerance.orr);
    if (p.medianPfs_day !== undefined) {
      // Not reached within follow-up: count it as twice the follow-up.
      const m = Number.isFinite(s.pfs.interpolatedMedian_day) ? s.pfs.interpolatedMedian_day : 2 * followUp_day;
      total += term(Math.log(m / p.medianPfs_day) / Math.log(1 + tolerance.medianPfs));
    }
    const hr = s.versusReference?.hazardRatio;
    if (p.hazardRatio !== undefined && hr !== undefined && hr > 0 && Number.isFinite(hr)) total += 0.25 * (Math.log(hr / p.hazardRatio) / Math.log(1.5)) ** 2;
  }
  total += orderPenalty(summaries, published, followUp_day);
  return total;
}

/**
 * Nelder–Mead minimisation in the unit cube (points are clamped to it), with
 * the standard coefficients (reflection 1, expansion 2, contraction ½,
 * shrink ½). Deterministic for a deterministic f.
 */
export async function nelderMead(
  f: (x: number[]) => Promise<number>,
  x0: readonly number[],
  options: { step?: number; maxEvaluations: number; tolerance?: number },
): Promise<{ x: number[]; value: number; evaluations: number }> {
  const n = x0.length;
  const clamp = (x: number[]) => x.map((v) => Math.min(1, Math.max(0, v)));
  const step = options.step ?? 0.15;
  let evaluations = 0;
  const evaluate = async (x: number[]) => {
    evaluations++;
    return f(x);
  };
  const simplex: { x: number[]; v: number }[] = [];
  const start = clamp([...x0]);
  simplex.push({ x: start, v: await evaluate(start) });
  for (let i = 0; i < n && evaluations < options.maxEvaluations; i++) {
    const x = [...start];
    x[i] = x[i] + step <= 1 ? x[i] + step : x[i] - step;
    simplex.push({ x, v: await evaluate(x) });
  }
  const combine = (a: number[], b: number[], t: number) => clamp(a.map((ai, i) => ai + t * (b[i] - ai)));
  while (evaluations < options.maxEvaluations && simplex.length === n + 1) {
    simplex.sort((a, b) => a.v - b.v);
    if (simplex[n].v - simplex[0].v <= (options.tolerance ?? 1e-3)) break;
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, p) => s + p.x[i], 0) / n);
    const worst = simplex[n];
    const reflected = combine(centroid, worst.x, -1);
    const vr = await evaluate(reflected);
    if (vr < simplex[0].v) {
      const expanded = combine(centroid, worst.x, -2);
      const ve = evaluations < options.maxEvaluations ? await evaluate(expanded) : Infinity;
      simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
    } else if (vr < simplex[n - 1].v) {
      simplex[n] = { x: reflected, v: vr };
    } else {
      const outside = vr < worst.v;
      const contracted = combine(centroid, outside ? reflected : worst.x, 0.5);
      const vc = await evaluate(contracted);
      if (vc < Math.min(vr, worst.v)) simplex[n] = { x: contracted, v: vc };
      else {
        for (let i = 1; i <= n && evaluations < options.maxEvaluations; i++) {
          const x = combine(simplex[0].x, simplex[i].x, 0.5);
          simplex[i] = { x, v: await evaluate(x) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0].x, value: simplex[0].v, evaluations };
}

export interface CalibrationStep {
  readonly stage: number;
  readonly evaluation: number;
  readonly values: Readonly<Record<string, number>>;
  readonly objective: number;
  readonly arms: readonly { id: string; orr: number; medianPfs_day: number; interpolatedMedian_day: number; hazardRatio?: number }[];
  readonly rejected: number;
  readonly candidates: number;
  readonly seconds: number;
}

export interface CalibrationResult {
  readonly parameters: Readonly<Record<string, number>>;
  readonly objective: number;
  readonly steps: readonly CalibrationStep[];
  readonly population: Record<string, unknown>;
  readonly final: TrialOutcome;
  readonly check: ReturnType<typeof checkTargets>;
}

function trialWith(trial: TrialSpec, population: PopulationSpec): TrialSpec {
  return { ...trial, population };
}

/** Runs the calibration; `onStep` sees every evaluation (for logging). */
export async function calibrate(
  trial: TrialSpec,
  spec: CalibrationSpec,
  ctx: SimulationContext,
  options: { workers?: number; onStep?: (step: CalibrationStep) => void; showProgress?: boolean } = {},
): Promise<CalibrationResult> {
  const published = trial.published!;
  const runner = new TrialRunner(options.workers);
  const steps: CalibrationStep[] = [];
  const valuesOf = (x: readonly number[]) => Object.fromEntries(spec.parameters.map((p, i) => [p.name, Number(toValue(p, x[i]).toPrecision(4))]));
  try {
    let x = spec.parameters.map((p) => toUnit(p, getPath(spec.start, p.paths[0]) as number));
    let bestValue = Infinity;
    for (const stage of spec.stages) {
      const free = stage.parameters.map((name) => spec.parameters.findIndex((p) => p.name === name));
      const full = (sub: readonly number[]) => {
        const point = [...x];
        free.forEach((j, i) => (point[j] = sub[i]));
        return point;
      };
      const f = async (sub: number[]) => {
        const point = full(sub);
        const started = performance.now();
        let value = Infinity;
        let outcome: TrialOutcome | undefined;
        try {
          const population = resolvePopulation(populationDocument(spec, point), ctx, spec.startFile);
          outcome = await runner.run(trialWith(trial, population), ctx, { patients: stage.patients });
          value = objective(outcome.summaries, published, spec.tolerance, trial.followUp_day);
        } catch (err) {
          // Too few plausible candidates, or an invalid population (e.g. correlations that are
          // not positive-definite): the point is infeasible, not an error.
          if (!(err instanceof ScenarioValidationError) && !(err instanceof Error && /passed the plausibility filter/.test(err.message))) throw err;
        }
        const step: CalibrationStep = {
          stage: stage.number,
          evaluation: steps.length + 1,
          values: valuesOf(point),
          objective: value,
          arms: (outcome?.summaries ?? []).map((s) => ({
            id: s.id,
            orr: s.orr.estimate * 100,
            medianPfs_day: s.pfs.median_day,
            interpolatedMedian_day: s.pfs.interpolatedMedian_day,
            ...(s.versusReference ? { hazardRatio: s.versusReference.hazardRatio } : {}),
          })),
          rejected: outcome?.screening.rejected ?? NaN,
          candidates: outcome?.screening.candidates ?? NaN,
          seconds: (performance.now() - started) / 1000,
        };
        steps.push(step);
        options.onStep?.(step);
        return value;
      };
      const best = await nelderMead(f, free.map((j) => x[j]), { maxEvaluations: stage.evaluations, step: stage.step });
      x = full(best.x);
      bestValue = best.value;
    }
    const document = {
      ...populationDocument(spec, x),
      name: spec.name,
      calibrated: {
        trial: trial.name,
        from: relative(dirname(spec.outputFile), spec.startFile),
        method: 'Nelder–Mead on the listed hyper-parameters, common random numbers (see src/trial/calibrate.ts)',
        stages: spec.stages,
        evaluations: steps.length,
        objective: Number(bestValue.toPrecision(4)),
        parameters: valuesOf(x),
      },
    };
    const population = resolvePopulation(document, ctx, spec.outputFile);
    const final = await runner.run(trialWith(trial, population), ctx, { patients: spec.finalPatients, showProgress: options.showProgress });
    return { parameters: valuesOf(x), objective: bestValue, steps, population: document, final, check: checkTargets(final.summaries, published, spec.tolerance) };
  } finally {
    await runner.close();
  }
}

/** Writes the calibrated population document (JSON, 2-space indent). */
export function writePopulation(file: string, document: Record<string, unknown>): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(document, null, 2) + '\n');
}
