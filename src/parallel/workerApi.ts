import { transfer } from 'comlink';
import { collectTransferables } from './transferables.js';
import type { JobHandler, WorkerApi } from './types.js';

/**
 * The api both worker entries expose. The handler is loaded once; a load
 * failure surfaces through `ready()` rather than killing the worker.
 */
export function createWorkerApi<Job, Result>(
  load: () => Promise<Partial<JobHandler<Job, Result>>>,
): WorkerApi<Job, Result> {
  const handler = load().then((mod) => {
    if (typeof mod.handle !== 'function') throw new Error('handler module does not export a function `handle`');
    return mod as JobHandler<Job, Result>;
  });
  // Attached now so a load error is never an unhandled rejection in the worker.
  handler.catch(() => undefined);

  return {
    async ready() {
      await handler;
    },
    async handle(job) {
      const result = await (await handler).handle(job);
      const buffers = collectTransferables(result);
      return buffers.length > 0 ? transfer(result, buffers) : result;
    },
  };
}
