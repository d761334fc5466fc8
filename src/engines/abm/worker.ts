/**
 * Worker-side handler for agent-based runs (load it with the worker pool:
 * nodeSpawner(new URL('./worker.ts', import.meta.url))). The same function
 * runs in the main thread; the result carries typed arrays only, which the
 * pool transfers instead of copying.
 */
import { defaultContext } from '../../simulation/defaultContext.js';
import type { AbmJob } from './replicates.js';
import { simulateAbm, type AbmResult } from './simulate.js';

export function handle(job: AbmJob): AbmResult {
  return simulateAbm(job.scenario, defaultContext(), job.options);
}
