/**
 * The starting lattice, built from the ODE's initial state for the same
 * parameters (including its immune burn-in), so both engines start from one
 * patient. Agents per population = ODE cells / cells per agent (stochastic
 * rounding); vessels carry the ODE's capacity K and function q.
 *
 * disc: the lesion as a solid disc at the centre, tumor vessels at random
 * inside it, normal host vessels in the stroma around; the infiltrate enters
 * through the vessels as arriving cells do and migrates for a few steps.
 * scattered: cells, vessels and infiltrate uniformly over the whole lattice.
 */
import { indexByName } from '../../model/types.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import type { SimulationContext } from '../../simulation/context.js';
import { buildSystem } from '../../simulation/simulate.js';
import { applyDosesUpTo } from './drugs.js';
import { moveImmune, placeImmune, roomNear } from './immune.js';
import type { AbmOptions } from './options.js';
import { ABM_STATES } from './parameters.js';
import { shuffle, stochasticRound } from './sampling.js';
import { buildCounts, buildVisibility } from './neighbourhood.js';
import { assembleFields, deriveNodeSignals, solveFields } from './signals.js';
import { allocate, B2M_LOSS, CD8, EFFECTOR, JAK_LOSS, MDSC, PRESENTING, PROGENITOR, TERMINAL, TREG } from './store.js';
import { allocateWorld, type AbmWorld } from './world.js';

/** Sweeps for the first field solution (cold start). */
const INITIAL_SWEEPS = 150;

export function createWorld(scenario: ResolvedScenario, ctx: SimulationContext, options: AbmOptions): AbmWorld {
  const system = buildSystem(scenario, ctx);
  const y0 = system.initialState();
  const s = indexByName(system.model.states);
  const slot = (name: string) => {
    const i = s[name];
    if (i === undefined) throw new Error(`agent-based engine: the model has no state "${name}"`);
    return i;
  };
  const C = y0[slot(ABM_STATES.presenting)];
  const B = y0[slot(ABM_STATES.b2m)];
  const J = y0[slot(ABM_STATES.jak)];
  const w = allocateWorld(scenario, system, options, C + B + J, y0[slot(ABM_STATES.capacity)]);
  populate(w, y0, slot);
  return w;
}

function populate(w: AbmWorld, y0: Float64Array, slot: (name: string) => number): void {
  const rng = w.rng.init;
  const { G, nVox, options } = w;
  const N = options.initialTumorAgents;
  const total = y0[slot(ABM_STATES.presenting)] + y0[slot(ABM_STATES.b2m)] + y0[slot(ABM_STATES.jak)];
  const fB = y0[slot(ABM_STATES.b2m)] / total;
  const fJ = y0[slot(ABM_STATES.jak)] / total;
  const q0 = y0[slot(ABM_STATES.vesselFunction)];

  // Tumor voxels: the N nearest the centre (disc) or N random voxels (scattered).
  const voxels = w.order;
  for (let v = 0; v < nVox; v++) voxels[v] = v;
  if (options.geometry === 'scattered') shuffle(rng, voxels, nVox);
  else sortByDistanceFromCentre(voxels, G, rng);
  for (let k = 0; k < N; k++) {
    const v = voxels[k];
    const i = allocate(w.tumor, v, -1);
    w.tumorAt[v] = i;
    const u = rng.double();
    w.tumor.kind[i] = u < fB ? B2M_LOSS : u < fB + fJ ? JAK_LOSS : PRESENTING;
    w.tumor.pdl1[i] = 1;
  }

  // Tumor vessels among the tumor voxels; host vessels in a band around the disc.
  const nTumorVessels = stochasticRound(rng, N * options.vesselDensity);
  const tumorVoxels = Int32Array.from(voxels.subarray(0, N));
  shuffle(rng, tumorVoxels, N);
  for (let k = 0; k < Math.min(nTumorVessels, N); k++) addVessel(w, tumorVoxels[k], q0);
  if (options.geometry === 'disc') {
    for (let v = 0; v < nVox; v++) if (w.tumorAt[v] < 0 && rng.double() < options.hostVesselDensity) addVessel(w, v, 1);
  }

  // O2 and VEGF first (hypoxia decides where cells enter), then the infiltrate, then every field.
  solveAll(w);
  placeInfiltrate(w, y0, slot);
  for (let s = 0; s < options.initialMigrationSteps; s++) {
    for (let i = 0; i < w.immune.highWater; i++)
      if (w.immune.pos[i] >= 0) moveImmune(w, i, w.immune.type[i] === MDSC ? options.mdscMovesPerStep : options.tcellMovesPerStep, w.immune.type[i] === CD8);
  }
  solveAll(w);
  // PD-L1 starts at its IFN-γ-induced level.
  const nodeOf = w.grid.nodeOfVoxel;
  for (let i = 0; i < w.tumor.highWater; i++) {
    const v = w.tumor.pos[i];
    if (v < 0) continue;
    w.tumor.pdl1[i] = w.tumor.kind[i] === JAK_LOSS ? w.nodes.pdl1Jak[nodeOf[v]] : w.nodes.pdl1Presenting[nodeOf[v]];
  }
  buildVisibility(w);
  applyDosesUpTo(w.drugs, 0);
  w.step = 0;
}

function solveAll(w: AbmWorld): void {
  buildCounts(w);
  // Twice: VEGF secretion reads hypoxia, which reads O2.
  for (let pass = 0; pass < 2; pass++) {
    assembleFields(w);
    solveFields(w, INITIAL_SWEEPS);
    deriveNodeSignals(w);
  }
}

function addVessel(w: AbmWorld, v: number, q: number): void {
  if (w.vesselAt[v] >= 0) return;
  const s = allocate(w.vessels, v, -1);
  w.vesselAt[v] = s;
  w.vessels.quality[s] = q;
}

/** Orders voxels by distance from the lattice centre; ties broken at random (no preferred direction). */
function sortByDistanceFromCentre(voxels: Int32Array, G: number, rng: { double(): number }): void {
  const c = (G - 1) / 2;
  const key = new Float64Array(G * G);
  for (let v = 0; v < G * G; v++) {
    const y = (v / G) | 0;
    const dx = v - y * G - c;
    const dy = y - c;
    key[v] = dx * dx + dy * dy + 1e-3 * rng.double();
  }
  const sorted = Array.from(voxels).sort((a, b) => key[a] - key[b]);
  voxels.set(sorted);
}

function placeInfiltrate(w: AbmWorld, y0: Float64Array, slot: (name: string) => number): void {
  const rng = w.rng.init;
  const scale = w.cellsPerAgent;
  const count = (name: string) => stochasticRound(rng, y0[slot(name)] / scale);
  const groups: [number, number, number][] = [
    [CD8, EFFECTOR, count(ABM_STATES.effector)],
    [CD8, PROGENITOR, count(ABM_STATES.progenitor)],
    [CD8, TERMINAL, count(ABM_STATES.terminal)],
    [TREG, 0, count(ABM_STATES.treg)],
    [MDSC, 0, count(ABM_STATES.mdsc)],
  ];
  // Entry weights: vessel function × (1 − local hypoxia), as for arriving cells.
  const ves = w.vessels;
  const cum = w.cumulative;
  const slots = new Int32Array(ves.highWater);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < ves.highWater; i++) {
    const v = ves.pos[i];
    if (v < 0) continue;
    sum += ves.quality[i] * (1 - w.nodes.hypoxia[w.grid.nodeOfVoxel[v]]);
    slots[n] = i;
    cum[n++] = sum;
  }
  const tumorSlots = new Int32Array(w.tumor.highWater);
  let nTumor = 0;
  for (let i = 0; i < w.tumor.highWater; i++) if (w.tumor.pos[i] >= 0) tumorSlots[nTumor++] = i;

  for (const [type, state, k] of groups) {
    for (let c = 0; c < k; c++) {
      let v: number;
      if (w.options.geometry === 'scattered') v = (rng.double() * w.nVox) | 0;
      else if (type === MDSC || n === 0 || !(sum > 0)) v = w.tumor.pos[tumorSlots[(rng.double() * nTumor) | 0]];
      else {
        const target = rng.double() * sum;
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cum[mid] > target) hi = mid;
          else lo = mid + 1;
        }
        v = ves.pos[slots[lo]];
      }
      const to = w.immuneCount[v] < w.options.maxImmunePerVoxel ? v : roomNear(w, v, rng);
      if (to >= 0) placeImmune(w, to, type, state);
    }
  }
}
