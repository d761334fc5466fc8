/**
 * A script a scientist can copy: run it with
 *
 *   npx tsx scenarios/examples/dose-response.ts
 *
 * 1. loads a scenario file and runs it in this thread;
 * 2. varies the nivolumab dose in a loop with plain objects;
 * 3. runs a Latin-hypercube sweep on all cores with progress, and prints PRCC.
 */
import { column, loadScenario, scenario, simulate, sweep } from '../../src/index.js';

// 1. One scenario from a file.
const base = loadScenario('scenarios/nivolumab.json');
const result = simulate(base);
console.log(`${base.name}: best tumor change ${result.tumor.bestChange_percent.toFixed(1)}% at day ${result.tumor.nadirTime_day}`);
const volume = column(result, 'tumor_volume');
console.log(`tumor volume at day 0, 90, 180: ${[0, 90, 180].map((d) => volume[d].toFixed(0)).join(', ')} mm³`);

// 2. A dose–response loop with scenarios written as objects (same format as files).
for (const dose of ['0.1 mg/kg', '0.3 mg/kg', '1 mg/kg', '3 mg/kg', '10 mg/kg']) {
  const s = scenario({
    name: `nivolumab-${dose}`,
    therapies: [{ drug: 'nivolumab', dose, every: '2 weeks', until: '52 weeks' }],
    duration: '52 weeks',
  });
  const r = simulate(s);
  console.log(`  ${dose.padEnd(10)} best change ${r.tumor.bestChange_percent.toFixed(1).padStart(7)}%  final ${r.tumor.finalChange_percent.toFixed(1).padStart(7)}%`);
}

// 3. A parallel Latin-hypercube sweep over patient parameters, with progress.
const { summary, outDir } = await sweep(
  {
    name: 'example-lhs',
    base: 'scenarios/nivolumab.json',
    vary: {
      'patient.parameters.tumor_proliferation_rate': { dist: 'uniform', min: 0.05, max: 0.09, unit: '1/day' },
      'patient.parameters.antigenicity': { dist: 'lognormal', median: 1, gsd: 1.6 },
      'therapies[0].dose': { dist: 'loguniform', min: 0.3, max: 10, unit: 'mg/kg' },
    },
    design: { type: 'lhs', samples: 64 },
    seed: 7,
  },
  { onProgress: (done, total) => process.stderr.write(`\r  sweep ${done}/${total}`) },
);
process.stderr.write('\n');
console.log(`sweep written to ${outDir}/runs.csv; PRCC of best tumor change:`);
for (const row of summary!.sensitivity.filter((r) => r.readout === 'best_change'))
  console.log(`  ${row.factor.padEnd(46)} ${row.value.toFixed(3)}`);
