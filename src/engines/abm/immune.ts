/**
 * Immune cell rules (CD8 T cells, Tregs, MDSCs), one cell at a time in a
 * shuffled order, with the ODE's process functions on local quantities:
 *
 * - CD8: antigen encounter = antigenEncounter(visible targets, T cells in the
 *   neighbourhood); co-inhibition from the PD-L1 of the targets it engages
 *   (MHC-weighted mean), drug occupancies and LAG-3; fitness from local MDSC
 *   density and hypoxia; IL-2 signal from the local IL-2 field plus
 *   exogenous stimulation. Effector → progenitor-exhausted → terminal at
 *   exhaustionRate; proliferation at tcellProliferation; progenitors also
 *   give rise to effectors (progenitorOutput); Treg-induced loss of effectors.
 * - Tregs: proliferate on the CD25 IL-2 signal, die or are depleted (ADCC input).
 * - MDSCs: die at their rate (recruitment is a tumor-cell rule).
 * - Movement: random lattice moves, some of them (chemotaxis) the better of
 *   two candidates for attraction: tumor cells, more so IFN-γ-stimulated
 *   ones (CXCL9/10); a CD8 cell standing on a visible tumor cell stops for
 *   the rest of the step with probability arrest·MHC-I.
 */
import * as processes from '../../model/checkpoint/processes.js';
import { MOORE_DX, MOORE_DY } from './lattice.js';
import { divisionProbability, eventProbability, shuffle, uniform } from './sampling.js';
import { localSums } from './neighbourhood.js';
import { allocate, B2M_LOSS, CD8, EFFECTOR, JAK_LOSS, liveSlots, MDSC, PROGENITOR, release, TERMINAL, TREG } from './store.js';
import { CH, type AbmWorld } from './world.js';

const { antigenEncounter, coinhibition, exhaustionRate, hypoxicTcellSuppression, lag3Inhibition, mdscSuppression, pd1Inhibition, progenitorOutput, tcellProliferation, tregInducedLoss, tregProliferation } = processes;


/** Places a new immune agent at voxel v (caller checked room); returns its slot or −1. */
export function placeImmune(w: AbmWorld, v: number, type: number, state: number): number {
  const s = allocate(w.immune, v, w.step);
  if (s < 0) return -1;
  w.immune.type[s] = type;
  w.immune.state[s] = state;
  w.immuneCount[v]++;
  return s;
}

function removeImmune(w: AbmWorld, i: number): void {
  w.immuneCount[w.immune.pos[i]]--;
  release(w.immune, i);
}

/** A voxel with room for an immune cell: a random Moore neighbour of v, else v itself; −1 if none. */
export function roomNear(w: AbmWorld, v: number, rng: { int32(): number }): number {
  const G = w.G;
  const max = w.options.maxImmunePerVoxel;
  const y = (v / G) | 0;
  const x = v - y * G;
  const start = (uniform(rng) * 8) | 0;
  for (let k = 0; k < 8; k++) {
    const d = (start + k) & 7;
    const nx = x + MOORE_DX[d];
    const ny = y + MOORE_DY[d];
    if (nx < 0 || ny < 0 || nx >= G || ny >= G) continue;
    const u = ny * G + nx;
    if (w.immuneCount[u] < max) return u;
  }
  return w.immuneCount[v] < max ? v : -1;
}

/**
 * Chemoattraction of voxel u: tumor cells attract (contact guidance), and
 * IFN-γ-stimulated ones more (CXCL9/10 are IFN-γ-induced on tumor cells).
 */
function attraction(w: AbmWorld, u: number): number {
  return w.tumorAt[u] >= 0 ? 1 + w.nodes.ifnResponse[w.grid.nodeOfVoxel[u]] : 0;
}

/** Up to `moves` lattice moves of agent i. */
export function moveImmune(w: AbmWorld, i: number, moves: number, arrests: boolean): void {
  const G = w.G;
  const draw = uniform;
  const rng = w.rng.immune;
  const max = w.options.maxImmunePerVoxel;
  const { chemotaxis, arrest } = w.options;
  const im = w.immune;
  let v = im.pos[i];
  if (w.options.wellMixed) {
    // Infinite motility: a fresh uniformly random voxel every step.
    for (let tries = 0; tries < 8; tries++) {
      const u = (draw(rng) * w.nVox) | 0;
      if (w.immuneCount[u] < max) {
        w.immuneCount[v]--;
        w.immuneCount[u]++;
        im.pos[i] = u;
        return;
      }
    }
    return;
  }
  for (let m = 0; m < moves; m++) {
    if (arrests) {
      const j = w.tumorAt[v];
      if (j >= 0) {
        const kind = w.tumor.kind[j];
        const node = w.grid.nodeOfVoxel[v];
        const mhc = kind === JAK_LOSS ? w.nodes.mhcJak[node] : kind === B2M_LOSS ? w.p.b2mResidualMhc * w.nodes.mhcPresenting[node] : w.nodes.mhcPresenting[node];
        if (mhc > 0 && draw(rng) < arrest * mhc) break;
      }
    }
    const y = (v / G) | 0;
    const x = v - y * G;
    let d = (draw(rng) * 8) | 0;
    let nx = x + MOORE_DX[d];
    let ny = y + MOORE_DY[d];
    if (chemotaxis > 0 && draw(rng) < chemotaxis) {
      const d2 = (draw(rng) * 8) | 0;
      const mx = x + MOORE_DX[d2];
      const my = y + MOORE_DY[d2];
      if (mx >= 0 && my >= 0 && mx < G && my < G) {
        const inside = nx >= 0 && ny >= 0 && nx < G && ny < G;
        if (!inside || attraction(w, my * G + mx) > attraction(w, ny * G + nx)) {
          d = d2;
          nx = mx;
          ny = my;
        }
      }
    }
    if (nx < 0 || ny < 0 || nx >= G || ny >= G) continue;
    const u = ny * G + nx;
    if (w.immuneCount[u] >= max) continue;
    w.immuneCount[v]--;
    w.immuneCount[u]++;
    v = u;
  }
  im.pos[i] = v;
}

export function immunePhase(w: AbmWorld, dt: number): void {
  const { p, immune: im, inputs, inputSlot, nodes } = w;
  const sumsAround = localSums;
  const draw = uniform;
  const TCELLS = CH.tcells;
  const EFFECTORS = CH.effectors;
  const TREGS = CH.tregs;
  const MDSCS = CH.mdscs;
  const TISSUE = CH.tissue;
  const VISIBLE = CH.visible;
  const VISIBLE_PDL1 = CH.visiblePdl1;
  const move = moveImmune;
  const T_CD8 = CD8;
  const T_TREG = TREG;
  const T_MDSC = MDSC;
  const S_EFF = EFFECTOR;
  const S_PROG = PROGENITOR;
  const S_TERM = TERMINAL;
  const pMdscDeath = eventProbability(p.dMdsc, dt);
  const rng = w.rng.immune;
  const nodeOf = w.grid.nodeOfVoxel;
  const occPd1 = inputs[inputSlot.pd1];
  const hLag3 = lag3Inhibition(p.lag3Max, inputs[inputSlot.lag3]);
  const tregLossRate = p.dTreg + inputs[inputSlot.tregDepletion];
  const mdscDensityPerAgent = 1 / p.cellVolume;
  const tMoves = w.options.tcellMovesPerStep;
  const mMoves = w.options.mdscMovesPerStep;

  const order = w.order;
  const n = liveSlots(im, order);
  shuffle(w.rng.order, order, n);
  w.tally.agentSteps += n;

  for (let k = 0; k < n; k++) {
    const i = order[k];
    const v = im.pos[i];
    if (v < 0 || im.born[i] === w.step) continue;
    const type = im.type[i];
    const node = nodeOf[v];

    if (type === T_MDSC) {
      if (draw(rng) < pMdscDeath) {
        removeImmune(w, i);
        continue;
      }
      move(w, i, mMoves, false);
      continue;
    }

    if (type === T_TREG) {
      if (draw(rng) < eventProbability(tregLossRate, dt)) {
        removeImmune(w, i);
        continue;
      }
      if (draw(rng) < divisionProbability(tregProliferation(p.pTreg, nodes.il2TregSignal[node]), dt)) {
        const to = roomNear(w, v, rng);
        if (to >= 0) placeImmune(w, to, T_TREG, 0);
      }
      move(w, i, tMoves, false);
      continue;
    }

    // CD8 T cell: local antigen, co-inhibition and suppression.
    const local = sumsAround(w, v);
    const visible = local[VISIBLE];
    const encounter = antigenEncounter(p.access * visible, local[TCELLS], p.encSat);
    const pdl1Engaged = visible > 0 ? local[VISIBLE_PDL1] / visible : 1;
    const h = coinhibition(pd1Inhibition(pdl1Engaged, occPd1, p.pd1Half, p.pd1Hill), hLag3, p.synergy);
    const tissue = local[TISSUE];
    const mdscDensity = (local[MDSCS] * mdscDensityPerAgent) / (tissue > 1 ? tissue : 1);
    const fitness = (1 - mdscSuppression(mdscDensity, p.mdscHalf, p.mdscMax)) * (1 - hypoxicTcellSuppression(nodes.hypoxia[node], p.tHyp));
    const sigE = nodes.il2EffectorSignal[node];
    const state = im.state[i];

    let death: number;
    let convert = 0;
    let prolif = 0;
    let output = 0;
    if (state === S_EFF) {
      death = p.dE + tregInducedLoss(p.tregLoss, local[EFFECTORS], local[TREGS]);
      convert = exhaustionRate(p.kEP, encounter, h, p.exGain);
      prolif = tcellProliferation(p.pE, encounter, h, fitness, p.il2Boost, sigE);
    } else if (state === S_PROG) {
      death = p.dP;
      convert = exhaustionRate(p.kPX, encounter, h, p.exGain);
      prolif = tcellProliferation(p.pP, encounter, h, fitness, p.il2Boost, sigE);
      output = progenitorOutput(p.kPE, encounter, h, fitness, p.il2Boost, sigE);
    } else {
      death = p.dX;
    }

    const leave = death + convert;
    const pLeave = eventProbability(leave, dt);
    const u = draw(rng);
    if (u < pLeave) {
      if (u < (pLeave * death) / leave) {
        removeImmune(w, i);
        continue;
      }
      im.state[i] = state === S_EFF ? S_PROG : S_TERM;
    } else if (prolif > 0 && draw(rng) < divisionProbability(prolif, dt)) {
      const to = roomNear(w, v, rng);
      if (to >= 0) placeImmune(w, to, T_CD8, state);
    }
    if (output > 0 && draw(rng) < eventProbability(output, dt)) {
      const to = roomNear(w, v, rng);
      if (to >= 0) placeImmune(w, to, T_CD8, S_EFF);
    }
    move(w, i, tMoves, true);
  }
}
