import { readFileSync } from 'node:fs';
import { designRow } from '../analysis/designs.js';
import { prcc, sobolIndices } from '../analysis/sensitivity.js';
import { summarize } from '../analysis/statistics.js';
import { RUN_READOUTS } from '../analysis/runReadouts.js';
import { parseCsv } from '../report/csvParse.js';
import type { SweepPlan } from './plan.js';

export interface SensitivityRow {
  readonly readout: string;
  readonly factor: string;
  readonly method: 'PRCC' | 'Sobol S1' | 'Sobol ST';
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
  readonly p?: number;
}

export interface SweepSummary {
  readonly name: string;
  readonly description?: string;
  readonly sweepFile: string;
  readonly baseScenario: string;
  readonly design: { readonly type: string; readonly samples?: number; readonly points: number };
  readonly replicates: number;
  readonly seed: number;
  readonly factors: readonly { readonly path: string; readonly kind: string; readonly unit?: string }[];
  readonly runs: number;
  readonly ok: number;
  readonly failed: number;
  readonly failures: readonly { readonly run: number; readonly message: string }[];
  readonly readouts: Record<string, ReturnType<typeof summarize> & { unit: string }>;
  readonly sensitivity: readonly SensitivityRow[];
  readonly sensitivityProblems: readonly string[];
}

/** Reads a finished runs.csv back into per-readout columns (NaN for failed runs and blanks). */
export function readRuns(path: string, plan: SweepPlan): { status: string[]; readouts: Float64Array[]; messages: string[] } {
  const { header, rows } = parseCsv(readFileSync(path, 'utf8'));
  const statusCol = header.indexOf('status');
  const firstReadout = statusCol + 1;
  const messageCol = header.length - 1;
  if (rows.length !== plan.runs) throw new Error(`${path} has ${rows.length} rows, the sweep has ${plan.runs} runs`);
  const readouts = RUN_READOUTS.map(() => new Float64Array(rows.length));
  rows.forEach((row, i) => {
    RUN_READOUTS.forEach((_, j) => {
      const cell = row[firstReadout + j];
      readouts[j][i] = cell === '' ? NaN : Number(cell);
    });
  });
  return { status: rows.map((r) => r[statusCol]), readouts, messages: rows.map((r) => r[messageCol]) };
}

/** Mean over replicates of each design point (NaN if any replicate failed). */
function perDesignPoint(values: Float64Array, replicates: number): Float64Array {
  const points = values.length / replicates;
  const out = new Float64Array(points);
  for (let p = 0; p < points; p++) {
    let s = 0;
    for (let r = 0; r < replicates; r++) s += values[p * replicates + r];
    out[p] = s / replicates;
  }
  return out;
}

/** Global sensitivity of each readout: PRCC for sampled designs, Sobol indices for a Saltelli design. */
export function sweepSensitivity(plan: SweepPlan, readouts: Float64Array[], bootstrap = 500): { rows: SensitivityRow[]; problems: string[] } {
  const rows: SensitivityRow[] = [];
  const problems: string[] = [];
  const factorNames = plan.spec.factors.map((f) => f.path);
  const type = plan.spec.design.type;
  if (type === 'grid') return { rows, problems };
  RUN_READOUTS.forEach((spec, j) => {
    const y = perDesignPoint(readouts[j], plan.spec.replicates);
    const finite = y.filter(Number.isFinite).length;
    if (finite < 3) return;
    if (type === 'saltelli') {
      const res = sobolIndices({ n: y.length / (factorNames.length + 2), factors: factorNames }, y, { bootstrap, seed: plan.spec.seed });
      res.problems.forEach((p) => problems.push(`${spec.name}: ${p}`));
      factorNames.forEach((factor, i) => {
        rows.push({ readout: spec.name, factor, method: 'Sobol S1', value: res.S1[i], low: res.S1Interval[i][0], high: res.S1Interval[i][1] });
        rows.push({ readout: spec.name, factor, method: 'Sobol ST', value: res.ST[i], low: res.STInterval[i][0], high: res.STInterval[i][1] });
      });
    } else {
      const inputs = Array.from({ length: plan.design.rows }, (_, r) => Array.from(designRow(plan.design, r)));
      const res = prcc(inputs, y, { factors: factorNames });
      res.problems.forEach((p) => problems.push(`${spec.name}: ${p}`));
      factorNames.forEach((factor, i) => rows.push({ readout: spec.name, factor, method: 'PRCC', value: res.prcc[i], p: res.p[i] }));
    }
  });
  return { rows, problems };
}

export function summarizeSweep(plan: SweepPlan, runsCsv: string): SweepSummary {
  const { status, readouts, messages } = readRuns(runsCsv, plan);
  const failures: { run: number; message: string }[] = [];
  status.forEach((s, i) => {
    if (s !== 'ok' && failures.length < 50) failures.push({ run: i, message: messages[i] });
  });
  const failed = status.filter((s) => s !== 'ok').length;
  const { rows, problems } = sweepSensitivity(plan, readouts);
  return {
    name: plan.spec.name,
    description: plan.spec.description,
    sweepFile: plan.spec.file,
    baseScenario: plan.spec.baseFile,
    design: { type: plan.spec.design.type, samples: plan.spec.design.samples, points: plan.design.rows },
    replicates: plan.spec.replicates,
    seed: plan.spec.seed,
    factors: plan.spec.factors.map((f) => ({ path: f.path, kind: f.kind, unit: f.kind === 'numeric' ? f.unit : undefined })),
    runs: plan.runs,
    ok: plan.runs - failed,
    failed,
    failures,
    readouts: Object.fromEntries(RUN_READOUTS.map((r, j) => [r.name, { unit: r.unit, ...summarize(readouts[j]) }])),
    sensitivity: rows,
    sensitivityProblems: problems,
  };
}
