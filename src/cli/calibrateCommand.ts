import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defaultContext } from '../simulation/defaultContext.js';
import { loadTrialFile, DAYS_PER_MONTH } from '../trial/spec.js';
import { calibrate, readCalibration, writePopulation, type CalibrationStep } from '../trial/calibrate.js';
import { readoutTable } from '../trial/table.js';
import { readDocument } from '../trial/issues.js';
import { EXIT_INTERNAL, EXIT_OK, UsageError } from './errors.js';
import { parseWorkers } from './sweepCommand.js';
import { parsePatients } from './trialCommand.js';

export const CALIBRATE_USAGE = 'tisim calibrate <trial.json> [--start POPULATION] [--population OUT] [--stage K] [--patients N] [--evaluations N] [--final N] [--workers N] [--out DIR]';

const months = (d: number) => (Number.isFinite(d) ? (d / DAYS_PER_MONTH).toFixed(1) : 'NR');

function stepLine(step: CalibrationStep): string {
  const values = Object.entries(step.values).map(([k, v]) => `${k}=${v}`).join(' ');
  const arms = step.arms.map((a) => `${a.id} ${a.orr.toFixed(1)}% ${months(a.interpolatedMedian_day)} mo`).join(', ');
  return `  ${step.stage}#${String(step.evaluation).padStart(3)}  objective ${step.objective.toFixed(3).padStart(8)}  ${values}  |  ${arms || 'infeasible'}  (${step.seconds.toFixed(1)} s)`;
}

function stepsCsv(steps: readonly CalibrationStep[]): string {
  const names = Object.keys(steps[0]?.values ?? {});
  const arms = steps.find((s) => s.arms.length)?.arms.map((a) => a.id) ?? [];
  const header = ['stage', 'evaluation', ...names, 'objective', ...arms.flatMap((a) => [`${a} orr (%)`, `${a} median_pfs (day)`, `${a} interpolated_median_pfs (day)`, `${a} hr`]), 'rejected', 'candidates', 'seconds'];
  const cell = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toPrecision(6))));
  const rows = steps.map((s) => [
    s.stage,
    s.evaluation,
    ...names.map((n) => cell(s.values[n])),
    cell(s.objective),
    ...arms.flatMap((id) => {
      const a = s.arms.find((x) => x.id === id);
      return [cell(a?.orr), cell(a?.medianPfs_day), cell(a?.interpolatedMedian_day), cell(a?.hazardRatio)];
    }),
    cell(s.rejected),
    cell(s.candidates),
    cell(s.seconds),
  ].join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

/**
 * `tisim calibrate`: fits the population hyper-parameters named in the trial's
 * calibration block to its published results, writes the calibrated
 * population file and a log, and checks the result at the final size.
 * Exit code 1 when the final check misses a target.
 */
export async function commandCalibrate(args: string[], log: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      patients: { type: 'string', short: 'n' },
      evaluations: { type: 'string', short: 'e' },
      final: { type: 'string' },
      start: { type: 'string' },
      stage: { type: 'string' },
      population: { type: 'string', short: 'p' },
      workers: { type: 'string', short: 'w' },
      out: { type: 'string', short: 'o' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`expected one trial file: ${CALIBRATE_USAGE}`);
  const workers = parseWorkers(values.workers);
  const ctx = defaultContext();
  const trial = loadTrialFile(positionals[0], ctx);
  const base = readCalibration(trial);
  const patients = parsePatients(values.patients);
  const evaluations = values.evaluations === undefined ? undefined : parsePatients(values.evaluations);
  // --start warm-starts from another population; --stage K runs only stage K; --population writes elsewhere (e.g. the last calibrated one, after a model change).
  const startFile = values.start === undefined ? base.startFile : resolve(values.start);
  const only = values.stage === undefined ? undefined : parsePatients(values.stage);
  if (only !== undefined && only > base.stages.length) throw new UsageError(`--stage ${only}: the calibration has ${base.stages.length} stage(s)`);
  const spec = {
    ...base,
    ...(values.start === undefined ? {} : { startFile, start: readDocument(startFile) as Record<string, unknown> }),
    stages: (only === undefined ? base.stages : [base.stages[only - 1]]).map((st) => ({ ...st, patients: patients ?? st.patients, evaluations: evaluations ?? st.evaluations })),
    finalPatients: parsePatients(values.final) ?? base.finalPatients,
    outputFile: values.population === undefined ? base.outputFile : resolve(values.population),
  };
  const outDir = resolve(values.out ?? join('results', `${trial.name}-calibration`));
  log(`${trial.name}: calibrating ${spec.parameters.map((p) => p.name).join(', ')} of ${relative('.', spec.startFile)}`);
  spec.stages.forEach((st) =>
    log(`  stage ${st.number}: Nelder–Mead on ${st.parameters.join(', ')}, up to ${st.evaluations} evaluations × ${st.patients} patients × ${trial.arms.length} arms`),
  );
  log(`  then a check with ${spec.finalPatients} patients`);
  const started = performance.now();
  const result = await calibrate(trial, spec, ctx, { workers, onStep: (s) => log(stepLine(s)), showProgress: true });
  writePopulation(spec.outputFile, result.population);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'calibration-log.csv'), stepsCsv(result.steps));
  const report = {
    trial: trial.name,
    start: relative(outDir, spec.startFile),
    output: relative(outDir, spec.outputFile),
    stages: spec.stages,
    evaluations: result.steps.length,
    parameters: result.parameters,
    objective: result.objective,
    final: { patients: spec.finalPatients, ...result.check },
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(join(outDir, 'calibration.json'), JSON.stringify(report, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  log('');
  log(`  best after ${result.steps.length} evaluations: ${Object.entries(result.parameters).map(([k, v]) => `${k}=${v}`).join(', ')} (objective ${result.objective.toFixed(3)})`);
  log(`  final check with ${spec.finalPatients} patients (${result.final.elapsed_s.toFixed(1)} s):`);
  log(readoutTable(trial, result.final.summaries));
  const missed = result.check.checks.flatMap((c) => [
    ...(c.orrOk === false ? [`${c.arm} ORR ${c.orr.toFixed(1)}% vs ${c.orrTarget}% ± ${spec.tolerance.orr}`] : []),
    ...(c.medianPfsOk === false ? [`${c.arm} median PFS ${months(c.medianPfs_day)} vs ${months(c.medianPfsTarget_day!)} mo ± ${spec.tolerance.medianPfs * 100}%`] : []),
  ]);
  if (!result.check.ordered) missed.push('median PFS not in the published order');
  log(`  wrote ${relative('.', spec.outputFile)}, ${join(relative('.', outDir) || '.', 'calibration-log.csv')}, calibration.json`);
  if (missed.length) {
    log(`  targets missed: ${missed.join('; ')}`);
    return EXIT_INTERNAL;
  }
  log('  all targets met');
  return EXIT_OK;
}
