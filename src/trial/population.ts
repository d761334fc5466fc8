/**
 * Virtual populations: a file (JSON or YAML) that declares how patients
 * differ, either as distributions of model parameters or as a table with one
 * row per patient.
 *
 *   {
 *     "name": "advanced-melanoma",
 *     "model": "checkpoint",
 *     "seed": 67,
 *     "bodyWeight": { "dist": "lognormal", "median": 78, "gsd": 1.2, "min": 45, "max": 150, "unit": "kg" },
 *     "parameters": {
 *       "initial_diameter": { "dist": "lognormal", "median": 25, "gsd": 1.5, "min": 10, "max": 100, "unit": "mm" },
 *       "immune_history": "180 days"                          a fixed value for everyone
 *     },
 *     "correlations": [{ "between": ["antigenicity", "tcell_access"], "rho": 0.4 }],
 *     "table": "patients.csv",                                 instead of distributions
 *     "plausibility": { "untreated": "8 weeks", "doublingTime": { "min": "8 days", "max": "212 days" } }
 *   }
 *
 * Distributions use the forms of src/analysis/distributions.ts, with an
 * optional "unit" for their numbers. Candidate k is drawn from its own stream
 * rngFor(seed, 'patient', k), by the inverse CDF, so a patient does not depend
 * on how many others are drawn, and changing a distribution's parameters moves
 * each patient smoothly (common random numbers for calibration).
 */
import { dirname, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { quantile, validateDistribution, type Distribution } from '../analysis/distributions.js';
import { openUnit, rngFor } from '../analysis/random.js';
import { normalCdf, normalQuantile } from '../analysis/statistics.js';
import type { ModelDefinition, ParameterSpec } from '../model/types.js';
import { parseCsv } from '../report/csvParse.js';
import type { SimulationContext } from '../simulation/context.js';
import { parseQuantity, QuantityError } from '../units/quantity.js';
import { isRecord, IssueList, readDocument } from './issues.js';

/** The key a population uses for body weight (not a model parameter: it scales per-kg doses). */
export const BODY_WEIGHT = 'bodyWeight';

/**
 * Which checkpoint-model parameter stands for each clinical covariate. A
 * population may vary any parameter; these are the ones a melanoma cohort is
 * described by.
 */
export const COVARIATE_PARAMETERS: readonly { readonly covariate: string; readonly parameters: readonly string[] }[] = [
  { covariate: 'baseline burden', parameters: ['initial_diameter'] },
  { covariate: 'growth rate', parameters: ['tumor_proliferation_rate'] },
  { covariate: 'antigenicity / TMB', parameters: ['antigenicity'] },
  { covariate: 'T-cell infiltration', parameters: ['tcell_access'] },
  { covariate: 'Treg level', parameters: ['treg_recruitment'] },
  { covariate: 'MDSC level', parameters: ['mdsc_recruitment'] },
  { covariate: 'vascularity', parameters: ['vessel_abnormality', 'capacity_growth_rate'] },
  { covariate: 'pre-existing antigen loss', parameters: ['initial_b2m_fraction', 'initial_jak_fraction'] },
  { covariate: 'duration of immune engagement', parameters: ['immune_history'] },
  { covariate: 'body weight', parameters: [BODY_WEIGHT] },
];

export interface Covariate {
  /** A model parameter name, or "bodyWeight". */
  readonly key: string;
  /** In `unit`; multiplied by `scale` to reach the canonical unit. */
  readonly distribution: Distribution;
  readonly unit?: string;
  readonly scale: number;
}

export interface PlausibilityFilter {
  /** Untreated simulation length used to measure growth. */
  readonly window_day: number;
  readonly minDoubling_day: number;
  readonly maxDoubling_day: number;
}

export interface PopulationTable {
  /** Covariate keys of the columns. */
  readonly keys: readonly string[];
  /** One row per candidate, canonical units. */
  readonly rows: readonly Float64Array[];
}

export interface PopulationSpec {
  readonly name: string;
  readonly description?: string;
  readonly file: string;
  readonly model: string;
  readonly seed: number;
  /** Parameter values shared by everyone (archetype then fixed entries), canonical units. */
  readonly fixed: Readonly<Record<string, number>>;
  readonly bodyWeight_kg: number;
  readonly covariates: readonly Covariate[];
  /** Lower Cholesky factor of the covariates' Gaussian-copula correlation (row-major k×k), if any. */
  readonly cholesky?: Float64Array;
  readonly table?: PopulationTable;
  readonly plausibility?: PlausibilityFilter;
  /** The document as read, for tools that rewrite it (calibration). */
  readonly document: Record<string, unknown>;
}

export interface VirtualPatient {
  /** Candidate index: which random stream (or table row) the patient came from. */
  readonly candidate: number;
  readonly bodyWeight_kg: number;
  /** Covariate values (canonical units), in covariate order; body weight included when it varies. */
  readonly values: Float64Array;
  /** Every parameter override: fixed values, then covariates. */
  readonly parameters: Readonly<Record<string, number>>;
}

const DEFAULT_BODY_WEIGHT_KG = 75;
// "calibrated" records how a calibrated population was made (written by tisim calibrate; not read).
const TOP_KEYS = ['$schema', 'name', 'description', 'model', 'archetype', 'seed', 'bodyWeight', 'parameters', 'correlations', 'table', 'plausibility', 'calibrated'];

function canonicalUnit(key: string, model: ModelDefinition): string | undefined {
  if (key === BODY_WEIGHT) return 'kg';
  return model.parameters.find((p) => p.name === key)?.unit;
}

function boundsOf(key: string, model: ModelDefinition): { min?: number; max?: number } {
  if (key === BODY_WEIGHT) return { min: Number.MIN_VALUE };
  const spec: ParameterSpec | undefined = model.parameters.find((p) => p.name === key);
  return { min: spec?.min, max: spec?.max };
}

function outside(value: number, b: { min?: number; max?: number }): boolean {
  return (b.min !== undefined && value < b.min) || (b.max !== undefined && value > b.max) || Number.isNaN(value);
}

function describeBounds(b: { min?: number; max?: number }, unit: string): string {
  if (b.min !== undefined && b.max !== undefined) return `between ${b.min} and ${b.max} ${unit}`;
  return b.min !== undefined ? `at least ${b.min} ${unit}` : `at most ${b.max} ${unit}`;
}

/** Multiplier from `unit` to the canonical unit (units here are linear: no offsets). */
function unitScale(unit: string | undefined, canonical: string): number {
  if (unit === undefined) return 1;
  return parseQuantity(`1 ${unit}`, canonical);
}

function knownKey(key: string, model: ModelDefinition, path: string, issues: IssueList): boolean {
  if (canonicalUnit(key, model) !== undefined) return true;
  issues.add(path, `model "${model.id}" has no parameter "${key}" (body weight is the top-level "bodyWeight")`);
  return false;
}

function readCovariate(key: string, raw: Record<string, unknown>, model: ModelDefinition, path: string, issues: IssueList): Covariate | undefined {
  const { unit, ...rest } = raw;
  const canonical = canonicalUnit(key, model)!;
  if (unit !== undefined && typeof unit !== 'string') {
    issues.add(`${path}.unit`, `expected a unit string such as "1/day", got ${JSON.stringify(unit)}`);
    return undefined;
  }
  const problems = validateDistribution(rest);
  if (problems.length) {
    for (const p of problems) issues.add(path, p);
    return undefined;
  }
  let scale: number;
  try {
    scale = unitScale(unit, canonical);
  } catch (err) {
    if (!(err instanceof QuantityError) && !(err instanceof Error && err.name === 'ExpressionError')) throw err;
    issues.add(`${path}.unit`, `"${unit}" cannot be converted to ${canonical}: ${(err as Error).message}`);
    return undefined;
  }
  const distribution = rest as unknown as Distribution;
  // The whole support must fit the parameter's declared range, so no patient is invalid.
  const bounds = boundsOf(key, model);
  const lo = quantile(distribution, 0) * scale;
  const hi = quantile(distribution, 1) * scale;
  if (outside(lo, bounds) || outside(hi, bounds)) {
    issues.add(path, `values range over ${lo} … ${hi} ${canonical}, but ${key} must be ${describeBounds(bounds, canonical)}; truncate with "min"/"max"`);
    return undefined;
  }
  return { key, distribution, ...(unit !== undefined ? { unit } : {}), scale };
}

function readFixed(key: string, value: string | number, model: ModelDefinition, path: string, issues: IssueList): number | undefined {
  const canonical = canonicalUnit(key, model)!;
  try {
    const v = parseQuantity(value, canonical);
    const bounds = boundsOf(key, model);
    if (outside(v, bounds)) {
      issues.add(path, `${key} must be ${describeBounds(bounds, canonical)}, got ${v} ${canonical}`);
      return undefined;
    }
    return v;
  } catch (err) {
    if (!(err instanceof QuantityError)) throw err;
    issues.add(path, err.message);
    return undefined;
  }
}

/** Cholesky factor of a symmetric positive-definite matrix (row-major), or undefined if it is not. */
export function cholesky(matrix: Float64Array, k: number): Float64Array | undefined {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[i * k + j];
      for (let m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
      if (i === j) {
        if (!(s > 1e-12)) return undefined;
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j];
    }
  }
  return L;
}

function readCorrelations(raw: unknown, covariates: readonly Covariate[], issues: IssueList): Float64Array | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    issues.add('$.correlations', 'expected a list of {"between": [a, b], "rho": r}');
    return undefined;
  }
  const k = covariates.length;
  const matrix = new Float64Array(k * k);
  for (let i = 0; i < k; i++) matrix[i * k + i] = 1;
  raw.forEach((entry: unknown, n) => {
    const path = `$.correlations[${n}]`;
    if (!isRecord(entry) || !Array.isArray(entry.between) || entry.between.length !== 2 || typeof entry.rho !== 'number') {
      issues.add(path, 'expected {"between": ["parameter a", "parameter b"], "rho": number}');
      return;
    }
    const rho = entry.rho;
    if (!(rho > -1 && rho < 1)) issues.add(`${path}.rho`, `must be strictly between -1 and 1, got ${rho}`);
    const [a, b] = (entry.between as unknown[]).map((name) => covariates.findIndex((c) => c.key === name));
    if (a < 0 || b < 0 || a === b)
      issues.add(`${path}.between`, `must name two different varied parameters (varied: ${covariates.map((c) => c.key).join(', ')})`);
    else {
      matrix[a * k + b] = rho;
      matrix[b * k + a] = rho;
    }
  });
  const L = cholesky(matrix, k);
  if (L === undefined) issues.add('$.correlations', 'the correlations do not form a valid (positive-definite) correlation matrix');
  return L;
}

function readPlausibility(raw: unknown, issues: IssueList): PlausibilityFilter | undefined {
  if (raw === undefined) return undefined;
  const path = '$.plausibility';
  if (!isRecord(raw) || !isRecord(raw.doublingTime)) {
    issues.add(path, 'expected {"untreated": "8 weeks", "doublingTime": {"min": "8 days", "max": "212 days"}}');
    return undefined;
  }
  const read = (value: unknown, at: string, fallback?: number): number | undefined => {
    if (value === undefined && fallback !== undefined) return fallback;
    try {
      const v = parseQuantity(value as string | number, 'day');
      if (v > 0) return v;
      issues.add(at, 'must be greater than zero');
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
      issues.add(at, err.message);
    }
    return undefined;
  };
  const window_day = read(raw.untreated, `${path}.untreated`, 56);
  const minDoubling_day = read(raw.doublingTime.min, `${path}.doublingTime.min`);
  const maxDoubling_day = read(raw.doublingTime.max, `${path}.doublingTime.max`);
  if (window_day === undefined || minDoubling_day === undefined || maxDoubling_day === undefined) return undefined;
  if (!(maxDoubling_day > minDoubling_day)) issues.add(`${path}.doublingTime`, '"max" must exceed "min"');
  return { window_day, minDoubling_day, maxDoubling_day };
}

/** Reads a CSV population table: header cells "name" or "name (unit)", one row per patient. */
function readTable(file: string, model: ModelDefinition, issues: IssueList): PopulationTable | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    issues.add('$.table', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return undefined;
  }
  const { header, rows } = parseCsv(text.replace(/\r/g, ''));
  const columns: { index: number; key: string; scale: number }[] = [];
  header.forEach((cell, index) => {
    const m = /^\s*([^()]+?)\s*(?:\(([^)]*)\))?\s*$/.exec(cell);
    const key = m?.[1] ?? cell;
    if (key === 'patient' || key === 'id') return;
    if (!knownKey(key, model, `$.table`, issues)) return;
    try {
      columns.push({ index, key, scale: unitScale(m?.[2] || undefined, canonicalUnit(key, model)!) });
    } catch (err) {
      issues.add('$.table', `${file}: column "${cell}": ${(err as Error).message}`);
    }
  });
  const out: Float64Array[] = [];
  rows.forEach((row, r) => {
    const values = new Float64Array(columns.length);
    columns.forEach((c, j) => {
      const v = Number(row[c.index]) * c.scale;
      if (row[c.index] === undefined || row[c.index].trim() === '' || outside(v, boundsOf(c.key, model)))
        issues.add('$.table', `${file}: row ${r + 2}, column "${header[c.index]}": ${JSON.stringify(row[c.index] ?? '')} is not a valid value`);
      values[j] = v;
    });
    out.push(values);
  });
  if (out.length === 0) issues.add('$.table', `${file} has no patient rows`);
  return { keys: columns.map((c) => c.key), rows: out };
}

/** Validates a population document (from a file, an inline trial block or a script). */
export function resolvePopulation(raw: unknown, ctx: SimulationContext, file = '<population>'): PopulationSpec {
  const issues = new IssueList(file);
  if (!isRecord(raw)) {
    issues.add('$', 'expected an object');
    issues.check();
  }
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (!TOP_KEYS.includes(key)) issues.add(`$.${key}`, `unknown field (known: ${TOP_KEYS.slice(1).join(', ')})`);
  if (typeof doc.name !== 'string' || doc.name === '') issues.add('$.name', 'expected a non-empty name');
  const modelId = doc.model === undefined ? 'checkpoint' : doc.model;
  const model = typeof modelId === 'string' ? ctx.models.get(modelId) : undefined;
  if (model === undefined) {
    issues.add('$.model', `unknown model ${JSON.stringify(modelId)} (known: ${[...ctx.models.keys()].join(', ')})`);
    issues.check();
  }
  const seed = doc.seed === undefined ? 1 : doc.seed;
  if (!Number.isInteger(seed)) issues.add('$.seed', 'expected an integer');

  const fixed: Record<string, number> = {};
  let bodyWeight_kg = DEFAULT_BODY_WEIGHT_KG;
  if (doc.archetype !== undefined) {
    const archetype = typeof doc.archetype === 'string' ? ctx.archetypes.get(doc.archetype) : undefined;
    if (archetype === undefined) issues.add('$.archetype', `unknown archetype ${JSON.stringify(doc.archetype)} (known: ${[...ctx.archetypes.keys()].join(', ')})`);
    else {
      for (const [key, value] of Object.entries(archetype.parameters)) {
        const v = readFixed(key, value, model!, '$.archetype', issues);
        if (v !== undefined) fixed[key] = v;
      }
      if (archetype.bodyWeight !== undefined) bodyWeight_kg = parseQuantity(archetype.bodyWeight, 'kg');
    }
  }

  const covariates: Covariate[] = [];
  const readEntry = (key: string, value: unknown, path: string) => {
    if (!knownKey(key, model!, path, issues)) return;
    if (typeof value === 'string' || typeof value === 'number') {
      const v = readFixed(key, value, model!, path, issues);
      if (v === undefined) return;
      if (key === BODY_WEIGHT) bodyWeight_kg = v;
      else fixed[key] = v;
    } else if (isRecord(value)) {
      const c = readCovariate(key, value, model!, path, issues);
      if (c) covariates.push(c);
    } else issues.add(path, 'expected a fixed value ("0.05 1/day") or a distribution ({"dist": …})');
  };
  if (doc.bodyWeight !== undefined) readEntry(BODY_WEIGHT, doc.bodyWeight, '$.bodyWeight');
  if (doc.parameters !== undefined) {
    if (!isRecord(doc.parameters)) issues.add('$.parameters', 'expected an object of parameter names');
    else for (const [key, value] of Object.entries(doc.parameters)) readEntry(key, value, `$.parameters.${key}`);
  }

  let table: PopulationTable | undefined;
  if (doc.table !== undefined) {
    if (typeof doc.table !== 'string') issues.add('$.table', 'expected the path of a CSV file');
    else if (covariates.length) issues.add('$.table', 'give either a table or distributions, not both (fixed values may accompany a table)');
    else table = readTable(resolve(file.startsWith('<') ? '.' : dirname(file), doc.table), model!, issues);
  }
  const cholesky = readCorrelations(doc.correlations, covariates, issues);
  const plausibility = readPlausibility(doc.plausibility, issues);
  issues.check();
  return {
    name: doc.name as string,
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
    file,
    model: model!.id,
    seed: seed as number,
    fixed,
    bodyWeight_kg,
    covariates,
    ...(cholesky ? { cholesky } : {}),
    ...(table ? { table } : {}),
    ...(plausibility ? { plausibility } : {}),
    document: doc,
  };
}

export function loadPopulationFile(file: string, ctx: SimulationContext): PopulationSpec {
  return resolvePopulation(readDocument(file), ctx, file);
}

/** Column keys of a population's varying values, in the order of VirtualPatient.values. */
export function covariateKeys(spec: PopulationSpec): readonly string[] {
  return spec.table ? spec.table.keys : spec.covariates.map((c) => c.key);
}

/** How many candidates the population can supply (a table is finite). */
export function candidateLimit(spec: PopulationSpec): number {
  return spec.table ? spec.table.rows.length : Number.MAX_SAFE_INTEGER;
}

/** Unit-cube point of candidate k: independent uniforms, correlated through the Gaussian copula if declared. */
function unitPoint(spec: PopulationSpec, k: number): Float64Array {
  const n = spec.covariates.length;
  const rng = rngFor(spec.seed, 'patient', k);
  const u = new Float64Array(n);
  for (let j = 0; j < n; j++) u[j] = openUnit(rng);
  const L = spec.cholesky;
  if (!L) return u;
  const z = u.map(normalQuantile);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L[i * n + j] * z[j];
    out[i] = normalCdf(s);
  }
  return out;
}

/** Candidate k of the population (undefined past the end of a table). */
export function candidatePatient(spec: PopulationSpec, k: number): VirtualPatient | undefined {
  let keys: readonly string[];
  let values: Float64Array;
  if (spec.table) {
    if (k >= spec.table.rows.length) return undefined;
    keys = spec.table.keys;
    values = spec.table.rows[k];
  } else {
    keys = spec.covariates.map((c) => c.key);
    const u = unitPoint(spec, k);
    values = new Float64Array(keys.length);
    spec.covariates.forEach((c, j) => (values[j] = quantile(c.distribution, u[j]) * c.scale));
  }
  const parameters: Record<string, number> = { ...spec.fixed };
  let bodyWeight_kg = spec.bodyWeight_kg;
  keys.forEach((key, j) => {
    if (key === BODY_WEIGHT) bodyWeight_kg = values[j];
    else parameters[key] = values[j];
  });
  return { candidate: k, bodyWeight_kg, values, parameters };
}

/**
 * Volume doubling time (days) from lesion diameters d0 → d1 over `days`,
 * assuming exponential growth: Td = days·ln 2 / ln(V1/V0), V ∝ d³.
 * Infinity when the lesion does not grow.
 */
export function doublingTime(d0: number, d1: number, days: number): number {
  const logRatio = 3 * Math.log(d1 / d0);
  return logRatio > 0 ? (days * Math.LN2) / logRatio : Infinity;
}

/** The first week, over which the filter also checks the doubling time (see implausibility). */
export const INITIAL_GROWTH_DAYS = 7;

/**
 * Why a candidate fails the filter, or undefined if it passes. The doubling
 * time over the whole window must lie within the bounds; the doubling time
 * over the first week must not be below the minimum either, since a lesion
 * that reaches its vascular plateau within the window would otherwise hide an
 * absurd growth rate behind a moderate average.
 */
export function implausibility(filter: PlausibilityFilter, doubling_day: number, initialDoubling_day = doubling_day): string | undefined {
  const fastest = Math.min(doubling_day, initialDoubling_day);
  if (!(fastest >= filter.minDoubling_day))
    return `untreated doubling time ${fastest.toFixed(1)} d is below ${filter.minDoubling_day} d`;
  if (!(doubling_day <= filter.maxDoubling_day))
    return Number.isFinite(doubling_day)
      ? `untreated doubling time ${doubling_day.toFixed(1)} d is above ${filter.maxDoubling_day} d`
      : 'the untreated lesion does not grow';
  return undefined;
}
