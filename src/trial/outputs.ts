/**
 * A trial's output folder: patients.csv (one row per patient and arm),
 * scans.csv (diameter at every scan), pfs-km.csv (the Kaplan–Meier curves),
 * summary.json (the trial) and summary-<arm>.json (each arm), and SVG plots.
 * Number formatting is deterministic, so the same trial gives the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '../report/charts.js';
import type { SimulationContext } from '../simulation/context.js';
import { csvField, formatNumber } from '../report/format.js';
import { MECHANISMS } from './mechanism.js';
import { BODY_WEIGHT, covariateKeys, type PopulationSpec } from './population.js';
import type { ArmSummary, PatientOutcome } from './readouts.js';
import type { TrialOutcome } from './run.js';
import { DAYS_PER_MONTH, type TrialSpec } from './spec.js';
import { kaplanMeierSpec, mechanismSpec, spiderSpec, waterfallSpec } from './charts.js';

/** Patients per arm drawn in the spider plot (more is unreadable). */
const SPIDER_PATIENTS = 60;

const num = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '' : formatNumber(v));

/** Canonical unit of each varied value, for column headers. */
function unitOf(key: string, ctx: SimulationContext, model: string): string {
  if (key === BODY_WEIGHT) return 'kg';
  return ctx.models.get(model)?.parameters.find((p) => p.name === key)?.unit ?? '';
}

export function patientsCsv(outcome: TrialOutcome, ctx: SimulationContext): string {
  const { trial, screening, outcomes } = outcome;
  const keys = covariateKeys(trial.population);
  const header = [
    'patient',
    'candidate',
    'arm',
    ...keys.map((k) => `${k} (${unitOf(k, ctx, trial.population.model)})`),
    'doubling_time (day)',
    'status',
    'best_response',
    'best_change (%)',
    'pfs (day)',
    'pfs_event',
    'mechanism',
    'message',
  ];
  const lines = [header.map(csvField).join(',')];
  screening.patients.forEach((patient, p) => {
    trial.arms.forEach((arm, a) => {
      const o = outcomes[a][p];
      lines.push(
        [
          String(p),
          String(patient.candidate),
          arm.id,
          ...Array.from(patient.values, num),
          num(screening.doubling_day[p]),
          o.ok ? 'ok' : 'failed',
          o.bestResponse ?? '',
          num(o.bestChange_percent),
          num(o.pfs_day),
          o.ok ? (o.pfsEvent ? '1' : '0') : '',
          o.mechanism ?? '',
          csvField(o.message),
        ].join(','),
      );
    });
  });
  return lines.join('\n') + '\n';
}

export function scansCsv(outcome: TrialOutcome): string {
  const lines = ['patient,arm,time (day),diameter (mm),change (%)'];
  const { times_day, outcomes, trial } = outcome;
  outcome.screening.patients.forEach((_, p) =>
    trial.arms.forEach((arm, a) => {
      const d = outcomes[a][p].diameter_mm;
      for (let k = 0; k < d.length; k++) lines.push([p, arm.id, num(times_day[k]), num(d[k]), num(((d[k] - d[0]) / d[0]) * 100)].join(','));
    }),
  );
  return lines.join('\n') + '\n';
}

export function kmCsv(outcome: TrialOutcome): string {
  const lines = ['arm,time (day),n_risk,n_event,n_censor,survival,lower,upper'];
  outcome.curves.forEach((c, a) => {
    for (let k = 0; k < c.time.length; k++)
      lines.push([outcome.trial.arms[a].id, num(c.time[k]), c.nRisk[k], c.nEvent[k], c.nCensor[k], num(c.survival[k]), num(c.lower[k]), num(c.upper[k])].join(','));
  });
  return lines.join('\n') + '\n';
}

function describePopulation(population: PopulationSpec) {
  return {
    name: population.name,
    file: population.file,
    seed: population.seed,
    bodyWeight_kg: population.bodyWeight_kg,
    fixed: population.fixed,
    covariates: population.covariates.map((c) => ({ parameter: c.key, unit: c.unit ?? null, distribution: c.distribution })),
    ...(population.table ? { table: { columns: population.table.keys, rows: population.table.rows.length } } : {}),
    ...(population.plausibility ? { plausibility: population.plausibility } : {}),
  };
}

/** An arm's summary with months added and the published values beside it. */
export function armJson(trial: TrialSpec, s: ArmSummary) {
  const published = trial.published?.arms[s.id];
  return {
    ...s,
    pfs: {
      ...s.pfs,
      median_month: s.pfs.median_day / DAYS_PER_MONTH,
      lower_month: s.pfs.lower_day / DAYS_PER_MONTH,
      upper_month: s.pfs.upper_day / DAYS_PER_MONTH,
    },
    ...(published
      ? {
          published: {
            ...published,
            ...(published.medianPfs_day !== undefined ? { medianPfs_month: published.medianPfs_day / DAYS_PER_MONTH } : {}),
            source: trial.published?.source,
          },
        }
      : {}),
  };
}

export function summaryJson(outcome: TrialOutcome) {
  const { trial, screening } = outcome;
  return {
    trial: trial.name,
    description: trial.description,
    file: trial.file,
    patients: screening.patients.length,
    arms: trial.arms.map((a) => ({ id: a.id, label: a.label })),
    reference: trial.reference ?? null,
    followUp_day: trial.followUp_day,
    scans_day: trial.scanTimes_day,
    population: describePopulation(trial.population),
    screening: {
      candidates: screening.candidates,
      accepted: screening.patients.length,
      rejected: screening.rejected,
      reasons: screening.reasons,
    },
    readouts: trial.readouts,
    mechanismReference: Object.fromEntries(MECHANISMS.map((m, i) => [m, outcome.mechanismReference[i]])),
    results: outcome.summaries.map((s) => armJson(trial, s)),
    ...(trial.published?.source ? { publishedSource: trial.published.source } : {}),
    elapsed_s: outcome.elapsed_s,
  };
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
}

function responseOf(o: PatientOutcome): string {
  return o.bestResponse ?? 'failed';
}

/** Writes every output file and plot into `dir`; returns the file names. */
export async function writeTrialOutputs(outcome: TrialOutcome, dir: string, ctx: SimulationContext): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const { trial, outcomes, summaries, times_day } = outcome;
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    written.push(name);
  };
  write('patients.csv', patientsCsv(outcome, ctx));
  write('scans.csv', scansCsv(outcome));
  write('pfs-km.csv', kmCsv(outcome));
  writeJson(join(dir, 'summary.json'), summaryJson(outcome));
  written.push('summary.json');
  for (const s of summaries) {
    writeJson(join(dir, `summary-${s.id}.json`), armJson(trial, s));
    written.push(`summary-${s.id}.json`);
  }

  const labels = trial.arms.map((a) => a.label);
  for (const [a, arm] of trial.arms.entries()) {
    const rows = outcomes[a].filter((o) => o.ok).map((o) => ({ change: o.bestChange_percent, response: responseOf(o) }));
    write(`waterfall-${arm.id}.svg`, await renderSvg(waterfallSpec(`${arm.label}: best change in lesion diameter (n = ${rows.length})`, rows)));
  }
  const spider = trial.arms.flatMap((arm, a) =>
    outcomes[a].slice(0, SPIDER_PATIENTS).flatMap((o, p) =>
      o.ok ? Array.from(o.diameter_mm, (d, k) => ({ arm: arm.label, patient: p, week: times_day[k] / 7, change: ((d - o.diameter_mm[0]) / o.diameter_mm[0]) * 100, response: responseOf(o) })) : [],
    ),
  );
  write('spider.svg', await renderSvg(spiderSpec(`Change in lesion diameter at each scan (first ${SPIDER_PATIENTS} patients per arm)`, spider, labels)));
  write('pfs-km.svg', await renderSvg(kaplanMeierSpec('Progression-free survival (Kaplan–Meier; ticks: censored)', outcome.curves.map((curve, a) => ({ arm: labels[a], curve })))));
  const mech = summaries.flatMap((s, a) => MECHANISMS.map((m) => ({ arm: labels[a], mechanism: m, fraction: s.mechanisms.fractions[m] })).filter((r) => Number.isFinite(r.fraction)));
  write('mechanisms.svg', await renderSvg(mechanismSpec('Dominant resistance mechanism among non-responders', mech, labels)));
  return written;
}
