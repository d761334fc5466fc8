import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG } from './chartSpecs.js';

/**
 * Renders a vega-lite spec to a standalone SVG string (no canvas, no browser).
 * Ids are renumbered per chart: vega numbers clip paths with a process-wide
 * counter, which would make the bytes depend on what was rendered before.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix = 'def'): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return scopeSvgIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/**
 * Renames every id in an SVG to `${prefix}-1`, `${prefix}-2`, … in order of
 * appearance, with the references to them, so several SVGs inlined in one
 * HTML page never point at each other's clip paths or gradients.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) if (!names.has(m[1])) names.set(m[1], `${prefix}-${names.size + 1}`);
  const rename = (id: string) => names.get(id) ?? id;
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${rename(id)}"`);
}

/** Renders a spec for inlining into HTML: ids scoped to the chart, no XML prologue. */
export async function renderInlineSvg(spec: TopLevelSpec, id: string): Promise<string> {
  return (await renderSvg(spec, id)).replace(/^<\?xml[^>]*>\s*/, '');
}

export interface TornadoRow {
  readonly factor: string;
  readonly value: number;
  readonly measure: string;
  /** Confidence interval, drawn as a whisker when given. */
  readonly low?: number;
  readonly high?: number;
}

/** Horizontal bars of a signed index per factor, sorted by magnitude (a tornado chart). */
export function tornadoSpec(title: string, rows: readonly TornadoRow[], domain: readonly [number, number] = [-1, 1]): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, magnitude: Math.abs(r.value) }));
  // Without a canvas vega over-estimates label widths, so the limit is generous.
  const y = { field: 'factor', type: 'nominal', sort: { field: 'magnitude', op: 'max', order: 'descending' }, title: null, axis: { labelLimit: 600 } };
  const x = { field: 'value', type: 'quantitative', title: 'index', scale: { domain: [...domain] } };
  const measures = new Set(rows.map((r) => r.measure));
  const bars = {
    mark: { type: 'bar' },
    encoding: { y, x, yOffset: { field: 'measure' }, color: { field: 'measure', type: 'nominal', title: null, legend: measures.size > 1 ? {} : null } },
  };
  const whiskers = {
    transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
    mark: { type: 'rule', color: '#333', strokeWidth: 1.2 },
    encoding: { y, x: { field: 'low', type: 'quantitative', scale: { domain: [...domain] } }, x2: { field: 'high' }, yOffset: { field: 'measure' } },
  };
  const withIntervals = rows.some((r) => r.low !== undefined && r.high !== undefined);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: CHART_CONFIG,
    width: 360,
    height: { step: 22 },
    data: { values },
    ...(withIntervals ? { layer: [bars, whiskers] } : bars),
  } as unknown as TopLevelSpec;
}
