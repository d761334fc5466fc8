/**
 * The script API: everything a scientist needs to run scenarios, sweeps and
 * sensitivity analyses from a TypeScript file run with tsx.
 *
 *   import { loadScenario, simulate, sweep } from 'tumor-immune-sim';
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile, resolveScenario } from './scenario/load.js';
import type { ResolvedScenario } from './scenario/types.js';
import type { SimulationContext } from './simulation/context.js';
import { defaultContext } from './simulation/defaultContext.js';
import { simulate as simulateWith, type SimulationResult } from './simulation/simulate.js';
import { loadSweepFile, resolveSweep } from './sweep/spec.js';
import { planSweep } from './sweep/plan.js';
import { runSweep, writeJson, type SweepOutcome } from './sweep/run.js';
import { summarizeSweep, type SweepSummary } from './sweep/summary.js';

export type { ResolvedScenario, SimulationContext, SimulationResult, SweepOutcome, SweepSummary };
export { defaultContext };
export { column, valueAt } from './simulation/simulate.js';
export { RUN_READOUTS, runReadouts } from './analysis/runReadouts.js';
export { assessRecist, scanSchedule, RECIST_1_1 } from './analysis/recist.js';
export { prcc, sobolIndices } from './analysis/sensitivity.js';
export { latinHypercube, saltelliDesign, fullGrid } from './analysis/designs.js';
export { deriveSeed, rngFor } from './analysis/random.js';
export { ScenarioValidationError } from './scenario/errors.js';
export { TherapyRegistry, receptorOccupancy } from './therapies/types.js';
export type { TherapyModule } from './therapies/types.js';
export type { ModelDefinition, ParameterSpec } from './model/types.js';

/** Loads and validates a scenario file (JSON or YAML), converting every quantity to canonical units. */
export function loadScenario(path: string, ctx: SimulationContext = defaultContext()): ResolvedScenario {
  return loadScenarioFile(path, ctx).scenario;
}

/** Validates a scenario written as an object in a script (same format as a file). */
export function scenario(raw: object, ctx: SimulationContext = defaultContext()): ResolvedScenario {
  return resolveScenario(raw, ctx).scenario;
}

/** Runs one scenario with the ODE engine in this thread. */
export function simulate(resolved: ResolvedScenario, ctx: SimulationContext = defaultContext()): SimulationResult {
  return simulateWith(resolved, ctx);
}

export interface SweepOptions {
  /** Worker threads (default: all cores). */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number, failed: number) => void;
  /** Folder for runs.csv and summary.json (default: a fresh temporary folder). */
  readonly outDir?: string;
  readonly resume?: boolean;
  readonly signal?: AbortSignal;
}

/** Runs a sweep (a sweep file path, or a sweep object) in parallel; returns where the rows went and the summary. */
export async function sweep(
  spec: string | object,
  options: SweepOptions = {},
): Promise<{ outcome: SweepOutcome; summary?: SweepSummary; outDir: string }> {
  const ctx = defaultContext();
  const resolved = typeof spec === 'string' ? loadSweepFile(spec, ctx) : resolveSweep(spec, ctx);
  const plan = planSweep(resolved);
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), `tisim-${resolved.name}-`));
  const outcome = await runSweep(plan, ctx, { ...options, outDir });
  // An interrupted sweep has no summary yet: resume it with { resume: true } and the same outDir.
  if (outcome.interrupted) return { outcome, outDir };
  const summary = summarizeSweep(plan, outcome.runsCsv);
  writeJson(join(outDir, 'summary.json'), summary);
  return { outcome, summary, outDir };
}
