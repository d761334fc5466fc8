/**
 * Square lattice helpers: voxel indexing (v = y·G + x), the Moore
 * neighbourhood, and summed-area tables so that the count of anything within
 * any Chebyshev radius (including the whole lattice) costs four reads.
 */

/** Moore neighbourhood offsets, in a fixed order (callers rotate the start at random). */
export const MOORE_DX = Int8Array.from([1, 1, 0, -1, -1, -1, 0, 1]);
export const MOORE_DY = Int8Array.from([0, 1, 1, 1, 0, -1, -1, -1]);

/**
 * Summed-area tables of several per-voxel quantities ("channels"),
 * interleaved so that one box query reads each corner's channels from
 * adjacent memory. Stored (G+1)×(G+1) with a zero first row and column.
 */
export interface ChannelSums {
  readonly size: number;
  readonly channels: number;
  /** Per-voxel values, cell[v·channels + c]; cleared and filled by the caller before `buildChannels`. */
  readonly cell: Float64Array;
  readonly table: Float64Array;
  /** Running row sums while building. */
  readonly row: Float64Array;
}

export function createChannelSums(size: number, channels: number): ChannelSums {
  return {
    size,
    channels,
    cell: new Float64Array(size * size * channels),
    table: new Float64Array((size + 1) * (size + 1) * channels),
    row: new Float64Array(channels),
  };
}

/** Builds the tables of channels [c0, c1) from `cell` (O(G²) per channel). */
export function buildChannels(b: ChannelSums, c0: number, c1: number): void {
  const g = b.size;
  const C = b.channels;
  const w = (g + 1) * C;
  const { cell, table, row } = b;
  for (let y = 0; y < g; y++) {
    for (let c = c0; c < c1; c++) row[c] = 0;
    let out = (y + 1) * w + C;
    let src = y * g * C;
    for (let x = 0; x < g; x++, out += C, src += C) {
      for (let c = c0; c < c1; c++) {
        row[c] += cell[src + c];
        table[out + c] = table[out - w + c] + row[c];
      }
    }
  }
}

/**
 * Offsets within a radius, grouped by squared distance (nearest first), for
 * the search of a free voxel. Within a group the caller starts at a random
 * member so that no direction is preferred.
 */
export interface Rings {
  readonly dx: Int16Array;
  readonly dy: Int16Array;
  /** Group g spans [start[g], start[g + 1]). */
  readonly start: Int32Array;
  readonly groups: number;
}

export function ringsWithin(radius: number): Rings {
  const offsets: [number, number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++) {
      const d2 = dx * dx + dy * dy;
      if (d2 > 0 && d2 <= radius * radius + radius) offsets.push([d2, dx, dy]);
    }
  // Sort by distance, then by angle: a fixed order that the random start rotates.
  offsets.sort((a, b) => a[0] - b[0] || Math.atan2(a[2], a[1]) - Math.atan2(b[2], b[1]));
  const starts: number[] = [];
  offsets.forEach((o, i) => {
    if (i === 0 || o[0] !== offsets[i - 1][0]) starts.push(i);
  });
  starts.push(offsets.length);
  return {
    dx: Int16Array.from(offsets.map((o) => o[1])),
    dy: Int16Array.from(offsets.map((o) => o[2])),
    start: Int32Array.from(starts),
    groups: starts.length - 1,
  };
}
