/**
 * Pulls jobs one at a time from a sync or async iterable. Pulls are
 * serialised because async iterators need not support overlapping next()
 * calls, and nothing is read ahead, so a huge lazy sweep never sits in memory.
 */
export interface JobSource<Job> {
  /** The next job, or undefined once the iterable is exhausted. */
  next(): Promise<Job | undefined>;
  readonly exhausted: boolean;
  /** Lets an unfinished generator run its cleanup (finally blocks). */
  close(): Promise<void>;
}

export function jobSource<Job>(jobs: Iterable<Job> | AsyncIterable<Job>): JobSource<Job> {
  const iterator: Iterator<Job> | AsyncIterator<Job> =
    Symbol.asyncIterator in jobs ? jobs[Symbol.asyncIterator]() : jobs[Symbol.iterator]();
  let finished = false;
  let exhausted = false;
  let queue: Promise<unknown> = Promise.resolve();

  return {
    get exhausted() {
      return exhausted;
    },
    next() {
      const pulled = queue.then(async () => {
        if (finished) return undefined;
        try {
          const step = await iterator.next();
          if (step.done) {
            finished = exhausted = true;
            return undefined;
          }
          return step.value;
        } catch (error) {
          finished = true;
          throw error;
        }
      });
      queue = pulled.catch(() => undefined);
      return pulled;
    },
    async close() {
      await queue;
      if (finished) return;
      finished = true;
      await iterator.return?.();
    },
  };
}
