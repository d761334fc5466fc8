import { resolveParameters } from '../model/types.js';
import { solve } from '../engines/ode/solve.js';
import { DEFAULT_ODE_OPTIONS, outputGrid, type JumpEvent, type OdeProblem } from '../engines/ode/problem.js';
import { linearPropagator, type LinearPropagator } from './analyticPk.js';
import type { LinearPkModel } from '../therapies/pk.js';
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

/**
 * The ODE form of a compiled system. Drugs with linear PK are propagated in
 * closed form between doses (see analyticPk.ts): their amounts are held in the
 * state vector as values at a reference time (the last dose), with zero
 * derivative, plus one extra state holding that reference time. Every dose
 * first advances all such amounts to the dose time, then adds the bolus.
 */
export interface OdeForm {
  readonly problem: OdeProblem;
  /** Writes the system state at time t (amounts propagated to t) from an ODE state. */
  toSystemState(t_day: number, odeState: Float64Array, out: Float64Array): void;
}

export function odeForm(scenario: ResolvedScenario, system: CompiledSystem): OdeForm {
  const nSystem = system.states.length;
  const clock = nSystem; // index of the reference-time state
  const analytic: { offset: number; propagator: LinearPropagator }[] = [];
  system.therapies.forEach((therapy, d) => {
    const K = (therapy.pk as Partial<LinearPkModel>).rateMatrix_per_day;
    const propagator = K ? linearPropagator(K) : undefined;
    if (propagator) analytic.push({ offset: system.pkOffset[d], propagator });
  });
  const analyticState = new Uint8Array(nSystem);
  for (const { offset, propagator } of analytic) analyticState.fill(1, offset, offset + propagator.size);

  const advance = (y: Float64Array, dt: number): void => {
    for (const { offset, propagator } of analytic) propagator.advance(y, offset, dt);
  };
  const toSystemState = (t: number, odeState: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < nSystem; i++) out[i] = odeState[i];
    advance(out, t - odeState[clock]);
  };

  const current = new Float64Array(nSystem);
  const dCurrent = new Float64Array(nSystem);
  const rhs = (t: number, y: Float64Array, dy: Float64Array): void => {
    toSystemState(t, y, current);
    system.rhs(t, current, dCurrent);
    for (let i = 0; i < nSystem; i++) dy[i] = analyticState[i] ? 0 : dCurrent[i];
    dy[clock] = 0;
  };

  const events: JumpEvent[] = [];
  for (const dosing of scenario.therapies) {
    const index = system.doseStateIndex(dosing.drug);
    const amount = dosing.dose_mg;
    for (const time of dosing.times_day) {
      events.push({
        time,
        label: `${dosing.drug} ${dosing.doseText}`,
        apply: (y) => {
          advance(y, time - y[clock]);
          y[clock] = time;
          y[index] += amount;
        },
      });
    }
  }

  const y0 = new Float64Array(nSystem + 1);
  y0.set(system.initialState());
  const absTol = system.absoluteTolerances(scenario.solver.absTol);
  return {
    problem: {
      stateNames: [...system.states.map((s) => s.name), 'pk_reference_time'],
      nonNegative: [...system.nonNegative, false],
      rhs,
      y0,
      tStart: 0,
      tEnd: scenario.duration_day,
      events,
      saveAt: outputGrid(0, scenario.duration_day, scenario.outputInterval_day),
      options: { ...DEFAULT_ODE_OPTIONS, ...scenario.solver },
      absTolPerState: [...absTol, 1],
    },
    toSystemState,
  };
}

/** Runs a resolved scenario with the ODE engine. Pure: the same scenario gives the same bytes. */
export function simulate(scenario: ResolvedScenario, ctx: SimulationContext): SimulationResult {
  if (scenario.engine !== 'ode') throw new Error(`engine "${scenario.engine}" is not available in simulate(); use the agent-based runner`);
  const system = buildSystem(scenario, ctx);
  const form = odeForm(scenario, system);
  const solution = solve(form.problem);

  const nStates = system.states.length;
  const nOde = nStates + 1;
  const odeState = new Float64Array(nOde);
  const nReadouts = system.readouts.length;
  const nColumns = nStates + nReadouts;
  const nTimes = solution.t.length;
  const values = new Float64Array(nTimes * nColumns);
  const y = new Float64Array(nStates);
  const readouts = new Float64Array(nReadouts);
  for (let k = 0; k < nTimes; k++) {
    for (let i = 0; i < nOde; i++) odeState[i] = solution.y[k * nOde + i];
    form.toSystemState(solution.t[k], odeState, y);
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
