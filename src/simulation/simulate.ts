import { resolveParameters } from '../model/types.js';
import { solve } from '../engines/ode/solve.js';
import { DEFAULT_ODE_OPTIONS, outputGrid, type JumpEvent, type OdeProblem } from '../engines/ode/problem.js';
import type { ReturnCode, SolverFailure, SolverStats } from '../engines/ode/solution.js';
import type { ResolvedScenario } from '../scenario/types.js';
import type { TherapyModule } from '../therapies/types.js';
import { compileSystem, type ColumnSpec, type CompiledSystem } from './system.js';
import type { SimulationContext } from './context.js';
import { summarizeTumor, type TumorSummary } from './summary.js';

/**
 * A finished run: one column per state and per derived readout, sampled on the
 * output grid. `values` is row-major: values[k * columns.length + j].
 */
export interface SimulationResult {
  readonly scenario: ResolvedScenario;
  readonly retcode: ReturnCode;
  readonly message: string;
  readonly failure?: SolverFailure;
  readonly columns: readonly ColumnSpec[];
  readonly t_day: Float64Array;
  readonly values: Float64Array;
  readonly stats: SolverStats;
  readonly tumor: TumorSummary;
  /** Names of the columns holding tumor volume (mm³) and lesion diameter (mm). */
  readonly tumorColumns: { readonly volume: string; readonly diameter?: string };
}

/** Builds the composed model+therapy system for a resolved scenario. */
export function buildSystem(scenario: ResolvedScenario, ctx: SimulationContext): CompiledSystem {
  const model = ctx.models.get(scenario.model);
  if (!model) throw new Error(`unknown model "${scenario.model}" (known: ${[...ctx.models.keys()].join(', ')})`);
  const drugs = [...new Set(scenario.therapies.map((d) => d.drug))];
  const therapies: TherapyModule[] = drugs.map((drug) => {
    const module = ctx.therapies.get(drug);
    if (!module) throw new Error(`unknown drug "${drug}" (known: ${ctx.therapies.drugs().join(', ')})`);
    return module;
  });
  return compileSystem(model, therapies, resolveParameters(model, scenario.patient.parameters));
}

/** Dose administrations as preset-time jumps into each drug's dose compartment. */
export function doseEvents(scenario: ResolvedScenario, system: CompiledSystem): JumpEvent[] {
  const events: JumpEvent[] = [];
  for (const dosing of scenario.therapies) {
    const index = system.doseStateIndex(dosing.drug);
    const amount = dosing.dose_mg;
    for (const time of dosing.times_day) {
      events.push({
        time,
        label: `${dosing.drug} ${dosing.doseText}`,
        apply: (y) => {
          y[index] += amount;
        },
      });
    }
  }
  return events;
}

export function odeProblemFor(scenario: ResolvedScenario, system: CompiledSystem): OdeProblem {
  return {
    stateNames: system.states.map((s) => s.name),
    nonNegative: system.nonNegative,
    rhs: system.rhs,
    y0: system.initialState(),
    tStart: 0,
    tEnd: scenario.duration_day,
    events: doseEvents(scenario, system),
    saveAt: outputGrid(0, scenario.duration_day, scenario.outputInterval_day),
    options: { ...DEFAULT_ODE_OPTIONS, ...scenario.solver },
    absTolPerState: system.absoluteTolerances(scenario.solver.absTol),
  };
}

/** Runs a resolved scenario with the ODE engine. Pure: the same scenario gives the same bytes. */
export function simulate(scenario: ResolvedScenario, ctx: SimulationContext): SimulationResult {
  if (scenario.engine !== 'ode') throw new Error(`engine "${scenario.engine}" is not available in simulate(); use the agent-based runner`);
  const system = buildSystem(scenario, ctx);
  const solution = solve(odeProblemFor(scenario, system));

  const nStates = system.states.length;
  const nReadouts = system.readouts.length;
  const nColumns = nStates + nReadouts;
  const nTimes = solution.t.length;
  const values = new Float64Array(nTimes * nColumns);
  const y = new Float64Array(nStates);
  const readouts = new Float64Array(nReadouts);
  for (let k = 0; k < nTimes; k++) {
    for (let i = 0; i < nStates; i++) y[i] = solution.y[k * nStates + i];
    system.computeReadouts(solution.t[k], y, readouts);
    const base = k * nColumns;
    values.set(y, base);
    values.set(readouts, base + nStates);
  }
  const columns = [...system.states, ...system.readouts];
  const volumeColumn = columns.findIndex((c) => c.name === system.model.tumorVolumeReadout);
  const diameterColumn = system.model.lesionDiameterReadout
    ? columns.findIndex((c) => c.name === system.model.lesionDiameterReadout)
    : -1;
  return {
    scenario,
    retcode: solution.retcode,
    message: solution.message,
    failure: solution.failure,
    columns,
    t_day: solution.t,
    values,
    stats: solution.stats,
    tumor: summarizeTumor(solution.t, values, nColumns, volumeColumn, diameterColumn),
    tumorColumns: { volume: system.model.tumorVolumeReadout, diameter: system.model.lesionDiameterReadout },
  };
}

/** One column of a result by name. */
export function column(result: SimulationResult, name: string): Float64Array {
  const j = result.columns.findIndex((c) => c.name === name);
  if (j < 0) throw new Error(`result has no column "${name}" (columns: ${result.columns.map((c) => c.name).join(', ')})`);
  const n = result.columns.length;
  const out = new Float64Array(result.t_day.length);
  for (let k = 0; k < out.length; k++) out[k] = result.values[k * n + j];
  return out;
}

/** Value of a column at the output time nearest to t_day. */
export function valueAt(result: SimulationResult, name: string, t_day: number): number {
  const series = column(result, name);
  let best = 0;
  for (let k = 1; k < result.t_day.length; k++)
    if (Math.abs(result.t_day[k] - t_day) < Math.abs(result.t_day[best] - t_day)) best = k;
  return series[best];
}
