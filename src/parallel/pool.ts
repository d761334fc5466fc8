import { errorMessage } from './errorMessage.js';
import { jobSource, type JobSource } from './jobSource.js';
import type { IndexedJob, Spawner } from './types.js';
import { startSlot, type WorkerSlot } from './workerSlot.js';

// Usage (Node):
//   const pool = createPool<Job, Result>({ spawner: nodeSpawner(new URL('./handler.ts', import.meta.url)) });
//   await pool.run(jobs, { onResult: (i, r) => …, onFailure: (i, reason) => … });
//   await pool.close();

export interface PoolOptions {
  spawner: Spawner;
  /** Workers, and so jobs in flight, at most. Defaults to the runtime's parallelism. */
  size?: number;
  /** A job running longer has its worker replaced and is reported as failed. */
  timeoutMs?: number;
  /** Extra attempts for a job whose worker died under it. */
  retries?: number;
}

export interface RunCallbacks<Job, Result> {
  /** May return a promise, which holds back the next job of that worker (backpressure). */
  onResult(index: number, result: Result, job: Job): void | Promise<void>;
  onFailure(index: number, reason: string, job: Job): void | Promise<void>;
  onProgress?(done: number, total: number | undefined): void;
}

export interface RunOptions {
  /** Reported to onProgress; taken from the array length when jobs is an array. */
  total?: number;
}

export interface RunSummary {
  completed: number;
  failed: number;
}

export interface Pool<Job extends IndexedJob, Result> {
  readonly size: number;
  /**
   * Runs every job once, reporting each through onResult or onFailure in
   * completion order. Rejects only for problems that are not a job's own:
   * a worker that cannot start, a throwing iterable or callback, or close().
   */
  run(
    jobs: Iterable<Job> | AsyncIterable<Job>,
    callbacks: RunCallbacks<Job, Result>,
    options?: RunOptions,
  ): Promise<RunSummary>;
  /** Terminates every worker; a run in progress rejects. */
  close(): Promise<void>;
}

type Attempt<Result> =
  | { kind: 'ok'; result: Result }
  | { kind: 'error'; reason: string }
  | { kind: 'timeout' }
  | { kind: 'died'; reason: string };

type Outcome<Result> = { ok: true; result: Result } | { ok: false; reason: string };

/** What the lanes of one run share. */
interface LaneContext<Job, Result> {
  source: JobSource<Job>;
  stopped(): boolean;
  report(job: Job, outcome: Outcome<Result>): Promise<void>;
  /** A job was dropped because the pool closed under it. */
  dropped(): void;
}

export function createPool<Job extends IndexedJob, Result>(options: PoolOptions): Pool<Job, Result> {
  const { spawner, timeoutMs, retries = 1 } = options;
  const size = Math.max(1, Math.floor(options.size ?? spawner.parallelism));
  type Slot = WorkerSlot<Job, Result>;

  const live = new Set<Slot>();
  const idle: Slot[] = [];
  let closed = false;
  let running: Promise<unknown> | undefined;

  async function startWorker(): Promise<Slot> {
    if (closed) throw new Error('pool is closed');
    const slot = startSlot<Job, Result>(spawner);
    live.add(slot);
    void slot.gone.then(() => live.delete(slot));
    const failure = await Promise.race([
      slot.api.ready().then(
        () => undefined,
        (error: unknown) => errorMessage(error),
      ),
      slot.gone,
    ]);
    if (failure !== undefined) {
      await slot.stop(failure);
      throw new Error(`worker failed to start: ${failure}`);
    }
    return slot;
  }

  async function attempt(slot: Slot, job: Job): Promise<Attempt<Result>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const racers: Promise<Attempt<Result>>[] = [
      slot.api.handle(job).then(
        (result) => ({ kind: 'ok', result }),
        (error: unknown) => ({ kind: 'error', reason: errorMessage(error) }),
      ),
      slot.gone.then((reason) => ({ kind: 'died', reason })),
    ];
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
      racers.push(new Promise((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs))));
    }
    try {
      return await Promise.race(racers);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One lane owns one worker and runs one job at a time, pulling the next only when free. */
  async function lane({ source, stopped, report, dropped }: LaneContext<Job, Result>): Promise<void> {
    let slot = idle.pop();
    try {
      while (!stopped()) {
        const job = await source.next();
        if (job === undefined) return;
        let outcome: Outcome<Result> | undefined;
        for (let deaths = 0; outcome === undefined; ) {
          if (slot?.dead) slot = undefined;
          slot ??= await startWorker();
          const result = await attempt(slot, job);
          switch (result.kind) {
            case 'ok':
              outcome = { ok: true, result: result.result };
              break;
            case 'error':
              outcome = { ok: false, reason: result.reason };
              break;
            case 'timeout':
              await slot.stop('timed out');
              slot = undefined;
              outcome = { ok: false, reason: `timed out after ${timeoutMs} ms` };
              break;
            case 'died':
              slot = undefined;
              if (closed) return dropped();
              deaths += 1;
              if (deaths > retries) {
                outcome = { ok: false, reason: deaths > 1 ? `${result.reason} (died ${deaths} times)` : result.reason };
              }
              break;
          }
        }
        await report(job, outcome);
      }
    } finally {
      if (slot && !slot.dead && !closed) idle.push(slot);
    }
  }

  async function run(
    jobs: Iterable<Job> | AsyncIterable<Job>,
    callbacks: RunCallbacks<Job, Result>,
    runOptions: RunOptions = {},
  ): Promise<RunSummary> {
    if (closed) throw new Error('pool is closed');
    if (running) throw new Error('pool is already running jobs');
    const total = runOptions.total ?? (Array.isArray(jobs) ? jobs.length : undefined);
    const source = jobSource(jobs);
    const summary: RunSummary = { completed: 0, failed: 0 };
    let failure: { error: unknown } | undefined;
    let interrupted = false;

    const report = async (job: Job, outcome: Outcome<Result>) => {
      if (outcome.ok) {
        summary.completed += 1;
        await callbacks.onResult(job.index, outcome.result, job);
      } else {
        summary.failed += 1;
        await callbacks.onFailure(job.index, outcome.reason, job);
      }
      callbacks.onProgress?.(summary.completed + summary.failed, total);
    };
    const context: LaneContext<Job, Result> = {
      source,
      stopped: () => closed || failure !== undefined,
      report,
      dropped: () => void (interrupted = true),
    };
    const lanes = Array.from({ length: size }, () =>
      lane(context).catch((error: unknown) => {
        failure ??= { error };
      }),
    );

    running = Promise.all(lanes);
    try {
      await running;
    } finally {
      running = undefined;
      await source.close().catch(() => undefined);
    }
    if (closed && (interrupted || !source.exhausted)) throw new Error('pool closed before all jobs ran');
    if (failure) throw failure.error;
    return summary;
  }

  async function close(): Promise<void> {
    closed = true;
    idle.length = 0;
    await Promise.all([...live].map((slot) => slot.stop('pool closed', true)));
    await running?.catch(() => undefined);
  }

  return { size, run, close };
}
