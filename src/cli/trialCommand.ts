import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { defaultContext } from '../simulation/defaultContext.js';
import { loadTrialFile } from '../trial/spec.js';
import { runTrial } from '../trial/run.js';
import { writeTrialOutputs } from '../trial/outputs.js';
import { mechanismTable, readoutTable, screeningLine } from '../trial/table.js';
import { writeTrialReport } from '../report/trialReport.js';
import { EXIT_INTERNAL, EXIT_OK, UsageError } from './errors.js';
import { parseWorkers } from './sweepCommand.js';

export const TRIAL_USAGE = 'tisim trial <trial.json> [--patients N] [--workers N] [--out DIR]';

export function parsePatients(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--patients expects a positive integer, got "${text}"`);
  return n;
}

/**
 * `tisim trial`: simulates every virtual patient on every arm, writes
 * patients.csv, scans.csv, pfs-km.csv, summary.json, summary-<arm>.json, SVG
 * plots and report.html, and prints the readouts beside the published values.
 */
export async function commandTrial(args: string[], log: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { patients: { type: 'string', short: 'n' }, workers: { type: 'string', short: 'w' }, out: { type: 'string', short: 'o' } },
  });
  if (positionals.length !== 1) throw new UsageError(`expected one trial file: ${TRIAL_USAGE}`);
  const workers = parseWorkers(values.workers);
  const patients = parsePatients(values.patients);
  const ctx = defaultContext();
  const trial = loadTrialFile(positionals[0], ctx);
  const n = patients ?? trial.patients;
  const outDir = resolve(values.out ?? join('results', trial.name));
  log(`${trial.name}: ${n} virtual patients × ${trial.arms.length} arms (${trial.arms.map((a) => a.id).join(', ')}) → ${outDir}`);
  const outcome = await runTrial(trial, ctx, { patients: n, workers, showProgress: true });
  const files = await writeTrialOutputs(outcome, outDir, ctx);
  writeTrialReport(outDir);
  log(screeningLine(outcome));
  log(`  ${outcome.screening.patients.length * trial.arms.length} simulations in ${outcome.elapsed_s.toFixed(1)} s`);
  log('');
  log(readoutTable(trial, outcome.summaries));
  log('');
  log(mechanismTable(outcome.summaries));
  log('');
  log(`  wrote ${[...files, 'report.html'].join(', ')} in ${outDir}`);
  const failed = outcome.summaries.reduce((sum, s) => sum + s.failed, 0);
  if (failed) {
    log(`${failed} simulation(s) failed and were left out of the readouts (reasons in patients.csv)`);
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}
