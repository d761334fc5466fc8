import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSpawner } from '../src/parallel/nodeSpawn.js';
import { createPool, type RunCallbacks } from '../src/parallel/pool.js';
import type { Spawner } from '../src/parallel/types.js';
import { webSpawner } from '../src/parallel/webSpawn.js';
import { createWorkerApi } from '../src/parallel/workerApi.js';
import { handle as cpuHandle, type CpuJob, type CpuResult } from './fixtures/workers/cpu.js';
import type { DyingJob } from './fixtures/workers/dying.js';

const fixture = (name: string) => new URL(`./fixtures/workers/${name}.ts`, import.meta.url);
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisim-pool-'));
afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

/** Counts workers started and still alive, to check replacement and shutdown. */
function tracked(inner: Spawner) {
  const counts = { spawned: 0, alive: 0 };
  const spawner: Spawner = {
    parallelism: inner.parallelism,
    spawn() {
      const handle = inner.spawn();
      counts.spawned += 1;
      counts.alive += 1;
      handle.onExit(() => (counts.alive -= 1));
      return handle;
    },
  };
  return { spawner, counts };
}

/** Collects outcomes by index. */
function collector<Result>() {
  const results = new Map<number, Result>();
  const failures = new Map<number, string>();
  const callbacks: RunCallbacks<unknown, Result> = {
    onResult: (index, result) => void results.set(index, result),
    onFailure: (index, reason) => void failures.set(index, reason),
  };
  return { results, failures, callbacks };
}

const cpuJobs = (count: number): CpuJob[] =>
  Array.from({ length: count }, (_, index) => ({ index, seed: 1000 + 7919 * index, length: 64, work: 200 }));

const bytes = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);

describe('worker pool', () => {
  it('gives byte-identical results with 1 and 2 workers and in the main thread', async () => {
    const jobs = cpuJobs(24);
    const expected = jobs.map((job) => bytes(cpuHandle(job).values));

    for (const size of [1, 2]) {
      const { spawner, counts } = tracked(nodeSpawner(fixture('cpu')));
      const pool = createPool<CpuJob, CpuResult>({ spawner, size });
      const { results, callbacks } = collector<CpuResult>();
      const progress: number[] = [];
      const summary = await pool.run(jobs, { ...callbacks, onProgress: (done, total) => progress.push(done, total!) });
      await pool.close();

      expect(summary).toEqual({ completed: 24, failed: 0 });
      expect(counts).toEqual({ spawned: size, alive: 0 });
      expect(progress.slice(-2)).toEqual([24, 24]);
      for (const job of jobs) {
        const result = results.get(job.index)!;
        expect(result.values).toBeInstanceOf(Float64Array);
        expect(bytes(result.values).equals(expected[job.index])).toBe(true);
      }
    }
  });

  it('reports a throwing handler through onFailure and runs the other jobs', async () => {
    const { spawner, counts } = tracked(nodeSpawner(fixture('throwing')));
    const pool = createPool<{ index: number }, number>({ spawner, size: 2 });
    const { results, failures, callbacks } = collector<number>();
    const summary = await pool.run(
      Array.from({ length: 8 }, (_, index) => ({ index })),
      callbacks,
    );
    await pool.close();

    expect(summary).toEqual({ completed: 4, failed: 4 });
    expect(Object.fromEntries(failures)).toEqual({
      0: 'job 0 rejected',
      3: 'job 3 rejected',
      4: 'job 4 threw a string',
      6: 'job 6 rejected',
    });
    expect(Object.fromEntries(results)).toEqual({ 1: 10, 2: 20, 5: 50, 7: 70 });
    // A thrown error is the job's problem, not the worker's: no replacement.
    expect(counts.spawned).toBe(2);
  });

  it('replaces a dying worker, retries its job once, and fails it if it dies again', async () => {
    const { spawner, counts } = tracked(nodeSpawner(fixture('dying')));
    const pool = createPool<DyingJob, number>({ spawner, size: 2 });
    const { results, failures, callbacks } = collector<number>();
    const marker = path.join(runDir, 'flaky-died-once');
    const jobs = Array.from({ length: 8 }, (_, index) => ({ index, marker, flaky: 1, fatal: 2, crash: 5 }));
    const summary = await pool.run(jobs, callbacks);
    await pool.close();

    expect(fs.existsSync(marker)).toBe(true);
    expect(summary).toEqual({ completed: 6, failed: 2 });
    expect(Object.fromEntries(failures)).toEqual({
      2: 'worker exited with code 7 (died 2 times)',
      5: 'worker crashed: uncaught crash (died 2 times)',
    });
    expect(Object.fromEntries(results)).toEqual({ 0: 1, 1: 2, 3: 4, 4: 5, 6: 7, 7: 8 });
    // 2 first workers, 3 replacements for the retries, and up to 2 more when a
    // worker died on a job's last attempt and its lane still had jobs to run.
    expect(counts.spawned).toBeGreaterThanOrEqual(5);
    expect(counts.spawned).toBeLessThanOrEqual(7);
    expect(counts.alive).toBe(0);
  });

  it('survives a worker running out of memory', async () => {
    const { spawner, counts } = tracked(
      nodeSpawner(fixture('hungry'), { resourceLimits: { maxOldGenerationSizeMb: 32 } }),
    );
    const pool = createPool<{ index: number; hungry: number }, number>({ spawner, size: 1 });
    const { results, failures, callbacks } = collector<number>();
    await pool.run([0, 1, 2].map((index) => ({ index, hungry: 1 })), callbacks);
    await pool.close();
    expect(failures.get(1)).toMatch(/^worker crashed: .*memory limit.* \(died 2 times\)$/);
    expect(Object.fromEntries(results)).toEqual({ 0: 0, 2: 2 });
    expect(counts).toEqual({ spawned: 3, alive: 0 });
  });

  it('fails a job at once on death when retries is 0', async () => {
    const pool = createPool<DyingJob, number>({ spawner: nodeSpawner(fixture('dying')), size: 1, retries: 0 });
    const { failures, callbacks } = collector<number>();
    await pool.run([{ index: 0, marker: '', flaky: -1, fatal: 0, crash: -1 }], callbacks);
    await pool.close();
    expect(failures.get(0)).toBe('worker exited with code 7');
  });

  it('terminates and replaces a worker on timeout, and later jobs still run', async () => {
    const { spawner, counts } = tracked(nodeSpawner(fixture('looping')));
    const pool = createPool<{ index: number; hang: number }, number>({ spawner, size: 1, timeoutMs: 300 });
    const { results, failures, callbacks } = collector<number>();
    const summary = await pool.run(
      Array.from({ length: 4 }, (_, index) => ({ index, hang: 1 })),
      callbacks,
    );
    expect(summary).toEqual({ completed: 3, failed: 1 });
    expect(failures.get(1)).toBe('timed out after 300 ms');
    expect(Object.fromEntries(results)).toEqual({ 0: 0, 2: 2, 3: 3 });
    expect(counts).toEqual({ spawned: 2, alive: 1 });
    await pool.close();
    expect(counts.alive).toBe(0);
  });

  it('pulls jobs lazily: never more than size jobs taken and unfinished', async () => {
    const size = 2;
    let pulled = 0;
    let finished = 0;
    let most = 0;
    function* jobs() {
      for (let index = 0; index < 40; index++) {
        pulled += 1;
        most = Math.max(most, pulled - finished);
        yield { index, seed: index, length: 8, work: 50 };
      }
    }
    const pool = createPool<CpuJob, CpuResult>({ spawner: nodeSpawner(fixture('cpu')), size });
    const summary = await pool.run(jobs(), {
      onResult: () => void (finished += 1),
      onFailure: () => void (finished += 1),
    });
    await pool.close();
    expect(summary.completed).toBe(40);
    expect(most).toBe(size);
  });

  it('accepts async iterables and reuses its workers across runs', async () => {
    const { spawner, counts } = tracked(nodeSpawner(fixture('cpu')));
    const pool = createPool<CpuJob, CpuResult>({ spawner, size: 2 });
    async function* jobs() {
      for (const job of cpuJobs(6)) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield job;
      }
    }
    const first = collector<CpuResult>();
    const second = collector<CpuResult>();
    await pool.run(jobs(), first.callbacks);
    await pool.run(jobs(), second.callbacks);
    await pool.close();
    expect(first.results.size).toBe(6);
    expect(bytes(first.results.get(5)!.values).equals(bytes(second.results.get(5)!.values))).toBe(true);
    expect(counts).toEqual({ spawned: 2, alive: 0 });
  });

  it('rejects the run when a callback throws, and lets the generator clean up', async () => {
    let cleanedUp = false;
    let pulled = 0;
    function* jobs() {
      try {
        for (const job of cpuJobs(50)) {
          pulled += 1;
          yield job;
        }
      } finally {
        cleanedUp = true;
      }
    }
    const pool = createPool<CpuJob, CpuResult>({ spawner: nodeSpawner(fixture('cpu')), size: 2 });
    const failing = pool.run(jobs(), {
      onResult: (index) => {
        if (index === 3) throw new Error('sink full');
      },
      onFailure: () => undefined,
    });
    await expect(failing).rejects.toThrow('sink full');
    await pool.close();
    expect(cleanedUp).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  it('rejects the run when the handler module cannot be loaded', async () => {
    const { spawner, counts } = tracked(nodeSpawner(fixture('no-handle')));
    const pool = createPool({ spawner, size: 2 });
    await expect(pool.run([{ index: 0 }, { index: 1 }], collector().callbacks)).rejects.toThrow(
      'worker failed to start: handler module does not export a function `handle`',
    );
    await pool.close();
    expect(counts.alive).toBe(0);
  });

  it('close() during a run terminates every worker and rejects the run', async () => {
    const { spawner, counts } = tracked(nodeSpawner(fixture('looping')));
    const pool = createPool<{ index: number; hang: number }, number>({ spawner, size: 2 });
    const running = pool.run(
      Array.from({ length: 4 }, (_, index) => ({ index, hang: index })),
      collector<number>().callbacks,
    );
    const rejected = expect(running).rejects.toThrow('pool closed before all jobs ran');
    while (counts.spawned < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await pool.close();
    await rejected;
    expect(counts.alive).toBe(0);
    await expect(pool.run([], collector().callbacks)).rejects.toThrow('pool is closed');
  });

  it('runs the same pool over a browser-style endpoint (webSpawner)', async () => {
    // An in-thread stand-in for a browser Worker: a MessagePort is an EventTarget
    // with postMessage, which is all comlink and webSpawner use.
    let crashOnce = true;
    const spawner = webSpawner(() => {
      const { port1, port2 } = new MessageChannel();
      const fake = Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
      expose(
        createWorkerApi<CpuJob, CpuResult>(async () => ({
          handle(job) {
            if (job.index !== 2 || !crashOnce) return cpuHandle(job);
            crashOnce = false;
            fake.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'boom' }));
            return new Promise<CpuResult>(() => undefined);
          },
        })),
        port2 as unknown as Parameters<typeof expose>[1],
      );
      return fake;
    }, 2);
    const pool = createPool<CpuJob, CpuResult>({ spawner });
    const { results, failures, callbacks } = collector<CpuResult>();
    const jobs = cpuJobs(6);
    await pool.run(jobs, callbacks);
    await pool.close();
    expect(pool.size).toBe(2);
    expect(crashOnce).toBe(false);
    expect(failures.size).toBe(0);
    for (const job of jobs) expect(bytes(results.get(job.index)!.values).equals(bytes(cpuHandle(job).values))).toBe(true);
  });
});
