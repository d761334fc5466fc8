/**
 * Small inline-SVG line charts: a pure function from a chart description to
 * markup. A few hundred points per line, so strings are fast enough and keep
 * the page free of a charting library.
 */

export interface Series {
  readonly id: string;
  readonly label: string;
  readonly t_day: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color: string;
  readonly dash?: string;
  readonly width?: number;
}

/** A shaded horizontal range, e.g. a RECIST category. */
export interface Band {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly className: string;
}

/** Tick marks under the time axis, e.g. dose administrations. */
export interface Rug {
  readonly label: string;
  readonly times_day: readonly number[];
  readonly color: string;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** Read by screen readers instead of the drawing. */
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly yLabel: string;
  readonly yScale: 'linear' | 'log';
  readonly yDomain?: readonly [number, number];
  readonly tEnd_day: number;
  readonly series: readonly Series[];
  readonly bands?: readonly Band[];
  readonly rugs?: readonly Rug[];
  /** Labelled vertical lines, e.g. the day responses are read. */
  readonly markers?: readonly { readonly t_day: number; readonly label: string }[];
  /** Extra attributes on the <svg>, e.g. data-computed-in. */
  readonly data?: Readonly<Record<string, string>>;
}

const MARGIN = { top: 8, right: 12, bottom: 30, left: 52 };
const RUG_ROW = 7;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Tick values for a linear axis: 1, 2 or 5 × 10^k steps, about `target` of them. */
export function linearTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Whole decades inside [lo, hi], thinned to at most `max`. */
export function logTicks(lo: number, hi: number, max = 6): number[] {
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  const every = Math.max(1, Math.ceil((last - first + 1) / max));
  const ticks: number[] = [];
  for (let e = first; e <= last; e += every) ticks.push(10 ** e);
  return ticks;
}

/** Week ticks at a step that gives at most ~8 labels. */
export function weekTicks(tEnd_day: number): number[] {
  const weeks = tEnd_day / 7;
  const step = [1, 2, 4, 8, 13, 26, 52, 104].find((s) => weeks / s <= 8) ?? 104;
  const ticks: number[] = [];
  for (let w = 0; w <= weeks + 1e-9; w += step) ticks.push(w);
  return ticks;
}

export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) {
    const e = Math.floor(Math.log10(a));
    const m = v / 10 ** e;
    return Math.abs(m - 1) < 1e-9 ? `1e${e}` : `${Number(m.toPrecision(2))}e${e}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** Data range of all series, for a default domain; log axes ignore values ≤ 0. */
function dataRange(series: readonly Series[], log: boolean): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let k = 0; k < s.y.length; k++) {
      const v = s.y[k];
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return log ? [1, 10] : [0, 1];
  return [lo, hi];
}

export function chartDomain(spec: ChartSpec): [number, number] {
  if (spec.yDomain) return [spec.yDomain[0], spec.yDomain[1]];
  const [lo, hi] = dataRange(spec.series, spec.yScale === 'log');
  if (spec.yScale === 'linear') return [Math.min(0, lo), hi > 0 ? hi * 1.08 : 1];
  // Six decades below the peak is enough to see collapse without drowning the plot in noise.
  const top = 10 ** Math.ceil(Math.log10(hi) + 1e-9);
  const bottom = Math.max(10 ** Math.floor(Math.log10(lo)), top / 1e6);
  return [bottom, top > bottom ? top : bottom * 10];
}

/** SVG path of one series; values outside the domain are clamped so lines stay in the frame. */
export function seriesPath(
  s: Series,
  x: (t: number) => number,
  y: (v: number) => number,
  floor: number,
): string {
  const parts: string[] = [];
  for (let k = 0; k < s.t_day.length; k++) {
    const v = s.y[k];
    if (!Number.isFinite(v)) continue;
    parts.push(`${parts.length === 0 ? 'M' : 'L'}${x(s.t_day[k]).toFixed(1)},${y(Math.max(v, floor)).toFixed(1)}`);
  }
  return parts.join('');
}

export function lineChart(spec: ChartSpec): string {
  const rugHeight = (spec.rugs?.length ?? 0) * RUG_ROW;
  const plotW = spec.width - MARGIN.left - MARGIN.right;
  const plotH = spec.height - MARGIN.top - MARGIN.bottom - rugHeight;
  const [lo, hi] = chartDomain(spec);
  const log = spec.yScale === 'log';
  const x = (t: number) => MARGIN.left + (t / spec.tEnd_day) * plotW;
  const yOf = (v: number) => {
    const f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    return MARGIN.top + plotH * (1 - Math.min(1.02, Math.max(-0.02, f)));
  };
  const floor = log ? lo : -Infinity;
  const out: string[] = [];
  const data = Object.entries(spec.data ?? {})
    .map(([k, v]) => ` data-${k}="${escapeXml(v)}"`)
    .join('');
  out.push(
    `<svg id="${spec.id}" class="chart" viewBox="0 0 ${spec.width} ${spec.height}" role="img" aria-labelledby="${spec.id}-title ${spec.id}-desc"${data}>`,
    `<title id="${spec.id}-title">${escapeXml(spec.title)}</title><desc id="${spec.id}-desc">${escapeXml(spec.description)}</desc>`,
  );
  for (const band of spec.bands ?? []) {
    const y1 = yOf(Math.min(hi, Math.max(lo, band.to)));
    const y2 = yOf(Math.min(hi, Math.max(lo, band.from)));
    if (y2 - y1 < 0.5) continue;
    out.push(`<rect class="band ${band.className}" x="${MARGIN.left}" y="${y1.toFixed(1)}" width="${plotW}" height="${(y2 - y1).toFixed(1)}"/>`);
    if (y2 - y1 >= 11) out.push(`<text class="band-label" x="${MARGIN.left + plotW - 4}" y="${(y1 + 11).toFixed(1)}" text-anchor="end">${escapeXml(band.label)}</text>`);
  }
  const yTicks = log ? logTicks(lo, hi) : linearTicks(lo, hi);
  for (const v of yTicks) {
    const y = yOf(v).toFixed(1);
    out.push(`<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}"/>`);
    out.push(`<text class="tick" x="${MARGIN.left - 5}" y="${y}" dy="0.32em" text-anchor="end">${formatTick(v)}</text>`);
  }
  const axisY = MARGIN.top + plotH;
  for (const w of weekTicks(spec.tEnd_day)) {
    const xw = x(w * 7).toFixed(1);
    out.push(`<line class="axis" x1="${xw}" x2="${xw}" y1="${axisY}" y2="${axisY + 4}"/>`);
    out.push(`<text class="tick" x="${xw}" y="${axisY + rugHeight + 15}" text-anchor="middle">${w}</text>`);
  }
  out.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${axisY}" y2="${axisY}"/>`);
  (spec.rugs ?? []).forEach((rug, i) => {
    const y0 = axisY + 2 + i * RUG_ROW;
    const ticks = rug.times_day
      .filter((t) => t <= spec.tEnd_day)
      .map((t) => `M${x(t).toFixed(1)},${y0}v${RUG_ROW - 2}`)
      .join('');
    out.push(`<path class="rug" stroke="${rug.color}" d="${ticks}"><title>${escapeXml(rug.label)}</title></path>`);
  });
  out.push(`<text class="axis-label" x="${MARGIN.left + plotW}" y="${spec.height - 2}" text-anchor="end">weeks</text>`);
  out.push(`<text class="axis-label" transform="translate(11 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);
  for (const marker of spec.markers ?? []) {
    const xm = x(Math.min(marker.t_day, spec.tEnd_day)).toFixed(1);
    out.push(`<line class="marker" x1="${xm}" x2="${xm}" y1="${MARGIN.top}" y2="${axisY}"/>`);
    out.push(`<text class="marker-label" x="${xm}" y="${MARGIN.top + 10}" dx="-4" text-anchor="end">${escapeXml(marker.label)}</text>`);
  }
  for (const s of spec.series) {
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(
      `<path class="line" data-series="${escapeXml(s.id)}" stroke="${s.color}" stroke-width="${s.width ?? 1.8}"${dash} d="${seriesPath(s, x, yOf, floor)}"/>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

/** A legend as an HTML list, which wraps and reads better than SVG text. */
export function legend(series: readonly Pick<Series, 'label' | 'color' | 'dash' | 'width'>[]): string {
  const items = series.map((s) => {
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    const swatch = `<svg class="swatch" viewBox="0 0 24 8" aria-hidden="true"><line x1="0" x2="24" y1="4" y2="4" stroke="${s.color}" stroke-width="${Math.max(2, s.width ?? 2)}"${dash}/></svg>`;
    return `<li>${swatch}${escapeXml(s.label)}</li>`;
  });
  return `<ul class="legend">${items.join('')}</ul>`;
}
