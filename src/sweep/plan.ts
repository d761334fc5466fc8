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

/** Jobs for runs [from, runs), generated lazily so a 100,000-run sweep never sits in memory. */
export function* sweepJobs(plan: SweepPlan, from = 0): Generator<ReadoutJob & { point: RunPoint }> {
  for (let i = from; i < plan.runs; i++) {
    const point = runPoint(plan, i);
    yield { kind: 'readouts', index: i, raw: runScenario(plan, point), file: plan.spec.baseFile, point };
  }
}
