/**
 * tisim synergy: a dose grid of two drugs of a scenario, the tumor response
 * at a chosen day, and Bliss / HSA / Loewe synergy scores with heatmaps, an
 * isobologram and an HTML report.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeSynergy, hillEffect, isobologram, type HillFit, type Isobologram, type SynergyAnalysis, type SynergySummary } from '../analysis/synergy.js';
import { RUN_READOUTS } from '../analysis/runReadouts.js';
import { createPool } from '../parallel/pool.js';
import { nodeSpawner } from '../parallel/nodeSpawn.js';
import type { ReadoutJob, ReadoutResult } from '../parallel/simulationHandler.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { ResolvedDosing, ResolvedScenario } from '../scenario/types.js';
import type { SimulationContext } from '../simulation/context.js';
import { defaultContext } from '../simulation/defaultContext.js';
import { simulate } from '../simulation/simulate.js';
import { doseToMg, parseQuantity, QuantityError, readDose, type DoseAmount } from '../units/quantity.js';
import { renderInlineSvg, renderSvg } from '../report/charts.js';
import { doseResponseSpec, heatmapSpec, isobologramSpec, type HeatCell, type HeatColor } from '../report/chartSpecs.js';
import { parseCsv } from '../report/csvParse.js';
import { csvField, formatNumber } from '../report/format.js';
import { escapeHtml, facts, figure, formatValue, keyNumbers, note, page, table, type Cell, type KeyNumber, type Section } from '../report/html.js';
import { createProgress } from '../report/progress.js';
import { EXIT_INTERNAL, EXIT_OK, UsageError } from './errors.js';
import { parseWorkers } from './sweepCommand.js';

/** What each score means, in two sentences: for --help, the report and the README. */
export const SCORE_EXPLANATIONS = {
  bliss:
    'Bliss excess is the combination’s effect minus the effect expected if the two drugs acted independently, E_a + E_b − E_a·E_b. ' +
    'Above 0 the combination does better than independent action (synergy), below 0 worse (antagonism).',
  hsa:
    'HSA (highest single agent) excess is the combination’s effect minus that of the better of the two drugs alone at the same doses. ' +
    'Above 0 the combination beats its best component; it is the most lenient score and says nothing about how the drugs interact.',
  loewe:
    'The Loewe combination index CI = a/A_x + b/B_x compares the doses used with the single-agent doses A_x and B_x (from Hill fits) that alone give the same effect x, i.e. dose-equivalent additivity as if one drug were a dilution of the other. ' +
    'CI < 1 is synergy (less drug needed than additivity predicts), CI = 1 additive, CI > 1 antagonism; it is undefined where a drug alone cannot reach the effect.',
} as const;

export const SYNERGY_HELP = `tisim synergy <scenario> --a DRUG --b DRUG [options]
  Runs a dose grid of two drugs of a scenario (their schedules are kept; only doses change, and dose 0
  removes that drug), measures the response at a day as the fractional tumor reduction versus the run
  without either drug (1 − V/V_untreated, clipped to [0, 1]) and scores the interaction.

  --doses-a LIST   doses of A, e.g. "0,0.3,1,3,10 mg/kg" (0 is added if missing;
                   default 0 and 0.1, 0.3, 1, 3 × the scenario's dose)
  --doses-b LIST   doses of B, same form
  --day N          day of the response, e.g. 84 or "12 weeks" (default: end of the scenario)
  --level P        effect level of the isobologram, e.g. 50% or 0.5 (default 50%, or half the
                   largest response when the surface never reaches 50%)
  --out DIR        output folder (default results/<scenario>-synergy-<A>-<B>)
  --workers N      worker threads (default: all cores)

  Writes synergy.csv, synergy.json, response.svg, bliss-excess.svg, hsa-excess.svg,
  combination-index.svg, isobologram.svg and report.html.

  Bliss: ${SCORE_EXPLANATIONS.bliss}
  HSA: ${SCORE_EXPLANATIONS.hsa}
  Loewe: ${SCORE_EXPLANATIONS.loewe}`;

// ---------------------------------------------------------------------------
// Dose grids
// ---------------------------------------------------------------------------

/** A drug axis of the grid: doses in the unit the user wrote, and in mg per administration. */
export interface DoseAxis {
  readonly drug: string;
  readonly unit: string;
  readonly doses: readonly number[];
  readonly doses_mg: readonly number[];
}

const NUMBER = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$/;

const unitText = (d: DoseAmount) => `${d.unit}${d.perKg ? '/kg' : ''}`;

/** "0,0.3,1,3,10 mg/kg" → amounts and one unit (bare numbers take the list's unit; none at all means mg). */
export function parseDoseList(text: string): { amounts: number[]; unit: string } {
  const tokens = text.split(',').map((t) => t.trim()).filter((t) => t.length > 0);
  if (!tokens.length) throw new UsageError(`expected a list of doses such as "0,0.3,1,3 mg/kg", got "${text}"`);
  const parsed = tokens.map((t) => {
    const m = NUMBER.exec(t);
    if (!m) throw new UsageError(`cannot read dose "${t}" in "${text}"`);
    return { amount: Number(m[1]), unit: m[2].trim() };
  });
  const units = [...new Set(parsed.map((p) => p.unit).filter((u) => u !== ''))];
  if (units.length > 1) throw new UsageError(`use one unit for the whole dose list, e.g. "0,1,3 mg/kg" (got ${units.join(', ')})`);
  const unit = units[0] ?? 'mg';
  for (const p of parsed) if (!(p.amount >= 0)) throw new UsageError(`doses must be 0 or more, got ${p.amount} in "${text}"`);
  try {
    readDose(`1 ${unit}`);
  } catch (err) {
    if (err instanceof QuantityError || (err instanceof Error && err.name === 'ExpressionError')) throw new UsageError(`dose unit "${unit}": ${err.message}`);
    throw err;
  }
  return { amounts: [...new Set(parsed.map((p) => p.amount))].sort((a, b) => a - b), unit };
}

/** The grid of one drug: given doses, or 0 and 0.1–3 × the scenario's first dose of it. */
export function doseAxis(scenario: ResolvedScenario, drug: string, text: string | undefined, ctx: SimulationContext): DoseAxis {
  const entries = scenario.therapies.filter((d) => d.drug === drug);
  if (!entries.length)
    throw new UsageError(
      `the scenario has no ${drug} therapy to vary (its therapies: ${[...new Set(scenario.therapies.map((d) => d.drug))].join(', ') || 'none'}); add a ${drug} entry with the schedule to keep`,
    );
  const module = ctx.therapies.get(drug);
  const context = { bodyWeight_kg: scenario.patient.bodyWeight_kg, iuPerMg: module?.doseUnits.iuPerMg, drug };
  let amounts: number[];
  let unit: string;
  if (text === undefined) {
    const reference = readDose(entries[0].doseText);
    unit = unitText(reference);
    amounts = [0, 0.1, 0.3, 1, 3].map((f) => Number(formatNumber(f * reference.amount)));
  } else ({ amounts, unit } = parseDoseList(text));
  if (amounts[0] !== 0) amounts = [0, ...amounts];
  if (amounts.length < 2) throw new UsageError(`${drug}: give at least one dose above 0`);
  let doses_mg: number[];
  try {
    doses_mg = amounts.map((a) => doseToMg(readDose(`${a} ${unit}`), context));
  } catch (err) {
    if (err instanceof QuantityError) throw new UsageError(`${drug}: ${err.message}`);
    throw err;
  }
  return { drug, unit, doses: amounts, doses_mg };
}

/**
 * The scenario of one grid cell: every entry of each varied drug scaled by
 * grid dose / the drug's first dose (so a loading/maintenance ratio is kept),
 * removed at dose 0, and the run cut at the response day.
 */
export function cellScenario(base: ResolvedScenario, a: DoseAxis, i: number, b: DoseAxis, j: number, day: number): ResolvedScenario {
  const scaled = (axis: DoseAxis, k: number) => {
    const entries = base.therapies.filter((d) => d.drug === axis.drug);
    const factor = axis.doses_mg[k] / entries[0].dose_mg;
    return (d: ResolvedDosing): ResolvedDosing | undefined => {
      if (d.drug !== axis.drug) return d;
      if (axis.doses[k] === 0) return undefined;
      const written = readDose(d.doseText);
      const doseText = entries.length === 1 ? `${formatNumber(axis.doses[k])} ${axis.unit}` : `${formatNumber(written.amount * factor)} ${unitText(written)}`;
      return { ...d, doseText, dose_mg: d.dose_mg * factor };
    };
  };
  const forA = scaled(a, i);
  const forB = scaled(b, j);
  const therapies = base.therapies
    .map((d) => (d.drug === a.drug ? forA(d) : d.drug === b.drug ? forB(d) : d))
    .filter((d): d is ResolvedDosing => d !== undefined)
    .map((d) => ({ ...d, times_day: d.times_day.filter((t) => t <= day) }))
    .filter((d) => d.times_day.length > 0);
  return { ...base, name: `${base.name}-${a.drug}${a.doses[i]}-${b.drug}${b.doses[j]}`, therapies, duration_day: day };
}

// ---------------------------------------------------------------------------
// Running the grid
// ---------------------------------------------------------------------------

export interface CellOutcome {
  readonly volume: number;
  readonly ok: boolean;
  readonly message: string;
}

const FINAL_VOLUME = RUN_READOUTS.findIndex((r) => r.name === 'final_volume');

/** Tumor volume at the end of each scenario, in this thread (workers = 1) or on a worker pool. */
export async function runCells(scenarios: readonly ResolvedScenario[], workers: number, ctx: SimulationContext): Promise<CellOutcome[]> {
  const out: CellOutcome[] = new Array(scenarios.length);
  const progress = process.stderr.isTTY ? createProgress({ label: 'synergy grid', total: scenarios.length }) : undefined;
  let done = 0;
  let failed = 0;
  const record = (index: number, outcome: CellOutcome) => {
    out[index] = outcome;
    done++;
    if (!outcome.ok) failed++;
    progress?.update(done, failed);
  };
  if (workers <= 1) {
    scenarios.forEach((s, index) => {
      const r = simulate(s, ctx);
      record(index, { volume: r.retcode === 'Success' ? r.tumor.finalVolume_mm3 : NaN, ok: r.retcode === 'Success', message: r.retcode === 'Success' ? '' : `${r.retcode}: ${r.message}` });
    });
  } else {
    const pool = createPool<ReadoutJob, ReadoutResult>({
      spawner: nodeSpawner(new URL('../parallel/simulationHandler.ts', import.meta.url)),
      size: Math.min(workers, scenarios.length),
    });
    try {
      await pool.run(
        scenarios.map((scenario, index) => ({ kind: 'readouts' as const, index, scenario })),
        {
          onResult: (index, r) => record(index, { volume: r.ok ? r.readouts[FINAL_VOLUME] : NaN, ok: r.ok, message: r.ok ? '' : `${r.retcode}: ${r.message}` }),
          onFailure: (index, reason) => record(index, { volume: NaN, ok: false, message: reason }),
        },
      );
    } finally {
      await pool.close();
    }
  }
  progress?.finish(done, failed);
  return out;
}

/** Fractional tumor reduction versus the (0, 0) cell, clipped to [0, 1]; NaN for failed cells. */
export function responseSurface(volumes: readonly (readonly number[])[]): number[][] {
  const reference = volumes[0][0];
  if (!(reference > 0)) throw new Error('the run without either drug failed or has no tumor; there is nothing to compare against');
  return volumes.map((row) => row.map((v) => (Number.isFinite(v) ? Math.min(1, Math.max(0, 1 - v / reference)) : NaN)));
}

/** 50%, or half the largest response (to 5%) when the surface never reaches 50%. */
export function defaultLevel(effect: readonly (readonly number[])[]): number {
  const max = Math.max(0, ...effect.flat().filter(Number.isFinite));
  if (max >= 0.5) return 0.5;
  return Math.max(0.05, Math.round((max / 2) * 20) / 20);
}

function parseLevel(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*([0-9.]+)\s*(%?)\s*$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(value > 0 && value < 1)) throw new UsageError(`--level expects an effect between 0 and 1 or 0% and 100%, got "${text}"`);
  return value;
}

function parseDay(text: string | undefined, duration: number): number {
  if (text === undefined) return duration;
  let day: number;
  try {
    day = parseQuantity(/^[0-9.eE+-]+$/.test(text.trim()) ? Number(text) : text, 'day');
  } catch (err) {
    throw new UsageError(`--day: ${(err as Error).message}`);
  }
  if (!(day > 0 && day <= duration)) throw new UsageError(`--day must be within the scenario (0 < day ≤ ${duration}), got "${text}"`);
  return day;
}

// ---------------------------------------------------------------------------
// Results: data, files, terminal
// ---------------------------------------------------------------------------

/** synergy.json: everything but the per-cell values (those are in synergy.csv). */
export interface SynergyMeta {
  readonly scenario: {
    readonly name: string;
    readonly file?: string;
    readonly description?: string;
    readonly bodyWeight_kg: number;
    readonly archetype?: string;
    readonly therapies: readonly ResolvedDosing[];
    readonly duration_day: number;
  };
  readonly a: DoseAxis;
  readonly b: DoseAxis;
  readonly day: number;
  readonly level: number;
  readonly untreatedVolume_mm3: number;
  readonly fits: { readonly a: HillFit; readonly b: HillFit };
  readonly summary: SynergySummary;
  readonly isobologram: Isobologram;
  readonly failures: readonly { readonly doseA: number; readonly doseB: number; readonly message: string }[];
  readonly explanations: typeof SCORE_EXPLANATIONS;
  /** Tumor volume at the day per cell [i over A][j over B], full precision (null: failed), so a re-render scores the same numbers. */
  readonly volumes_mm3: readonly (readonly (number | null)[])[];
}

export interface SynergyReportData {
  readonly meta: SynergyMeta;
  readonly volumes: readonly (readonly number[])[];
  readonly analysis: SynergyAnalysis;
  readonly iso: Isobologram;
}

export function synergyData(
  meta: Omit<SynergyMeta, 'fits' | 'summary' | 'isobologram' | 'explanations' | 'untreatedVolume_mm3' | 'volumes_mm3'>,
  volumes: readonly (readonly number[])[],
): SynergyReportData {
  const effect = responseSurface(volumes);
  const analysis = analyzeSynergy({ dosesA: meta.a.doses, dosesB: meta.b.doses, effect });
  const iso = isobologram(analysis, meta.level);
  return {
    meta: {
      ...meta,
      untreatedVolume_mm3: volumes[0][0],
      fits: { a: analysis.fitA, b: analysis.fitB },
      summary: analysis.summary,
      isobologram: iso,
      explanations: SCORE_EXPLANATIONS,
      volumes_mm3: volumes.map((row) => row.map((v) => (Number.isFinite(v) ? v : null))),
    },
    volumes,
    analysis,
    iso,
  };
}

const cellValue = (v: number) => (Number.isFinite(v) ? formatNumber(v) : '');

export function synergyCsv(data: SynergyReportData): string {
  const { a, b } = data.meta;
  const header = [`${a.drug} dose (${a.unit})`, `${b.drug} dose (${b.unit})`, 'tumor_volume (mm^3)', 'response', 'bliss_excess', 'hsa_excess', 'combination_index', 'status'];
  const lines = [header.map(csvField).join(',')];
  for (const c of data.analysis.cells) {
    const volume = data.volumes[c.i][c.j];
    lines.push([formatNumber(c.doseA), formatNumber(c.doseB), cellValue(volume), cellValue(c.effect), cellValue(c.blissExcess), cellValue(c.hsaExcess), cellValue(c.combinationIndex), Number.isFinite(volume) ? 'ok' : 'failed'].join(','));
  }
  return lines.join('\n') + '\n';
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const signed = (v: number, digits = 3) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(digits)}` : '–');

/** A dose grid as text: A down (0 at the top), B across. */
export function gridTable(data: SynergyReportData, value: (i: number, j: number) => string, title: string): string {
  const { a, b } = data.meta;
  const rowLabels = a.doses.map((d) => formatNumber(d));
  const width = Math.max(7, ...b.doses.map((d) => formatNumber(d).length + 1));
  const labelWidth = Math.max(...rowLabels.map((l) => l.length), 4);
  const lines = [`  ${title}`, `  ${`${a.drug} ↓ (${a.unit})  ${b.drug} → (${b.unit})`}`];
  lines.push(`  ${' '.repeat(labelWidth)} ${b.doses.map((d) => formatNumber(d).padStart(width)).join('')}`);
  a.doses.forEach((_, i) => lines.push(`  ${rowLabels[i].padStart(labelWidth)} ${b.doses.map((__, j) => value(i, j).padStart(width)).join('')}`));
  return lines.join('\n');
}

/** A fit this far off the points cannot stand in for the single agent in Loewe's dose equivalence. */
export const POOR_FIT_RMSE = 0.05;
const poorFit = (f: HillFit) => f.rmse > POOR_FIT_RMSE;

const beyondGrid = (dose: number, axis: DoseAxis) => (dose > axis.doses[axis.doses.length - 1] ? ' (extrapolated beyond the grid)' : '');

const at = (p: { doseA: number; doseB: number } | undefined, data: SynergyReportData) =>
  p ? ` at ${data.meta.a.drug} ${formatNumber(p.doseA)} + ${data.meta.b.drug} ${formatNumber(p.doseB)}` : '';

/** Why CI is missing where it is: which single agent cannot reach the combination's effect. */
export function ciUndefinedNote(data: SynergyReportData): string | undefined {
  const s = data.meta.summary;
  if (!s.ciUndefined) return undefined;
  const beyond = (axis: DoseAxis, n: number | undefined, fit: HillFit) => (n ? `${n} above what ${axis.drug} alone reaches (Emax ${fixed(fit.emax, 2)})` : '');
  const reasons = [beyond(data.meta.a, s.ciBeyondEmaxA, data.meta.fits.a), beyond(data.meta.b, s.ciBeyondEmaxB, data.meta.fits.b)].filter(Boolean);
  return `CI undefined in ${s.ciUndefined} of ${s.cells} combinations${reasons.length ? `: effect ${reasons.join('; ')}` : ''}`;
}

export function summaryLines(data: SynergyReportData): string[] {
  const s = data.meta.summary;
  const { a, b } = data.meta;
  const fit = (axis: DoseAxis, f: HillFit) =>
    `${axis.drug}: Emax ${fixed(f.emax, 2)}, EC50 ${formatValue(f.ec50, 3)} ${axis.unit}, slope ${fixed(f.hill, 2)}${f.fixed.length ? ` (${f.fixed.join(', ')} fixed)` : ''}, rms residual ${fixed(f.rmse, 3)}${
      poorFit(f) ? ' — poor fit: the single-agent response is not Hill-shaped, so Loewe CI is unreliable' : ''
    }`;
  const iso = data.iso;
  const pct = `${Math.round(iso.level * 100)}%`;
  const isoLine = iso.additive.length
    ? `${pct} isobole: ${a.drug} alone ${formatValue(iso.singleA, 3)} ${a.unit}${beyondGrid(iso.singleA, a)}, ${b.drug} alone ${formatValue(iso.singleB, 3)} ${b.unit}${beyondGrid(iso.singleB, b)}; ${iso.observed.length} iso-effect dose pairs on the surface`
    : `${pct} isobole: no additive line (${[Number.isFinite(iso.singleA) ? '' : a.drug, Number.isFinite(iso.singleB) ? '' : b.drug].filter(Boolean).join(' and ')} alone cannot reach ${pct})`;
  const undefinedNote = ciUndefinedNote(data);
  return [
    `  Bliss excess: mean ${signed(s.blissMean)}, max ${signed(s.blissMax)}${at(s.blissMaxAt, data)} → ${s.bliss}`,
    `  HSA excess:   mean ${signed(s.hsaMean)}, max ${signed(s.hsaMax)}${at(s.hsaMaxAt, data)} → ${s.hsa}`,
    `  Loewe CI:     geometric mean ${fixed(s.ciGeometricMean, 2)}, min ${fixed(s.ciMin, 2)}${at(s.ciMinAt, data)} → ${s.loewe}`,
    ...(undefinedNote ? [`                ${undefinedNote}`] : []),
    `  Hill fits: ${fit(a, data.meta.fits.a)}`,
    `             ${fit(b, data.meta.fits.b)}`,
    `  ${isoLine}`,
  ];
}

// ---------------------------------------------------------------------------
// Charts and the HTML report
// ---------------------------------------------------------------------------

type Score = 'response' | 'blissExcess' | 'hsaExcess' | 'combinationIndex';

const SCORE_CHARTS: readonly { readonly key: Score; readonly file: string; readonly title: string; readonly legend: string }[] = [
  { key: 'response', file: 'response.svg', title: 'Response', legend: 'response' },
  { key: 'blissExcess', file: 'bliss-excess.svg', title: 'Bliss excess', legend: 'excess' },
  { key: 'hsaExcess', file: 'hsa-excess.svg', title: 'HSA excess', legend: 'excess' },
  { key: 'combinationIndex', file: 'combination-index.svg', title: 'Loewe combination index', legend: 'CI' },
];

function scoreColor(key: Score, values: readonly number[]): HeatColor {
  if (key === 'response') return { kind: 'sequential', domain: [0, 1] };
  if (key === 'combinationIndex') return { kind: 'ratio', span: 4 };
  return { kind: 'diverging', mid: 0, reverse: true, span: Math.max(0.1, ...values.filter(Number.isFinite).map(Math.abs)) };
}

/** Heatmap of the response (whole grid) or of a score (combination cells only). */
export function synergyHeatmapSpec(data: SynergyReportData, key: Score) {
  const { a, b, day } = data.meta;
  const meta = SCORE_CHARTS.find((s) => s.key === key)!;
  const cells = data.analysis.cells.filter((c) => key === 'response' || (c.doseA > 0 && c.doseB > 0));
  const xLevels = [...new Set(cells.map((c) => formatNumber(c.doseB)))];
  const yLevels = [...new Set(cells.map((c) => formatNumber(c.doseA)))];
  const value = (c: (typeof cells)[number]) => (key === 'response' ? c.effect : c[key]);
  const heat: HeatCell[] = cells.map((c) => ({ x: formatNumber(c.doseB), y: formatNumber(c.doseA), value: value(c), text: key === 'combinationIndex' ? fixed(value(c), 2) : signedOrPlain(key, value(c)) }));
  return heatmapSpec(heat, {
    title: meta.title,
    subtitle: key === 'response' ? `fractional tumor reduction vs untreated at day ${formatNumber(day)}` : key === 'combinationIndex' ? 'red: CI < 1 (synergy); blue: CI > 1' : 'red: synergy; blue: antagonism',
    xTitle: `${b.drug} (${b.unit})`,
    yTitle: `${a.drug} (${a.unit})`,
    xOrder: xLevels,
    yOrder: yLevels,
    legendTitle: meta.legend,
    color: scoreColor(key, cells.map(value)),
  });
}

function signedOrPlain(key: Score, v: number): string {
  if (!Number.isFinite(v)) return '–';
  return key === 'response' ? v.toFixed(2) : signed(v, 2);
}

export function synergyIsobologramSpec(data: SynergyReportData) {
  return isobologramSpec(data.iso, `${data.meta.a.drug} (${data.meta.a.unit})`, `${data.meta.b.drug} (${data.meta.b.unit})`);
}

function fitSpec(data: SynergyReportData, which: 'a' | 'b') {
  const axis = data.meta[which];
  const fit = data.meta.fits[which];
  const doses = axis.doses.filter((d) => d > 0);
  const effects = which === 'a' ? data.analysis.cells.filter((c) => c.j === 0 && c.doseA > 0).map((c) => c.effect) : data.analysis.cells.filter((c) => c.i === 0 && c.doseB > 0).map((c) => c.effect);
  const lo = Math.log(doses[0]) - 0.5;
  const hi = Math.log(doses[doses.length - 1]) + 0.5;
  const fitted = Number.isFinite(fit.emax) ? Array.from({ length: 60 }, (_, k) => Math.exp(lo + ((hi - lo) * k) / 59)).map((dose) => ({ dose, effect: hillEffect(fit, dose) })) : [];
  const observed = doses.map((dose, k) => ({ dose, effect: effects[k] })).filter((p) => Number.isFinite(p.effect));
  return doseResponseSpec({ drug: axis.drug, observed, fitted }, `${axis.drug} (${axis.unit}, log scale)`);
}

function verdictTone(v: string): KeyNumber['tone'] {
  return v === 'synergy' ? 'good' : v === 'antagonism' ? 'bad' : 'neutral';
}

function headerHtml(data: SynergyReportData): string {
  const m = data.meta;
  const s = m.summary;
  const best = data.analysis.cells.reduce((p, c) => (Number.isFinite(c.effect) && c.effect > (p?.effect ?? -1) ? c : p), undefined as (typeof data.analysis.cells)[number] | undefined);
  const pairs: [string, Cell][] = [];
  if (m.scenario.file) pairs.push(['scenario file', { html: `<code>${escapeHtml(m.scenario.file)}</code>` }]);
  pairs.push(['patient', `${m.scenario.archetype ? `${m.scenario.archetype} archetype` : 'default patient'}, ${formatValue(m.scenario.bodyWeight_kg)} kg`]);
  pairs.push([`${m.a.drug} doses`, `${m.a.doses.map((d) => formatNumber(d)).join(', ')} ${m.a.unit}`]);
  pairs.push([`${m.b.drug} doses`, `${m.b.doses.map((d) => formatNumber(d)).join(', ')} ${m.b.unit}`]);
  pairs.push(['response', `1 − V/V₀ at day ${formatNumber(m.day)}, V₀ = ${formatValue(m.untreatedVolume_mm3, 4)} mm³ without either drug (clipped to 0…1)`]);
  const therapies = table(
    ['drug', 'dose in the scenario', 'schedule kept'],
    m.scenario.therapies.map((d) => [d.drug + (d.drug === m.a.drug ? ' (A)' : d.drug === m.b.drug ? ' (B)' : ''), d.doseText, `${d.times_day.length} administrations, days ${d.times_day.slice(0, 6).map((t) => formatValue(t)).join(', ')}${d.times_day.length > 6 ? ', …' : ''}`]),
  );
  const cards: KeyNumber[] = [
    { label: 'Best response', value: best ? best.effect.toFixed(2) : '–', note: best ? `${m.a.drug} ${formatNumber(best.doseA)} + ${m.b.drug} ${formatNumber(best.doseB)}` : undefined },
    { label: 'Bliss excess (mean)', value: signed(s.blissMean, 3), note: `max ${signed(s.blissMax, 3)} · ${s.bliss}`, tone: verdictTone(s.bliss) },
    { label: 'HSA excess (mean)', value: signed(s.hsaMean, 3), note: `max ${signed(s.hsaMax, 3)} · ${s.hsa}`, tone: verdictTone(s.hsa) },
    { label: 'Loewe CI (geo. mean)', value: fixed(s.ciGeometricMean, 2), note: `${s.loewe}${s.ciUndefined ? ` · undefined in ${s.ciUndefined}/${s.cells}` : ''}`, tone: verdictTone(s.loewe) },
  ];
  return `${facts(pairs)}\n<h3>Therapies of the scenario</h3>\n${therapies}\n${keyNumbers(cards)}`;
}

function cellsTable(data: SynergyReportData): string {
  const { a, b } = data.meta;
  return table(
    [`${a.drug} (${a.unit})`, `${b.drug} (${b.unit})`, 'tumor volume (mm³)', 'response', 'Bliss excess', 'HSA excess', 'CI'],
    data.analysis.cells.map((c) => [c.doseA, c.doseB, data.volumes[c.i][c.j], c.effect, c.blissExcess, c.hsaExcess, c.combinationIndex]),
  );
}

/** The synergy report as one HTML string (data in, HTML out). */
export async function renderSynergyReportHtml(data: SynergyReportData): Promise<string> {
  const m = data.meta;
  const svg = (spec: Parameters<typeof renderInlineSvg>[0], id: string) => renderInlineSvg(spec, id);
  const sections: Section[] = [];
  const failures = m.failures.length ? note(`${m.failures.length} grid cell(s) failed; they are blank below and in synergy.csv.`, 'warn') : '';
  sections.push({ id: 'response', title: 'Response surface', html: failures + figure(await svg(synergyHeatmapSpec(data, 'response'), 'response')) });
  const scores = [
    figure(await svg(synergyHeatmapSpec(data, 'blissExcess'), 'bliss'), escapeHtml(SCORE_EXPLANATIONS.bliss)),
    figure(await svg(synergyHeatmapSpec(data, 'hsaExcess'), 'hsa'), escapeHtml(SCORE_EXPLANATIONS.hsa)),
    figure(await svg(synergyHeatmapSpec(data, 'combinationIndex'), 'ci'), escapeHtml([SCORE_EXPLANATIONS.loewe, ciUndefinedNote(data) && `Here: ${ciUndefinedNote(data)}.`].filter(Boolean).join(' '))),
  ];
  sections.push({ id: 'scores', title: 'Synergy scores', html: `<div class="grid2">${scores.join('\n')}</div>` });
  const isoNote = data.iso.observed.length ? '' : note(`No dose pair on the grid reaches a ${Math.round(m.level * 100)}% effect.`, 'info');
  const fitRows = (['a', 'b'] as const).map((w) => {
    const f = m.fits[w];
    return [m[w].drug, f.emax, `${formatValue(f.ec50, 3)} ${m[w].unit}`, f.hill, f.rmse, f.fixed.length ? f.fixed.join(', ') : '–'] as Cell[];
  });
  const poor = (['a', 'b'] as const).filter((w) => poorFit(m.fits[w])).map((w) => m[w].drug);
  const fitNote = poor.length
    ? note(`The Hill fit of ${poor.join(' and ')} misses the simulated points (rms residual > ${POOR_FIT_RMSE}): the single-agent response is not Hill-shaped (e.g. not monotone), so the Loewe CI is unreliable here.`, 'warn')
    : '';
  sections.push({
    id: 'isobologram',
    title: 'Isobologram and single agents',
    html:
      `${isoNote}<div class="grid2">${figure(await svg(synergyIsobologramSpec(data), 'iso'), 'Dose pairs on the simulated surface that give the same effect (interpolated along the grid), against the straight line Loewe additivity predicts from the single-agent Hill fits.')}` +
      `<div>${figure(await svg(fitSpec(data, 'a'), 'fit-a'))}${figure(await svg(fitSpec(data, 'b'), 'fit-b'))}</div></div>\n` +
      table(['drug', 'Emax', 'EC50', 'Hill slope', 'rms residual', 'fixed'], fitRows) +
      fitNote,
  });
  sections.push({ id: 'cells', title: 'All grid cells', html: `<div class="scroll">${cellsTable(data)}</div>` });
  sections.push({
    id: 'files',
    title: 'Data',
    html: `<p>Per cell in <a href="synergy.csv"><code>synergy.csv</code></a>; fits, summary and isobologram in <a href="synergy.json"><code>synergy.json</code></a>. Verdicts: Bliss/HSA mean excess beyond ±0.1 (SynergyFinder's ±10 points), CI geometric mean outside 0.9–1.1.</p>`,
  });
  return page({
    title: `${m.a.drug} + ${m.b.drug}: synergy`,
    kind: 'tisim synergy report',
    subtitle: `${m.scenario.name}${m.scenario.description ? ` — ${m.scenario.description}` : ''}`,
    header: headerHtml(data),
    sections,
  });
}

/** Writes the SVGs, synergy.csv, synergy.json and report.html into dir; returns the file names. */
export async function writeSynergyOutputs(dir: string, data: SynergyReportData): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'synergy.csv'), synergyCsv(data));
  writeFileSync(join(dir, 'synergy.json'), JSON.stringify(data.meta, null, 2) + '\n');
  const files = ['synergy.csv', 'synergy.json'];
  for (const s of SCORE_CHARTS) {
    writeFileSync(join(dir, s.file), await renderSvg(synergyHeatmapSpec(data, s.key)));
    files.push(s.file);
  }
  writeFileSync(join(dir, 'isobologram.svg'), await renderSvg(synergyIsobologramSpec(data)));
  files.push('isobologram.svg');
  await writeSynergyReport(dir, data);
  files.push('report.html');
  return files;
}

/** Volumes per cell from synergy.csv (10 significant digits), for folders whose synergy.json lacks them. */
function volumesFromCsv(dir: string, a: DoseAxis, b: DoseAxis): number[][] {
  const { rows } = parseCsv(readFileSync(join(dir, 'synergy.csv'), 'utf8'));
  const volumes = a.doses.map(() => b.doses.map(() => NaN));
  for (const r of rows) {
    const i = a.doses.indexOf(Number(r[0]));
    const j = b.doses.indexOf(Number(r[1]));
    if (i >= 0 && j >= 0) volumes[i][j] = r[2] === '' ? NaN : Number(r[2]);
  }
  return volumes;
}

/** Reads a synergy folder back and re-scores it. */
export function readSynergyFolder(dir: string): SynergyReportData {
  const meta = JSON.parse(readFileSync(join(dir, 'synergy.json'), 'utf8')) as SynergyMeta;
  const volumes = meta.volumes_mm3 ? meta.volumes_mm3.map((row) => row.map((v) => v ?? NaN)) : volumesFromCsv(dir, meta.a, meta.b);
  return synergyData(meta, volumes);
}

/** Writes DIR/report.html for a synergy folder; returns its path. */
export async function writeSynergyReport(dir: string, data: SynergyReportData = readSynergyFolder(dir)): Promise<string> {
  const path = join(dir, 'report.html');
  writeFileSync(path, await renderSynergyReportHtml(data));
  return path;
}

// ---------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------

export async function commandSynergy(args: string[], log: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      'doses-a': { type: 'string' },
      'doses-b': { type: 'string' },
      day: { type: 'string' },
      level: { type: 'string' },
      out: { type: 'string', short: 'o' },
      workers: { type: 'string', short: 'w' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    log(SYNERGY_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one scenario file\n\n${SYNERGY_HELP}`);
  if (!values.a || !values.b) throw new UsageError('name the two drugs with --a DRUG --b DRUG, e.g. --a nivolumab --b ipilimumab');
  if (values.a === values.b) throw new UsageError(`--a and --b must be different drugs (both are "${values.a}")`);
  const workers = parseWorkers(values.workers);
  const level = parseLevel(values.level);
  const ctx = defaultContext();
  const file = positionals[0];
  const { scenario, warnings } = loadScenarioFile(file, ctx);
  const a = doseAxis(scenario, values.a, values['doses-a'], ctx);
  const b = doseAxis(scenario, values.b, values['doses-b'], ctx);
  const day = parseDay(values.day, scenario.duration_day);
  const outDir = resolve(values.out ?? join('results', `${scenario.name}-synergy-${a.drug}-${b.drug}`));

  const cells = a.doses.flatMap((_, i) => b.doses.map((__, j) => cellScenario(scenario, a, i, b, j, day)));
  const size = workers ?? Math.min(availableParallelism(), cells.length);
  for (const w of warnings) log(`  warning: ${w}`);
  log(`${scenario.name}: ${a.drug} × ${b.drug}, ${a.doses.length} × ${b.doses.length} = ${cells.length} runs to day ${formatNumber(day)} → ${outDir}`);
  const outcomes = await runCells(cells, size, ctx);
  if (!outcomes[0].ok) {
    log(`the run without ${a.drug} and ${b.drug} failed (${outcomes[0].message}); there is no reference to score against`);
    return EXIT_INTERNAL;
  }
  const volumes = a.doses.map((_, i) => b.doses.map((__, j) => outcomes[i * b.doses.length + j].volume));
  const failures = outcomes.flatMap((o, k) => (o.ok ? [] : [{ doseA: a.doses[Math.floor(k / b.doses.length)], doseB: b.doses[k % b.doses.length], message: o.message }]));
  const base = {
    scenario: {
      name: scenario.name,
      file,
      description: scenario.description,
      bodyWeight_kg: scenario.patient.bodyWeight_kg,
      archetype: scenario.patient.archetype,
      therapies: scenario.therapies,
      duration_day: scenario.duration_day,
    },
    a,
    b,
    day,
    failures,
  };
  const data = synergyData({ ...base, level: level ?? defaultLevel(responseSurface(volumes)) }, volumes);
  const files = await writeSynergyOutputs(outDir, data);

  log(gridTable(data, (i, j) => fixed(data.analysis.cells[i * b.doses.length + j].effect, 3), `response at day ${formatNumber(day)} (1 − V/V_untreated)`));
  log(gridTable(data, (i, j) => signed(data.analysis.cells[i * b.doses.length + j].blissExcess), 'Bliss excess'));
  for (const line of summaryLines(data)) log(line);
  log(`  wrote ${files.map((f) => join(outDir, f)).join(', ')}`);
  if (failures.length) {
    log(`${failures.length} of ${cells.length} runs failed (see synergy.json)`);
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}
