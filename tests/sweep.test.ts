import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { defaultContext } from '../src/simulation/defaultContext.js';
import { loadSweepFile } from '../src/sweep/spec.js';
import { planSweep } from '../src/sweep/plan.js';
import { runSweep } from '../src/sweep/run.js';
import { ScenarioValidationError } from '../src/scenario/errors.js';

const ROOT = join(import.meta.dirname, '..');
const base = {
  name: 'sweep-base',
  therapies: [{ drug: 'nivolumab', dose: '3 mg/kg', every: '2 weeks', until: '8 weeks' }],
  duration: '10 weeks',
  output: { interval: '1 day' },
};

function sweepFile(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'sweep.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'test-sweep',
      base,
      vary: {
        'therapies[0].dose': { values: ['1 mg/kg', '3 mg/kg', '10 mg/kg'] },
        'patient.parameters.tumor_proliferation_rate': { dist: 'uniform', min: 0.05, max: 0.09, levels: 2, unit: '1/day' },
      },
      design: { type: 'grid' },
      seed: 11,
      ...extra,
    }),
  );
  return file;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'tisim-sweep-'));

describe('parameter sweeps', () => {
  const ctx = defaultContext();

  it('gives byte-identical runs.csv with 1 and 2 workers, rows in index order', async () => {
    const dir = tmp();
    const plan = planSweep(loadSweepFile(sweepFile(dir), ctx));
    expect(plan.runs).toBe(6);
    const one = await runSweep(plan, ctx, { outDir: join(dir, 'w1'), workers: 1 });
    const two = await runSweep(plan, ctx, { outDir: join(dir, 'w2'), workers: 2 });
    const a = readFileSync(one.runsCsv, 'utf8');
    expect(a).toBe(readFileSync(two.runsCsv, 'utf8'));
    const rows = a.trim().split('\n').slice(1);
    expect(rows.map((r) => Number(r.split(',')[0]))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(a.split('\n')[0]).toMatch(/patient\.parameters\.tumor_proliferation_rate \(1\/day\)/);
    expect(rows.every((r) => r.includes(',ok,'))).toBe(true);
  });

  it('records failing runs (solver failure, invalid sampled input) with their reasons and goes on', async () => {
    const dir = tmp();
    const file = sweepFile(dir, {
      vary: {
        'solver.maxSteps': { values: [100000, 3] },
        'therapies[0].dose': { values: ['3 mg/kg', '-1 mg/kg'] },
      },
    });
    const outcome = await runSweep(planSweep(loadSweepFile(file, ctx)), ctx, { outDir: join(dir, 'out'), workers: 2 });
    expect(outcome.failed).toBe(3);
    const rows = readFileSync(outcome.runsCsv, 'utf8').trim().split('\n').slice(1);
    expect(rows[0]).toMatch(/,ok,/);
    expect(rows[1]).toMatch(/,failed,.*invalid input: .*dose.*greater than zero/);
    expect(rows[2]).toMatch(/,failed,.*MaxIters/);
  });

  it('an interrupted sweep resumes to the same bytes as an uninterrupted one', async () => {
    const dir = tmp();
    const plan = planSweep(loadSweepFile(sweepFile(dir), ctx));
    const full = await runSweep(plan, ctx, { outDir: join(dir, 'full'), workers: 2 });
    const expected = readFileSync(full.runsCsv, 'utf8');

    // Interrupted through the API after two results...
    const abort = new AbortController();
    const partial = await runSweep(plan, ctx, {
      outDir: join(dir, 'part'),
      workers: 1,
      signal: abort.signal,
      onProgress: (done) => done >= 2 && abort.abort(),
    });
    expect(partial.interrupted).toBe(true);
    const prefix = readFileSync(partial.runsCsv, 'utf8');
    expect(expected.startsWith(prefix)).toBe(true);
    // ...and killed mid-write: a torn last line.
    truncateSync(partial.runsCsv, statSync(partial.runsCsv).size - 7);
    const resumed = await runSweep(plan, ctx, { outDir: join(dir, 'part'), workers: 2, resume: true });
    expect(resumed.skipped).toBeGreaterThanOrEqual(1);
    expect(readFileSync(resumed.runsCsv, 'utf8')).toBe(expected);
  });

  it('rejects a bad sweep file with file and JSON path', () => {
    const dir = tmp();
    const file = sweepFile(dir, { vary: { 'therapies[5].dose': { values: ['1 mg/kg'] }, 'x.y': { dist: 'uniform', min: 2, max: 1 } }, design: { type: 'lhs' } });
    try {
      loadSweepFile(file, ctx);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioValidationError);
      const text = (err as ScenarioValidationError).format();
      expect(text).toMatch(/sweep\.json: \$\.design\.samples: /);
      expect(text).toMatch(/sweep\.json: \$\.vary\["x\.y"\]: .*max/);
    }
  });

  it('the CLI runs a Latin-hypercube sweep, reports PRCC and exits 0', () => {
    const dir = tmp();
    const file = sweepFile(dir, {
      vary: {
        'patient.parameters.tumor_proliferation_rate': { dist: 'uniform', min: 0.05, max: 0.09, unit: '1/day' },
        'therapies[0].dose': { dist: 'loguniform', min: 0.1, max: 10, unit: 'mg/kg' },
      },
      design: { type: 'lhs', samples: 12 },
    });
    const r = spawnSync(process.execPath, [join(ROOT, 'src/cli/tisim.js'), 'sensitivity', file, '--out', join(dir, 'out'), '--workers', '2'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/PRCC/);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.runs).toBe(12);
    const growth = summary.sensitivity.find((s: { readout: string; factor: string }) => s.readout === 'final_change' && s.factor === 'patient.parameters.tumor_proliferation_rate');
    expect(growth.value).toBeGreaterThan(0.5);
    expect(readFileSync(join(dir, 'out', 'tornado-best_change.svg'), 'utf8')).toMatch(/^<svg/);
  });
});

describe('scenarios/sweeps/sweep.schema.json', () => {
  it('matches the zod schema (regenerate with: npm run schema)', async () => {
    const { sweepJsonSchemaText, SWEEP_SCHEMA_PATH } = await import('../src/scenario/emitSchema.js');
    expect(readFileSync(SWEEP_SCHEMA_PATH, 'utf8')).toBe(await sweepJsonSchemaText());
  });
});
