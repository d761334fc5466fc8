import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const tisim = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'src/cli/tisim.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('tisim CLI (spawned process)', () => {
  it('runs a scenario and writes timeseries.csv and summary.json with units', () => {
    const out = mkdtempSync(join(tmpdir(), 'tisim-cli-'));
    const r = tisim('run', 'scenarios/nivolumab.json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tumor: .* mm³/);
    const csv = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^time \(day\),/);
    expect(csv[0]).toMatch(/nivolumab\.concentration \(nM\)/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.solver.retcode).toBe('Success');
    expect(summary.scenario.therapies[0].dose_mg).toBeGreaterThan(0);
    expect(csv.length - 1).toBe(Math.round(summary.scenario.duration_day / summary.scenario.outputInterval_day) + 1);
    expect(summary.tumor.bestChange_percent).toBeLessThanOrEqual(0);
  });

  it('gives byte-identical outputs for the same scenario', () => {
    const a = mkdtempSync(join(tmpdir(), 'tisim-a-'));
    const b = mkdtempSync(join(tmpdir(), 'tisim-b-'));
    expect(tisim('run', 'scenarios/untreated.json', '--out', a).status).toBe(0);
    expect(tisim('run', 'scenarios/untreated.json', '--out', b).status).toBe(0);
    expect(readFileSync(join(a, 'timeseries.csv'))).toEqual(readFileSync(join(b, 'timeseries.csv')));
    expect(readFileSync(join(a, 'summary.json'))).toEqual(readFileSync(join(b, 'summary.json')));
  });

  it('reports every problem of a broken scenario with file and JSON path, exit 2, no stack trace', () => {
    const out = mkdtempSync(join(tmpdir(), 'tisim-bad-'));
    const r = tisim('run', 'tests/fixtures/cli/broken.json', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toMatch(/broken\.json: \$\.therapies\[0\]\.dose: .*"3 weeks"/);
    expect(r.stderr).toMatch(/broken\.json: \$\.therapies\[1\]\.drug: .*nivolumab/);
    expect(r.stderr).toMatch(/broken\.json: \$\.duration: /);
    expect(existsSync(join(out, 'timeseries.csv'))).toBe(false);
  });

  it('a malformed file and a missing file exit 2 with a clear message', () => {
    const r = tisim('run', 'tests/fixtures/cli/malformed.json', 'tests/fixtures/cli/does-not-exist.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/malformed\.json/);
    expect(r.stderr).toMatch(/does-not-exist\.json/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown command or option exits 2', () => {
    expect(tisim('frobnicate').status).toBe(2);
    expect(tisim('run', 'scenarios/untreated.json', '--bogus').status).toBe(2);
  });

  it('params prints the parameter table with units and sources', () => {
    const r = tisim('params');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\| name \| value \| unit \| meaning \| source \|/);
    expect(r.stdout).toMatch(/### nivolumab/);
  });
});

describe('committed parameter table', () => {
  it('src/model/checkpoint/PARAMETERS.md is what `tisim params` prints (regenerate: npx tisim params --out src/model/checkpoint/PARAMETERS.md)', async () => {
    const { defaultContext } = await import('../src/simulation/defaultContext.js');
    const { parameterTableMarkdown } = await import('../src/report/paramsTable.js');
    const ctx = defaultContext();
    const expected = parameterTableMarkdown(ctx.models.get('checkpoint')!, ctx.therapies.all());
    expect(readFileSync(join(ROOT, 'src/model/checkpoint/PARAMETERS.md'), 'utf8')).toBe(expected);
  });
});

describe('tisim run with engine "abm"', () => {
  it('writes the same timeseries columns, lattice snapshots, an animation and a report showing them', () => {
    const out = mkdtempSync(join(tmpdir(), 'tisim-abm-'));
    const r = tisim('run', 'scenarios/abm-default.json', '--out', out);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(0);
    const header = readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n')[0];
    for (const column of ['tumor_presenting (cells)', 'cd8_terminal_exhausted (cells)', 'lesion_diameter (mm)', 'nivolumab.concentration (nM)'])
      expect(header).toContain(column);
    expect(existsSync(join(out, 'abm-snapshot-day-030.png'))).toBe(true);
    expect(existsSync(join(out, 'abm-animation.html'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/Lattice snapshots/);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).solver.engine).toBe('abm');
  });
});
