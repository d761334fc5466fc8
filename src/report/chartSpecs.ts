/**
 * Vega-lite specs for the HTML reports: plain data in, a spec out. Rendering
 * (charts.ts) and page assembly (html.ts) live elsewhere, so these stay pure
 * and testable.
 */
import type { TopLevelSpec } from 'vega-lite';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Shared look: system fonts, light grid, titles left-aligned. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#d0d4da' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#edf0f3', domainColor: '#9aa1a9', tickColor: '#9aa1a9', labelColor: '#333', titleColor: '#333' },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', orient: 'bottom', direction: 'horizontal', columns: 3, symbolStrokeWidth: 3, labelLimit: 260 },
  title: { fontSize: 14, fontWeight: 600, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#5f6b7a', offset: 10 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'] },
} as const;

/**
 * Splits a subtitle into lines of at most `width` characters. Vega sizes a
 * chart to its longest title line, and inline SVGs are scaled to fit their
 * column, so a long one-line subtitle would shrink the whole chart.
 */
export function wrapLines(text: string, width = 52): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** One point of a named time series. */
export interface SeriesRow {
  readonly t: number;
  readonly value: number;
  readonly series: string;
}

/** A shaded horizontal band with a label at its inner edge. */
export interface Band {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly color: string;
  /** The y value the label sits on (the threshold). */
  readonly labelAt: number;
}

/** A vertical marker, e.g. an administration, coloured like the series it belongs to. */
export interface Marker {
  readonly t: number;
  readonly series: string;
}

export interface TimePanel {
  readonly title: string;
  readonly yTitle: string;
  readonly rows: readonly SeriesRow[];
  /** Legend order and colour assignment. */
  readonly seriesOrder: readonly string[];
  readonly log?: boolean;
  /** Stacked shares (0–100%) instead of lines. */
  readonly stackedShare?: boolean;
  readonly yDomain?: readonly [number, number];
  readonly bands?: readonly Band[];
  readonly markers?: readonly Marker[];
  /** Solid horizontal reference lines (e.g. 0% change). */
  readonly refLines?: readonly number[];
  readonly yFormat?: string;
}

export interface TimeChartOptions {
  readonly title?: string;
  readonly subtitle?: string;
  readonly xTitle?: string;
  /** Total width available; panels share it. */
  readonly width?: number;
  readonly height?: number;
  /** One colour scale for all panels (drug colours match across panels). */
  readonly sharedColors?: boolean;
  /** x range, usually [0, duration]: the axis ends where the run ends. */
  readonly xDomain?: readonly [number, number];
}

/** Tick values at powers of ten covering [lo, hi], thinned to at most ~8 labels. */
export function decadeTicks(lo: number, hi: number): number[] | undefined {
  if (!(lo > 0) || !(hi >= lo)) return undefined;
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  if (to - from < 2) return undefined;
  const step = Math.ceil((to - from + 1) / 8);
  const ticks: number[] = [];
  for (let e = from; e <= to; e += step) ticks.push(Number(`1e${e}`));
  return ticks;
}

// Log-axis labels: plain numbers in the middle decades, "1e6" outside them.
const LOG_LABEL = "datum.value >= 1e4 || datum.value < 0.01 ? replace(replace(format(datum.value, '.0e'), 'e+', 'e'), '-', '−') : format(datum.value, ',~g')";

/** Smallest and largest value of a series. */
export function valueRange(rows: readonly SeriesRow[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    lo = Math.min(lo, r.value);
    hi = Math.max(hi, r.value);
  }
  return [lo, hi];
}

/** One panel of a time chart: lines (or stacked shares), bands, dose markers. */
export function timePanel(panel: TimePanel, width: number, height: number, xTitle: string, xDomain?: readonly [number, number]) {
  const x = { field: 't', type: 'quantitative', title: xTitle, axis: { tickMinStep: 1 }, scale: xDomain ? { domain: [...xDomain], nice: false } : {} };
  const yScale: Record<string, unknown> = panel.log ? { type: 'log' } : { zero: false };
  if (panel.yDomain) {
    yScale.domain = [...panel.yDomain];
    yScale.nice = false;
  }
  const [lo, hi] = valueRange(panel.rows);
  const yAxis: Record<string, unknown> = panel.log ? { labelExpr: LOG_LABEL, values: decadeTicks(lo, hi), grid: true } : {};
  if (panel.yFormat) yAxis.format = panel.yFormat;
  const single = panel.seriesOrder.length === 1;
  const color = {
    field: 'series',
    type: 'nominal',
    scale: { domain: [...panel.seriesOrder] },
    title: null,
    sort: [...panel.seriesOrder],
    legend: single ? null : { symbolOpacity: 1, symbolType: 'stroke' },
  };
  const layers: unknown[] = [];
  for (const band of panel.bands ?? []) {
    layers.push({
      data: { values: [{ y: band.from, y2: band.to }] },
      mark: { type: 'rect', color: band.color, opacity: 0.16 },
      encoding: { y: { field: 'y', type: 'quantitative', scale: yScale }, y2: { field: 'y2' } },
    });
    layers.push({
      data: { values: [{ y: band.labelAt, label: band.label }] },
      mark: { type: 'text', align: 'left', dx: 4, dy: band.labelAt <= band.from ? -7 : 9, fontSize: 10, color: band.color, fontWeight: 600 },
      encoding: { x: { value: 0 }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  for (const y of panel.refLines ?? [])
    layers.push({ data: { values: [{ y }] }, mark: { type: 'rule', color: '#7a828c', strokeWidth: 1 }, encoding: { y: { field: 'y', type: 'quantitative' } } });
  layers.push(
    panel.stackedShare
      ? {
          data: { values: panel.rows },
          mark: { type: 'area', opacity: 0.85 },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', stack: 'normalize', title: panel.yTitle, axis: { format: '.0%' } },
            color,
            order: { field: 'order', type: 'quantitative' },
          },
          transform: [{ calculate: `indexof(${JSON.stringify(panel.seriesOrder)}, datum.series)`, as: 'order' }],
        }
      : {
          data: { values: panel.rows },
          mark: { type: 'line', strokeWidth: 2, clip: true },
          encoding: { x, y: { field: 'value', type: 'quantitative', title: panel.yTitle, scale: yScale, axis: yAxis }, color },
        },
  );
  // Administrations: small downward triangles just above the plot, one row per series.
  if (panel.markers?.length)
    layers.push({
      data: { values: panel.markers.map((m) => ({ t: m.t, series: m.series, row: Math.max(0, panel.seriesOrder.indexOf(m.series)) })) },
      transform: [{ calculate: '-6 - 9 * datum.row', as: 'py' }],
      mark: { type: 'point', shape: 'triangle-down', filled: true, size: 36, opacity: 0.9 },
      encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'py', type: 'quantitative', scale: null }, color },
    });
  return { title: { text: panel.title, fontSize: 12, fontWeight: 600 }, width, height, layer: layers };
}

/** A row of time panels sharing the x axis (day). Report sections carry the overall title. */
export function timeChartSpec(panels: readonly TimePanel[], options: TimeChartOptions = {}): TopLevelSpec {
  const total = options.width ?? 1000;
  const gap = 70;
  const width = Math.floor((total - gap * (panels.length - 1)) / panels.length) - 60;
  const height = options.height ?? 230;
  const units = panels.map((p) => timePanel(p, width, height, options.xTitle ?? 'day', options.xDomain));
  const base: Record<string, unknown> = { $schema: SCHEMA, config: CHART_CONFIG };
  if (options.title) base.title = options.subtitle ? { text: options.title, subtitle: options.subtitle } : options.title;
  if (units.length === 1) return { ...units[0], ...base } as unknown as TopLevelSpec;
  return {
    ...base,
    hconcat: units,
    spacing: gap,
    resolve: { scale: { color: options.sharedColors ? 'shared' : 'independent' }, legend: { color: options.sharedColors ? 'shared' : 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Colour mode of a heatmap: sequential, diverging around a midpoint, or diverging on a log scale (ratios). */
export type HeatColor =
  | { readonly kind: 'sequential'; readonly domain?: readonly [number, number]; readonly scheme?: string }
  | { readonly kind: 'diverging'; readonly mid: number; readonly span?: number; readonly reverse?: boolean }
  | { readonly kind: 'ratio'; readonly span?: number };

export interface HeatCell {
  readonly x: string;
  readonly y: string;
  readonly value: number;
  /** Text shown in the cell (formatted value). */
  readonly text: string;
}

export interface HeatmapOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly xOrder: readonly string[];
  /** Bottom to top. */
  readonly yOrder: readonly string[];
  readonly legendTitle: string;
  readonly color: HeatColor;
  readonly cellWidth?: number;
  readonly cellHeight?: number;
}

/** Position of a value in [−1, 1] (diverging) or [0, 1] (sequential) of its colour scale; decides white text. */
function colorPosition(value: number, color: HeatColor, lo: number, hi: number): number {
  if (color.kind === 'sequential') return hi > lo ? (value - lo) / (hi - lo) : 0.5;
  if (color.kind === 'ratio') return Math.log(value) / Math.log(color.span ?? 4);
  return (value - color.mid) / (color.span ?? 1);
}

/** Legend ticks of a ratio scale: 1/span … span by factors of 2. */
function ratioTicks(span: number): number[] {
  const ticks = [1];
  for (let v = 2; v <= span + 1e-9; v *= 2) ticks.push(v, 1 / v);
  return ticks.sort((a, b) => a - b);
}

/** A grid of coloured cells with their values written in. NaN cells are grey with "n/a". */
export function heatmapSpec(cells: readonly HeatCell[], options: HeatmapOptions): TopLevelSpec {
  const finite = cells.filter((c) => Number.isFinite(c.value) && (options.color.kind !== 'ratio' || c.value > 0));
  const invalid = cells.filter((c) => !finite.includes(c));
  const values = finite.map((c) => c.value);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const color = options.color;
  let scale: Record<string, unknown>;
  if (color.kind === 'sequential') scale = { scheme: color.scheme ?? 'viridis', domain: color.domain ? [...color.domain] : [lo, hi] };
  else if (color.kind === 'ratio') {
    const span = color.span ?? 4;
    scale = { type: 'log', scheme: 'redblue', domain: [1 / span, span], domainMid: 1, clamp: true };
  } else {
    const span = color.span ?? Math.max(1e-9, ...values.map((v) => Math.abs(v - color.mid)));
    scale = { scheme: 'redblue', reverse: color.reverse ?? false, domain: [color.mid - span, color.mid + span], domainMid: color.mid, clamp: true };
  }
  const spanOf = color.kind === 'diverging' ? { ...color, span: color.span ?? Math.max(1e-9, ...values.map((v) => Math.abs(v - color.mid))) } : color;
  const dark = (v: number) => {
    const p = colorPosition(v, spanOf, color.kind === 'sequential' && color.domain ? color.domain[0] : lo, color.kind === 'sequential' && color.domain ? color.domain[1] : hi);
    return color.kind === 'sequential' ? p < 0.45 : Math.abs(p) > 0.6;
  };
  const x = { field: 'x', type: 'ordinal', sort: [...options.xOrder], title: options.xTitle, axis: { labelAngle: 0 } };
  const y = { field: 'y', type: 'ordinal', sort: [...options.yOrder].reverse(), title: options.yTitle };
  const title = options.subtitle ? { text: options.title, subtitle: wrapLines(options.subtitle) } : options.title;
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    width: options.xOrder.length * (options.cellWidth ?? 64),
    height: options.yOrder.length * (options.cellHeight ?? 34),
    layer: [
      {
        data: { values: finite.map((c) => ({ ...c, dark: dark(c.value) })) },
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: {
            field: 'value',
            type: 'quantitative',
            scale,
            title: options.legendTitle,
            legend: { orient: 'right', direction: 'vertical', gradientLength: 120, ...(color.kind === 'ratio' ? { values: ratioTicks(color.span ?? 4), format: '~g' } : {}) },
          },
        },
      },
      {
        data: { values: invalid.map((c) => ({ ...c })) },
        mark: { type: 'rect', color: '#eceef1', stroke: 'white', strokeWidth: 1 },
        encoding: { x, y },
      },
      {
        data: { values: cells.map((c) => ({ ...c, text: finite.includes(c) ? c.text : 'n/a', dark: finite.includes(c) && dark(c.value) })) },
        mark: { type: 'text', fontSize: 11 },
        encoding: { x, y, text: { field: 'text' }, color: { condition: { test: 'datum.dark', value: 'white' }, value: '#1d2329' } },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Distribution of one readout across runs, with the median marked. */
export function histogramSpec(title: string, values: readonly number[], axisTitle: string, subtitle?: string): TopLevelSpec {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length ? (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2 : NaN;
  return {
    $schema: SCHEMA,
    title: subtitle ? { text: title, subtitle: wrapLines(subtitle, 60) } : title,
    config: CHART_CONFIG,
    width: 380,
    height: 160,
    layer: [
      {
        data: { values: values.map((v) => ({ v })) },
        mark: { type: 'bar', color: '#4e79a7', binSpacing: 1 },
        encoding: {
          x: { field: 'v', type: 'quantitative', bin: { maxbins: 30 }, title: axisTitle },
          y: { aggregate: 'count', type: 'quantitative', title: 'runs' },
        },
      },
      {
        data: { values: [{ median }] },
        mark: { type: 'rule', color: '#d62728', strokeWidth: 2, strokeDash: [4, 3] },
        encoding: { x: { field: 'median', type: 'quantitative' } },
      },
    ],
  } as unknown as TopLevelSpec;
}

export interface ScatterPanel {
  readonly title: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Log x axis (e.g. a log-uniform dose). */
  readonly log?: boolean;
}

/** A readout against each factor, one small panel per factor, three per row (sampled designs). */
export function scatterPanelsSpec(title: string, panels: readonly ScatterPanel[], yTitle: string): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    columns: Math.min(3, panels.length),
    concat: panels.map((p) => ({
      title: { text: p.title, fontSize: 12, fontWeight: 'normal' },
      width: 260,
      height: 170,
      data: { values: p.points },
      mark: { type: 'point', filled: true, size: 24, opacity: 0.65, color: '#4e79a7' },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: null, scale: p.log ? { type: 'log' } : { zero: false } },
        y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
      },
    })),
    resolve: { scale: { y: 'shared' } },
  } as unknown as TopLevelSpec;
}

/** Readout (mean over replicates) against the levels of a single grid factor. */
export function levelsSpec(title: string, rows: readonly { level: string; value: number }[], xTitle: string, yTitle: string, order: readonly string[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    config: CHART_CONFIG,
    width: Math.max(240, order.length * 60),
    height: 180,
    data: { values: rows },
    mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2, color: '#4e79a7' },
    encoding: {
      x: { field: 'level', type: 'ordinal', sort: [...order], title: xTitle, axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false } },
    },
  } as unknown as TopLevelSpec;
}

export interface IsobologramData {
  readonly level: number;
  readonly observed: readonly { doseA: number; doseB: number }[];
  readonly additive: readonly { doseA: number; doseB: number }[];
}

/** Iso-effect dose pairs of a combination against the Loewe-additive line (points below it: synergy). */
export function isobologramSpec(iso: IsobologramData, xTitle: string, yTitle: string, title?: string): TopLevelSpec {
  const pct = `${Math.round(iso.level * 100)}%`;
  const isoColors = iso.additive.length
    ? { domain: [`observed ${pct} effect`, 'Loewe additive'], range: ['#d62728', '#7f7f7f'] }
    : { domain: [`observed ${pct} effect`], range: ['#d62728'] };
  // Both axes start exactly at 0: the single-agent doses sit on the axes.
  const all = [...iso.observed, ...iso.additive];
  const xScale = { domain: [0, Math.max(1e-12, ...all.map((p) => p.doseA)) * 1.05], nice: false };
  const yScale = { domain: [0, Math.max(1e-12, ...all.map((p) => p.doseB)) * 1.05], nice: false };
  const layers: unknown[] = [];
  if (iso.additive.length)
    layers.push({
      data: { values: iso.additive.map((p) => ({ ...p, kind: 'Loewe additive' })) },
      mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 2 },
      encoding: {
        x: { field: 'doseA', type: 'quantitative', title: xTitle, scale: xScale },
        y: { field: 'doseB', type: 'quantitative', title: yTitle, scale: yScale },
        color: { field: 'kind', type: 'nominal', title: null, scale: isoColors },
      },
    });
  layers.push({
    data: { values: iso.observed.map((p) => ({ ...p, kind: `observed ${pct} effect` })) },
    mark: { type: 'line', point: { filled: true, size: 60 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'doseA', type: 'quantitative', title: xTitle, scale: xScale },
      y: { field: 'doseB', type: 'quantitative', title: yTitle, scale: yScale },
      color: { field: 'kind', type: 'nominal', title: null, scale: isoColors },
    },
  });
  return {
    $schema: SCHEMA,
    title: { text: title ?? `Isobologram at ${pct} effect`, subtitle: ['below the dashed line: synergy', '(less drug than dose additivity predicts)'] },
    config: CHART_CONFIG,
    width: 380,
    height: 320,
    layer: layers,
  } as unknown as TopLevelSpec;
}

export interface DoseResponseSeries {
  readonly drug: string;
  /** Observed single-agent effects (positive doses). */
  readonly observed: readonly { readonly dose: number; readonly effect: number }[];
  /** The fitted curve, sampled on a log grid. */
  readonly fitted: readonly { readonly dose: number; readonly effect: number }[];
}

/** Single-agent dose–response: observed points and the fitted Hill curve, log dose axis. */
export function doseResponseSpec(series: DoseResponseSeries, xTitle: string): TopLevelSpec {
  const doses = [...series.observed, ...series.fitted].map((p) => p.dose);
  const ticks = doses.length ? decadeTicks(Math.min(...doses), Math.max(...doses)) : undefined;
  const x = { field: 'dose', type: 'quantitative', title: xTitle, scale: { type: 'log' }, axis: ticks ? { values: ticks, format: '~g' } : { format: '~g' } };
  const y = { field: 'effect', type: 'quantitative', title: 'fractional effect', scale: { domain: [0, 1] } };
  return {
    $schema: SCHEMA,
    title: { text: series.drug, subtitle: 'points: simulated; line: Hill fit used for Loewe' },
    config: CHART_CONFIG,
    width: 300,
    height: 180,
    layer: [
      { data: { values: series.fitted }, mark: { type: 'line', color: '#7f7f7f', strokeWidth: 2 }, encoding: { x, y } },
      { data: { values: series.observed }, mark: { type: 'point', filled: true, size: 60, color: '#d62728' }, encoding: { x, y } },
    ],
  } as unknown as TopLevelSpec;
}
