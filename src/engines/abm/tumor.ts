/**
 * Tumor cell rules, one cell at a time in a shuffled order. Each rate is the
 * ODE's process function evaluated with local quantities, turned into a
 * per-step probability:
 *
 * - death: basal + drug (tumor_kill_rate) + CD8 killing: the kill capacity
 *   the killers within reach offer (killCapacity shared among their targets,
 *   × their fitness and Treg factor) × this cell's MHC-I × (1 − PD-1/LAG-3
 *   co-inhibition at its PD-L1);
 * - division: tumorProliferation(local hypoxia) × (1 − IFN-γ arrest), into a
 *   free neighbouring voxel, else by pushing a short chain of cells toward
 *   the nearest free voxel within pushRadius, else (outwardPush) by pushing
 *   the cells on the ray from the tumor centre one voxel outward, so interior
 *   cells divide as in the ODE while space lasts; daughters of presenting
 *   cells lose B2M or JAK with the per-division probabilities;
 * - PD-L1 relaxes toward its IFN-γ-induced level (t½ 0.1 day);
 * - angiogenic sprouting and MDSC recruitment, per cell, from the ODE's
 *   lesion-level terms divided among cells.
 */
import * as processes from '../../model/checkpoint/processes.js';
import { MOORE_DX, MOORE_DY } from './lattice.js';
import { divisionProbability, eventProbability, shuffle, uniform } from './sampling.js';
import { localSums } from './neighbourhood.js';
import { allocate, B2M_LOSS, CD8, EFFECTOR, JAK_LOSS, MDSC, PRESENTING, PROGENITOR, release } from './store.js';
import { placeImmune } from './immune.js';
import { CH, type AbmWorld } from './world.js';

const { capacityRate, coinhibition, hypoxicTcellSuppression, ifnCytostasis, killCapacity, lag3Inhibition, mdscRecruitment, mdscSuppression, pd1Inhibition, tregSuppressionFactor, tumorProliferation } = processes;

/** Moves the tumor cell in slot i to voxel `to` (which must be free of tumor). */
function moveTumor(w: AbmWorld, i: number, to: number): void {
  w.tumorAt[w.tumor.pos[i]] = -1;
  w.tumor.pos[i] = to;
  w.tumorAt[to] = i;
}

/** A voxel for a daughter of the cell at v: a free neighbour, or one freed by pushing; −1 if none. */
function daughterVoxel(w: AbmWorld, v: number): number {
  const G = w.G;
  const y = (v / G) | 0;
  const x = v - y * G;
  const rng = w.rng.tumor;
  const start = (uniform(rng) * 8) | 0;
  for (let k = 0; k < 8; k++) {
    const d = (start + k) & 7;
    const nx = x + MOORE_DX[d];
    const ny = y + MOORE_DY[d];
    if (nx < 0 || ny < 0 || nx >= G || ny >= G) continue;
    const u = ny * G + nx;
    if (w.tumorAt[u] < 0) return u;
  }
  // Nearest free voxel within the push radius (random start within each distance ring).
  const { dx, dy, start: ringStart, groups } = w.rings;
  for (let g = 1; g < groups; g++) {
    const a = ringStart[g];
    const size = ringStart[g + 1] - a;
    const r = (uniform(rng) * size) | 0;
    for (let k = 0; k < size; k++) {
      const o = a + ((r + k) % size);
      const tx = x + dx[o];
      const ty = y + dy[o];
      if (tx < 0 || ty < 0 || tx >= G || ty >= G) continue;
      if (w.tumorAt[ty * G + tx] >= 0) continue;
      return pushToward(w, x, y, tx, ty);
    }
  }
  return w.options.outwardPush ? pushOutward(w, x, y) : -1;
}

/**
 * Expansive growth: shifts the cells on the ray from the tumor centre
 * through (x, y) one voxel outward, up to the first free voxel, and returns
 * the voxel vacated next to (x, y); −1 if the ray leaves the lattice first.
 */
function pushOutward(w: AbmWorld, x: number, y: number): number {
  const G = w.G;
  let ux = x - w.centre[0];
  let uy = y - w.centre[1];
  if (Math.abs(ux) < 0.5 && Math.abs(uy) < 0.5) {
    const angle = 2 * Math.PI * uniform(w.rng.tumor);
    ux = Math.cos(angle);
    uy = Math.sin(angle);
  }
  // Chebyshev-normalised direction: successive rounded points are king-move neighbours.
  const m = Math.max(Math.abs(ux), Math.abs(uy));
  ux /= m;
  uy /= m;
  const path = w.cumulative;
  let n = 0;
  let last = y * G + x;
  for (let k = 1; ; k++) {
    const px = Math.round(x + ux * k);
    const py = Math.round(y + uy * k);
    if (px < 0 || py < 0 || px >= G || py >= G) return -1;
    const u = py * G + px;
    if (u === last) continue;
    last = u;
    path[n++] = u;
    if (w.tumorAt[u] < 0) break;
  }
  for (let k = n - 1; k >= 1; k--) moveTumor(w, w.tumorAt[path[k - 1]], path[k]);
  return path[0];
}

/** Tile edge (voxels) of the update order: shuffled tiles, shuffled cells within each tile. */
const TILE = 8;

/**
 * A random update order that keeps memory locality: the lattice's tiles in
 * a shuffled order, and the cells of each tile shuffled. Every ordering of
 * neighbouring cells stays possible and no direction is preferred, while
 * cells that share field nodes and neighbourhood sums are updated together.
 */
function tiledOrder(w: AbmWorld, order: Int32Array): number {
  const G = w.G;
  const tilesPerSide = Math.ceil(G / TILE);
  const tiles = w.tileOrder;
  for (let k = 0; k < tiles.length; k++) tiles[k] = k;
  const rng = w.rng.order;
  shuffle(rng, tiles, tiles.length);
  let n = 0;
  for (let k = 0; k < tiles.length; k++) {
    const tile = tiles[k];
    const ty = ((tile / tilesPerSide) | 0) * TILE;
    const tx = (tile % tilesPerSide) * TILE;
    const start = n;
    const yEnd = Math.min(G, ty + TILE);
    const xEnd = Math.min(G, tx + TILE);
    for (let y = ty; y < yEnd; y++)
      for (let x = tx; x < xEnd; x++) {
        const i = w.tumorAt[y * G + x];
        if (i >= 0) order[n++] = i;
      }
    // Shuffle the tile's segment.
    for (let a = n - 1; a > start; a--) {
      const b = start + Math.floor(uniform(rng) * (a - start + 1));
      const t = order[a];
      order[a] = order[b];
      order[b] = t;
    }
  }
  return n;
}

/** Centre of mass of the tumor cells (the origin of outward pushing). */
function updateCentre(w: AbmWorld): void {
  const { pos, highWater, count } = w.tumor;
  const G = w.G;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < highWater; i++) {
    const v = pos[i];
    if (v < 0) continue;
    const y = (v / G) | 0;
    sx += v - y * G;
    sy += y;
  }
  w.centre[0] = count > 0 ? sx / count : (G - 1) / 2;
  w.centre[1] = count > 0 ? sy / count : (G - 1) / 2;
}

/**
 * Shifts the cells on the king-move path from (x, y) to the free voxel
 * (tx, ty) one place outward and returns the vacated first voxel of the path.
 */
function pushToward(w: AbmWorld, x: number, y: number, tx: number, ty: number): number {
  const G = w.G;
  // Walk to the target, remembering the path in `cumulative` (free scratch here).
  const path = w.cumulative;
  let n = 0;
  let cx = x;
  let cy = y;
  while (cx !== tx || cy !== ty) {
    cx += Math.sign(tx - cx);
    cy += Math.sign(ty - cy);
    const u = cy * G + cx;
    path[n++] = u;
    if (w.tumorAt[u] < 0) break;
  }
  for (let k = n - 1; k >= 1; k--) moveTumor(w, w.tumorAt[path[k - 1]], path[k]);
  return path[0];
}

/** Per-node probabilities of the step for division, sprouting and MDSC recruitment (cells at a node share them). */
function nodeProbabilities(w: AbmWorld, dt: number): void {
  const { p, nodes, inputs, inputSlot } = w;
  const vegfInh = inputs[inputSlot.vegf];
  const { divisionIntact, divisionJak, sprout: sproutP, recruit, hypoxia, ifnResponse, angiogenicStimulus } = nodes;
  // The ODE's capacity growth (capacityRate at K = 0) for one agent's volume at unit stimulus, in vessels.
  const sproutPerStimulus =
    w.capacityPerVessel > 0 ? capacityRate(0, w.cellsPerAgent * p.cellVolume, 1, p.kKg, p.kKd, p.kKr, 1 - vegfInh) / w.capacityPerVessel : 0;
  for (let n = 0; n < hypoxia.length; n++) {
    const hyp = hypoxia[n];
    const g0 = tumorProliferation(p.rTumor, hyp);
    divisionIntact[n] = divisionProbability(g0 * (1 - ifnCytostasis(p.ifnArrest, ifnResponse[n])), dt);
    divisionJak[n] = divisionProbability(g0 * (1 - ifnCytostasis(p.ifnArrest, p.jakResidualIfn * ifnResponse[n])), dt);
    sproutP[n] = eventProbability(sproutPerStimulus * angiogenicStimulus[n], dt);
    recruit[n] = eventProbability(mdscRecruitment(p.sMdsc, p.cellVolume, hyp, p.mdscHyp, p.mdscVegf, vegfInh), dt);
  }
}

/**
 * CD8 kill capacity at every voxel, built from the killers. Killer j (an
 * effector counts 1, progenitor- and terminally exhausted cells φP and φX)
 * offers each target within its reach its share w_j/K_j of the ODE's
 * killCapacity(K_j, access·V_j) (K_j, V_j: killers and visible targets
 * within j's reach), times access, its own fitness (MDSC density and hypoxia
 * around it) and its Treg factor. On a well-mixed lattice the sum over
 * killers is access·killCapacity(K, access·V)·fitness·tregFactor, the ODE's κ.
 */
function killCapacities(w: AbmWorld): void {
  const { p, killBase, immune: im } = w;
  const sumsAround = localSums;
  const T_CD8 = CD8;
  const S_EFF = EFFECTOR;
  const S_PROG = PROGENITOR;
  const KILLERS = CH.killers;
  const TISSUE = CH.tissue;
  const MDSCS = CH.mdscs;
  const EFFECTORS = CH.effectors;
  const TREGS = CH.tregs;
  const VISIBLE = CH.visible;
  const { kKill, killSat, access, mdscHalf, mdscMax, tHyp, tregRatio, phiP, phiX } = p;
  const mdscDensityPerAgent = 1 / p.cellVolume;
  const hypoxia = w.nodes.hypoxia;
  const nodeOf = w.grid.nodeOfVoxel;
  const G = w.G;
  const r = w.options.interactionRadius;
  killBase.fill(0);
  let total = 0;
  for (let i = 0; i < im.highWater; i++) {
    const v = im.pos[i];
    if (v < 0 || im.type[i] !== T_CD8) continue;
    const s = im.state[i];
    const weight = s === S_EFF ? 1 : s === S_PROG ? phiP : phiX;
    if (!(weight > 0)) continue;
    const local = sumsAround(w, v);
    const killers = local[KILLERS];
    const tissue = local[TISSUE];
    const mdscDensity = (local[MDSCS] * mdscDensityPerAgent) / (tissue > 1 ? tissue : 1);
    const fitness = (1 - mdscSuppression(mdscDensity, mdscHalf, mdscMax)) * (1 - hypoxicTcellSuppression(hypoxia[nodeOf[v]], tHyp));
    const tregFactor = tregSuppressionFactor(local[EFFECTORS], local[TREGS], tregRatio);
    const offer = access * killCapacity(kKill, killers, access * local[VISIBLE], killSat) * (weight / killers) * fitness * tregFactor;
    if (w.global) {
      total += offer;
      continue;
    }
    const y = (v / G) | 0;
    const x = v - y * G;
    const x0 = x > r ? x - r : 0;
    const x1 = x + r < G ? x + r : G - 1;
    const y1 = y + r < G ? y + r : G - 1;
    for (let yy = y > r ? y - r : 0; yy <= y1; yy++) {
      const row = yy * G;
      for (let xx = x0; xx <= x1; xx++) killBase[row + xx] += offer;
    }
  }
  if (w.global && total > 0) killBase.fill(total);
}

export function tumorPhase(w: AbmWorld, dt: number): void {
  const { p, tumor, tumorAt, inputs, inputSlot, nodes, killBase } = w;
  const draw = uniform;
  const JAK = JAK_LOSS;
  const B2M = B2M_LOSS;
  const rng = w.rng.tumor;
  const nodeOf = w.grid.nodeOfVoxel;
  const tally = w.tally;
  nodeProbabilities(w, dt);
  killCapacities(w);
  updateCentre(w);
  const { pdl1Jak, pdl1Presenting, mhcJak, mhcPresenting, divisionIntact, divisionJak, sprout: sproutP, recruit } = nodes;
  const { pos, born, kind: kinds, pdl1: pdl1s } = tumor;

  const occPd1 = inputs[inputSlot.pd1];
  const hLag3 = lag3Inhibition(p.lag3Max, inputs[inputSlot.lag3]);
  const otherRate = p.dTumor + inputs[inputSlot.tumorKill];
  const pOther = eventProbability(otherRate, dt);
  const pdl1Relax = 1 - Math.exp((-Math.LN2 / w.options.pdl1HalfLife_day) * dt);
  const maxImmune = w.options.maxImmunePerVoxel;
  const { pd1Half, pd1Hill, synergy, b2mResidualMhc, muB2m, muJak } = p;
  const step = w.step;

  const order = w.order;
  const n = tiledOrder(w, order);
  tally.agentSteps += n;
  tally.otherDeathRate += otherRate * n;

  for (let k = 0; k < n; k++) {
    const i = order[k];
    const v = pos[i];
    if (v < 0 || born[i] === step) continue;
    const node = nodeOf[v];
    const kind = kinds[i];

    const target = kind === JAK ? pdl1Jak[node] : pdl1Presenting[node];
    const pdl1 = pdl1s[i] + (target - pdl1s[i]) * pdl1Relax;
    pdl1s[i] = pdl1;

    // CD8 killing: the capacity around this voxel × this cell's MHC-I × (1 − its PD-1/LAG-3 co-inhibition).
    let pDie = pOther;
    let kill = 0;
    const base = killBase[v];
    if (base > 0) {
      const mhc = kind === JAK ? mhcJak[node] : kind === B2M ? b2mResidualMhc * mhcPresenting[node] : mhcPresenting[node];
      if (mhc > 0) {
        kill = base * mhc * (1 - coinhibition(pd1Inhibition(pdl1, occPd1, pd1Half, pd1Hill), hLag3, synergy));
        tally.killRate += kill;
        pDie = eventProbability(kill + otherRate, dt);
      }
    }
    // One uniform decides death and, given survival, division ((u − pDie)/(1 − pDie) is uniform).
    const u = draw(rng);
    if (u < pDie) {
      if (u * (kill + otherRate) < pDie * kill) tally.kills++;
      else tally.otherDeaths++;
      tumorAt[v] = -1;
      release(tumor, i);
      continue;
    }
    const pDiv = kind === JAK ? divisionJak[node] : divisionIntact[node];
    if (u - pDie < pDiv * (1 - pDie)) {
      const to = daughterVoxel(w, v);
      if (to >= 0) {
        const d = allocate(tumor, to, w.step);
        if (d >= 0) {
          tumorAt[to] = d;
          let childKind = kind;
          if (kind === PRESENTING) {
            const m = draw(rng);
            if (m < muB2m) childKind = B2M;
            else if (m < muB2m + muJak) childKind = JAK;
          }
          kinds[d] = childKind;
          pdl1s[d] = pdl1;
          tally.divisions++;
        }
      }
    }

    // Sprouting and MDSC recruitment: disjoint ends of one uniform (exact marginals; both at once never).
    const e = draw(rng);
    if (e < sproutP[node]) sprout(w, pos[i]);
    else if (e >= 1 - recruit[node]) {
      const here = pos[i];
      if (w.immuneCount[here] < maxImmune) placeImmune(w, here, MDSC, 0);
    }
  }
}

/** A new vessel in a random Moore neighbour of v (or v itself) that has none. */
function sprout(w: AbmWorld, v: number): void {
  const G = w.G;
  const y = (v / G) | 0;
  const x = v - y * G;
  const start = (uniform(w.rng.vessel) * 9) | 0;
  for (let k = 0; k < 9; k++) {
    const d = (start + k) % 9;
    const nx = d === 8 ? x : x + MOORE_DX[d];
    const ny = d === 8 ? y : y + MOORE_DY[d];
    if (nx < 0 || ny < 0 || nx >= G || ny >= G) continue;
    const u = ny * G + nx;
    if (w.vesselAt[u] >= 0) continue;
    const s = allocate(w.vessels, u, w.step);
    if (s < 0) return;
    w.vesselAt[u] = s;
    w.vessels.quality[s] = w.nodes.vesselTarget[w.grid.nodeOfVoxel[u]];
    return;
  }
}
