/**
 * Sweep files: a base scenario, what to vary (paths into the scenario
 * document), a design, replicates and a seed. Validated with the same
 * file + JSON path error style as scenarios.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { validateDistribution, type Distribution } from '../analysis/distributions.js';
import { ScenarioValidationError, type ScenarioIssue } from '../scenario/errors.js';
import { parseScenarioText, resolveScenario } from '../scenario/load.js';
import { parseQuantity, QuantityError, readQuantity } from '../units/quantity.js';
import type { SimulationContext } from '../simulation/context.js';
import { parsePath, setPath } from './jsonPath.js';

export const DESIGN_TYPES = ['grid', 'lhs', 'random', 'sobol', 'saltelli'] as const;
export type DesignType = (typeof DESIGN_TYPES)[number];

const FactorFileSchema = z
  .record(z.string(), z.unknown())
  .meta({
    description:
      'How to vary one scenario field: {"values": [...]} (any JSON values, e.g. "1 mg/kg" or therapy lists), ' +
      '{"range": {"from", "to", "step"}, "unit"?}, or a distribution {"dist": "uniform"|"loguniform"|"normal"|"lognormal"|"triangular", …, "unit"?}.',
  });

export const SweepFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).meta({ description: 'Names the output folder.' }),
    description: z.string().optional(),
    base: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .meta({ description: 'The base scenario: a path relative to this file, or an inline scenario object.' }),
    vary: z
      .record(z.string(), FactorFileSchema)
      .meta({ description: 'Scenario paths to vary, e.g. "therapies[0].dose" or "patient.parameters.tumorGrowthRate".' }),
    design: z
      .object({
        type: z.enum(DESIGN_TYPES).meta({ description: 'grid: cross product; lhs: Latin hypercube; random; sobol: quasi-random; saltelli: Sobol-index design (N·(k+2) runs).' }),
        samples: z.number().int().positive().optional().meta({ description: 'Sample count (lhs, random, sobol) or base sample N (saltelli).' }),
      })
      .strict()
      .default({ type: 'grid' }),
    replicates: z.number().int().positive().default(1).meta({ description: 'Runs per design point, each with its own derived seed.' }),
    seed: z.number().int().default(1).meta({ description: 'Master seed; run i gets a seed derived from (seed, i).' }),
    timeLimit: z.union([z.string(), z.number()]).default('60 s').meta({ description: 'Per-run wall-time limit, e.g. "30 s".' }),
  })
  .strict();

/** One varied field: categorical (any JSON values) or numeric (a distribution, optionally with a unit). */
export type Factor =
  | { readonly path: string; readonly kind: 'categorical'; readonly values: readonly unknown[] }
  | { readonly path: string; readonly kind: 'numeric'; readonly distribution: Distribution; readonly unit?: string };

export interface SweepSpec {
  readonly name: string;
  readonly description?: string;
  readonly file: string;
  /** Base scenario document (unresolved), and the file it came from. */
  readonly base: Record<string, unknown>;
  readonly baseFile: string;
  readonly factors: readonly Factor[];
  readonly design: { readonly type: DesignType; readonly samples?: number };
  readonly replicates: number;
  readonly seed: number;
  readonly timeLimit_ms: number;
}

/** The value a factor puts into the scenario document for a design value x. */
export function factorValue(factor: Factor, x: number): unknown {
  if (factor.kind === 'categorical') return factor.values[Math.round(x)];
  return factor.unit ? `${x} ${factor.unit}` : x;
}

/** Design-space distribution of a factor: categorical factors are sampled by index. */
export function designDistribution(factor: Factor): Distribution {
  if (factor.kind === 'numeric') return factor.distribution;
  return { values: factor.values.map((_, i) => i) };
}

function readFactor(path: string, spec: Record<string, unknown>, issue: (p: string, m: string) => void): Factor | undefined {
  const at = `$.vary[${JSON.stringify(path)}]`;
  try {
    parsePath(path);
  } catch (err) {
    issue(at, (err as Error).message);
    return undefined;
  }
  const { unit, ...rest } = spec;
  if (unit !== undefined && typeof unit !== 'string') {
    issue(`${at}.unit`, `expected a unit string such as "1/day", got ${JSON.stringify(unit)}`);
    return undefined;
  }
  if (Array.isArray(rest.values) && rest.values.some((v) => typeof v !== 'number')) {
    if (unit !== undefined) issue(`${at}.unit`, 'a unit applies to numeric values only; write units inside the values instead');
    if (rest.values.length === 0) issue(`${at}.values`, 'expected at least one value');
    return { path, kind: 'categorical', values: rest.values };
  }
  const problems = validateDistribution(rest, '');
  if (problems.length) {
    for (const p of problems) issue(at, p.replace(/^: /, ''));
    return undefined;
  }
  if (unit !== undefined) {
    try {
      readQuantity(`1 ${unit}`);
    } catch (err) {
      if (!(err instanceof QuantityError) && !(err instanceof Error && err.name === 'ExpressionError')) throw err;
      issue(`${at}.unit`, `unknown unit "${unit}"`);
      return undefined;
    }
  }
  return { path, kind: 'numeric', distribution: rest as unknown as Distribution, unit };
}

function zodIssues(error: z.ZodError, file: string): ScenarioIssue[] {
  return error.issues.map((i) => ({
    file,
    path: '$' + i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join(''),
    message: i.message,
  }));
}

/** Reads and validates a sweep file, including that its base scenario and factor paths resolve. */
export function loadSweepFile(file: string, ctx: SimulationContext): SweepSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioValidationError([{ file, path: '$', message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  return resolveSweep(parseScenarioText(text, file), ctx, file);
}

/**
 * Validates a sweep document (from a file or built in a script). A string
 * `base` is read relative to the directory of `file`.
 */
export function resolveSweep(raw: unknown, ctx: SimulationContext, file = '<sweep>'): SweepSpec {
  const parsed = SweepFileSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioValidationError(zodIssues(parsed.error, file));
  const doc = parsed.data;
  const issues: ScenarioIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ file, path, message });

  let base: Record<string, unknown> = {};
  let baseFile = file;
  if (typeof doc.base === 'string') {
    baseFile = resolve(file === '<sweep>' ? '.' : dirname(file), doc.base);
    try {
      base = parseScenarioText(readFileSync(baseFile, 'utf8'), baseFile) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof ScenarioValidationError) throw err;
      issue('$.base', `cannot read base scenario ${baseFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else base = doc.base;

  const factors = Object.entries(doc.vary).flatMap(([path, spec]) => readFactor(path, spec, issue) ?? []);
  if (Object.keys(doc.vary).length === 0) issue('$.vary', 'expected at least one field to vary');
  if (doc.design.type !== 'grid' && doc.design.samples === undefined)
    issue('$.design.samples', `a ${doc.design.type} design needs a sample count`);
  if (doc.design.type === 'grid')
    factors.forEach((f) => {
      if (f.kind === 'numeric' && !('values' in f.distribution) && !('range' in f.distribution) && !('levels' in f.distribution))
        issue(`$.vary[${JSON.stringify(f.path)}]`, 'a grid design needs "values", a "range", or "levels" for a continuous distribution');
    });
  let timeLimit_ms = 60_000;
  try {
    timeLimit_ms = parseQuantity(doc.timeLimit, 's') * 1000;
    if (!(timeLimit_ms > 0)) issue('$.timeLimit', 'must be greater than zero');
  } catch (err) {
    if (!(err instanceof QuantityError)) throw err;
    issue('$.timeLimit', err.message);
  }
  if (issues.length) throw new ScenarioValidationError(issues);

  // The base scenario must be valid on its own, and every factor path must land in it.
  resolveScenario(base, ctx, baseFile);
  for (const f of factors) {
    try {
      setPath(base, f.path, factorValue(f, 0));
    } catch (err) {
      issue(`$.vary[${JSON.stringify(f.path)}]`, (err as Error).message);
    }
  }
  if (issues.length) throw new ScenarioValidationError(issues);

  return {
    name: doc.name,
    description: doc.description,
    file,
    base,
    baseFile,
    factors,
    design: doc.design,
    replicates: doc.replicates,
    seed: doc.seed,
    timeLimit_ms,
  };
}
