/**
 * Replicates on worker threads (Node). Each replicate's seed is derived up
 * front from the scenario seed, so the results are the same bytes with any
 * number of workers and in the main thread.
 */
import { nodeSpawner } from '../../parallel/nodeSpawn.js';
import { createPool } from '../../parallel/pool.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import type { AbmScenarioOptions } from './options.js';
import { replicateJobs, type AbmJob } from './replicates.js';
import type { AbmResult } from './simulate.js';

export interface ReplicateOptions {
  readonly workers?: number;
  /** Overrides of the scenario's `abm` section for every replicate. */
  readonly options?: AbmScenarioOptions;
}

/** Runs `count` replicates on a worker pool; results in replicate order. Rejects if any replicate fails. */
export async function runAbmReplicates(scenario: ResolvedScenario, count: number, settings: ReplicateOptions = {}): Promise<AbmResult[]> {
  const pool = createPool<AbmJob, AbmResult>({
    spawner: nodeSpawner(new URL('./worker.ts', import.meta.url)),
    ...(settings.workers !== undefined ? { size: settings.workers } : {}),
  });
  const results: AbmResult[] = new Array(count);
  const failures: string[] = [];
  try {
    await pool.run(replicateJobs(scenario, count, settings.options), {
      onResult: (index, result) => void (results[index] = result),
      onFailure: (index, reason) => void failures.push(`replicate ${index}: ${reason}`),
    });
  } finally {
    await pool.close();
  }
  if (failures.length > 0) throw new Error(`agent-based replicates failed:\n${failures.join('\n')}`);
  return results;
}
