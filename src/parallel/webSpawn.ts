import type { Spawner, WorkerHandle } from './types.js';

/**
 * Browser workers. The page passes the constructor call so that Vite sees the
 * literal `new Worker(new URL('../workers/web-worker.ts', import.meta.url), { type: 'module', name })`
 * and bundles the entry; `name` picks the handler (see webHandlers.ts).
 */
export function webSpawner(create: () => Worker, parallelism = globalThis.navigator?.hardwareConcurrency ?? 4): Spawner {
  return { parallelism, spawn: () => startWebWorker(create()) };
}

function startWebWorker(worker: Worker): WorkerHandle {
  const listeners: ((reason: string) => void)[] = [];
  let exitReason: string | undefined;
  const die = (reason: string) => {
    if (exitReason !== undefined) return;
    exitReason = reason;
    for (const listener of listeners) listener(reason);
  };
  // A browser worker survives an uncaught error, but the call it was serving
  // will never answer, so the pool treats it as dead and replaces it.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    die(`worker crashed: ${event.message || 'uncaught error'}`);
  });
  worker.addEventListener('messageerror', () => die('worker sent a message that could not be deserialised'));
  return {
    endpoint: worker,
    onExit(listener) {
      if (exitReason === undefined) listeners.push(listener);
      else listener(exitReason);
    },
    terminate: () => worker.terminate(),
  };
}
