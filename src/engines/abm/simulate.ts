/**
 * simulateAbm(scenario, ctx): the agent-based counterpart of simulate(). It
 * returns a SimulationResult (same columns where they apply, row-major
 * values, tumor summary) plus the lattice frames. Pure: the same scenario
 * and seed give the same bytes, in any thread.
 */
import { outputGrid } from '../ode/problem.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import type { SimulationContext } from '../../simulation/context.js';
import type { SimulationResult } from '../../simulation/simulate.js';
import { summarizeTumor } from '../../simulation/summary.js';
import { createWorld } from './init.js';
import { captureFrame, columnLayout, createObserveScratch, recordRow, type AbmFrame } from './observe.js';
import { resolveAbmOptions, type AbmOptions, type AbmScenarioOptions } from './options.js';
import { stepWorld } from './step.js';

export interface AbmRunInfo {
  readonly options: AbmOptions;
  /** Cancer cells (and immune cells) each agent stands for. */
  readonly cellsPerAgent: number;
  /** Vascular capacity (mm³) each vessel agent stands for. */
  readonly capacityPerVessel: number;
  /** Field nodes per side (O2 in frames is on this grid). */
  readonly fieldSide: number;
  /** O2 supply index at which hypoxia is 50% (hypoxia_half_supply), for contours. */
  readonly o2HalfHypoxia: number;
  readonly steps: number;
  /** Agent updates performed (tumor + immune agents, summed over steps). */
  readonly agentSteps: number;
  /** Frames in time order; `snapshot` marks the requested snapshot times. */
  readonly frames: readonly AbmFrame[];
}

export interface AbmResult extends SimulationResult {
  readonly abm: AbmRunInfo;
}

/** ABM settings of a scenario: its optional `abm` section (until the format has one, read leniently). */
export function scenarioAbmOptions(scenario: ResolvedScenario): AbmScenarioOptions | undefined {
  return scenario.abm;
}

/** Index of the step whose end time is nearest `t`. */
function stepAt(t: number, dt: number, steps: number): number {
  return Math.min(steps, Math.max(0, Math.round(t / dt)));
}

/**
 * Runs a resolved scenario on the lattice. `overrides` (optional) take
 * precedence over the scenario's `abm` section.
 */
export function simulateAbm(scenario: ResolvedScenario, ctx: SimulationContext, overrides?: AbmScenarioOptions): AbmResult {
  const options = resolveAbmOptions({ ...scenarioAbmOptions(scenario), ...overrides }, scenario.duration_day);
  const w = createWorld(scenario, ctx, options);
  const layout = columnLayout(w);
  const scratch = createObserveScratch(w);
  const nColumns = layout.columns.length;

  const dt = options.dt_day;
  const duration = scenario.duration_day;
  const steps = Math.max(1, Math.ceil(duration / dt - 1e-9));
  // Output rows at the step ends nearest the output grid (exactly on it when the interval is a multiple of dt).
  const grid = outputGrid(0, duration, scenario.outputInterval_day);
  const rowAtStep = new Int32Array(steps + 1).fill(-1);
  const times: number[] = [];
  for (const t of grid) {
    const s = stepAt(t, dt, steps);
    if (rowAtStep[s] >= 0) continue;
    rowAtStep[s] = times.length;
    times.push(s);
  }
  const snapshotSteps = new Set(options.snapshotTimes_day.filter((t) => t <= duration + 1e-9).map((t) => stepAt(t, dt, steps)));
  const frameEvery = options.frameInterval_day > 0 ? Math.max(1, Math.round(options.frameInterval_day / dt)) : 0;

  const values = new Float64Array(times.length * nColumns);
  const t_day = new Float64Array(times.length);
  const row = new Float64Array(nColumns);
  const frames: AbmFrame[] = [];

  const observe = (s: number) => {
    const r = rowAtStep[s];
    if (r >= 0) {
      recordRow(w, layout, scratch, row);
      values.set(row, r * nColumns);
      t_day[r] = w.t;
    }
    const snapshot = snapshotSteps.has(s);
    if (snapshot || (frameEvery > 0 && s % frameEvery === 0)) frames.push(captureFrame(w, snapshot));
  };

  observe(0);
  for (let s = 1; s <= steps; s++) {
    const h = s < steps ? dt : duration - (steps - 1) * dt;
    stepWorld(w, h);
    // The first row has no step behind it: give it the first step's rates.
    if (s === 1 && rowAtStep[0] >= 0) {
      for (const c of layout.stepColumns) values[rowAtStep[0] * nColumns + c] = stepColumnValue(w, layout, c);
    }
    observe(s);
  }

  let retcode: SimulationResult['retcode'] = 'Success';
  let message = `agent-based run: ${steps} steps of ${dt} day on a ${options.gridSize}×${options.gridSize} lattice`;
  for (let k = 0; k < values.length; k++)
    if (Number.isNaN(values[k]) && !isOptionalNaN(layout, k % nColumns)) {
      retcode = 'NaN';
      message = `column "${layout.columns[k % nColumns].name}" became NaN at t = ${t_day[Math.floor(k / nColumns)]} day`;
      break;
    }

  const volumeColumn = layout.at.tumor_volume;
  const diameterColumn = layout.at.lesion_diameter;
  const nJumps = w.drugs.doses.filter((d) => d.time <= duration).length;
  return {
    scenario,
    retcode,
    message,
    columns: layout.columns,
    t_day,
    values,
    stats: { nRhs: 0, nStep: steps, nAccept: steps, nReject: 0, nSegments: 1, nJumps },
    tumor: summarizeTumor(t_day, values, nColumns, volumeColumn, diameterColumn),
    tumorColumns: { volume: 'tumor_volume', diameter: 'lesion_diameter' },
    abm: {
      options,
      cellsPerAgent: w.cellsPerAgent,
      capacityPerVessel: w.capacityPerVessel,
      fieldSide: w.grid.side,
      o2HalfHypoxia: w.p.hypHalf,
      steps,
      agentSteps: w.tally.agentSteps,
      frames,
    },
  };
}

function stepColumnValue(w: ReturnType<typeof createWorld>, layout: ReturnType<typeof columnLayout>, column: number): number {
  const at = layout.at;
  if (column === at.priming_rate) return w.tally.priming;
  if (column === at.infiltration) return w.tally.infiltration;
  const n = w.tumor.count;
  return n > 0 ? w.tally.killRate / n : 0;
}

/** Columns that are legitimately NaN (means and ratios over an empty set, e.g. after eradication). */
const OPTIONAL_NAN = new Set([
  'infiltration_index',
  'loss_neighbour_enrichment',
  'vessel_function',
  'hypoxia',
  'vegf_signal',
  'ifn_gamma',
  'ifn_response',
  'pdl1',
  'il2',
]);

function isOptionalNaN(layout: ReturnType<typeof columnLayout>, column: number): boolean {
  return OPTIONAL_NAN.has(layout.columns[column].name);
}
