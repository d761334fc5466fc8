/**
 * report.html for a trial folder, built only from the files in it
 * (summary.json and the SVG plots): one self-contained page with inline CSS
 * and inline SVG, no scripts and nothing fetched.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DAYS_PER_MONTH = 30.4375;
const MECHANISM_RULE =
  'Each non-responder (best response SD or PD) is classified at its first scan showing progression, or at its last scan. ' +
  'CD8 killing in the model is a product of factors: visible (antigen-presenting) fraction, T-cell numbers per cancer cell, ' +
  'killing efficiency lost to terminal exhaustion, Treg suppression, and MDSC/hypoxia fitness. The dominant mechanism is the ' +
  'factor furthest below its median in the trial population at baseline (largest ln(reference / factor)); a lesion with no ' +
  'factor below the reference is unclassified.';

interface Rate {
  estimate: number;
  lower: number;
  upper: number;
  count: number;
  n: number;
  method: string;
}

interface ArmResult {
  id: string;
  label: string;
  n: number;
  failed: number;
  responses: Record<string, number>;
  orr: Rate;
  cr: Rate;
  dcr: Rate;
  pfs: {
    events: number;
    censored: number;
    median_day: number | null;
    lower_day: number | null;
    upper_day: number | null;
    medianMethod: string;
    landmarks: { t_day: number; survival: number | null }[];
  };
  versusReference?: { reference: string; hazardRatio: number | null; lower: number | null; upper: number | null; p: number | null; method: string; logRankChisq: number | null; logRankP: number | null };
  mechanisms: { nonResponders: number; fractions: Record<string, number | null>; unclassified: number };
  published?: { orr?: number; cr?: number; medianPfs_day?: number; hazardRatio?: number; source?: string };
}

interface TrialSummary {
  trial: string;
  description?: string;
  patients: number;
  arms: { id: string; label: string }[];
  reference: string | null;
  followUp_day: number;
  scans_day: number[];
  population: { name: string; file: string; seed: number; covariates: { parameter: string; unit: string | null; distribution: Record<string, unknown> }[]; fixed: Record<string, number>; plausibility?: { window_day: number; minDoubling_day: number; maxDoubling_day: number } };
  screening: { candidates: number; accepted: number; rejected: number; reasons: Record<string, number> };
  results: ArmResult[];
  publishedSource?: string;
  elapsed_s: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Each render numbers its clip paths from 1: prefix ids so inlined SVGs do not clash. */
function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const pct = (v: number | null | undefined) => (isNum(v) ? (v * 100).toFixed(1) : '–');
const months = (d: number | null | undefined) => (isNum(d) ? (d / DAYS_PER_MONTH).toFixed(1) : 'NR');
const num2 = (v: number | null | undefined) => (isNum(v) ? v.toFixed(2) : '–');

function rate(r: Rate): string {
  return `${pct(r.estimate)} <small>(${pct(r.lower)}–${pct(r.upper)})</small>`;
}

function row(cells: readonly string[], tag = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

function readoutsTable(s: TrialSummary): string {
  const pub = s.results.some((r) => r.published);
  const head = ['Arm', 'n', 'ORR %', ...(pub ? ['published'] : []), 'CR %', 'DCR %', 'median PFS, months', ...(pub ? ['published'] : []), ...(s.reference ? [`PFS HR vs ${escapeHtml(s.reference)}`, ...(pub ? ['published'] : [])] : [])];
  const rows = s.results.map((r) => {
    const p = r.published ?? {};
    const v = r.versusReference;
    return row([
      escapeHtml(r.label),
      String(r.n),
      rate(r.orr),
      ...(pub ? [isNum(p.orr) ? p.orr.toFixed(1) : ''] : []),
      rate(r.cr),
      rate(r.dcr),
      `${months(r.pfs.median_day)} <small>(${months(r.pfs.lower_day)}–${months(r.pfs.upper_day)})</small>`,
      ...(pub ? [isNum(p.medianPfs_day) ? months(p.medianPfs_day) : ''] : []),
      ...(s.reference ? [v ? `${num2(v.hazardRatio)} <small>(${num2(v.lower)}–${num2(v.upper)})</small>` : 'reference', ...(pub ? [isNum(p.hazardRatio) ? num2(p.hazardRatio) : ''] : [])] : []),
    ]);
  });
  return `<table>${row(head, 'th')}${rows.join('')}</table>`;
}

function responsesTable(s: TrialSummary): string {
  const landmarks = s.results[0]?.pfs.landmarks ?? [];
  const head = ['Arm', 'CR', 'PR', 'SD', 'PD', 'failed', 'PFS events', 'censored', ...landmarks.map((l) => `PFS at ${months(l.t_day)} mo`)];
  const rows = s.results.map((r) =>
    row([escapeHtml(r.label), ...['CR', 'PR', 'SD', 'PD'].map((k) => String(r.responses[k] ?? 0)), String(r.failed), String(r.pfs.events), String(r.pfs.censored), ...r.pfs.landmarks.map((l) => `${pct(l.survival)}%`)]),
  );
  return `<table>${row(head, 'th')}${rows.join('')}</table>`;
}

function mechanismTable(s: TrialSummary): string {
  const names = Object.keys(s.results[0]?.mechanisms.fractions ?? {});
  const head = ['Arm', 'non-responders', ...names, 'unclassified'];
  const rows = s.results.map((r) => {
    const m = r.mechanisms;
    return row([escapeHtml(r.label), String(m.nonResponders), ...names.map((k) => `${pct(m.fractions[k])}%`), `${pct(m.nonResponders ? m.unclassified / m.nonResponders : NaN)}%`]);
  });
  return `<table>${row(head, 'th')}${rows.join('')}</table>`;
}

function populationTable(s: TrialSummary): string {
  const rows = s.population.covariates.map((c) =>
    row([escapeHtml(c.parameter), escapeHtml(c.unit ?? ''), `<code>${escapeHtml(JSON.stringify(c.distribution))}</code>`]),
  );
  return `<table>${row(['Parameter', 'unit', 'distribution'], 'th')}${rows.join('')}</table>`;
}

function figure(dir: string, file: string, caption: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) return '';
  const id = file.replace(/[^A-Za-z0-9]/g, '-');
  return `<figure>${inlineSvg(readFileSync(path, 'utf8'), id)}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}small{color:#666}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}code{font-size:.8rem}.note{font-size:.9rem;color:#444}
`;

/** Writes report.html into a trial output folder; returns its path. */
export function writeTrialReport(dir: string): string {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as TrialSummary;
  const screening = s.screening;
  const filter = s.population.plausibility;
  const waterfalls = readdirSync(dir)
    .filter((f) => /^waterfall-.*\.svg$/.test(f))
    .sort((a, b) => s.arms.findIndex((arm) => `waterfall-${arm.id}.svg` === a) - s.arms.findIndex((arm) => `waterfall-${arm.id}.svg` === b));
  const first = s.results.find((r) => r.versusReference);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(s.trial)}: virtual trial</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(s.trial)}: virtual clinical trial</h1>
${s.description ? `<p>${escapeHtml(s.description)}</p>` : ''}
<p class="note">${s.patients} virtual patients from population <b>${escapeHtml(s.population.name)}</b> (seed ${s.population.seed}), each simulated on every arm;
follow-up ${months(s.followUp_day)} months; scans at weeks ${s.scans_day.map((t) => +(t / 7).toFixed(1)).join(', ')}.
${filter ? `Plausibility filter: untreated volume doubling time over ${Math.round(filter.window_day)} days within ${filter.minDoubling_day}–${filter.maxDoubling_day} days; ${screening.accepted} of ${screening.candidates} candidates accepted, ${screening.rejected} rejected (${Object.entries(screening.reasons).map(([k, v]) => `${v} ${escapeHtml(k)}`).join(', ') || 'none'}).` : ''}
Run time ${s.elapsed_s.toFixed(1)} s.</p>

<h2>Readouts</h2>
${readoutsTable(s)}
<p class="note">Rates: ${escapeHtml(s.results[0]?.orr.method ?? '')} 95% intervals. Median PFS: ${escapeHtml(s.results[0]?.pfs.medianMethod ?? '')}; NR = not reached.
${first?.versusReference ? `Hazard ratio: ${escapeHtml(first.versusReference.method)}.` : ''}
${s.publishedSource ? `Published: ${escapeHtml(s.publishedSource)}.` : ''}
Responses by RECIST 1.1 on the simulated lesion diameter at each scan (best overall response, unconfirmed); PFS is the time to the first scan showing PD, censored at the last scan.</p>
${responsesTable(s)}

<h2>Progression-free survival</h2>
${figure(dir, 'pfs-km.svg', 'Kaplan–Meier estimate of PFS per arm; ticks mark censored patients.')}

<h2>Best response</h2>
${waterfalls.map((f) => figure(dir, f, 'Best change in lesion diameter per patient; dashed lines at +20% (PD) and −30% (PR).')).join('\n')}
${figure(dir, 'spider.svg', 'Change in lesion diameter at each scan.')}

<h2>Why non-responders resist</h2>
${mechanismTable(s)}
${figure(dir, 'mechanisms.svg', 'Dominant resistance mechanism among non-responders.')}
<p class="note">${escapeHtml(MECHANISM_RULE)}</p>

<h2>Population</h2>
${populationTable(s)}
<p class="note">Per-patient values are in <code>patients.csv</code>; diameters at every scan in <code>scans.csv</code>; Kaplan–Meier tables in <code>pfs-km.csv</code>.</p>
</body></html>
`;
  const out = join(dir, 'report.html');
  writeFileSync(out, html);
  return out;
}
