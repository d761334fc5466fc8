import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadScenarioFile } from '../scenario/load.js';
import { ScenarioValidationError } from '../scenario/errors.js';
import type { ResolvedScenario } from '../scenario/types.js';
import type { SimulationContext } from '../simulation/context.js';
import type { SimulationResult } from '../simulation/simulate.js';
import { runEngine } from '../simulation/runEngine.js';
import { writeAbmSnapshots } from '../engines/abm/snapshots.js';
import type { AbmResult } from '../engines/abm/simulate.js';
import { timeseriesCsv } from '../report/timeseriesCsv.js';
import { runSummaryJson } from '../report/summaryJson.js';
import { terminalSummary } from '../report/terminal.js';
import { UsageError } from './errors.js';
import { writeRunReport } from '../report/runReport.js';
import { createPool } from '../parallel/pool.js';
import { nodeSpawner } from '../parallel/nodeSpawn.js';
import type { SimulateJob } from '../parallel/simulationHandler.js';

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: ResolvedScenario;
  readonly warnings: readonly string[];
}

/** Loads every file first, so all input problems are reported together before any work starts. */
export function loadAll(files: readonly string[], ctx: SimulationContext): LoadedScenario[] {
  const loaded: LoadedScenario[] = [];
  const issues: ScenarioValidationError['issues'][number][] = [];
  for (const file of files) {
    try {
      const { scenario, warnings } = loadScenarioFile(file, ctx);
      loaded.push({ file, scenario, warnings });
    } catch (err) {
      if (err instanceof ScenarioValidationError) issues.push(...err.issues);
      else throw err;
    }
  }
  if (issues.length) throw new ScenarioValidationError(issues);
  return loaded;
}

/** Where each scenario's files go: DIR itself for a single scenario, DIR/<name>/ for several. */
export function outputDirs(loaded: readonly LoadedScenario[], outRoot: string | undefined): string[] {
  const names = loaded.map((l) => l.scenario.name);
  const seen = new Map<string, string>();
  loaded.forEach((l) => {
    const other = seen.get(l.scenario.name);
    if (other) throw new UsageError(`two scenarios are named "${l.scenario.name}" (${other} and ${l.file}); names choose output folders, so they must differ`);
    seen.set(l.scenario.name, l.file);
  });
  if (outRoot && loaded.length === 1) return [resolve(outRoot)];
  return names.map((name) => resolve(outRoot ?? 'results', name));
}

export function writeRun(result: SimulationResult, dir: string, warnings: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'timeseries.csv'), timeseriesCsv(result));
  writeFileSync(join(dir, 'summary.json'), runSummaryJson(result, warnings));
}

/** The run's files plus its HTML report (read back from the files, as `tisim plot` does). */
export async function writeRunWithReport(result: SimulationResult, dir: string, warnings: readonly string[]): Promise<void> {
  writeRun(result, dir, warnings);
  // Agent-based runs also get lattice snapshots (PNG/SVG) and an animation of the frames.
  if ('abm' in result) writeAbmSnapshots(result as AbmResult, dir);
  await writeRunReport(dir);
}

export interface RunOutcome {
  readonly results: SimulationResult[];
  readonly failed: number;
}

/** Runs loaded scenarios one after another, writing each into its folder. */
export async function runLoaded(
  loaded: readonly LoadedScenario[],
  dirs: readonly string[],
  ctx: SimulationContext,
  log: (line: string) => void,
): Promise<RunOutcome> {
  const results: SimulationResult[] = [];
  let failed = 0;
  for (const [i, item] of loaded.entries()) {
    const result = runEngine(item.scenario, ctx);
    await writeRunWithReport(result, dirs[i], item.warnings);
    for (const w of item.warnings) log(`  warning: ${w}`);
    log(terminalSummary(result, dirs[i]));
    if (result.retcode !== 'Success') failed++;
    results.push(result);
  }
  return { results, failed };
}

/**
 * Runs loaded scenarios on a worker pool. Results are written as they finish;
 * terminal summaries are printed in input order so the output is the same
 * whatever the number of workers.
 */
export async function runLoadedInParallel(
  loaded: readonly LoadedScenario[],
  dirs: readonly string[],
  workers: number,
  log: (line: string) => void,
): Promise<RunOutcome> {
  const results: SimulationResult[] = new Array(loaded.length);
  const texts: (string | undefined)[] = new Array(loaded.length);
  let nextToPrint = 0;
  let failed = 0;
  const flush = () => {
    while (nextToPrint < loaded.length && texts[nextToPrint] !== undefined) log(texts[nextToPrint++]!);
  };
  const pool = createPool<SimulateJob, SimulationResult>({
    spawner: nodeSpawner(new URL('../parallel/simulationHandler.ts', import.meta.url)),
    size: Math.min(workers, loaded.length),
  });
  try {
    await pool.run(
      loaded.map((l, index) => ({ kind: 'simulate' as const, index, scenario: l.scenario })),
      {
        async onResult(index, result) {
          await writeRunWithReport(result, dirs[index], loaded[index].warnings);
          results[index] = result;
          if (result.retcode !== 'Success') failed++;
          texts[index] = [...loaded[index].warnings.map((w) => `  warning: ${w}`), terminalSummary(result, dirs[index])].join('\n');
          flush();
        },
        onFailure(index, reason) {
          failed++;
          texts[index] = `${loaded[index].scenario.name}: FAILED: ${reason}`;
          flush();
        },
      },
    );
  } finally {
    await pool.close();
  }
  return { results: results.filter(Boolean), failed };
}
