import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { createPool } from '../parallel/pool.js';
import { nodeSpawner } from '../parallel/nodeSpawn.js';
import type { ReadoutBatchJob, ReadoutBatchResult } from '../parallel/simulationHandler.js';
import { RUN_READOUTS } from '../analysis/runReadouts.js';
import { csvField, formatNumber } from '../report/format.js';
import { createProgress } from '../report/progress.js';
import { OrderedRowWriter } from './orderedRows.js';
import { sweepItems, type RunPoint, type SweepPlan } from './plan.js';
import type { SimulationContext } from '../simulation/context.js';
import type { Factor } from './spec.js';

const HANDLER = new URL('../parallel/simulationHandler.ts', import.meta.url);
const WORKER_HEAP_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };
/** Most runs sent to a worker in one message. */
const MAX_BATCH = 16;

export interface SweepRunOptions {
  readonly outDir: string;
  readonly workers?: number;
  readonly resume?: boolean;
  readonly onProgress?: (done: number, total: number, failed: number) => void;
  /** Progress bar on stderr (CLI); scripts usually pass onProgress instead. */
  readonly showProgress?: boolean;
  /** Stops pulling new runs when aborted (Ctrl-C); finished rows stay valid. */
  readonly signal?: AbortSignal;
}

export interface SweepOutcome {
  readonly runs: number;
  readonly completed: number;
  readonly failed: number;
  /** Runs already present when resuming. */
  readonly skipped: number;
  readonly interrupted: boolean;
  readonly runsCsv: string;
}

export function factorHeader(f: Factor): string {
  return f.kind === 'numeric' && f.unit ? `${f.path} (${f.unit})` : f.path;
}

export function runsCsvHeader(plan: SweepPlan): string {
  return [
    'run',
    'design_row',
    'replicate',
    'seed',
    ...plan.spec.factors.map(factorHeader),
    'status',
    ...RUN_READOUTS.map((r) => `${r.name} (${r.unit})`),
    'message',
  ]
    .map(csvField)
    .join(',');
}

function cellOf(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return csvField(value);
  return csvField(JSON.stringify(value));
}

export function runsCsvRow(point: RunPoint, ok: boolean, readouts: ArrayLike<number>, message: string): string {
  const values = ok ? Array.from(readouts, (v) => (Number.isNaN(v) ? '' : formatNumber(v))) : RUN_READOUTS.map(() => '');
  return [
    String(point.index),
    String(point.designRow),
    String(point.replicate),
    String(point.seed),
    ...point.values.map(cellOf),
    ok ? 'ok' : 'failed',
    ...values,
    ok ? '' : csvField(message),
  ].join(',');
}

/**
 * Runs a planned sweep on a worker pool, streaming rows to runs.csv in index
 * order. A failed or timed-out run is a row with status "failed" and its
 * reason; the sweep goes on. With `resume`, finished rows are kept and only
 * the rest run, giving the same bytes as an uninterrupted sweep.
 */
export async function runSweep(plan: SweepPlan, ctx: SimulationContext, options: SweepRunOptions): Promise<SweepOutcome> {
  mkdirSync(options.outDir, { recursive: true });
  const runsCsv = join(options.outDir, 'runs.csv');
  const header = runsCsvHeader(plan);
  const writer = options.resume && existsSync(runsCsv) ? OrderedRowWriter.resume(runsCsv, header) : OrderedRowWriter.create(runsCsv, header);
  const skipped = writer.written;
  const total = plan.runs - skipped;
  const progress = options.showProgress ? createProgress({ label: plan.spec.name, total }) : undefined;
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.max(1, total)));
  // Runs travel in batches to cut round trips, small enough that every worker gets many batches.
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.floor(total / (workers * 8))));
  const pool = createPool<ReadoutBatchJob & { points: RunPoint[] }, ReadoutBatchResult>({
    // Small worker heaps: a worker holds one batch at a time, and tight limits make V8
    // collect early instead of growing, which keeps a long sweep's memory flat.
    spawner: nodeSpawner(HANDLER, { resourceLimits: WORKER_HEAP_LIMITS }),
    size: workers,
    timeoutMs: plan.spec.timeLimit_ms * batchSize,
    retries: 1,
  });
  let done = 0;
  let failed = 0;
  let interrupted = false;
  const report = () => {
    progress?.update(done, failed);
    options.onProgress?.(done, total, failed);
  };
  async function* jobs() {
    let batch: { job: ReadoutBatchJob['jobs'][number]; point: RunPoint }[] = [];
    const flush = () => {
      const out = { kind: 'readouts-batch' as const, index: batch[0].job.index, jobs: batch.map((b) => b.job), points: batch.map((b) => b.point) };
      batch = [];
      return out;
    };
    for (const item of sweepItems(plan, ctx, skipped)) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      if (item.ok) {
        batch.push(item);
        if (batch.length >= batchSize) yield flush();
      } else {
        failed++;
        writer.add(item.index, runsCsvRow(item.point, false, [], item.reason));
        done++;
        report();
      }
    }
    if (batch.length) yield flush();
  }
  try {
    await pool.run(jobs(), {
      onResult(_index, batch, job) {
        batch.results.forEach((result, i) => {
          if (!result.ok) failed++;
          writer.add(result.index, runsCsvRow(job.points[i], result.ok, result.readouts, `${result.retcode}: ${result.message}`));
          done++;
        });
        report();
      },
      onFailure(_index, reason, job) {
        // The whole batch was lost (its worker died twice, or it ran out of time).
        job.jobs.forEach((run, i) => {
          failed++;
          writer.add(run.index, runsCsvRow(job.points[i], false, [], reason));
          done++;
        });
        report();
      },
    });
  } finally {
    writer.close();
    await pool.close();
  }
  progress?.finish(done, failed);
  return { runs: plan.runs, completed: done, failed, skipped, interrupted, runsCsv };
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}
