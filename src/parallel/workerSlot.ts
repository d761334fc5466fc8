import { releaseProxy, wrap } from 'comlink';
import type { Spawner, WorkerApi } from './types.js';

/** A started worker as the pool sees it. */
export interface WorkerSlot<Job, Result> {
  /** The worker's api without comlink's proxy types, which cannot see through generics. */
  readonly api: WorkerApi<Job, Result>;
  /** Settles with a reason once the worker is gone, whoever stopped it. */
  readonly gone: Promise<string>;
  readonly dead: boolean;
  /** Stops the worker; `graceful` lets comlink release its endpoint first. */
  stop(reason: string, graceful?: boolean): Promise<void>;
}

export function startSlot<Job, Result>(spawner: Spawner): WorkerSlot<Job, Result> {
  const handle = spawner.spawn();
  const remote = wrap<WorkerApi>(handle.endpoint);
  const api: WorkerApi<Job, Result> = {
    ready: () => remote.ready(),
    handle: (job) => remote.handle(job) as Promise<Result>,
  };
  let dead = false;
  let markGone!: (reason: string) => void;
  // Browsers report no exit on terminate(), so a deliberate stop settles `gone` itself.
  const gone = new Promise<string>((resolve) => {
    markGone = (reason) => {
      dead = true;
      resolve(reason);
    };
  });
  handle.onExit(markGone);

  return {
    api,
    gone,
    get dead() {
      return dead;
    },
    async stop(reason, graceful = false) {
      const wasDead = dead;
      markGone(reason);
      if (graceful && !wasDead) {
        try {
          remote[releaseProxy]();
        } catch {
          // Already released; terminate() below is what matters.
        }
      }
      await handle.terminate();
    },
  };
}
