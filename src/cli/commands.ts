import { parseArgs } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import { defaultContext } from '../simulation/defaultContext.js';
import { parameterTableMarkdown } from '../report/paramsTable.js';
import { EXIT_INTERNAL, EXIT_OK, UsageError } from './errors.js';
import { availableParallelism } from 'node:os';
import { loadAll, outputDirs, runLoaded, runLoadedInParallel } from './run.js';
import { commandSweep, parseWorkers } from './sweepCommand.js';
import { commandPlot } from './plotCommand.js';
import { commandTrial } from './trialCommand.js';
import { commandCalibrate } from './calibrateCommand.js';
import { commandSynergy } from './synergyCommand.js';

const HELP = `tisim — tumor-immune simulator

Usage:
  tisim run <scenario.json|yaml ...> [--out DIR] [--workers N]
                                                   simulate scenario files (in parallel with N workers)
  tisim sweep <sweep.json> [--out DIR] [--workers N] [--resume]
                                                   parameter sweep: runs.csv, summary.json, sensitivity
  tisim sensitivity <sweep.json> [...]             a sweep with an lhs (PRCC) or saltelli (Sobol) design
  tisim synergy <scenario> --a DRUG --b DRUG [--doses-a LIST] [--doses-b LIST] [--day N] [--out DIR]
                                                   two-drug dose grid: Bliss, HSA and Loewe synergy scores
  tisim trial <trial.json> [--patients N] [--workers N] [--out DIR]
                                                   virtual clinical trial: RECIST readouts, KM, HR, report
  tisim calibrate <trial.json> [--population OUT] [...]
                                                   calibrate the trial's population to its published results
  tisim plot <results dir...>                      re-render report.html of a run, sweep, synergy or trial folder
  tisim params [--model ID] [--out FILE]           print every parameter (Markdown table)
  tisim start                                      run the built-in default scenarios into results/
  tisim help                                       show this text

Outputs of run (per scenario): timeseries.csv, summary.json, report.html.
  One scenario with --out DIR writes into DIR; several write into DIR/<name>/ (default DIR: results).
Exit codes: 0 ok, 1 internal or solver failure, 2 invalid input.
`;

/** The scenarios \`npm start\` runs: the default patient untreated and under the main regimens. */
export const DEFAULT_SCENARIOS = ['scenarios/untreated.json', 'scenarios/nivolumab.json', 'scenarios/nivo-ipi.json'];

async function commandRun(args: string[], log: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, workers: { type: 'string', short: 'w' } },
  });
  const workers = parseWorkers(values.workers) ?? Math.min(availableParallelism(), positionals.length);
  if (positionals.length === 0) throw new UsageError('tisim run needs at least one scenario file, e.g. tisim run scenarios/nivolumab.json');
  const ctx = defaultContext();
  const loaded = loadAll(positionals, ctx);
  const dirs = outputDirs(loaded, values.out);
  // One scenario (or --workers 1) runs in this process: starting a worker costs more than a run.
  const { failed } = workers > 1 && loaded.length > 1 ? await runLoadedInParallel(loaded, dirs, workers, log) : await runLoaded(loaded, dirs, ctx, log);
  if (failed) {
    log(`${failed} of ${loaded.length} run(s) failed`);
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}

function commandParams(args: string[], log: (s: string) => void): number {
  const { values } = parseArgs({ args, options: { model: { type: 'string' }, out: { type: 'string', short: 'o' } } });
  const ctx = defaultContext();
  const id = values.model ?? 'checkpoint';
  const model = ctx.models.get(id);
  if (!model) throw new UsageError(`unknown model "${id}" (known: ${[...ctx.models.keys()].join(', ')})`);
  const markdown = parameterTableMarkdown(model, ctx.therapies.all());
  if (values.out) writeFileSync(values.out, markdown);
  else log(markdown);
  return EXIT_OK;
}

function commandStart(log: (s: string) => void): Promise<number> {
  const missing = DEFAULT_SCENARIOS.filter((f) => !existsSync(f));
  if (missing.length) throw new UsageError(`run npm start from the repository root (missing ${missing.join(', ')})`);
  log(`Running the built-in default scenarios into results/ …\n`);
  return commandRun([...DEFAULT_SCENARIOS, '--out', 'results'], log);
}

export async function runCommand(argv: string[], log: (s: string) => void = (s) => console.log(s)): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return commandRun(rest, log);
    case 'sweep':
      return commandSweep(rest, log);
    case 'sensitivity':
      return commandSweep(rest, log, true);
    case 'trial':
      return commandTrial(rest, log);
    case 'calibrate':
      return commandCalibrate(rest, log);
    case 'plot':
      return commandPlot(rest, log);
    case 'synergy':
      return commandSynergy(rest, log);
    case 'params':
      return commandParams(rest, log);
    case 'start':
      return commandStart(log);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      log(HELP);
      return EXIT_OK;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  }
}

