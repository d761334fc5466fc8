/**
 * The worker-side job handler for simulations: plain-data jobs in, plain data
 * with typed arrays out. Jobs carry resolved scenarios, so workers never load
 * the unit parser or the validator (less memory and a faster start). The same module runs in a worker thread, a Web
 * Worker, or the main thread (it is just `handle(job)`).
 */
import type { ResolvedScenario } from '../scenario/types.js';
import type { SimulationContext } from '../simulation/context.js';
import { defaultContext } from '../simulation/defaultContext.js';
import type { SimulationResult } from '../simulation/simulate.js';
import { runEngine } from '../simulation/runEngine.js';
import { runReadouts } from '../analysis/runReadouts.js';
import { runTrialJob, type TrialJob, type TrialJobResult } from '../trial/job.js';

/** Run one resolved scenario and return the whole result. */
export interface SimulateJob {
  readonly kind: 'simulate';
  readonly index: number;
  readonly scenario: ResolvedScenario;
}

/** Run one sweep point and keep only its scalar readouts. */
export interface ReadoutJob {
  readonly kind: 'readouts';
  readonly index: number;
  readonly scenario: ResolvedScenario;
}

/** Several sweep points in one message: fewer round trips between the main thread and a worker. */
export interface ReadoutBatchJob {
  readonly kind: 'readouts-batch';
  /** Index of the first run in the batch (unique per batch). */
  readonly index: number;
  readonly jobs: readonly ReadoutJob[];
}

export interface ReadoutBatchResult {
  readonly index: number;
  readonly results: readonly ReadoutResult[];
}

export type SimulationJob = SimulateJob | ReadoutJob | ReadoutBatchJob | TrialJob;

export interface ReadoutResult {
  readonly index: number;
  readonly ok: boolean;
  /** RUN_READOUTS in order (NaN-filled when the run failed). */
  readonly readouts: Float64Array;
  readonly retcode: string;
  readonly message: string;
}

export type SimulationJobResult = SimulationResult | ReadoutResult | ReadoutBatchResult | TrialJobResult;

// Built once per worker: the context is immutable after construction.
let context: SimulationContext | undefined;
const ctx = (): SimulationContext => (context ??= defaultContext());

export function runReadoutJob(job: ReadoutJob, simulationContext: SimulationContext): ReadoutResult {
  const result = runEngine(job.scenario, simulationContext);
  const ok = result.retcode === 'Success';
  return { index: job.index, ok, readouts: runReadouts(result), retcode: result.retcode, message: result.message };
}

/** A run that throws becomes a failed result, so one bad point does not fail its whole batch. */
function runReadoutJobSafely(job: ReadoutJob, simulationContext: SimulationContext): ReadoutResult {
  try {
    return runReadoutJob(job, simulationContext);
  } catch (err) {
    return { index: job.index, ok: false, readouts: new Float64Array(0), retcode: 'Error', message: err instanceof Error ? err.message : String(err) };
  }
}

export function handle(job: SimulationJob): SimulationJobResult {
  if (job.kind === 'simulate') return runEngine(job.scenario, ctx());
  if (job.kind === 'readouts-batch') return { index: job.index, results: job.jobs.map((j) => runReadoutJobSafely(j, ctx())) };
  if (job.kind === 'trial') return runTrialJob(job, ctx());
  return runReadoutJob(job, ctx());
}
