/**
 * One cell step of length dt. Order within a step:
 *  1. drugs: PK advanced over the step; cells see the step-averaged inputs;
 *  2. signals: neighbourhood counts, fields (quasi-steady state), node values;
 *  3. tumor cells (shuffled tiles, shuffled within), 4. immune cells (shuffled), 5. vessels;
 *  6. arrivals from the blood, from the antigen flux of this step.
 * Local counts are taken at the start of the step, so every cell of a phase
 * sees the same neighbourhood state whatever its place in the order.
 */
import { advanceDrugs } from './drugs.js';
import { immunePhase } from './immune.js';
import { buildCounts, buildVisibility } from './neighbourhood.js';
import { assembleFields, deriveNodeSignals, solveFields } from './signals.js';
import { tumorPhase } from './tumor.js';
import { recruitFromBlood, vesselPhase } from './vessels.js';
import type { AbmWorld } from './world.js';

export function stepWorld(w: AbmWorld, dt: number): void {
  const t = w.tally;
  t.killRate = 0;
  t.otherDeathRate = 0;
  t.kills = 0;
  t.otherDeaths = 0;
  t.divisions = 0;
  t.cd8Arrivals = 0;
  t.tregArrivals = 0;

  advanceDrugs(w.drugs, w.t, w.t + dt, w.inputs);

  buildCounts(w);
  assembleFields(w);
  solveFields(w, w.options.fieldSweeps);
  deriveNodeSignals(w);
  buildVisibility(w);

  tumorPhase(w, dt);
  immunePhase(w, dt);
  vesselPhase(w, dt);
  recruitFromBlood(w, dt);

  w.t += dt;
  w.step++;
}
