/**
 * Spatial readouts of a lattice: T-cell infiltration of the core versus the
 * margin, and clustering of antigen-loss cells. They take plain per-voxel
 * layers, so they work on a live world and on stored frames alike.
 */

/** Tumor layer codes: 0 none, 1 presenting, 2 B2M loss, 3 JAK loss. */
export const LAYER_NONE = 0;
export const LAYER_PRESENTING = 1;
export const LAYER_B2M = 2;
export const LAYER_JAK = 3;

export interface Infiltration {
  /** CD8 density (cells per voxel) in the core over that at the margin; NaN when the margin has none. */
  readonly index: number;
  readonly coreDensity: number;
  readonly marginDensity: number;
  /** Radius (voxels) of the disc with the tumor's cell count. */
  readonly radius: number;
}

/**
 * Core = within 0.5 R of the tumor's centroid, margin = 0.8 R–1.2 R, where R
 * is the radius of a disc of the tumor's area. Densities, not counts, so a
 * uniform infiltrate gives 1 and an excluded one gives ≪ 1.
 */
export function infiltrationIndex(size: number, tumor: Uint8Array, cd8: Uint8Array): Infiltration {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let v = 0; v < size * size; v++) {
    if (tumor[v] === LAYER_NONE) continue;
    const y = (v / size) | 0;
    n++;
    sx += v - y * size;
    sy += y;
  }
  if (n === 0) return { index: NaN, coreDensity: NaN, marginDensity: NaN, radius: 0 };
  const cx = sx / n;
  const cy = sy / n;
  const R = Math.sqrt(n / Math.PI);
  let coreCells = 0;
  let coreVoxels = 0;
  let marginCells = 0;
  let marginVoxels = 0;
  const core2 = 0.25 * R * R;
  const inner2 = 0.64 * R * R;
  const outer2 = 1.44 * R * R;
  for (let y = 0; y < size; y++) {
    const dy2 = (y - cy) * (y - cy);
    for (let x = 0; x < size; x++) {
      const d2 = (x - cx) * (x - cx) + dy2;
      const v = y * size + x;
      if (d2 < core2) {
        coreVoxels++;
        coreCells += cd8[v];
      } else if (d2 >= inner2 && d2 <= outer2) {
        marginVoxels++;
        marginCells += cd8[v];
      }
    }
  }
  const coreDensity = coreVoxels > 0 ? coreCells / coreVoxels : NaN;
  const marginDensity = marginVoxels > 0 ? marginCells / marginVoxels : NaN;
  return { index: marginDensity > 0 ? coreDensity / marginDensity : NaN, coreDensity, marginDensity, radius: R };
}

export interface LossClustering {
  readonly tumorCells: number;
  readonly lossCells: number;
  /** Mean, over antigen-loss cells, of the loss fraction among their tumor neighbours (Moore). */
  readonly sameTypeNeighbourFraction: number;
  /** What that fraction would be if loss were assigned at random: (L − 1)/(N − 1). */
  readonly randomExpectation: number;
  /** Observed over random (1 = no clustering). */
  readonly enrichment: number;
  /** 8-connected patches of antigen-loss cells. */
  readonly clusters: number;
  readonly meanClusterSize: number;
  readonly largestCluster: number;
}

/** Patch statistics of antigen-loss (B2M or JAK) cells. `scratch` needs size² entries. */
export function lossClustering(size: number, tumor: Uint8Array, scratch?: Int32Array): LossClustering {
  const nVox = size * size;
  const isLoss = (v: number) => tumor[v] === LAYER_B2M || tumor[v] === LAYER_JAK;
  let tumorCells = 0;
  let lossCells = 0;
  let fractionSum = 0;
  for (let v = 0; v < nVox; v++) {
    if (tumor[v] === LAYER_NONE) continue;
    tumorCells++;
    if (!isLoss(v)) continue;
    lossCells++;
    const y = (v / size) | 0;
    const x = v - y * size;
    let neighbours = 0;
    let same = 0;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        if (dx === 0 && dy === 0) continue;
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= size || ny >= size) continue;
        const u = ny * size + nx;
        if (tumor[u] === LAYER_NONE) continue;
        neighbours++;
        if (isLoss(u)) same++;
      }
    if (neighbours > 0) fractionSum += same / neighbours;
  }
  const observed = lossCells > 0 ? fractionSum / lossCells : NaN;
  const expected = tumorCells > 1 ? (lossCells - 1) / (tumorCells - 1) : NaN;

  // Connected components (8-neighbour) by depth-first search with an explicit stack.
  const label = scratch ?? new Int32Array(nVox);
  label.fill(0, 0, nVox);
  const stack = new Int32Array(Math.max(1, lossCells));
  let clusters = 0;
  let largest = 0;
  for (let v = 0; v < nVox; v++) {
    if (!isLoss(v) || label[v] !== 0) continue;
    clusters++;
    let top = 0;
    let size_ = 0;
    stack[top++] = v;
    label[v] = clusters;
    while (top > 0) {
      const u = stack[--top];
      size_++;
      const y = (u / size) | 0;
      const x = u - y * size;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= size || ny >= size) continue;
          const z = ny * size + nx;
          if (label[z] === 0 && isLoss(z)) {
            label[z] = clusters;
            stack[top++] = z;
          }
        }
    }
    if (size_ > largest) largest = size_;
  }
  return {
    tumorCells,
    lossCells,
    sameTypeNeighbourFraction: observed,
    randomExpectation: expected,
    enrichment: expected > 0 ? observed / expected : NaN,
    clusters,
    meanClusterSize: clusters > 0 ? lossCells / clusters : 0,
    largestCluster: largest,
  };
}
