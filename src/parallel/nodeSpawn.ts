import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { errorMessage } from './errorMessage.js';
import type { Spawner, WorkerHandle } from './types.js';

// A .ts entry cannot be a Worker's main module on Node 20 (tsx issue #354),
// so a plain-JS bootstrap registers tsx and then imports the TypeScript entry.
const bootstrap = new URL('../../workers/node-bootstrap.mjs', import.meta.url);
const entry = new URL('../../workers/worker.ts', import.meta.url).href;

export interface NodeSpawnerOptions {
  /** Heap limits per worker; exceeding them kills only that worker. */
  resourceLimits?: ResourceLimits;
}

/** A file URL for a handler given as a URL, a file URL string or a path (relative to the cwd). */
export function moduleHref(handler: URL | string): string {
  if (handler instanceof URL) return handler.href;
  return /^[a-z][a-z0-9+.-]*:/i.test(handler) && !path.isAbsolute(handler)
    ? handler
    : pathToFileURL(path.resolve(handler)).href;
}

export function nodeSpawner(handler: URL | string, options: NodeSpawnerOptions = {}): Spawner {
  const workerData = { entry, handler: moduleHref(handler) };
  return {
    parallelism: os.availableParallelism(),
    spawn: () => startNodeWorker(workerData, options),
  };
}

function startNodeWorker(workerData: { entry: string; handler: string }, options: NodeSpawnerOptions): WorkerHandle {
  // execArgv [] keeps the parent's loaders and flags (vitest, tsx CLI) out of the worker.
  const worker = new Worker(bootstrap, { execArgv: [], workerData, resourceLimits: options.resourceLimits });
  const listeners: ((reason: string) => void)[] = [];
  let crash: string | undefined;
  let exitReason: string | undefined;
  // Without an 'error' listener a crashing worker would throw in the main thread.
  worker.on('error', (error) => {
    crash = errorMessage(error);
  });
  worker.once('exit', (code) => {
    exitReason = crash === undefined ? `worker exited with code ${code}` : `worker crashed: ${crash}`;
    for (const listener of listeners) listener(exitReason);
  });
  return {
    endpoint: nodeEndpoint(worker),
    onExit(listener) {
      if (exitReason === undefined) listeners.push(listener);
      else listener(exitReason);
    },
    terminate: () => worker.terminate(),
  };
}
