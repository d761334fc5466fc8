/**
 * Neighbourhood sums: what a cell has within the interaction radius (a
 * Chebyshev box, the whole lattice when well mixed). Counts are taken once
 * at the start of a step, so every cell of a phase sees the same state.
 *
 * Dense quantities (per tumor voxel) use summed-area tables: any box in four
 * reads. Immune cells are few, so for narrow reaches each one is stamped onto
 * the voxels within its reach (agents × (2r+1)² adds instead of G² prefix
 * sums per quantity); wide reaches fall back to summed-area tables.
 */
import { buildChannels } from './lattice.js';
import { B2M_LOSS, CD8, EFFECTOR, JAK_LOSS, MDSC, PROGENITOR, TREG } from './store.js';
import { CH, N_DENSE, N_SPARSE, type AbmWorld } from './world.js';

/** Chebyshev box of the interaction radius around voxel v, clamped; written into w.box as [x0, y0, x1, y1]. */
export function neighbourhood(w: AbmWorld, v: number): Int32Array {
  const G = w.G;
  const r = w.options.interactionRadius;
  const box = w.box;
  const y = (v / G) | 0;
  const x = v - y * G;
  box[0] = x > r ? x - r : 0;
  box[1] = y > r ? y - r : 0;
  box[2] = x + r < G ? x + r : G - 1;
  box[3] = y + r < G ? y + r : G - 1;
  return box;
}

/** Dense channels that do not depend on the fields (presenting cells, tissue), and every sparse channel. */
export function buildCounts(w: AbmWorld): void {
  if (w.global) return countTotals(w);
  const D = N_DENSE;
  const cell = w.dense.cell;
  const withMhc = CH.withMhc;
  const tissue = CH.tissue;
  const stroma = w.options.stromaSinkWeight;
  for (let v = 0; v < w.nVox; v++) {
    cell[v * D + withMhc] = 0;
    cell[v * D + tissue] = stroma;
  }
  const { pos, kind, highWater } = w.tumor;
  const b2mShare = w.p.b2mResidualMhc;
  const B2M = B2M_LOSS;
  for (let i = 0; i < highWater; i++) {
    const v = pos[i];
    if (v < 0) continue;
    cell[v * D + tissue] = 1;
    cell[v * D + withMhc] = kind[i] === B2M ? b2mShare : 1;
  }
  buildChannels(w.dense, withMhc, tissue + 1);
  if (w.sparse) sparseBySums(w);
  else sparseByStamps(w);
}

/** Sparse slot offsets (slot − N_DENSE) and weights of an immune agent. */
function stamp(w: AbmWorld, v: number, type: number, state: number, reach: Float64Array): void {
  const G = w.G;
  const S = N_SPARSE;
  const r = w.options.interactionRadius;
  const y = (v / G) | 0;
  const x = v - y * G;
  const x0 = x > r ? x - r : 0;
  const x1 = x + r < G ? x + r : G - 1;
  const y0 = y > r ? y - r : 0;
  const y1 = y + r < G ? y + r : G - 1;
  let a = -1;
  let b = -1;
  let c = -1;
  let wc = 1;
  if (type === CD8) {
    a = CH.tcells - N_DENSE;
    c = CH.killers - N_DENSE;
    if (state === EFFECTOR) b = CH.effectors - N_DENSE;
    else wc = state === PROGENITOR ? w.p.phiP : w.p.phiX;
  } else a = (type === TREG ? CH.tregs : CH.mdscs) - N_DENSE;
  for (let yy = y0; yy <= y1; yy++) {
    let o = (yy * G + x0) * S;
    for (let xx = x0; xx <= x1; xx++, o += S) {
      reach[o + a] += 1;
      if (b >= 0) reach[o + b] += 1;
      if (c >= 0) reach[o + c] += wc;
    }
  }
}

function sparseByStamps(w: AbmWorld): void {
  const reach = w.reach;
  reach.fill(0);
  const im = w.immune;
  for (let i = 0; i < im.highWater; i++) {
    const v = im.pos[i];
    if (v >= 0) stamp(w, v, im.type[i], im.state[i], reach);
  }
}

/** Wide reach (up to the whole lattice): per-voxel counts, summed-area tables, then each voxel's box. */
function sparseBySums(w: AbmWorld): void {
  const sums = w.sparse!;
  const S = N_SPARSE;
  const cell = sums.cell;
  cell.fill(0);
  const im = w.immune;
  const { phiP, phiX } = w.p;
  for (let i = 0; i < im.highWater; i++) {
    const v = im.pos[i];
    if (v < 0) continue;
    const o = v * S - N_DENSE;
    const type = im.type[i];
    if (type === CD8) {
      cell[o + CH.tcells] += 1;
      const s = im.state[i];
      if (s === EFFECTOR) {
        cell[o + CH.effectors] += 1;
        cell[o + CH.killers] += 1;
      } else cell[o + CH.killers] += s === PROGENITOR ? phiP : phiX;
    } else if (type === TREG) cell[o + CH.tregs] += 1;
    else if (type === MDSC) cell[o + CH.mdscs] += 1;
  }
  buildChannels(sums, 0, S);
  const t = sums.table;
  const wd = (w.G + 1) * S;
  const reach = w.reach;
  for (let v = 0; v < w.nVox; v++) {
    const box = neighbourhood(w, v);
    const a = (box[3] + 1) * wd + (box[2] + 1) * S;
    const b = box[1] * wd + (box[2] + 1) * S;
    const c = (box[3] + 1) * wd + box[0] * S;
    const d = box[1] * wd + box[0] * S;
    for (let k = 0; k < S; k++) reach[v * S + k] = t[a + k] - t[b + k] - t[c + k] + t[d + k];
  }
}

/**
 * Every box is the whole lattice (well mixed): lattice totals, without
 * per-voxel tables.
 */
function countTotals(w: AbmWorld): void {
  const totals = w.totals;
  totals.fill(0);
  const { pos, kind, highWater } = w.tumor;
  let tumorVoxels = 0;
  for (let i = 0; i < highWater; i++) {
    if (pos[i] < 0) continue;
    tumorVoxels++;
    totals[CH.withMhc] += kind[i] === B2M_LOSS ? w.p.b2mResidualMhc : 1;
  }
  totals[CH.tissue] = tumorVoxels + w.options.stromaSinkWeight * (w.nVox - tumorVoxels);
  const im = w.immune;
  for (let i = 0; i < im.highWater; i++) {
    if (im.pos[i] < 0) continue;
    const type = im.type[i];
    if (type === CD8) {
      totals[CH.tcells] += 1;
      const s = im.state[i];
      if (s === EFFECTOR) {
        totals[CH.effectors] += 1;
        totals[CH.killers] += 1;
      } else totals[CH.killers] += s === PROGENITOR ? w.p.phiP : w.p.phiX;
    } else if (type === TREG) totals[CH.tregs] += 1;
    else if (type === MDSC) totals[CH.mdscs] += 1;
  }
}

/** Visible and PD-L1-weighted tumor cells (after the fields: MHC-I follows the IFN-γ response). */
export function buildVisibility(w: AbmWorld): void {
  const D = N_DENSE;
  const { mhcJak, mhcPresenting } = w.nodes;
  const b2mShare = w.p.b2mResidualMhc;
  const B2M = B2M_LOSS;
  const JAK = JAK_LOSS;
  const cell = w.dense.cell;
  const visible = CH.visible;
  const visiblePdl1 = CH.visiblePdl1;
  const t = w.tumor;
  const nodeOf = w.grid.nodeOfVoxel;
  if (w.global) {
    let sum = 0;
    let sumPdl1 = 0;
    for (let i = 0; i < t.highWater; i++) {
      const v = t.pos[i];
      if (v < 0) continue;
      const node = nodeOf[v];
      const kind = t.kind[i];
      const m = kind === JAK ? mhcJak[node] : kind === B2M ? b2mShare * mhcPresenting[node] : mhcPresenting[node];
      sum += m;
      sumPdl1 += m * t.pdl1[i];
    }
    w.totals[visible] = sum;
    w.totals[visiblePdl1] = sumPdl1;
    return;
  }
  for (let v = 0; v < w.nVox; v++) {
    cell[v * D + visible] = 0;
    cell[v * D + visiblePdl1] = 0;
  }
  for (let i = 0; i < t.highWater; i++) {
    const v = t.pos[i];
    if (v < 0) continue;
    const node = nodeOf[v];
    const kind = t.kind[i];
    const m = kind === JAK ? mhcJak[node] : kind === B2M ? b2mShare * mhcPresenting[node] : mhcPresenting[node];
    cell[v * D + visible] = m;
    cell[v * D + visiblePdl1] = m * t.pdl1[i];
  }
  buildChannels(w.dense, visible, visiblePdl1 + 1);
}

/** Every channel around voxel v (slots CH.*); read it before the next call. */
export function localSums(w: AbmWorld, v: number): Float64Array {
  if (w.global) return w.totals;
  const local = w.local;
  const D = N_DENSE;
  const S = N_SPARSE;
  const box = neighbourhood(w, v);
  // Dense: four corners of the summed-area table.
  const t = w.dense.table;
  const wd = (w.G + 1) * D;
  const a = (box[3] + 1) * wd + (box[2] + 1) * D;
  const b = box[1] * wd + (box[2] + 1) * D;
  const c = (box[3] + 1) * wd + box[0] * D;
  const d = box[1] * wd + box[0] * D;
  for (let k = 0; k < D; k++) local[k] = t[a + k] - t[b + k] - t[c + k] + t[d + k];
  // Sparse: what is within reach of this voxel.
  const o = v * S;
  const reach = w.reach;
  for (let k = 0; k < S; k++) local[D + k] = reach[o + k];
  return local;
}
