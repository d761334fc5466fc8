/**
 * The report of one run, rebuilt from what the run folder holds
 * (timeseries.csv + summary.json), so old results can be re-rendered.
 * Charts pick columns by name and are skipped when their columns are absent.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { assessRecist, RECIST_1_1 } from '../analysis/recist.js';
import { defaultContext } from '../simulation/defaultContext.js';
import { parseCsv } from './csvParse.js';
import { renderInlineSvg } from './charts.js';
import { timeChartSpec, valueRange, type Band, type Marker, type SeriesRow, type TimePanel } from './chartSpecs.js';
import { escapeHtml, facts, figure, formatPercent, formatValue, keyNumbers, note, page, table, type KeyNumber, type Section } from './html.js';

export interface TimeseriesTable {
  readonly t: Float64Array;
  readonly columns: ReadonlyMap<string, Float64Array>;
  readonly units: ReadonlyMap<string, string>;
}

/** summary.json as written by runSummary(); every field optional so older folders still render. */
export interface RunSummaryFile {
  readonly scenario?: {
    readonly name?: string;
    readonly description?: string;
    readonly sourceFile?: string;
    readonly model?: string;
    readonly patient?: { readonly archetype?: string; readonly bodyWeight_kg?: number; readonly parameters?: Readonly<Record<string, number>> };
    readonly therapies?: readonly { readonly drug: string; readonly doseText?: string; readonly dose_mg?: number; readonly times_day?: readonly number[] }[];
    readonly duration_day?: number;
    readonly outputInterval_day?: number;
    readonly engine?: string;
    readonly seed?: number;
  };
  readonly tumor?: {
    readonly baselineVolume_mm3?: number;
    readonly finalVolume_mm3?: number;
    readonly finalChange_percent?: number;
    readonly bestChange_percent?: number;
    readonly nadirTime_day?: number;
    readonly baselineDiameter_mm?: number;
    readonly bestDiameterChange_percent?: number;
  };
  readonly solver?: { readonly retcode?: string; readonly message?: string; readonly failure?: { readonly time?: number; readonly variable?: string; readonly value?: number } | null };
  readonly warnings?: readonly string[];
  readonly columns?: readonly { readonly name: string; readonly unit: string; readonly description?: string }[];
}

export interface RunReportData {
  readonly timeseries: TimeseriesTable;
  readonly summary: RunSummaryFile;
  /** Units of patient parameters, for the overrides table (optional). */
  readonly parameterUnits?: Readonly<Record<string, string>>;
  /** Lattice snapshots of an agent-based run (SVG text by day), shown as a frame sequence. */
  readonly snapshots?: readonly { readonly day: number; readonly svg: string }[];
}

export interface ReportChart {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
  /** Columns plotted, for the "what is plotted" notes. */
  readonly columns: readonly string[];
}

/** Splits a header cell "name (unit)" into its parts. */
export function splitHeader(cell: string): { name: string; unit: string } {
  const m = /^(.*) \(([^()]*)\)$/.exec(cell);
  return m ? { name: m[1], unit: m[2] } : { name: cell, unit: '' };
}

export function parseTimeseriesCsv(text: string): TimeseriesTable {
  const { header, rows } = parseCsv(text);
  if (!header.length || splitHeader(header[0]).name !== 'time') throw new Error('timeseries.csv must start with a "time (day)" column');
  const names = header.map((h) => splitHeader(h));
  const data = names.map(() => new Float64Array(rows.length));
  rows.forEach((row, k) => row.forEach((cell, j) => (data[j][k] = cell === '' ? NaN : Number(cell))));
  const columns = new Map<string, Float64Array>();
  const units = new Map<string, string>();
  names.slice(1).forEach((n, j) => {
    columns.set(n.name, data[j + 1]);
    units.set(n.name, n.unit);
  });
  return { t: data[0], columns, units };
}

/**
 * At most ~maxPoints indices, keeping each bucket's minimum and maximum so
 * dose peaks and troughs survive thinning.
 */
export function decimate(y: ArrayLike<number>, maxPoints = 700): number[] {
  const n = y.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, k) => k);
  const buckets = Math.floor(maxPoints / 2);
  const keep = new Set<number>([0, n - 1]);
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let iMin = lo;
    let iMax = lo;
    for (let k = lo; k < hi; k++) {
      if (y[k] < y[iMin]) iMin = k;
      if (y[k] > y[iMax]) iMax = k;
    }
    keep.add(iMin).add(iMax);
  }
  return [...keep].sort((a, b) => a - b);
}

interface SeriesPick {
  readonly column: string;
  readonly label: string;
}

/** Long-format rows of the picked columns that exist; log panels drop values ≤ 0. */
function rowsOf(ts: TimeseriesTable, picks: readonly SeriesPick[], map: (v: number, column: string) => number = (v) => v, positive = false): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const p of picks) {
    const col = ts.columns.get(p.column);
    if (!col) continue;
    const y = Array.from(col, (v) => map(v, p.column));
    for (const k of decimate(y)) {
      const value = y[k];
      if (!Number.isFinite(value) || (positive && value <= 0)) continue;
      rows.push({ t: ts.t[k], value, series: p.label });
    }
  }
  return rows;
}

const timeDomain = (ts: TimeseriesTable): [number, number] => [ts.t[0] ?? 0, ts.t[ts.t.length - 1] ?? 1];

const present = (ts: TimeseriesTable, picks: readonly SeriesPick[]) => picks.filter((p) => ts.columns.has(p.column));

function percentChange(ts: TimeseriesTable, column: string): (v: number) => number {
  const base = ts.columns.get(column)?.[0] ?? NaN;
  return (v) => ((v - base) / base) * 100;
}


/** Drops the washout tail far below the peak, which would squeeze the dosing range of a log axis. */
function aboveFloor(rows: SeriesRow[], fractionOfPeak: number): SeriesRow[] {
  const floor = valueRange(rows)[1] * fractionOfPeak;
  return rows.filter((r) => r.value >= floor);
}

/** Log scale when a positive series spans more than two decades. */
function wantsLog(rows: readonly SeriesRow[]): boolean {
  const positive = rows.filter((r) => r.value > 0);
  if (positive.length < rows.length || !positive.length) return false;
  const [lo, hi] = valueRange(positive);
  return hi / lo > 100;
}

const TUMOR_CLONES: readonly SeriesPick[] = [
  { column: 'tumor_presenting', label: 'antigen-presenting' },
  { column: 'tumor_b2m_loss', label: 'B2M loss (MHC-I negative)' },
  { column: 'tumor_jak_loss', label: 'JAK1/2 loss (IFN-γ blind)' },
];

const IMMUNE_CELLS: readonly SeriesPick[] = [
  { column: 'cd8_effector', label: 'effector CD8' },
  { column: 'cd8_progenitor_exhausted', label: 'progenitor-exhausted CD8' },
  { column: 'cd8_terminal_exhausted', label: 'terminally exhausted CD8' },
  { column: 'treg', label: 'Treg' },
  { column: 'mdsc', label: 'MDSC' },
];

const VESSEL_FRACTIONS: readonly SeriesPick[] = [
  { column: 'hypoxia', label: 'hypoxia' },
  { column: 'vessel_function', label: 'vessel function' },
];

const VESSEL_VOLUMES: readonly SeriesPick[] = [
  { column: 'vascular_capacity', label: 'vascular capacity' },
  { column: 'tumor_volume', label: 'tumor volume' },
];

const SUPPRESSION: readonly SeriesPick[] = [
  { column: 'pd1_inhibition', label: 'PD-1 inhibition' },
  { column: 'lag3_inhibition', label: 'LAG-3 inhibition' },
  { column: 'coinhibition', label: 'combined co-inhibition' },
  { column: 'treg_suppression', label: 'Treg suppression' },
  { column: 'mdsc_suppression', label: 'MDSC suppression' },
];

function tumorBurdenChart(ts: TimeseriesTable): ReportChart | undefined {
  const panels: TimePanel[] = [];
  const columns: string[] = [];
  if (ts.columns.has('lesion_diameter')) {
    const rows = rowsOf(ts, [{ column: 'lesion_diameter', label: 'lesion diameter' }], percentChange(ts, 'lesion_diameter'));
    const [lo, hi] = valueRange(rows);
    const domain: [number, number] = [Math.min(-45, lo - 5), Math.max(35, hi + 5)];
    const bands: Band[] = [
      { from: domain[0], to: -100 * RECIST_1_1.prDecrease_fraction, labelAt: -100 * RECIST_1_1.prDecrease_fraction, label: 'PR ≤ −30%', color: '#2f855a' },
      { from: 100 * RECIST_1_1.pdIncrease_fraction, to: domain[1], labelAt: 100 * RECIST_1_1.pdIncrease_fraction, label: 'PD ≥ +20%', color: '#c53030' },
    ];
    panels.push({ title: 'Lesion diameter (RECIST measure)', yTitle: '% change from baseline', rows, seriesOrder: ['lesion diameter'], yDomain: domain, bands, refLines: [0] });
    columns.push('lesion_diameter');
  }
  if (ts.columns.has('tumor_volume')) {
    const rows = rowsOf(ts, [{ column: 'tumor_volume', label: 'tumor volume' }], percentChange(ts, 'tumor_volume'));
    panels.push({ title: 'Tumor volume', yTitle: '% change from baseline', rows, seriesOrder: ['tumor volume'], refLines: [0] });
    columns.push('tumor_volume');
  }
  if (!panels.length) return undefined;
  return {
    id: 'tumor-burden',
    title: 'Tumor burden',
    caption:
      'Change from baseline. Shaded: RECIST 1.1 bands on the lesion diameter — partial response at ≤ −30% from baseline, progression at ≥ +20% ' +
      '(RECIST counts progression from the smallest diameter so far and also requires +5 mm; the key numbers above apply that rule). ' +
      'A −30% diameter is a −66% volume; +20% diameter is +73% volume.',
    spec: timeChartSpec(panels, { xDomain: timeDomain(ts) }),
    columns,
  };
}

function compositionChart(ts: TimeseriesTable): ReportChart | undefined {
  const picks = present(ts, TUMOR_CLONES);
  if (!picks.length) return undefined;
  const order = picks.map((p) => p.label);
  const panels: TimePanel[] = [{ title: 'Cancer cells by clone (log scale)', yTitle: 'cells', rows: rowsOf(ts, picks, undefined, true), seriesOrder: order, log: true }];
  if (picks.length > 1) panels.push({ title: 'Share of the tumor', yTitle: 'share of cancer cells', rows: rowsOf(ts, picks), seriesOrder: order, stackedShare: true });
  return {
    id: 'tumor-composition',
    title: 'Tumor composition',
    caption:
      'Antigen-presenting cells can be killed by CD8 T cells; B2M-loss cells have no MHC-I and are invisible to them; JAK1/2-loss cells ignore IFN-γ (no induced MHC-I or PD-L1). ' +
      'A growing share of loss clones under therapy is acquired resistance by immune selection.',
    spec: timeChartSpec(panels, { sharedColors: true, xDomain: timeDomain(ts) }),
    columns: picks.map((p) => p.column),
  };
}

function immuneChart(ts: TimeseriesTable): ReportChart | undefined {
  const picks = present(ts, IMMUNE_CELLS);
  if (!picks.length) return undefined;
  return {
    id: 't-cells',
    title: 'T cell states and suppressors',
    caption:
      'Intratumoral cell counts on a log scale. Progenitor-exhausted CD8 cells (PD-1+ TCF1+) are the ones checkpoint blockade reinvigorates into effectors; ' +
      'terminally exhausted cells are not reinvigorable. Tregs and MDSCs suppress killing.',
    spec: timeChartSpec([{ title: 'Cells in the tumor (log scale)', yTitle: 'cells', rows: rowsOf(ts, picks, undefined, true), seriesOrder: picks.map((p) => p.label), log: true }], {
      height: 260,
      xDomain: timeDomain(ts),
    }),
    columns: picks.map((p) => p.column),
  };
}

function vesselChart(ts: TimeseriesTable): ReportChart | undefined {
  const fractions = present(ts, VESSEL_FRACTIONS);
  const volumes = present(ts, VESSEL_VOLUMES);
  if (!fractions.length && !ts.columns.has('vascular_capacity')) return undefined;
  const panels: TimePanel[] = [];
  if (fractions.length)
    panels.push({ title: 'Hypoxia and vessel function', yTitle: 'fraction', rows: rowsOf(ts, fractions), seriesOrder: fractions.map((p) => p.label), yDomain: [0, 1] });
  if (ts.columns.has('vascular_capacity')) {
    const rows = rowsOf(ts, volumes);
    const log = wantsLog(rows);
    panels.push({ title: 'Vascular capacity vs tumor volume', yTitle: 'mm³', rows: log ? rows.filter((r) => r.value > 0) : rows, seriesOrder: volumes.map((p) => p.label), log });
  }
  return {
    id: 'vasculature',
    title: 'Hypoxia and vasculature',
    caption:
      'Hypoxia rises when the tumor outgrows the volume its vessels can support (vascular capacity); poorly functioning vessels also limit T cell entry. ' +
      'Anti-angiogenic drugs normalise vessel function before they shrink capacity.',
    spec: timeChartSpec(panels, { xDomain: timeDomain(ts) }),
    columns: [...fractions, ...volumes].map((p) => p.column),
  };
}

interface DrugColumns {
  readonly concentration: SeriesPick[];
  readonly occupancy: SeriesPick[];
}

/** `<drug>.concentration` and `<drug>.<target>_occupancy` columns. */
export function drugColumns(ts: TimeseriesTable): DrugColumns {
  const concentration: SeriesPick[] = [];
  const occupancy: { column: string; drug: string; target: string }[] = [];
  for (const name of ts.columns.keys()) {
    const c = /^(.+)\.concentration$/.exec(name);
    if (c) concentration.push({ column: name, label: c[1] });
    const o = /^(.+)\.(.+)_occupancy$/.exec(name);
    if (o) occupancy.push({ column: name, drug: o[1], target: o[2] });
  }
  const targetsPerDrug = (drug: string) => occupancy.filter((o) => o.drug === drug).length;
  return {
    concentration,
    occupancy: occupancy.map((o) => ({ column: o.column, label: targetsPerDrug(o.drug) > 1 ? `${o.drug} (${o.target})` : o.drug, target: o.target })),
  };
}

function drugChart(ts: TimeseriesTable, summary: RunSummaryFile): ReportChart | undefined {
  const { concentration, occupancy } = drugColumns(ts);
  if (!concentration.length && !occupancy.length) return undefined;
  const labels = [...new Set([...concentration, ...occupancy].map((p) => p.label))];
  const drugs = new Set(labels);
  const markers: Marker[] = (summary.scenario?.therapies ?? []).flatMap((d) => (drugs.has(d.drug) ? (d.times_day ?? []).map((t) => ({ t, series: d.drug })) : []));
  const panels: TimePanel[] = [];
  if (concentration.length)
    panels.push({ title: 'Serum concentration (log scale)', yTitle: 'nM', rows: aboveFloor(rowsOf(ts, concentration, undefined, true), 1e-4), seriesOrder: labels, log: true, markers });
  if (occupancy.length) {
    const targets = [...new Set(occupancy.map((o) => /^.+\.(.+)_occupancy$/.exec(o.column)![1]))];
    panels.push({ title: `Receptor occupancy (${targets.join(', ')})`, yTitle: 'fraction bound', rows: rowsOf(ts, occupancy), seriesOrder: labels, yDomain: [0, 1], markers });
  }
  return {
    id: 'drugs',
    title: 'Drugs: exposure and target occupancy',
    caption: 'Triangles along the top mark administrations (from summary.json). Occupancy is at quasi-steady state, RO = C/(C + K<sub>D</sub>).',
    spec: timeChartSpec(panels, { sharedColors: true, xDomain: timeDomain(ts) }),
    columns: [...concentration, ...occupancy].map((p) => p.column),
  };
}

function suppressionChart(ts: TimeseriesTable): ReportChart | undefined {
  const picks = present(ts, SUPPRESSION);
  if (!picks.length) return undefined;
  return {
    id: 'suppression',
    title: 'Co-inhibition and suppression',
    caption: 'Fraction of T cell function removed by each mechanism; checkpoint blockade lowers the co-inhibition curves.',
    spec: timeChartSpec([{ title: 'Inhibition of T cell function', yTitle: 'fraction', rows: rowsOf(ts, picks), seriesOrder: picks.map((p) => p.label), yDomain: [0, 1] }], {
      xDomain: timeDomain(ts),
    }),
    columns: picks.map((p) => p.column),
  };
}

/** The charts a run folder supports, in reading order. */
export function runReportCharts(data: RunReportData): ReportChart[] {
  const ts = data.timeseries;
  return [tumorBurdenChart(ts), compositionChart(ts), immuneChart(ts), vesselChart(ts), drugChart(ts, data.summary), suppressionChart(ts)].filter(
    (c): c is ReportChart => c !== undefined,
  );
}

function describeSchedule(times: readonly number[]): string {
  if (!times.length) return 'no administration within the run';
  const gaps = times.slice(1).map((t, k) => t - times[k]);
  const regular = gaps.length > 0 && gaps.every((g) => Math.abs(g - gaps[0]) < 1e-6);
  const first = `day ${formatValue(times[0])}`;
  if (times.length === 1) return `once, ${first}`;
  if (regular) return `×${times.length}, every ${formatValue(gaps[0])} d from ${first} to day ${formatValue(times[times.length - 1])}`;
  return `×${times.length}: days ${times.slice(0, 8).map((t) => formatValue(t)).join(', ')}${times.length > 8 ? ', …' : ''}`;
}

function therapiesTable(summary: RunSummaryFile): string {
  const therapies = summary.scenario?.therapies ?? [];
  if (!therapies.length) return '<p>No therapy (untreated).</p>';
  return table(
    ['drug', 'dose', 'per administration', 'schedule'],
    therapies.map((d) => [d.drug, d.doseText ?? '–', d.dose_mg === undefined ? '–' : `${formatValue(d.dose_mg)} mg`, describeSchedule(d.times_day ?? [])]),
  );
}

function duration(days: number | undefined): string {
  if (days === undefined) return '–';
  const weeks = days / 7;
  return Number.isInteger(weeks) ? `${formatValue(days)} days (${weeks} weeks)` : `${formatValue(days)} days`;
}

function keyNumbersOf(data: RunReportData): KeyNumber[] {
  const ts = data.timeseries;
  const tumor = data.summary.tumor ?? {};
  const items: KeyNumber[] = [];
  const volume = ts.columns.get('tumor_volume');
  const diameter = ts.columns.get('lesion_diameter');
  const baselineVolume = tumor.baselineVolume_mm3 ?? volume?.[0];
  if (baselineVolume !== undefined)
    items.push({ label: 'Baseline tumor', value: `${formatValue(baselineVolume, 3)} mm³`, note: diameter ? `${formatValue(diameter[0], 3)} mm diameter` : undefined });
  if (tumor.finalChange_percent !== undefined)
    items.push({ label: 'Volume change at end', value: formatPercent(tumor.finalChange_percent), tone: tumor.finalChange_percent < 0 ? 'good' : 'bad' });
  if (tumor.bestChange_percent !== undefined)
    items.push({
      label: 'Best volume change',
      value: formatPercent(tumor.bestChange_percent),
      note: tumor.nadirTime_day !== undefined ? `nadir at day ${formatValue(tumor.nadirTime_day)}` : undefined,
      tone: tumor.bestChange_percent < 0 ? 'good' : 'neutral',
    });
  if (diameter && diameter.length) {
    const recist = assessRecist(ts.t, diameter, Array.from(ts.t));
    const best = tumor.bestDiameterChange_percent ?? recist.bestChange_percent;
    items.push({ label: 'Best diameter change', value: formatPercent(best), tone: best <= -30 ? 'good' : best >= 20 ? 'bad' : 'neutral' });
    items.push({
      label: 'Best response (RECIST 1.1)',
      value: recist.bestResponse,
      note: 'rules applied to every output time',
      tone: recist.bestResponse === 'CR' || recist.bestResponse === 'PR' ? 'good' : recist.bestResponse === 'PD' ? 'bad' : 'neutral',
    });
    items.push({
      label: 'Progression',
      value: recist.progressionTime_day === undefined ? 'none' : `day ${formatValue(recist.progressionTime_day)}`,
      note: '≥ +20% and +5 mm over the nadir',
      tone: recist.progressionTime_day === undefined ? 'good' : 'bad',
    });
  }
  const retcode = data.summary.solver?.retcode;
  if (retcode) items.push({ label: 'Solver', value: retcode, tone: retcode === 'Success' ? 'neutral' : 'bad' });
  return items;
}

function headerHtml(data: RunReportData): string {
  const s = data.summary.scenario ?? {};
  const patient = s.patient ?? {};
  const overrides = Object.entries(patient.parameters ?? {});
  const pairs: [string, string | { html: string }][] = [];
  if (s.sourceFile) pairs.push(['scenario file', { html: `<code>${escapeHtml(s.sourceFile)}</code>` }]);
  pairs.push(['patient', `${patient.archetype ? `${patient.archetype} archetype` : 'default patient'}, ${formatValue(patient.bodyWeight_kg)} kg`]);
  if (overrides.length)
    pairs.push([
      'parameters',
      overrides.map(([k, v]) => `${k} = ${formatValue(v)}${data.parameterUnits?.[k] ? ` ${data.parameterUnits[k]}` : ''}`).join('; '),
    ]);
  pairs.push(['duration', duration(s.duration_day)]);
  pairs.push(['model · engine · seed', `${s.model ?? '–'} · ${s.engine ?? '–'} · ${s.seed ?? '–'}`]);
  pairs.push(['output interval', s.outputInterval_day === undefined ? '–' : `${formatValue(s.outputInterval_day)} day`]);
  return `${facts(pairs)}\n<h3>Therapies</h3>\n${therapiesTable(data.summary)}\n${keyNumbers(keyNumbersOf(data))}`;
}

function callouts(summary: RunSummaryFile): string {
  const parts: string[] = [];
  const solver = summary.solver;
  if (solver?.retcode && solver.retcode !== 'Success') {
    const f = solver.failure;
    const where = f ? ` (at day ${formatValue(f.time)}${f.variable ? `, ${f.variable} = ${formatValue(f.value)}` : ''})` : '';
    parts.push(note(`The solver stopped early: ${solver.retcode}: ${solver.message ?? ''}${where}. The charts show the run up to that point.`, 'error'));
  }
  for (const w of summary.warnings ?? []) parts.push(note(`Warning: ${w}`, 'warn'));
  return parts.join('\n');
}

function columnNotes(chart: ReportChart, data: RunReportData): string {
  const described = new Map((data.summary.columns ?? []).map((c) => [c.name, c]));
  const rows = chart.columns.map((name) => [name, data.timeseries.units.get(name) ?? '', described.get(name)?.description ?? '']);
  return `<details><summary>Columns plotted</summary>${table(['column', 'unit', 'meaning'], rows)}</details>`;
}

/** The run report as one HTML string (data in, HTML out; charts rendered in Node). */
export async function renderRunReportHtml(data: RunReportData): Promise<string> {
  const charts = runReportCharts(data);
  const sections: Section[] = [];
  for (const chart of charts) {
    const svg = await renderInlineSvg(chart.spec, chart.id);
    sections.push({ id: chart.id, title: chart.title, html: `${figure(svg, chart.caption)}\n${columnNotes(chart, data)}` });
  }
  if (!charts.length) sections.push({ id: 'charts', title: 'Charts', html: note('None of the columns this report knows how to plot are in timeseries.csv.', 'warn') });
  if (data.snapshots?.length)
    sections.push({
      id: 'lattice',
      title: 'Lattice snapshots',
      html:
        `<div class="snapshots">${data.snapshots.map((f) => figure(f.svg, `Day ${f.day}`)).join('\n')}</div>\n` +
        `<p>The agent-based lattice at the snapshot times (cells coloured by type and state; the contour marks 50% hypoxia). ` +
        `Every frame of the run plays in <a href="abm-animation.html"><code>abm-animation.html</code></a>.</p>`,
    });
  sections.push({
    id: 'files',
    title: 'Data',
    html: `<p>Every plotted value comes from <a href="timeseries.csv"><code>timeseries.csv</code></a> (${data.timeseries.t.length} time points × ${data.timeseries.columns.size} columns, units in the header); the scenario echo, tumor summary and solver statistics are in <a href="summary.json"><code>summary.json</code></a>.</p>`,
  });
  const s = data.summary.scenario ?? {};
  return page({
    title: s.name ?? 'Simulation run',
    kind: 'tisim run report',
    subtitle: s.description,
    header: `${callouts(data.summary)}\n${headerHtml(data)}`,
    sections,
  });
}

/** Gives an SVG with fixed width/height a viewBox, so CSS can scale it to its column. */
function scalableSvg(svg: string): string {
  if (/<svg[^>]*viewBox=/.test(svg)) return svg;
  return svg.replace(/<svg([^>]*?)\swidth="([\d.]+)"\s+height="([\d.]+)"/, '<svg$1 viewBox="0 0 $2 $3" width="$2" height="$3"');
}

/** Reads a run folder (timeseries.csv + summary.json). */
export function readRunFolder(dir: string, parameterUnits?: Readonly<Record<string, string>>): RunReportData {
  const csv = join(dir, 'timeseries.csv');
  if (!existsSync(csv)) throw new Error(`${dir} has no timeseries.csv`);
  const summaryPath = join(dir, 'summary.json');
  const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummaryFile) : {};
  const snapshots = readdirSync(dir)
    .map((file) => /^abm-snapshot-day-(\d+)\.svg$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ day: Number(m[1]), svg: scalableSvg(readFileSync(join(dir, m[0]), 'utf8')) }))
    .sort((a, b) => a.day - b.day);
  return { timeseries: parseTimeseriesCsv(readFileSync(csv, 'utf8')), summary, parameterUnits, ...(snapshots.length ? { snapshots } : {}) };
}

/** Units of a built-in model's parameters, for labelling patient overrides. */
export function parameterUnitsOf(model: string | undefined): Record<string, string> {
  const definition = model ? defaultContext().models.get(model) : undefined;
  return Object.fromEntries((definition?.parameters ?? []).map((p) => [p.name, p.unit]));
}

/** Writes DIR/report.html from the run folder's files (or from data already read); returns its path. */
export async function writeRunReport(dir: string, data: RunReportData = readRunFolder(dir)): Promise<string> {
  const html = await renderRunReportHtml({ ...data, parameterUnits: data.parameterUnits ?? parameterUnitsOf(data.summary.scenario?.model) });
  const path = join(dir, 'report.html');
  writeFileSync(path, html);
  return path;
}
