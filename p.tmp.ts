import { sweep } from './src/index.ts';
const base = { name: 'b', therapies: [{ drug: 'nivolumab', dose: '1 mg/kg', every: '3 weeks', doses: 1 }], duration: '1 day' };
for (const w of [1, 2]) {
  const t0 = performance.now();
  await sweep({ name: 'x', base, vary: { 'patient.parameters.tumor_proliferation_rate': { dist: 'uniform', min: 0.05, max: 0.09, unit: '1/day' } }, design: { type: 'random', samples: 2000 }, seed: 1 }, { workers: w });
  console.log(w, 'workers', (2000 / ((performance.now() - t0) / 1000)).toFixed(1), 'runs/s (1-day runs)');
}
