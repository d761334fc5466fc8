/**
 * Vessels and recruitment from the blood.
 *
 * Each vessel agent stands for k_v mm³ of the ODE's vascular capacity K and
 * has its own function q. Lesion vessels' q relaxes toward
 * vesselFunctionTarget(local VEGF × (1 − inhibition)) at
 * vessel_remodeling_rate; host vessels (normal tissue around the lesion)
 * stay at q = 1 until the tumor grows over them (co-option). Lesion vessels
 * regress at the ODE's per-capacity loss rate (capacityRate at K = 1:
 * endogenous inhibition k_d·V^(2/3), V the lesion volume from the agent
 * count, plus regression without VEGF survival signalling); tumor cells
 * sprout new ones (tumor.ts), so the expected dK/dt is the ODE's capacityRate.
 *
 * T cells and Tregs arrive through vessels. The lesion-wide rates are the
 * ODE's: primingRate from the antigen flux (Σ per-cell kill and death rates
 * of the step), cd28Costimulation from the Treg fraction, and
 * infiltrationFactor(access, perfused lesion capacity Σq·k_v,
 * perfusion-weighted hypoxia). Each arriving cell enters at a vessel of the
 * lesion or of its margin (host vessels within entryBand of the tumor edge)
 * chosen with weight q·(1 − local hypoxia): poorly perfused or hypoxic
 * vessels admit few cells. Host vessels keep q = 1; lesion vessels follow VEGF.
 */
import * as processes from '../../model/checkpoint/processes.js';
import { roomNear, placeImmune } from './immune.js';
import { eventProbability, pickCumulative, poisson, uniform } from './sampling.js';
import { CD8, EFFECTOR, TREG, release } from './store.js';
import type { AbmWorld } from './world.js';

const { antigenRelease, capacityRate, cd28Costimulation, infiltrationFactor, primingRate, tregInflux } = processes;

/** Is the vessel at voxel v part of the lesion (tumor tissue) rather than host stroma? */
export function isLesionVoxel(w: AbmWorld, v: number): boolean {
  return w.allLesion || w.tumorAt[v] >= 0;
}

export function vesselPhase(w: AbmWorld, dt: number): void {
  const { p, vessels: ves } = w;
  const rng = w.rng.vessel;
  const volume = w.tumor.count * w.cellsPerAgent * p.cellVolume;
  // Loss rate per unit capacity: the ODE's capacityRate at K = 1 without growth (endogenous inhibition
  // k_d·V^(2/3), plus regression of vessels that lose VEGF survival signalling).
  const vegfRetained = 1 - w.inputs[w.inputSlot.vegf];
  const pRegress = eventProbability(-capacityRate(1, volume, 0, p.kKg, p.kKd, p.kKr, vegfRetained), dt);
  const relax = 1 - Math.exp(-p.kRemodel * dt);
  const target = w.nodes.vesselTarget;
  const nodeOf = w.grid.nodeOfVoxel;
  for (let i = 0; i < ves.highWater; i++) {
    const v = ves.pos[i];
    if (v < 0 || ves.born[i] === w.step) continue;
    const q = ves.quality[i];
    // Lesion vessels follow the local VEGF signal; host vessels (pericyte-covered) stay normal.
    const lesion = isLesionVoxel(w, v);
    ves.quality[i] = q + ((lesion ? target[nodeOf[v]] : 1) - q) * relax;
    if (lesion && uniform(rng) < pRegress) {
      w.vesselAt[v] = -1;
      release(ves, i);
    }
  }
}

/** Squared radius around the tumor centre (w.centre, this step's) within which host vessels admit T cells. */
function entryRadius2(w: AbmWorld): number {
  const count = w.tumor.count;
  const r = Math.sqrt(count / Math.PI) + w.options.entryBand;
  return count > 0 ? r * r : -1;
}

/** Lesion-level recruitment of CD8 effectors and Tregs for the step just simulated. */
export function recruitFromBlood(w: AbmWorld, dt: number): void {
  const { p, inputs, inputSlot, vessels: ves, tally } = w;
  const scale = w.cellsPerAgent;
  const hyp = w.nodes.hypoxia;
  const nodeOf = w.grid.nodeOfVoxel;
  const cum = w.cumulative;
  const kv = w.capacityPerVessel;

  // Perfusion: lesion capacity for homing, and entry weights over the vessels of the lesion and its margin.
  const r2 = entryRadius2(w);
  const cx = w.centre[0];
  const cy = w.centre[1];
  const G = w.G;
  let lesionPerfused = 0;
  let perfused = 0;
  let weighted = 0;
  let n = 0;
  for (let i = 0; i < ves.highWater; i++) {
    const v = ves.pos[i];
    if (v < 0) continue;
    const qk = ves.quality[i] * kv;
    const lesion = isLesionVoxel(w, v);
    if (lesion) lesionPerfused += qk;
    else {
      const y = (v / G) | 0;
      const dx = v - y * G - cx;
      const dy = y - cy;
      if (dx * dx + dy * dy > r2) continue;
    }
    perfused += qk;
    weighted += qk * (1 - hyp[nodeOf[v]]);
    w.order[n] = i;
    cum[n++] = weighted;
  }
  const meanHypoxia = perfused > 0 ? 1 - weighted / perfused : 1;
  const infiltration = infiltrationFactor(p.access, 1, lesionPerfused, p.homingHalf, meanHypoxia);

  // Priming in the lymph node from this step's antigen flux (lesion units).
  let tcells = 0;
  let tregs = 0;
  const im = w.immune;
  for (let i = 0; i < im.highWater; i++) {
    if (im.pos[i] < 0) continue;
    if (im.type[i] === CD8) tcells++;
    else if (im.type[i] === TREG) tregs++;
  }
  const antigen = antigenRelease(tally.killRate * scale, tally.otherDeathRate * scale, p.otherDeathImm, p.antigenicity, inputs[inputSlot.antigenBoost]);
  const tregFraction = tcells + tregs > 0 ? tregs / (tcells + tregs) : 0;
  const cd28 = cd28Costimulation(p.ctla4Conv, p.ctla4Treg, tregFraction, inputs[inputSlot.ctla4]);
  const priming = primingRate(p.primingMax, antigen, p.primingHalf, cd28, p.costimDiv, p.il2Div, inputs[inputSlot.il2Effector]);
  tally.priming = priming;
  tally.infiltration = infiltration;
  if (n === 0 || !(weighted > 0)) return;

  const rng = w.rng.entry;
  const cd8 = poisson(rng, ((priming * infiltration) / scale) * dt);
  const treg = poisson(rng, (tregInflux(p.sTreg, infiltration, p.il2Div, inputs[inputSlot.il2Treg]) / scale) * dt);
  tally.cd8Arrivals += enter(w, cd8, n, CD8, EFFECTOR);
  tally.tregArrivals += enter(w, treg, n, TREG, 0);
}

function enter(w: AbmWorld, count: number, nVessels: number, type: number, state: number): number {
  const rng = w.rng.entry;
  let placed = 0;
  for (let c = 0; c < count; c++) {
    const k = pickCumulative(w.cumulative, nVessels, uniform(rng));
    const v = w.vessels.pos[w.order[k]];
    const to = w.immuneCount[v] < w.options.maxImmunePerVoxel ? v : roomNear(w, v, rng);
    if (to >= 0 && placeImmune(w, to, type, state) >= 0) placed++;
  }
  return placed;
}
