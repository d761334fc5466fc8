/** Vega-lite specs for trial plots: waterfall, spider, Kaplan–Meier and resistance mechanisms. */
import type { TopLevelSpec } from 'vega-lite';
import type { KaplanMeierCurve } from '../analysis/survival.js';
import { DAYS_PER_MONTH } from './spec.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const RESPONSE_COLORS = { domain: ['CR', 'PR', 'SD', 'PD'], range: ['#1a7f37', '#56b36b', '#b0b0b0', '#cf3a3a'] };

export interface WaterfallRow {
  readonly change: number;
  readonly response: string;
}

/** Best % change of the lesion per patient, sorted, coloured by best overall response. */
export function waterfallSpec(title: string, rows: readonly WaterfallRow[]): TopLevelSpec {
  const sorted = [...rows].filter((r) => Number.isFinite(r.change)).sort((a, b) => b.change - a.change);
  const values = sorted.map((r, rank) => ({ rank, change: Math.min(r.change, 100), response: r.response }));
  return {
    $schema: SCHEMA,
    title,
    width: 560,
    height: 220,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', width: { band: 1 } },
        encoding: {
          x: { field: 'rank', type: 'ordinal', axis: null, title: 'patients' },
          y: { field: 'change', type: 'quantitative', title: 'best change in diameter (%, capped at +100)', scale: { domain: [-100, 100] } },
          color: { field: 'response', type: 'nominal', title: 'best response', scale: RESPONSE_COLORS },
        },
      },
      { data: { values: [{ y: 20 }, { y: -30 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  } as unknown as TopLevelSpec;
}

export interface SpiderRow {
  readonly arm: string;
  readonly patient: number;
  readonly week: number;
  readonly change: number;
  readonly response: string;
}

/** % change from baseline at each scan, one line per patient, one panel per arm. */
export function spiderSpec(title: string, rows: readonly SpiderRow[], arms: readonly string[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: rows.map((r) => ({ ...r, change: Math.min(r.change, 150) })) },
    facet: { column: { field: 'arm', type: 'nominal', sort: [...arms], title: null } },
    spec: {
      width: 260,
      height: 220,
      mark: { type: 'line', strokeWidth: 1, opacity: 0.7 },
      encoding: {
        x: { field: 'week', type: 'quantitative', title: 'weeks' },
        y: { field: 'change', type: 'quantitative', title: 'change in diameter (%, capped at +150)', scale: { domain: [-100, 150] } },
        detail: { field: 'patient', type: 'nominal' },
        color: { field: 'response', type: 'nominal', title: 'best response', scale: RESPONSE_COLORS },
      },
    },
  } as unknown as TopLevelSpec;
}

/** Step points of a KM curve, in months, starting at (0, 1). */
export function kmRows(arm: string, curve: KaplanMeierCurve): { arm: string; month: number; survival: number }[] {
  const rows = [{ arm, month: 0, survival: 1 }];
  for (let k = 0; k < curve.time.length; k++) rows.push({ arm, month: curve.time[k] / DAYS_PER_MONTH, survival: curve.survival[k] });
  return rows;
}

/** Kaplan–Meier PFS curves per arm (step lines) with censoring ticks. */
export function kaplanMeierSpec(title: string, curves: readonly { arm: string; curve: KaplanMeierCurve }[]): TopLevelSpec {
  const steps = curves.flatMap(({ arm, curve }) => kmRows(arm, curve));
  const censored = curves.flatMap(({ arm, curve }) =>
    Array.from(curve.time).flatMap((t, k) => (curve.nCensor[k] > 0 ? [{ arm, month: t / DAYS_PER_MONTH, survival: curve.survival[k] }] : [])),
  );
  const arms = curves.map((c) => c.arm);
  const color = { field: 'arm', type: 'nominal', title: null, sort: arms };
  return {
    $schema: SCHEMA,
    title,
    width: 520,
    height: 300,
    layer: [
      {
        data: { values: steps },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'month', type: 'quantitative', title: 'months' },
          y: { field: 'survival', type: 'quantitative', title: 'progression-free', scale: { domain: [0, 1] }, axis: { format: '%' } },
          color,
        },
      },
      {
        data: { values: censored },
        mark: { type: 'tick', orient: 'vertical', size: 8, thickness: 1 },
        encoding: { x: { field: 'month', type: 'quantitative' }, y: { field: 'survival', type: 'quantitative' }, color },
      },
    ],
  } as unknown as TopLevelSpec;
}

/** Stacked bars: each arm's non-responders split by dominant resistance mechanism. */
export function mechanismSpec(title: string, rows: readonly { arm: string; mechanism: string; fraction: number }[], arms: readonly string[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 460,
    height: { step: 28 },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'arm', type: 'nominal', sort: [...arms], title: null },
      x: { field: 'fraction', type: 'quantitative', stack: 'zero', title: 'fraction of non-responders', axis: { format: '%' }, scale: { domain: [0, 1] } },
      color: { field: 'mechanism', type: 'nominal', title: 'dominant mechanism' },
    },
  } as unknown as TopLevelSpec;
}
