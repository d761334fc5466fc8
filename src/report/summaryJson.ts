import type { SimulationResult } from '../simulation/simulate.js';

/** Everything a reader needs to trust and reproduce a run, without the time course. */
export function runSummary(result: SimulationResult, warnings: readonly string[] = []) {
  return {
    scenario: result.scenario,
    tumor: result.tumor,
    solver: {
      engine: result.scenario.engine,
      method:
        result.scenario.engine === 'abm'
          ? 'agent-based 2D lattice (per-step probabilities 1 − exp(−k·Δt); steady-state fields; PK compartments integrated between steps)'
          : 'odex (Gragg–Bulirsch–Stoer extrapolation, dense output), piecewise between doses; linear PK in closed form',
      retcode: result.retcode,
      message: result.message,
      failure: result.failure ?? null,
      ...result.stats,
    },
    warnings,
    columns: result.columns,
  };
}

export function runSummaryJson(result: SimulationResult, warnings: readonly string[] = []): string {
  return JSON.stringify(runSummary(result, warnings), null, 2) + '\n';
}
