import type { SimulationResult } from '../simulation/simulate.js';

/** Everything a reader needs to trust and reproduce a run, without the time course. */
export function runSummary(result: SimulationResult, warnings: readonly string[] = []) {
  return {
    scenario: result.scenario,
    tumor: result.tumor,
    solver: {
      engine: result.scenario.engine,
      method: 'odex (Gragg–Bulirsch–Stoer extrapolation, dense output), piecewise between doses',
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
