import type { Endpoint } from 'comlink';

/** Every job carries its own position so results can be ordered by the caller. */
export interface IndexedJob {
  index: number;
}

/** What a handler module exports: `export function handle(job) { … }`. */
export interface JobHandler<Job = unknown, Result = unknown> {
  handle(job: Job): Result | Promise<Result>;
}

/** The api a worker exposes through comlink. */
export interface WorkerApi<Job = unknown, Result = unknown> {
  /** Resolves once the handler module is loaded; rejects with its load error. */
  ready(): Promise<void>;
  handle(job: Job): Promise<Result>;
}

/** One started worker, whatever the runtime. */
export interface WorkerHandle {
  readonly endpoint: Endpoint;
  /** Called once if the worker stops by itself (exit, crash, out of memory). */
  onExit(listener: (reason: string) => void): void;
  terminate(): unknown;
}

/** Starts workers for one runtime; the pool itself never touches a runtime API. */
export interface Spawner {
  spawn(): WorkerHandle;
  /** Default pool size for this runtime. */
  readonly parallelism: number;
}
