/**
 * Peak resident memory (main thread + workers) of a long sweep, run by
 * `npm run bench` in its own process. Prints one JSON line on stdout.
 * Usage: tsx src/bench/memorySweep.ts RUNS
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweep } from '../index.js';

const runs = Number(process.argv[2] ?? 100_000);
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const dir = mkdtempSync(join(tmpdir(), 'tisim-bench-mem-'));
const t0 = performance.now();
let last = 0;
const { outcome } = await sweep(
  {
    name: `bench-memory-${runs}`,
    base: {
      name: 'bench-memory',
      therapies: [
        { drug: 'nivolumab', dose: '1 mg/kg', every: '3 weeks', doses: 4 },
        { drug: 'ipilimumab', dose: '3 mg/kg', every: '3 weeks', doses: 4 },
      ],
      duration: '12 weeks',
      output: { interval: '1 week' },
    },
    vary: { 'patient.parameters.tumor_proliferation_rate': { dist: 'uniform', min: 0.05, max: 0.09, unit: '1/day' } },
    design: { type: 'random', samples: runs },
    seed: 2,
  },
  {
    outDir: dir,
    onProgress: (done, total) => {
      if (done - last >= total / 20 || done === total) {
        last = done;
        process.stderr.write(`  memory sweep ${done}/${total}, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB\n`);
      }
    },
  },
);
clearInterval(timer);
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ runs, seconds: (performance.now() - t0) / 1000, peakRss_MB: peak / 2 ** 20, failed: outcome.failed }));
