/**
 * Same seed, same bytes: in the main thread and on worker threads, with any
 * number of workers. Replicates get seeds derived from the scenario seed.
 */
import { describe, expect, it } from 'vitest';
import { runAbmReplicates } from '../src/engines/abm/parallel.js';
import { replicateJobs, replicateScenario } from '../src/engines/abm/replicates.js';
import { simulateAbm, type AbmResult } from '../src/engines/abm/simulate.js';
import { handle } from '../src/engines/abm/worker.js';
import type { AbmScenarioOptions } from '../src/engines/abm/options.js';
import { deriveSeed } from '../src/analysis/random.js';
import type { ResolvedScenario } from '../src/scenario/types.js';
import { context, regimens, scenario } from './helpers/scenario.js';

const OPTIONS: AbmScenarioOptions = { gridSize: 50, initialTumorAgents: 700, snapshotTimes_day: [15], frameInterval_day: 5 };
const base: ResolvedScenario = { ...scenario({ therapies: regimens.nivoIpi(0, 15), duration_day: 15, name: 'repro' }), engine: 'abm', seed: 42 };

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Everything a run produces that could differ, as one buffer. */
function fingerprint(r: AbmResult): Buffer {
  return Buffer.concat([bytes(r.values), bytes(r.t_day), ...r.abm.frames.flatMap((f) => [bytes(f.cells), bytes(f.cd8), bytes(f.o2)])]);
}

describe('abm reproducibility', () => {
  it('derives replicate seeds from the scenario seed alone', () => {
    const seeds = [0, 1, 2].map((i) => replicateScenario(base, i).seed);
    expect(new Set(seeds).size).toBe(3);
    expect(seeds).toEqual([0, 1, 2].map((i) => deriveSeed(42, i, 'abm-replicate')));
    expect(replicateJobs(base, 3, OPTIONS).map((j) => j.scenario.seed)).toEqual(seeds);
  });

  it('gives byte-identical results in the main thread and with 1 or 2 workers', async () => {
    const count = 3;
    const main = replicateJobs(base, count, OPTIONS).map((job) => fingerprint(handle(job)));
    // The handler is simulateAbm with the default context.
    expect(fingerprint(simulateAbm(replicateScenario(base, 0), context, OPTIONS)).equals(main[0])).toBe(true);
    expect(main[0].equals(main[1])).toBe(false);
    for (const workers of [1, 2]) {
      const results = await runAbmReplicates(base, count, { workers, options: OPTIONS });
      results.forEach((r, i) => expect(fingerprint(r).equals(main[i]), `replicate ${i} with ${workers} worker(s)`).toBe(true));
    }
  });
});
