/**
 * npm run bench [-- --quick] : measures and writes results/bench/*.json, then prints a table.
 *  (a) one 1-year simulation of the default patient on nivolumab + ipilimumab, single thread;
 *  (b) sweep throughput with 1 and 2 workers, and the speedup;
 *  (c) peak memory (RSS, main thread + workers) of a 100,000-run sweep.
 * Absolute times are noisy on shared machines; ratios measured in one run are the figures to quote.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenario, simulate, sweep } from '../index.js';
import { median, quantile } from '../analysis/statistics.js';
import { defaultContext } from '../simulation/defaultContext.js';
import { loadTrialFile } from '../trial/spec.js';
import { runTrial } from '../trial/run.js';
import { benchAbm } from '../engines/abm/bench.js';

const quick = process.argv.includes('--quick');
const outDir = 'results/bench';
mkdirSync(outDir, { recursive: true });

const nivoIpi = {
  name: 'bench-nivo-ipi',
  therapies: [
    { drug: 'nivolumab', dose: '1 mg/kg', every: '3 weeks', doses: 4 },
    { drug: 'ipilimumab', dose: '3 mg/kg', every: '3 weeks', doses: 4 },
    { drug: 'nivolumab', dose: '3 mg/kg', start: '12 weeks', every: '2 weeks', until: '52 weeks' },
  ],
  duration: '52 weeks',
};

function write(name: string, value: object): void {
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ measured: new Date().toISOString(), node: process.version, ...value }, null, 2) + '\n');
}

// (a) single simulation
function benchSingle() {
  const s = scenario(nivoIpi);
  for (let i = 0; i < 20; i++) simulate(s); // warm-up (JIT)
  const times: number[] = [];
  let rhs = 0;
  for (let i = 0; i < (quick ? 50 : 200); i++) {
    const t0 = performance.now();
    const r = simulate(s);
    times.push(performance.now() - t0);
    rhs = r.stats.nRhs;
  }
  const result = { median_ms: median(times), p90_ms: quantile(times, 0.9), rhsEvaluations: rhs, runs: times.length, target_ms: 5 };
  write('single-simulation', result);
  return result;
}

// (b) sweep throughput
async function benchSweep(runs: number, workers: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tisim-bench-'));
  const spec = {
    name: `bench-${runs}`,
    base: nivoIpi,
    vary: { 'patient.parameters.tumor_proliferation_rate': { dist: 'uniform', min: 0.05, max: 0.09, unit: '1/day' } },
    design: { type: 'random', samples: runs },
    seed: 1,
  };
  const t0 = performance.now();
  const { outcome } = await sweep(spec, { workers, outDir: dir });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return { runs, workers, seconds, runsPerSecond: runs / seconds, failed: outcome.failed };
}

// (c) peak memory of a long sweep, in a fresh process so earlier benchmarks do not inflate it
function benchMemory(runs: number) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./memorySweep.ts', import.meta.url)), String(runs)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`memory benchmark failed (exit ${child.status})`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { runs: number; seconds: number; peakRss_MB: number; failed: number };
  const full = { ...result, target_MB: 300, note: 'separate process; 12-week runs with weekly output, to keep the bench short; memory does not depend on run length' };
  write('sweep-memory', full);
  return full;
}

// (d) a virtual trial: N patients × 3 arms of CheckMate 067 on 2 workers (screening included)
async function benchTrial(patients: number) {
  const ctx = defaultContext();
  const trial = loadTrialFile('scenarios/trials/checkmate-067.json', ctx);
  const t0 = performance.now();
  const outcome = await runTrial(trial, ctx, { patients, workers: 2 });
  const seconds = (performance.now() - t0) / 1000;
  const result = { patients, arms: trial.arms.length, seconds, simulations: patients * trial.arms.length, failed: outcome.outcomes.flat().filter((o) => !o.ok).length, target_seconds: 60 };
  write('trial', result);
  return result;
}

const single = benchSingle();
console.log(`(a) one 1-year simulation: median ${single.median_ms.toFixed(2)} ms (p90 ${single.p90_ms.toFixed(2)} ms, ${single.rhsEvaluations} RHS evaluations)`);
const sweepRuns = quick ? 200 : 2000;
const one = await benchSweep(sweepRuns, 1);
const two = await benchSweep(sweepRuns, 2);
const speedup = two.runsPerSecond / one.runsPerSecond;
write('sweep-throughput', { one, two, speedup, target_speedup: 1.8 });
console.log(`(b) ${sweepRuns}-run sweep: ${one.runsPerSecond.toFixed(1)} runs/s with 1 worker, ${two.runsPerSecond.toFixed(1)} with 2: speedup ${speedup.toFixed(2)}×`);
const memory = benchMemory(quick ? 5000 : 100_000);
console.log(`(c) ${memory.runs}-run sweep: peak RSS ${memory.peakRss_MB.toFixed(0)} MB in ${memory.seconds.toFixed(0)} s`);

const trialBench = await benchTrial(quick ? 200 : 1000);
console.log(`(d) ${trialBench.patients}-patient × ${trialBench.arms}-arm trial: ${trialBench.seconds.toFixed(1)} s on 2 workers`);

const abm = benchAbm();
write("abm", { ...abm });
console.log(`(e) agent-based lattice: ${(abm.agentStepsPerSecondWall / 1e6).toFixed(2)} M agent-steps/s`);

const rows = [
  ['measure', 'value', 'target'],
  ['1-year simulation (median)', `${single.median_ms.toFixed(2)} ms`, '< 5 ms'],
  [`sweep, 1 worker`, `${one.runsPerSecond.toFixed(1)} runs/s`, ''],
  [`sweep, 2 workers`, `${two.runsPerSecond.toFixed(1)} runs/s`, ''],
  ['speedup 1 → 2 workers', `${speedup.toFixed(2)}×`, '≥ 1.8×'],
  [`peak RSS, ${memory.runs} runs`, `${memory.peakRss_MB.toFixed(0)} MB`, '< 300 MB'],
  [`trial ${trialBench.patients} × ${trialBench.arms} arms`, `${trialBench.seconds.toFixed(1)} s`, quick ? '' : '< 60 s'],
  ['ABM agent-steps per second', `${(abm.agentStepsPerSecondWall / 1e6).toFixed(2)} M`, '≥ 5 M'],
  [`ABM ${abm.settings.gridSize}² lattice, ${abm.settings.initialTumorAgents} tumor cells, ${abm.settings.duration_day} days`, `${abm.wall_s.toFixed(1)} s`, ''],
];
const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
console.log('\n' + rows.map((r) => r.map((c, j) => c.padEnd(widths[j])).join('  ')).join('\n'));
console.log(`\nwrote ${outDir}/single-simulation.json, sweep-throughput.json, sweep-memory.json, trial.json, abm.json`);
