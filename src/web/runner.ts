/**
 * Runs resolved scenarios in module Web Workers through the project's pool,
 * remembering recent results: changing one regimen then recomputes only the
 * runs that depend on it.
 */
import { createPool } from '../parallel/pool.js';
import type { SimulateJob } from '../parallel/simulationHandler.js';
import { webSpawner } from '../parallel/webSpawn.js';
import type { ResolvedScenario } from '../scenario/types.js';
import type { RunResult } from './analysis.js';

export interface RunStats {
  readonly simulated: number;
  readonly cached: number;
  /** Wall time of the worker runs, ms (0 when everything came from the cache). */
  readonly compute_ms: number;
}

export interface Runner {
  readonly size: number;
  run(scenarios: readonly ResolvedScenario[]): Promise<{ results: RunResult[]; stats: RunStats }>;
  close(): Promise<void>;
}

/** Identity of a run: everything but the names, which do not change the numbers. */
export function runKey(scenario: ResolvedScenario): string {
  const { name: _name, description: _description, sourceFile: _sourceFile, ...rest } = scenario;
  return JSON.stringify(rest);
}

/** A small least-recently-used map (Map keeps insertion order). */
export function lruCache<V>(capacity: number) {
  const entries = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: string, value: V): void {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    },
  };
}

/**
 * `createWorker` must contain the literal `new Worker(new URL(...), { type: 'module', name })`
 * so that Vite bundles the worker entry.
 */
export function createRunner(createWorker: () => Worker, size: number): Runner {
  const pool = createPool<SimulateJob, RunResult>({ spawner: webSpawner(createWorker, size), size, timeoutMs: 60_000 });
  const cache = lruCache<RunResult>(48);
  // The pool runs one batch at a time; callers queue behind each other.
  let queue: Promise<unknown> = Promise.resolve();

  async function runBatch(scenarios: readonly ResolvedScenario[]) {
    const keys = scenarios.map(runKey);
    const missing = new Map<string, ResolvedScenario>();
    keys.forEach((key, i) => {
      if (cache.get(key) === undefined && !missing.has(key)) missing.set(key, scenarios[i]);
    });
    const jobs: SimulateJob[] = [...missing.values()].map((scenario, index) => ({ kind: 'simulate', index, scenario }));
    const missingKeys = [...missing.keys()];
    const failures: string[] = [];
    const started = performance.now();
    if (jobs.length > 0) {
      await pool.run(jobs, {
        onResult: (index, result) => cache.set(missingKeys[index], result),
        onFailure: (index, reason) => void failures.push(`${jobs[index].scenario.name}: ${reason}`),
      });
    }
    const compute_ms = jobs.length > 0 ? performance.now() - started : 0;
    if (failures.length > 0) throw new Error(`simulation failed: ${failures.join('; ')}`);
    const results = keys.map((key) => cache.get(key)!);
    return { results, stats: { simulated: jobs.length, cached: scenarios.length - jobs.length, compute_ms } };
  }

  return {
    size: pool.size,
    run(scenarios) {
      const next = queue.then(() => runBatch(scenarios));
      queue = next.catch(() => undefined);
      return next;
    },
    close: () => pool.close(),
  };
}

/**
 * Wraps an async task so that only the newest request runs next: requests
 * that arrive while one is running replace each other.
 */
export function latestOnly<T>(task: (request: T) => Promise<void>): (request: T) => void {
  let waiting: { request: T } | undefined;
  let running = false;
  const pump = async () => {
    running = true;
    while (waiting !== undefined) {
      const { request } = waiting;
      waiting = undefined;
      await task(request).catch((error: unknown) => console.error(error));
    }
    running = false;
  };
  return (request) => {
    waiting = { request };
    if (!running) void pump();
  };
}
