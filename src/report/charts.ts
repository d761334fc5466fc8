import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** Renders a vega-lite spec to a standalone SVG string (no canvas, no browser). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Horizontal bars of a signed index per factor, sorted by magnitude (a tornado chart). */
export function tornadoSpec(title: string, rows: readonly { factor: string; value: number; measure: string }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: { step: 22 },
    data: { values: rows.map((r) => ({ ...r, magnitude: Math.abs(r.value) })) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'factor', type: 'nominal', sort: { field: 'magnitude', op: 'max', order: 'descending' }, title: null },
      x: { field: 'value', type: 'quantitative', title: 'index', scale: { domain: [-1, 1] } },
      yOffset: { field: 'measure' },
      color: { field: 'measure', type: 'nominal', title: null },
    },
  } as TopLevelSpec;
}
