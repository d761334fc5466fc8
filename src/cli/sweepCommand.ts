import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultContext } from '../simulation/defaultContext.js';
import { loadSweepFile } from '../sweep/spec.js';
import { planSweep, type SweepPlan } from '../sweep/plan.js';
import { runSweep, writeJson } from '../sweep/run.js';
import { summarizeSweep, type SensitivityRow, type SweepSummary } from '../sweep/summary.js';
import { renderSvg, tornadoSpec } from '../report/charts.js';
import { writeSweepReport } from '../report/sweepReport.js';
import { csvField, formatNumber } from '../report/format.js';
import { EXIT_INTERNAL, EXIT_OK, UsageError } from './errors.js';

export const EXIT_INTERRUPTED = 130;

export function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--workers expects a positive integer, got "${text}"`);
  return n;
}

function sensitivityCsv(rows: readonly SensitivityRow[]): string {
  const lines = ['readout,factor,method,value,ci_low,ci_high,p_value'];
  for (const r of rows)
    lines.push(
      [r.readout, csvField(r.factor), r.method, formatNumber(r.value), r.low === undefined ? '' : formatNumber(r.low), r.high === undefined ? '' : formatNumber(r.high), r.p === undefined ? '' : formatNumber(r.p)].join(','),
    );
  return lines.join('\n') + '\n';
}

/** Sensitivity as a terminal table: one row per factor, one column per method, for one readout. */
export function sensitivityTable(rows: readonly SensitivityRow[], readout: string): string {
  const mine = rows.filter((r) => r.readout === readout);
  const methods = [...new Set(mine.map((r) => r.method))];
  const factors = [...new Set(mine.map((r) => r.factor))];
  const width = Math.max(6, ...factors.map((f) => f.length));
  const lines = [`  ${'factor'.padEnd(width)}  ${methods.map((m) => m.padStart(9)).join('  ')}`];
  const magnitude = (f: string) => Math.max(...mine.filter((r) => r.factor === f).map((r) => Math.abs(r.value) || 0));
  for (const f of [...factors].sort((a, b) => magnitude(b) - magnitude(a)))
    lines.push(`  ${f.padEnd(width)}  ${methods.map((m) => (mine.find((r) => r.factor === f && r.method === m)?.value ?? NaN).toFixed(3).padStart(9)).join('  ')}`);
  return lines.join('\n');
}

async function writeSensitivity(summary: SweepSummary, outDir: string): Promise<string[]> {
  if (!summary.sensitivity.length) return [];
  writeFileSync(join(outDir, 'sensitivity.csv'), sensitivityCsv(summary.sensitivity));
  const written = ['sensitivity.csv'];
  for (const readout of ['best_change', 'final_change']) {
    const rows = summary.sensitivity.filter((r) => r.readout === readout && r.method !== 'Sobol S1');
    if (!rows.length) continue;
    const svg = await renderSvg(tornadoSpec(`Sensitivity of ${readout} (${summary.design.type})`, rows.map((r) => ({ factor: r.factor, value: r.value, measure: r.method }))));
    writeFileSync(join(outDir, `tornado-${readout}.svg`), svg);
    written.push(`tornado-${readout}.svg`);
  }
  return written;
}

function describeReadouts(summary: SweepSummary): string[] {
  return Object.entries(summary.readouts)
    .filter(([, s]) => s.n > 0)
    .map(([name, s]) => `  ${name} (${s.unit}): median ${formatNumber(Number(s.median.toPrecision(4)))}, 5–95% ${formatNumber(Number(s.q05.toPrecision(4)))} … ${formatNumber(Number(s.q95.toPrecision(4)))}${s.dropped ? ` (${s.dropped} without a value)` : ''}`);
}

export async function commandSweep(args: string[], log: (s: string) => void, requireSensitivity = false): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, workers: { type: 'string', short: 'w' }, resume: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('expected one sweep file, e.g. tisim sweep scenarios/sweeps/nivolumab-dose.json');
  const workers = parseWorkers(values.workers);
  const ctx = defaultContext();
  const spec = loadSweepFile(positionals[0], ctx);
  if (requireSensitivity && !['lhs', 'random', 'sobol', 'saltelli'].includes(spec.design.type))
    throw new UsageError(`sensitivity needs a sampled design ("lhs" for PRCC, "saltelli" for Sobol indices), not "${spec.design.type}"`);
  const plan: SweepPlan = planSweep(spec);
  const outDir = resolve(values.out ?? join('results', spec.name));
  log(`${spec.name}: ${plan.runs} runs (${spec.design.type} design, ${plan.design.rows} points × ${spec.replicates} replicate(s)) → ${outDir}`);

  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
    process.stderr.write('\ninterrupt: finishing runs in flight; runs.csv stays valid (press again to quit now)\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let outcome;
  try {
    outcome = await runSweep(plan, ctx, { outDir, workers, resume: values.resume, showProgress: true, signal: abort.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (outcome.interrupted) {
    log(`interrupted: ${outcome.skipped + outcome.completed} of ${plan.runs} rows in ${outcome.runsCsv}; continue with --resume`);
    return EXIT_INTERRUPTED;
  }
  if (outcome.skipped) log(`resumed: ${outcome.skipped} rows were already done`);
  const summary = summarizeSweep(plan, outcome.runsCsv);
  writeJson(join(outDir, 'summary.json'), summary);
  const charts = await writeSensitivity(summary, outDir);
  await writeSweepReport(outDir);
  charts.push('report.html');
  log([`  ${summary.ok} ok, ${summary.failed} failed`, ...describeReadouts(summary)].join('\n'));
  if (summary.sensitivity.length) {
    log(`  sensitivity of best_change (${spec.design.type === 'saltelli' ? 'Sobol indices' : 'PRCC'}):`);
    log(sensitivityTable(summary.sensitivity, 'best_change'));
  }
  for (const p of summary.sensitivityProblems.slice(0, 5)) log(`  note: ${p}`);
  log(`  wrote ${['runs.csv', 'summary.json', ...charts].map((f) => join(outDir, f)).join(', ')}`);
  if (summary.failed) {
    log(`${summary.failed} of ${summary.runs} runs failed (reasons in runs.csv and summary.json)`);
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}
