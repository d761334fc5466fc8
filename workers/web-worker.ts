// Browser worker entry: the worker's `name` selects the handler from webHandlers.
import { expose } from 'comlink';
import type { JobHandler } from '../src/parallel/types.js';
import { loadWebHandler } from '../src/parallel/webHandlers.js';
import { createWorkerApi } from '../src/parallel/workerApi.js';

type Where = 'worker' | 'main';

// Decided from the global scope, not assumed, so a page (and its test) can
// prove that results were computed off the main thread.
const scope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
const computedIn: Where = scope !== undefined && self instanceof scope ? 'worker' : 'main';

/** Object results gain `computedIn`; anything else passes through unchanged. */
function markComputedIn<T>(result: T, where: Where = computedIn): T | (T & { computedIn: Where }) {
  const plainObject = result !== null && typeof result === 'object' && !Array.isArray(result) && !ArrayBuffer.isView(result);
  return plainObject ? { ...result, computedIn: where } : result;
}

async function loadMarked(name: string): Promise<Partial<JobHandler>> {
  const handler = await loadWebHandler(name);
  const handle = handler.handle;
  if (typeof handle !== 'function') return handler;
  return { handle: async (job: unknown) => markComputedIn(await handle.call(handler, job)) };
}

expose(createWorkerApi(() => loadMarked(self.name)));
