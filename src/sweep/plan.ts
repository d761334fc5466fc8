import {
  fullGrid,
  latinHypercube,
  randomDesign,
  saltelliDesign,
  sobolDesign,
  designRow,
  type Design,
} from '../analysis/designs.js';
import { deriveSeed, rngFor } from '../analysis/random.js';
import type { ReadoutJob } from '../parallel/simulationHandler.js';
import { resolveScenario } from '../scenario/load.js';
import { ScenarioValidationError } from '../scenario/errors.js';
import type { SimulationContext } from '../simulation/context.js';
import { designDistribution, factorValue, type SweepSpec } from './spec.js';
import { setPath } from './jsonPath.js';

/** A sweep's runs, fixed up front: design row × replicate, each with a derived seed. */
export interface SweepPlan {
  readonly spec: SweepSpec;
  readonly design: Design;
  readonly runs: number;
}

export function planSweep(spec: SweepSpec): SweepPlan {
  const factors = spec.factors.map((f) => [f.path, designDistribution(f)] as const);
  const n = spec.design.samples ?? 0;
  const rng = rngFor(spec.seed, 'design');
  let design: Design;
  switch (spec.design.type) {
    case 'grid':
      design = fullGrid(factors);
      break;
    case 'lhs':
      design = latinHypercube(factors, n, rng);
      break;
    case 'random':
      design = randomDesign(factors, n, rng);
      break;
    case 'sobol':
      design = sobolDesign(factors, n);
      break;
    case 'saltelli':
      design = saltelliDesign(factors, n);
      break;
  }
  return { spec, design, runs: design.rows * spec.replicates };
}

export interface RunPoint {
  readonly index: number;
  readonly designRow: number;
  readonly replicate: number;
  readonly seed: number;
  /** The value each factor puts into the scenario (e.g. "3 mg/kg" or 0.021). */
  readonly values: readonly unknown[];
}

/** Run `index`: which design row and replicate, its seed, and its factor values. */
export function runPoint(plan: SweepPlan, index: number): RunPoint {
  const row = Math.floor(index / plan.spec.replicates);
  const x = designRow(plan.design, row);
  return {
    index,
    designRow: row,
    replicate: index % plan.spec.replicates,
    seed: deriveSeed(plan.spec.seed, index),
    values: plan.spec.factors.map((f, j) => factorValue(f, x[j])),
  };
}

/** The scenario document of one run: the base with every factor set, and the run's seed. */
export function runScenario(plan: SweepPlan, point: RunPoint): Record<string, unknown> {
  let doc: Record<string, unknown> = { ...plan.spec.base, name: `${plan.spec.name}-${point.index}`, seed: point.seed };
  plan.spec.factors.forEach((f, j) => {
    doc = setPath(doc, f.path, point.values[j]);
  });
  return doc;
}

export type SweepItem =
  | { readonly ok: true; readonly job: ReadoutJob; readonly point: RunPoint }
  | { readonly ok: false; readonly index: number; readonly point: RunPoint; readonly reason: string };

/**
 * Runs [from, runs), generated lazily so a 100,000-run sweep never sits in
 * memory. Each point is resolved here (units, validation); a point that does
 * not validate (e.g. a sampled negative dose) becomes a failed run.
 */
export function* sweepItems(plan: SweepPlan, ctx: SimulationContext, from = 0): Generator<SweepItem> {
  for (let i = from; i < plan.runs; i++) {
    const point = runPoint(plan, i);
    try {
      const scenario = resolveScenario(runScenario(plan, point), ctx, plan.spec.baseFile).scenario;
      yield { ok: true, job: { kind: 'readouts', index: i, scenario }, point };
    } catch (err) {
      if (!(err instanceof ScenarioValidationError)) throw err;
      yield { ok: false, index: i, point, reason: `invalid input: ${err.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}` };
    }
  }
}
