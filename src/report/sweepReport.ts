/**
 * The report of a sweep, rebuilt from its folder (runs.csv + summary.json):
 * readout distributions, heatmaps over a two-factor grid, tornado charts of
 * sensitivity indices, and the failed runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { parseCsv } from './csvParse.js';
import { renderInlineSvg, tornadoSpec } from './charts.js';
import { heatmapSpec, histogramSpec, levelsSpec, scatterPanelsSpec, type HeatCell, type ScatterPanel } from './chartSpecs.js';
import { RUN_READOUTS } from '../analysis/runReadouts.js';
import { escapeHtml, facts, figure, formatValue, keyNumbers, note, page, table, type Cell, type KeyNumber, type Section } from './html.js';
import { splitHeader } from './runReport.js';

export interface SweepRun {
  readonly run: number;
  readonly designRow: number;
  readonly replicate: number;
  readonly ok: boolean;
  /** Factor values as written in runs.csv (e.g. "3 mg/kg", "0.07 1/day", 100000). */
  readonly factors: readonly string[];
  readonly readouts: readonly number[];
  readonly message: string;
}

export interface SweepRunsTable {
  readonly factors: readonly { readonly path: string; readonly unit: string }[];
  readonly readouts: readonly { readonly name: string; readonly unit: string }[];
  readonly runs: readonly SweepRun[];
}

/** summary.json as written by summarizeSweep(); optional fields so partial folders still render. NaN is stored as null. */
export interface SweepSummaryFile {
  readonly name?: string;
  readonly description?: string;
  readonly sweepFile?: string;
  readonly baseScenario?: string;
  readonly design?: { readonly type?: string; readonly samples?: number; readonly points?: number };
  readonly replicates?: number;
  readonly seed?: number;
  readonly factors?: readonly { readonly path: string; readonly kind?: string; readonly unit?: string }[];
  readonly runs?: number;
  readonly ok?: number;
  readonly failed?: number;
  readonly readouts?: Readonly<Record<string, { readonly unit?: string; readonly n?: number; readonly dropped?: number; readonly [stat: string]: number | string | null | undefined }>>;
  readonly sensitivity?: readonly {
    readonly readout: string;
    readonly factor: string;
    readonly method: string;
    readonly value: number | null;
    readonly low?: number | null;
    readonly high?: number | null;
    readonly p?: number | null;
  }[];
  readonly sensitivityProblems?: readonly string[];
}

export interface SweepReportData {
  readonly runs: SweepRunsTable;
  readonly summary: SweepSummaryFile;
}

export interface SweepChart {
  readonly id: string;
  readonly spec: TopLevelSpec;
  readonly caption?: string;
}

/** runs.csv: run, design_row, replicate, seed, factors…, status, readouts…, message. */
export function parseRunsCsv(text: string): SweepRunsTable {
  const { header, rows } = parseCsv(text);
  const seedCol = header.indexOf('seed');
  const statusCol = header.indexOf('status');
  if (seedCol < 0 || statusCol < 0 || header[header.length - 1] !== 'message') throw new Error('runs.csv does not have the columns of a sweep (seed, status, message)');
  const factors = header.slice(seedCol + 1, statusCol).map((h) => {
    const { name, unit } = splitHeader(h);
    return { path: name, unit };
  });
  const readouts = header.slice(statusCol + 1, header.length - 1).map(splitHeader);
  const runs = rows.map((r) => ({
    run: Number(r[0]),
    designRow: Number(r[1]),
    replicate: Number(r[2]),
    ok: r[statusCol] === 'ok',
    factors: r.slice(seedCol + 1, statusCol),
    readouts: r.slice(statusCol + 1, header.length - 1).map((c) => (c === '' ? NaN : Number(c))),
    message: r[header.length - 1] ?? '',
  }));
  return { factors, readouts, runs };
}

/** Leading number of a factor cell ("0.07 1/day" → 0.07); NaN for non-numeric values. */
export function numericValue(cell: string): number {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(cell);
  return m ? Number(m[1]) : NaN;
}

/** A factor value for display: its leading number to 4 significant digits, long values shortened. */
export function displayValue(cell: string): string {
  const n = numericValue(cell);
  const text = Number.isFinite(n) ? cell.replace(/^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/, formatValue(n)) : cell;
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const shortLabel = displayValue;

const DESCRIPTIONS = new Map(RUN_READOUTS.map((r) => [r.name, r.description]));

/** Distinct values of a factor in first-appearance order (the design's order for grids). */
export function factorLevels(runs: SweepRunsTable, factor: number): string[] {
  return [...new Set(runs.runs.map((r) => r.factors[factor]))];
}

const isChange = (readout: { name: string; unit: string }) => readout.unit === '%' && /change/.test(readout.name);
const readoutTitle = (r: { name: string; unit: string }) => (r.unit && r.unit !== '1' ? `${r.name} (${r.unit})` : r.name);
const finiteValues = (runs: SweepRunsTable, j: number) => runs.runs.filter((r) => r.ok).map((r) => r.readouts[j]).filter(Number.isFinite);

/** Mean of the finite values over the runs of each combination of the given factors. */
function meansBy(runs: SweepRunsTable, factorIdx: readonly number[], j: number): Map<string, number> {
  const groups = new Map<string, number[]>();
  for (const r of runs.runs) {
    const key = JSON.stringify(factorIdx.map((f) => r.factors[f]));
    const v = r.ok ? r.readouts[j] : NaN;
    if (!groups.has(key)) groups.set(key, []);
    if (Number.isFinite(v)) groups.get(key)!.push(v);
  }
  return new Map([...groups].map(([k, vs]) => [k, vs.length ? vs.reduce((s, v) => s + v, 0) / vs.length : NaN]));
}

export function histogramCharts(data: SweepReportData): SweepChart[] {
  return data.runs.readouts.flatMap((r, j) => {
    const values = finiteValues(data.runs, j);
    if (!values.length) return [];
    const missing = data.runs.runs.length - values.length;
    return [{ id: `hist-${r.name}`, spec: histogramSpec(r.name, values, readoutTitle(r), `${values.length} runs${missing ? `, ${missing} without a value` : ''}; dashed: median`) }];
  });
}

/** Heatmaps of each readout over a two-factor grid (mean over replicates). */
export function heatmapCharts(data: SweepReportData): SweepChart[] {
  const { runs } = data;
  if (runs.factors.length !== 2) return [];
  const yLevels = factorLevels(runs, 0);
  const xLevels = factorLevels(runs, 1);
  return runs.readouts.flatMap((r, j) => {
    if (!finiteValues(runs, j).length) return [];
    const means = meansBy(runs, [0, 1], j);
    const cells: HeatCell[] = yLevels.flatMap((y) =>
      xLevels.map((x) => {
        const value = means.get(JSON.stringify([y, x])) ?? NaN;
        return { x: shortLabel(x), y: shortLabel(y), value, text: formatValue(value, 3) };
      }),
    );
    return [
      {
        id: `heat-${r.name}`,
        spec: heatmapSpec(cells, {
          title: r.name,
          subtitle: (DESCRIPTIONS.get(r.name) ?? readoutTitle(r)) + ((data.summary.replicates ?? 1) > 1 ? ' (mean over replicates)' : ''),
          xTitle: runs.factors[1].path,
          yTitle: runs.factors[0].path,
          xOrder: xLevels.map(shortLabel),
          yOrder: yLevels.map(shortLabel),
          legendTitle: r.unit || r.name,
          color: isChange(r) ? { kind: 'diverging', mid: 0, reverse: true } : { kind: 'sequential' },
        }),
      },
    ];
  });
}

/** One-factor grid: each readout against the factor's levels. */
export function levelCharts(data: SweepReportData): SweepChart[] {
  const { runs } = data;
  if (runs.factors.length !== 1) return [];
  const levels = factorLevels(runs, 0);
  return runs.readouts.flatMap((r, j) => {
    if (!finiteValues(runs, j).length) return [];
    const means = meansBy(runs, [0], j);
    const rows = levels.map((l) => ({ level: shortLabel(l), value: means.get(JSON.stringify([l])) ?? NaN })).filter((p) => Number.isFinite(p.value));
    return [{ id: `levels-${r.name}`, spec: levelsSpec(r.name, rows, runs.factors[0].path, readoutTitle(r), levels.map(shortLabel)) }];
  });
}

/**
 * Sampled designs: the headline readout against each factor that varies among
 * the successful runs. Large sweeps are thinned to an even subset of runs so
 * the page stays light (one SVG element per point).
 */
export function scatterCharts(data: SweepReportData, readout = 'best_change', maxPoints = 2000): SweepChart[] {
  const { runs } = data;
  const j = runs.readouts.findIndex((r) => r.name === readout);
  if (j < 0) return [];
  const finite = runs.runs.filter((r) => r.ok && Number.isFinite(r.readouts[j]));
  const stride = Math.max(1, Math.ceil(finite.length / maxPoints));
  const used = finite.filter((_, k) => k % stride === 0);
  const panels: ScatterPanel[] = runs.factors.flatMap((f, i) => {
    const points = used.map((r) => ({ x: numericValue(r.factors[i]), y: r.readouts[j] }));
    const xs = points.map((p) => p.x);
    if (!points.length || !xs.every(Number.isFinite) || new Set(xs).size < 2) return [];
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return [{ title: f.unit ? `${f.path} (${f.unit})` : f.path, points, log: lo > 0 && hi / lo > 20 }];
  });
  if (!panels.length) return [];
  const title = `${readout} against each factor${stride > 1 ? ` (every ${stride}th of ${finite.length} runs)` : ''}`;
  return [{ id: `scatter-${readout}`, spec: scatterPanelsSpec(title, panels, readoutTitle(runs.readouts[j])) }];
}

type SensitivityRow = NonNullable<SweepSummaryFile['sensitivity']>[number];
const num = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);

/** Tornado charts per readout; Sobol results show ST and S1 on a [0, 1] axis. */
export function tornadoCharts(data: SweepReportData): SweepChart[] {
  const rows = (data.summary.sensitivity ?? []).filter((r) => Number.isFinite(num(r.value)));
  const readouts = [...new Set(rows.map((r) => r.readout))];
  return readouts.map((readout) => {
    const mine = rows.filter((r) => r.readout === readout);
    const sobol = mine.some((r) => r.method.startsWith('Sobol'));
    const values = mine.flatMap((r) => [num(r.value), num(r.low), num(r.high)]).filter(Number.isFinite);
    const domain: [number, number] = sobol ? [Math.min(0, ...values), Math.max(1, ...values)] : [-1, 1];
    const spec = tornadoSpec(
      `${readout}: ${sobol ? 'Sobol indices' : 'partial rank correlation (PRCC)'}`,
      mine.map((r) => ({
        factor: r.factor,
        value: num(r.value),
        measure: r.method,
        ...(Number.isFinite(num(r.low)) && Number.isFinite(num(r.high)) ? { low: num(r.low), high: num(r.high) } : {}),
      })),
      domain,
    );
    return { id: `tornado-${readout}`, spec };
  });
}

function sensitivityTable(rows: readonly SensitivityRow[]): string {
  return table(
    ['readout', 'factor', 'method', 'value', '95% interval', 'p'],
    rows.map((r) => [
      r.readout,
      r.factor,
      r.method,
      num(r.value),
      Number.isFinite(num(r.low)) ? `${formatValue(num(r.low), 3)} … ${formatValue(num(r.high), 3)}` : '–',
      num(r.p),
    ]),
  );
}

function readoutTable(data: SweepReportData): string {
  const stats = data.summary.readouts ?? {};
  const rows: Cell[][] = data.runs.readouts.map((r, j) => {
    const s = stats[r.name];
    const values = finiteValues(data.runs, j).sort((a, b) => a - b);
    const q = (p: number) => (values.length ? values[Math.min(values.length - 1, Math.round(p * (values.length - 1)))] : NaN);
    const stat = (key: string, fallback: number) => (s && typeof s[key] === 'number' ? (s[key] as number) : fallback);
    return [readoutTitle(r), values.length, stat('median', q(0.5)), stat('q05', q(0.05)), stat('q95', q(0.95)), stat('min', values[0] ?? NaN), stat('max', values[values.length - 1] ?? NaN)];
  });
  return table(['readout', 'runs with a value', 'median', '5%', '95%', 'min', 'max'], rows);
}

function factorTable(data: SweepReportData): string {
  const kinds = new Map((data.summary.factors ?? []).map((f) => [f.path, f.kind]));
  return table(
    ['factor', 'kind', 'values'],
    data.runs.factors.map((f, i) => {
      const levels = factorLevels(data.runs, i);
      const numeric = levels.map(numericValue);
      const described =
        levels.length <= 12
          ? levels.map(shortLabel).join(', ')
          : numeric.every(Number.isFinite)
            ? `${levels.length} values, ${formatValue(Math.min(...numeric), 3)} … ${formatValue(Math.max(...numeric), 3)}${f.unit ? ` ${f.unit}` : ''}`
            : `${levels.length} values`;
      return [f.unit ? `${f.path} (${f.unit})` : f.path, kinds.get(f.path) ?? '–', described];
    }),
  );
}

function failureTable(data: SweepReportData, limit = 100): string {
  const failed = data.runs.runs.filter((r) => !r.ok);
  const rows = failed.slice(0, limit).map((r) => [r.run, ...r.factors.map(shortLabel), r.message.length > 300 ? `${r.message.slice(0, 297)}…` : r.message] as Cell[]);
  const more = failed.length > limit ? `<p>… and ${failed.length - limit} more (all in <code>runs.csv</code>).</p>` : '';
  return `<div class="scroll">${table(['run', ...data.runs.factors.map((f) => f.path), 'reason'], rows)}</div>${more}`;
}

function headerHtml(data: SweepReportData): string {
  const s = data.summary;
  const runs = data.runs.runs;
  const ok = runs.filter((r) => r.ok).length;
  const design = s.design?.type ? `${s.design.type}${s.design.samples ? `, ${s.design.samples} samples` : ''}${s.design.points ? ` → ${s.design.points} points` : ''}` : '–';
  const pairs: [string, Cell][] = [];
  if (s.sweepFile && s.sweepFile !== '<sweep>') pairs.push(['sweep file', { html: `<code>${escapeHtml(s.sweepFile)}</code>` }]);
  if (s.baseScenario) pairs.push(['base scenario', { html: `<code>${escapeHtml(s.baseScenario)}</code>` }]);
  pairs.push(['design', design]);
  pairs.push(['replicates · seed', `${s.replicates ?? '–'} · ${s.seed ?? '–'}`]);
  const cards: KeyNumber[] = [
    { label: 'Runs', value: formatValue(runs.length) },
    { label: 'Succeeded', value: formatValue(ok), tone: ok === runs.length ? 'good' : 'neutral' },
    { label: 'Failed', value: formatValue(runs.length - ok), tone: runs.length - ok ? 'bad' : 'neutral' },
  ];
  const j = data.runs.readouts.findIndex((r) => r.name === 'best_change');
  if (j >= 0) {
    const values = finiteValues(data.runs, j).sort((a, b) => a - b);
    if (values.length) {
      const median = values.length % 2 ? values[values.length >> 1] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
      cards.push({ label: 'Median best change', value: `${formatValue(median, 3)}%`, note: `range ${formatValue(values[0], 3)} … ${formatValue(values[values.length - 1], 3)}%` });
    }
  }
  return `${facts(pairs)}\n<h3>Factors</h3>\n${factorTable(data)}\n${keyNumbers(cards)}`;
}

async function figures(charts: readonly SweepChart[], grid = true): Promise<string> {
  const parts: string[] = [];
  for (const c of charts) parts.push(figure(await renderInlineSvg(c.spec, c.id), c.caption, c.id));
  return grid ? `<div class="grid2">${parts.join('\n')}</div>` : parts.join('\n');
}

/** The sweep report as one HTML string (data in, HTML out; charts rendered in Node). */
export async function renderSweepReportHtml(data: SweepReportData): Promise<string> {
  const sections: Section[] = [];
  const { runs, summary } = data;
  const designType = summary.design?.type;

  if (designType === 'grid' || designType === undefined) {
    const heat = heatmapCharts(data);
    if (heat.length)
      sections.push({
        id: 'grid',
        title: `Readouts over the grid of ${runs.factors.map((f) => f.path).join(' × ')}`,
        html: `${await figures(heat)}\n<p class="subtitle">Tumor-change readouts: blue = shrinkage, red = growth. n/a: no value (a failed run, or e.g. no progression).</p>`,
      });
    const levels = levelCharts(data);
    if (levels.length) sections.push({ id: 'grid', title: `Readouts against ${runs.factors[0].path}`, html: await figures(levels) });
    if (!heat.length && !levels.length && runs.factors.length > 2)
      sections.push({ id: 'grid', title: 'Grid', html: note(`A grid over ${runs.factors.length} factors: heatmaps are drawn for two-factor grids only; the values are in runs.csv.`) });
  }

  sections.push({ id: 'readouts', title: 'Readout distributions', html: `${readoutTable(data)}\n${await figures(histogramCharts(data))}` });

  const tornados = tornadoCharts(data);
  if (tornados.length) {
    const rows = (summary.sensitivity ?? []).filter((r) => Number.isFinite(num(r.value)));
    const problems = summary.sensitivityProblems ?? [];
    sections.push({
      id: 'sensitivity',
      title: 'Sensitivity',
      html:
        `<p>${designType === 'saltelli' ? 'Sobol indices: S1 is the share of the readout variance explained by the factor alone, ST includes its interactions (whiskers: bootstrap 95% intervals).' : 'Partial rank correlation coefficients (PRCC): the monotone association of each factor with the readout once the other factors are accounted for; −1 … +1.'}</p>\n` +
        `${await figures(tornados)}\n<details><summary>All indices</summary>${sensitivityTable(rows)}</details>` +
        (problems.length ? `\n<details><summary>Notes (${problems.length})</summary><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></details>` : ''),
    });
  }

  if (designType && designType !== 'grid') {
    const scatter = scatterCharts(data);
    if (scatter.length) sections.push({ id: 'scatter', title: 'Readout against factors', html: await figures(scatter, false) });
  }

  const failed = runs.runs.filter((r) => !r.ok).length;
  if (failed) sections.push({ id: 'failures', title: `Failed runs (${failed})`, html: failureTable(data) });

  sections.push({
    id: 'files',
    title: 'Data',
    html: `<p>One row per run in <a href="runs.csv"><code>runs.csv</code></a> (factor values, status, readouts with units in the header); statistics and sensitivity indices in <a href="summary.json"><code>summary.json</code></a>.</p>`,
  });

  return page({
    title: summary.name ?? 'Sweep',
    kind: 'tisim sweep report',
    subtitle: summary.description,
    header: headerHtml(data),
    sections,
  });
}

/** Reads a sweep folder (runs.csv, and summary.json when the sweep finished). */
export function readSweepFolder(dir: string): SweepReportData {
  const csv = join(dir, 'runs.csv');
  if (!existsSync(csv)) throw new Error(`${dir} has no runs.csv`);
  const summaryPath = join(dir, 'summary.json');
  const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as SweepSummaryFile) : {};
  return { runs: parseRunsCsv(readFileSync(csv, 'utf8')), summary };
}

/** Writes DIR/report.html from the sweep folder's files (or from data already read); returns its path. */
export async function writeSweepReport(dir: string, data: SweepReportData = readSweepFolder(dir)): Promise<string> {
  const html = await renderSweepReportHtml(data);
  const path = join(dir, 'report.html');
  writeFileSync(path, html);
  return path;
}
