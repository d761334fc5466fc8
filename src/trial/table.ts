/** The terminal view of a trial: per-arm readouts beside the published values, and resistance mechanisms. */
import { MECHANISMS } from './mechanism.js';
import type { ArmSummary, RateSummary } from './readouts.js';
import type { TrialOutcome } from './run.js';
import { DAYS_PER_MONTH, type PublishedArm, type TrialSpec } from './spec.js';

const pct = (v: number, digits = 1) => (Number.isFinite(v) ? (v * 100).toFixed(digits) : '–');
const months = (d: number) => (Number.isFinite(d) ? (d / DAYS_PER_MONTH).toFixed(1) : 'NR');
const fixed2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

function rateCell(r: RateSummary): string {
  return `${pct(r.estimate)} (${pct(r.lower)}–${pct(r.upper)})`;
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [pad(header, widths), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))].map((l) => `  ${l}`).join('\n');
}

/** Per arm: simulated ORR, CR, DCR, median PFS and HR with CIs, and the published value next to each. */
export function readoutTable(trial: TrialSpec, summaries: readonly ArmSummary[]): string {
  const ref = trial.reference;
  const hasPublished = trial.published !== undefined;
  const header = [
    'arm',
    'ORR % (95% CI)',
    ...(hasPublished ? ['publ.'] : []),
    'CR %',
    'DCR %',
    'median PFS mo (95% CI)',
    ...(hasPublished ? ['publ.'] : []),
    ...(ref ? [`HR vs ${ref} (95% CI)`, ...(hasPublished ? ['publ.'] : [])] : []),
  ];
  const rows = summaries.map((s) => {
    const p: PublishedArm = trial.published?.arms[s.id] ?? {};
    const v = s.versusReference;
    return [
      s.label,
      rateCell(s.orr),
      ...(hasPublished ? [p.orr !== undefined ? p.orr.toFixed(1) : ''] : []),
      pct(s.cr.estimate),
      pct(s.dcr.estimate),
      `${months(s.pfs.median_day)} (${months(s.pfs.lower_day)}–${months(s.pfs.upper_day)})`,
      ...(hasPublished ? [p.medianPfs_day !== undefined ? months(p.medianPfs_day) : ''] : []),
      ...(ref ? [v ? `${fixed2(v.hazardRatio)} (${fixed2(v.lower)}–${fixed2(v.upper)})` : 'reference', ...(hasPublished ? [p.hazardRatio !== undefined ? fixed2(p.hazardRatio) : ''] : [])] : []),
    ];
  });
  const methods = summaries[0]
    ? [
        `  CIs: ${summaries[0].orr.method} for rates; ${summaries[0].pfs.medianMethod} for median PFS` +
          (summaries.find((s) => s.versusReference) ? `; HR: ${summaries.find((s) => s.versusReference)!.versusReference!.method}` : ''),
        ...(trial.published?.source ? [`  published: ${trial.published.source}`] : []),
      ]
    : [];
  return [table(header, rows), ...methods].join('\n');
}

/** Fraction of each arm's non-responders by dominant resistance mechanism. */
export function mechanismTable(summaries: readonly ArmSummary[]): string {
  const header = ['non-responders by mechanism', 'n', ...MECHANISMS, 'unclassified'];
  const rows = summaries.map((s) => {
    const m = s.mechanisms;
    return [s.label, String(m.nonResponders), ...MECHANISMS.map((k) => `${pct(m.fractions[k], 0)}%`), `${pct(m.nonResponders ? m.unclassified / m.nonResponders : NaN, 0)}%`];
  });
  return table(header, rows);
}

export function screeningLine(outcome: TrialOutcome): string {
  const s = outcome.screening;
  const reasons = Object.entries(s.reasons).map(([k, v]) => `${v} ${k}`).join(', ');
  return s.rejected
    ? `  plausibility filter: ${s.patients.length} of ${s.candidates} candidates accepted, ${s.rejected} rejected (${reasons})`
    : `  ${s.patients.length} patients (no candidate rejected)`;
}
