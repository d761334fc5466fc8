import type { ResolvedScenario } from '../scenario/types.js';
import { simulateAbm } from '../engines/abm/simulate.js';
import type { SimulationContext } from './context.js';
import { simulate, type SimulationResult } from './simulate.js';

/** Runs a scenario with the engine it names: the ODE engine, or the agent-based lattice. */
export function runEngine(scenario: ResolvedScenario, ctx: SimulationContext): SimulationResult {
  return scenario.engine === 'abm' ? simulateAbm(scenario, ctx) : simulate(scenario, ctx);
}
