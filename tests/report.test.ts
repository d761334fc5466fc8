import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenario, simulate, sweep } from '../src/index.js';
import { writeRun } from '../src/cli/run.js';
import { commandPlot, detectFolderKind } from '../src/cli/plotCommand.js';
import { UsageError } from '../src/cli/errors.js';
import { decimate, parseTimeseriesCsv, readRunFolder, renderRunReportHtml, runReportCharts, writeRunReport } from '../src/report/runReport.js';
import { parseRunsCsv, renderSweepReportHtml, writeSweepReport, type SweepReportData } from '../src/report/sweepReport.js';
import { scopeSvgIds } from '../src/report/charts.js';
import { escapeHtml } from '../src/report/html.js';

const tmp = (label: string) => mkdtempSync(join(tmpdir(), `tisim-report-${label}-`));
const quiet = () => {};

/** Self-contained: inline SVG, no scripts, nothing fetched from the network. */
function expectSelfContained(html: string) {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<(link|img|iframe|source)\b[^>]*(href|src)\s*=\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/url\(\s*["']?https?:/i);
  expect(html).not.toMatch(/@import/i);
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size).toBe(ids.length);
}

const svgCount = (html: string) => (html.match(/<svg\b/g) ?? []).length;

describe('run report', () => {
  let dir: string;

  beforeAll(() => {
    dir = tmp('run');
    const s = scenario({
      name: 'report-run',
      description: 'Nivolumab + ipilimumab, short',
      patient: { archetype: 'inflamed' },
      therapies: [
        { drug: 'nivolumab', dose: '1 mg/kg', every: '3 weeks', doses: 3 },
        { drug: 'ipilimumab', dose: '3 mg/kg', every: '3 weeks', doses: 3 },
      ],
      duration: '10 weeks',
    });
    writeRun(simulate(s), dir, []);
  });

  it('renders from a real run folder: inline SVG charts, scenario echo, nothing external', async () => {
    const path = await writeRunReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    const html = readFileSync(path, 'utf8');
    expectSelfContained(html);
    expect(svgCount(html)).toBeGreaterThanOrEqual(5);
    for (const id of ['tumor-burden', 'tumor-composition', 't-cells', 'vasculature', 'drugs']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('report-run');
    expect(html).toContain('inflamed archetype');
    expect(html).toMatch(/nivolumab.*1 mg\/kg.*75 mg/s);
    expect(html).toContain('PR ≤ −30%');
    expect(html).toContain('Best response (RECIST 1.1)');
  });

  it('plots dose markers from summary.json and picks drug columns by name', () => {
    const data = readRunFolder(dir);
    const drugs = runReportCharts(data).find((c) => c.id === 'drugs')!;
    expect(drugs.columns).toEqual(expect.arrayContaining(['nivolumab.concentration', 'ipilimumab.concentration', 'nivolumab.PD-1_occupancy', 'ipilimumab.CTLA-4_occupancy']));
    const markers = JSON.stringify(drugs.spec).match(/triangle-down/g) ?? [];
    expect(markers.length).toBe(2);
  });

  it('skips charts whose columns are absent (any model)', async () => {
    const csv = 'time (day),tumor_volume (mm^3),other (1)\n0,100,1\n1,90,1\n2,80,1\n';
    const data = { timeseries: parseTimeseriesCsv(csv), summary: { scenario: { name: 'bare' } } };
    expect(runReportCharts(data).map((c) => c.id)).toEqual(['tumor-burden']);
    const html = await renderRunReportHtml(data);
    expectSelfContained(html);
    expect(svgCount(html)).toBe(1);
  });

  it('tisim plot re-renders the same report', async () => {
    const first = readFileSync(join(dir, 'report.html'), 'utf8');
    rmSync(join(dir, 'report.html'));
    const lines: string[] = [];
    expect(await commandPlot([dir], (s) => lines.push(s))).toBe(0);
    expect(lines.join('\n')).toMatch(/run: wrote .*report\.html/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(first);
  });
});

describe('tisim plot', () => {
  it('detects folder kinds and refuses a folder with no results (exit 2)', async () => {
    const empty = tmp('empty');
    expect(detectFolderKind(empty)).toBeUndefined();
    await expect(commandPlot([empty], quiet)).rejects.toThrow(UsageError);
    await expect(commandPlot([empty], quiet)).rejects.toThrow(/not a results folder: expected timeseries\.csv/);
    await expect(commandPlot([join(empty, 'missing')], quiet)).rejects.toThrow(/no such folder/);
    await expect(commandPlot([], quiet)).rejects.toThrow(UsageError);
  });

  it('a broken run folder is invalid input, not a crash', async () => {
    const broken = tmp('broken');
    writeFileSync(join(broken, 'timeseries.csv'), 'nonsense\n1,2\n');
    await expect(commandPlot([broken], quiet)).rejects.toThrow(/cannot read the run results/);
  });

  it('a trial folder whose files cannot be read is invalid input', async () => {
    const trial = tmp('trial');
    writeFileSync(join(trial, 'patients.csv'), 'patient\n1\n');
    expect(detectFolderKind(trial)).toBe('trial');
    await expect(commandPlot([trial], quiet)).rejects.toThrow(UsageError);
  });
});

describe('sweep report', () => {
  let outDir: string;

  beforeAll(async () => {
    outDir = join(tmp('sweep'), 'out');
    await sweep(
      {
        name: 'report-grid',
        description: '2 × 2 grid for the report test',
        base: { name: 'b', therapies: [{ drug: 'nivolumab', dose: '3 mg/kg', every: '2 weeks', until: '6 weeks' }], duration: '6 weeks' },
        vary: {
          'therapies[0].dose': { values: ['1 mg/kg', '3 mg/kg'] },
          'patient.parameters.tumor_proliferation_rate': { values: [0.05, 0.08], unit: '1/day' },
        },
        design: { type: 'grid' },
        seed: 3,
      },
      { workers: 1, outDir },
    );
  });

  it('renders heatmaps over a two-factor grid and histograms from a real sweep folder', async () => {
    const html = readFileSync(await writeSweepReport(outDir), 'utf8');
    expectSelfContained(html);
    expect(html).toContain('report-grid');
    expect(html).toContain('Readouts over the grid of therapies[0].dose × patient.parameters.tumor_proliferation_rate');
    expect(html).toContain('id="fig-heat-best_change"');
    expect(html).toContain('id="fig-hist-best_change"');
    expect(svgCount(html)).toBeGreaterThanOrEqual(8);
    expect(html).not.toContain('Failed runs');
  });

  it('tisim plot re-renders a sweep folder', async () => {
    const before = readFileSync(join(outDir, 'report.html'), 'utf8');
    rmSync(join(outDir, 'report.html'));
    const lines: string[] = [];
    expect(await commandPlot([outDir], (s) => lines.push(s))).toBe(0);
    expect(lines[0]).toMatch(/^sweep: wrote /);
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toBe(before);
  });

  it('shows tornado charts for sensitivity indices and a table of failures', async () => {
    const runs = parseRunsCsv(
      [
        'run,design_row,replicate,seed,a (1/day),b (mg/kg),status,best_change (%),message',
        '0,0,0,11,0.05 1/day,1 mg/kg,ok,-40,',
        '1,1,0,12,0.06 1/day,3 mg/kg,ok,-20,',
        '2,2,0,13,0.07 1/day,2 mg/kg,failed,,"MaxIters: too many steps, t = 3"',
        '3,3,0,14,0.08 1/day,5 mg/kg,ok,10,',
      ].join('\n'),
    );
    expect(runs.factors.map((f) => f.path)).toEqual(['a', 'b']);
    expect(runs.runs[2]).toMatchObject({ ok: false, message: 'MaxIters: too many steps, t = 3' });
    const data: SweepReportData = {
      runs,
      summary: {
        name: 'synthetic',
        design: { type: 'saltelli', samples: 4, points: 4 },
        sensitivity: [
          { readout: 'best_change', factor: 'a', method: 'Sobol S1', value: 0.6, low: 0.4, high: 0.8 },
          { readout: 'best_change', factor: 'a', method: 'Sobol ST', value: 0.7, low: 0.5, high: 0.9 },
          { readout: 'best_change', factor: 'b', method: 'Sobol S1', value: 0.1, low: null, high: null },
          { readout: 'best_change', factor: 'b', method: 'Sobol ST', value: null },
        ],
      },
    };
    const html = await renderSweepReportHtml(data);
    expectSelfContained(html);
    expect(html).toContain('id="fig-tornado-best_change"');
    expect(html).toContain('Failed runs (1)');
    expect(html).toContain(escapeHtml('MaxIters: too many steps, t = 3'));
    expect(html).toContain('id="fig-scatter-best_change"');
  });
});

describe('report helpers', () => {
  it('scopes and renumbers SVG ids so inline charts neither share clip paths nor depend on render order', () => {
    const svg = '<svg><defs><clipPath id="clip7"><rect/></clipPath><clipPath id="clip9"/></defs><g clip-path="url(#clip7)"></g><use href="#clip9"/></svg>';
    expect(scopeSvgIds(svg, 'c2')).toBe('<svg><defs><clipPath id="c2-1"><rect/></clipPath><clipPath id="c2-2"/></defs><g clip-path="url(#c2-1)"></g><use href="#c2-2"/></svg>');
  });

  it('thins long series but keeps every peak and trough', () => {
    const y = Array.from({ length: 10_000 }, (_, k) => Math.sin(k / 50) + (k === 4321 ? 5 : 0));
    const kept = decimate(y, 700);
    expect(kept.length).toBeLessThanOrEqual(702);
    expect(kept).toContain(4321);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(9999);
  });

  it('report folders are found by their marker file', () => {
    const d = tmp('kinds');
    for (const [file, kind] of [['timeseries.csv', 'run'], ['synergy.csv', 'synergy'], ['runs.csv', 'sweep'], ['patients.csv', 'trial']] as const) {
      const sub = join(d, kind);
      mkdirSync(sub);
      writeFileSync(join(sub, file), '');
      expect(detectFolderKind(sub)).toBe(kind);
    }
  });
});
