/**
 * Results as markup: the tumor chart with RECIST bands, the summary table,
 * the Bliss box and the mechanism panels. Pure functions of the runs.
 */
import { columnOf, doseTimes, recistOf, type BlissSummary, type RunResult, type RunSet } from './analysis.js';
import { escapeXml, legend, lineChart, formatTick, type Band, type Series } from './charts.js';
import { describeCombination, type Combination, type Setup } from './setup.js';

export const RUN_STYLE: Record<Combination, { label: string; color: string; dash?: string; width: number }> = {
  untreated: { label: 'Untreated', color: '#5f6368', dash: '5 4', width: 1.6 },
  A: { label: 'A', color: '#0072b2', width: 2 },
  B: { label: 'B', color: '#c44e00', width: 2 },
  AB: { label: 'A+B', color: '#00795a', width: 2.8 },
};

const pct = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(0)}%`;
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(2)}`;

function diameter(run: RunResult): Float64Array {
  return columnOf(run, run.tumorColumns.diameter ?? run.tumorColumns.volume) ?? new Float64Array(run.t_day.length);
}

/** RECIST 1.1 categories drawn from the baseline diameter (progression is really judged from the nadir). */
export function recistBands(baseline_mm: number, top_mm: number): Band[] {
  const pr = 0.7 * baseline_mm;
  const pd = Math.max(1.2 * baseline_mm, baseline_mm + 5);
  return [
    { from: 0, to: 3, label: 'CR', className: 'cr' },
    { from: 3, to: pr, label: 'PR  ≤ −30%', className: 'pr' },
    { from: pr, to: pd, label: 'SD', className: 'sd' },
    { from: pd, to: Math.max(top_mm, pd), label: 'PD  ≥ +20%', className: 'pd' },
  ];
}

export function tumorChart(setup: Setup, runs: RunSet, readAt_day: number, width: number): string {
  const order: Combination[] = ['untreated', 'A', 'B', 'AB'];
  const diameters = order.map((c) => diameter(runs[c]));
  const series: Series[] = order.map((c, i) => ({ id: c, t_day: runs[c].t_day, y: diameters[i], ...RUN_STYLE[c] }));
  const baseline = diameters[0][0];
  const top = Math.max(...diameters.map((d) => Math.max(...d))) * 1.08;
  const end = runs.untreated.t_day[runs.untreated.t_day.length - 1];
  const rugs = (['A', 'B'] as const).map((arm) => ({
    label: `Regimen ${arm} administrations`,
    times_day: doseTimes(runs[arm]).flatMap((d) => d.times_day),
    color: RUN_STYLE[arm].color,
  }));
  const finals = order.map((c, i) => `${RUN_STYLE[c].label} ${formatTick(diameters[i][diameters[i].length - 1])} mm`).join(', ');
  const allInWorkers = order.every((c) => runs[c].computedIn === 'worker');
  return lineChart({
    id: 'tumor-chart',
    title: 'Lesion diameter over time, with RECIST 1.1 bands',
    description: `Lesion diameter from ${formatTick(baseline)} mm at baseline over ${Math.round(end / 7)} weeks. At the end: ${finals}.`,
    width,
    height: 300,
    yLabel: 'lesion diameter (mm)',
    yScale: 'linear',
    yDomain: [0, top],
    tEnd_day: end,
    series,
    bands: recistBands(baseline, top),
    rugs: rugs.filter((r) => r.times_day.length > 0),
    markers: readAt_day < end ? [{ t_day: readAt_day, label: 'responses read here' }] : [],
    data: {
      'computed-in': allInWorkers ? 'worker' : 'main',
      // Full-precision end diameters, so a test can compare the browser's numbers with Node's.
      ...Object.fromEntries(order.map((c, i) => [`final-${c}`, String(diameters[i][diameters[i].length - 1])])),
    },
  });
}

export function tumorLegend(): string {
  return legend((['untreated', 'A', 'B', 'AB'] as const).map((c) => RUN_STYLE[c]));
}

/** One row per run: end diameter, best RECIST response, response f. */
export function summaryTable(setup: Setup, runs: RunSet, bliss: BlissSummary): string {
  const f: Record<Combination, number | undefined> = { untreated: undefined, A: bliss.fA, B: bliss.fB, AB: bliss.fAB };
  const rows = (['untreated', 'A', 'B', 'AB'] as const).map((c) => {
    const run = runs[c];
    const d = diameter(run);
    const change = ((d[d.length - 1] - d[0]) / d[0]) * 100;
    const recist = recistOf(run);
    const style = RUN_STYLE[c];
    const swatch = `<span class="dot" style="background:${style.color}" aria-hidden="true"></span>`;
    const failed = run.retcode !== 'Success' ? ` <span class="warn">(${escapeXml(run.retcode)}: ${escapeXml(run.message)})</span>` : '';
    return (
      `<tr><th scope="row">${swatch}${style.label}<span class="what">${escapeXml(describeCombination(setup, c))}</span>${failed}</th>` +
      `<td>${d[d.length - 1].toFixed(1)} mm <span class="muted">(${pct(change)})</span></td>` +
      `<td>${recist ? `<abbr title="${RECIST_NAMES[recist.bestResponse]}">${recist.bestResponse}</abbr>` : '–'}</td>` +
      `<td>${f[c] === undefined ? '<span class="muted">reference</span>' : f[c]!.toFixed(2)}</td></tr>`
    );
  });
  return (
    '<table class="summary"><caption class="sr-only">Outcome of each run</caption>' +
    '<thead><tr><th scope="col">Run</th><th scope="col">Diameter at end</th>' +
    '<th scope="col">Best response<span class="what">RECIST 1.1, scans q8w</span></th>' +
    `<th scope="col">Response <var>f</var><span class="what">1 − V/V<sub>untreated</sub> at ${weekText(bliss.at_day)}</span></th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

const RECIST_NAMES = { CR: 'complete response', PR: 'partial response', SD: 'stable disease', PD: 'progressive disease' };

/** "week 12" or "the last day (week 52)". */
export function weekText(at_day: number, end_day?: number): string {
  const week = `week ${Number((at_day / 7).toFixed(1))}`;
  return end_day !== undefined && at_day >= end_day ? `the last day (${week})` : week;
}

const VERDICT_WORDS: Record<BlissSummary['verdict'], string> = {
  synergy: 'synergy',
  independent: 'about independent',
  antagonism: 'antagonism',
  'not-applicable': 'not interpretable',
};

export function blissBox(bliss: BlissSummary): string {
  const caveat =
    bliss.verdict === 'not-applicable'
      ? `<p class="caveat">A or B alone leaves a larger tumor than no treatment at ${weekText(bliss.at_day)} (f &lt; 0), so Bliss independence does not apply. Read the responses at an earlier week.</p>`
      : '';
  return (
    `<p class="bliss-value"><span class="label">Bliss excess</span> <output id="bliss-excess" data-value="${bliss.excess.toFixed(4)}">${signed(bliss.excess)}</output> <span class="verdict ${bliss.verdict}">${VERDICT_WORDS[bliss.verdict]}</span></p>` +
    `<p class="bliss-formula">f<sub>A+B</sub> − (f<sub>A</sub> + f<sub>B</sub> − f<sub>A</sub>·f<sub>B</sub>) = ${bliss.fAB.toFixed(2)} − ${bliss.expected.toFixed(2)}</p>` +
    caveat
  );
}

/** A sentence for the live region: what changed, in words. */
export function announcement(runs: RunSet, bliss: BlissSummary): string {
  const f = { A: bliss.fA, B: bliss.fB, AB: bliss.fAB };
  const parts = (['A', 'B', 'AB'] as const).map((c) => {
    const recist = recistOf(runs[c]);
    return `${RUN_STYLE[c].label}: ${recist ? RECIST_NAMES[recist.bestResponse] : 'no RECIST reading'}, f ${f[c].toFixed(2)}`;
  });
  return `${parts.join('; ')}. Bliss excess ${signed(bliss.excess)} (${VERDICT_WORDS[bliss.verdict]}).`;
}

