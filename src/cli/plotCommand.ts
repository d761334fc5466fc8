import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRunFolder, writeRunReport } from '../report/runReport.js';
import { readSweepFolder, writeSweepReport } from '../report/sweepReport.js';
import { writeTrialReport } from '../report/trialReport.js';
import { EXIT_OK, UsageError } from './errors.js';
import { readSynergyFolder, writeSynergyReport } from './synergyCommand.js';

export const PLOT_HELP = `tisim plot <results dir...>
  Re-renders report.html in result folders from the files they hold:
    run folder      timeseries.csv + summary.json
    sweep folder    runs.csv + summary.json
    synergy folder  synergy.csv + synergy.json
    trial folder    patients.csv`;

export type FolderKind = 'trial' | 'sweep' | 'synergy' | 'run';

/** The file that identifies each kind, most specific first. */
const MARKERS: readonly (readonly [FolderKind, string])[] = [
  ['trial', 'patients.csv'],
  ['sweep', 'runs.csv'],
  ['synergy', 'synergy.csv'],
  ['run', 'timeseries.csv'],
];

export function detectFolderKind(dir: string): FolderKind | undefined {
  return MARKERS.find(([, file]) => existsSync(join(dir, file)))?.[0];
}

/** Reads a folder back; a folder whose files cannot be read is bad input, not a crash. */
function readFolder<T>(dir: string, kind: FolderKind, read: (dir: string) => T): T {
  try {
    return read(dir);
  } catch (err) {
    throw new UsageError(`${dir}: cannot read the ${kind} results: ${(err as Error).message}`);
  }
}

async function render(kind: FolderKind, dir: string): Promise<string> {
  switch (kind) {
    case 'run':
      return writeRunReport(dir, readFolder(dir, kind, readRunFolder));
    case 'sweep':
      return writeSweepReport(dir, readFolder(dir, kind, readSweepFolder));
    case 'synergy':
      return writeSynergyReport(dir, readFolder(dir, kind, readSynergyFolder));
    case 'trial':
      try {
        return await writeTrialReport(dir);
      } catch (err) {
        throw new UsageError(`${dir}: cannot render the trial report: ${(err as Error).message}`);
      }
  }
}

export async function commandPlot(args: string[], log: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    log(PLOT_HELP);
    return EXIT_OK;
  }
  if (!positionals.length) throw new UsageError(`tisim plot needs a results folder, e.g. tisim plot results/nivolumab\n\n${PLOT_HELP}`);
  // Check every folder before rendering any, so a typo fails fast.
  const jobs = positionals.map((p) => {
    const dir = resolve(p);
    if (!existsSync(dir)) throw new UsageError(`${p}: no such folder`);
    if (!statSync(dir).isDirectory()) throw new UsageError(`${p}: not a folder (give the folder that holds the results)`);
    const kind = detectFolderKind(dir);
    if (!kind)
      throw new UsageError(`${p}: not a results folder: expected timeseries.csv (run), runs.csv (sweep), synergy.csv (synergy) or patients.csv (trial)`);
    return { dir, kind };
  });
  for (const { dir, kind } of jobs) log(`${kind}: wrote ${await render(kind, dir)}`);
  return EXIT_OK;
}
