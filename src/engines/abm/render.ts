/**
 * Pictures of lattice frames (pure functions, no I/O): a colour per voxel
 * (cell type and state), and O2 contour lines from the field nodes by
 * marching squares. writeAbmSnapshots (snapshots.ts) puts them in files.
 */
import { FRAME_HYPOXIC, FRAME_IMMUNE_SHIFT, FRAME_VESSEL, type AbmFrame } from './observe.js';

export interface PaletteEntry {
  readonly label: string;
  readonly color: readonly [number, number, number];
}

/** Colours, in drawing priority: immune cell on top, then vessel, then tumor cell, then empty stroma. */
export const PALETTE = {
  stroma: { label: 'stroma (no tumor cell)', color: [246, 242, 235] },
  vessel: { label: 'vessel', color: [200, 30, 45] },
  presenting: { label: 'tumor: antigen-presenting', color: [120, 150, 200] },
  presentingHypoxic: { label: 'tumor: antigen-presenting, hypoxic', color: [70, 90, 135] },
  b2m: { label: 'tumor: B2M loss', color: [245, 175, 60] },
  b2mHypoxic: { label: 'tumor: B2M loss, hypoxic', color: [175, 115, 25] },
  jak: { label: 'tumor: JAK loss', color: [175, 110, 200] },
  jakHypoxic: { label: 'tumor: JAK loss, hypoxic', color: [115, 60, 140] },
  effector: { label: 'CD8 effector', color: [20, 170, 60] },
  progenitor: { label: 'CD8 progenitor-exhausted', color: [150, 215, 60] },
  terminal: { label: 'CD8 terminally exhausted', color: [90, 90, 90] },
  treg: { label: 'Treg', color: [230, 60, 170] },
  mdsc: { label: 'MDSC', color: [110, 70, 30] },
} as const satisfies Record<string, PaletteEntry>;

const IMMUNE_ORDER = [undefined, PALETTE.effector, PALETTE.progenitor, PALETTE.terminal, PALETTE.treg, PALETTE.mdsc];
const TUMOR_ORDER = [
  [PALETTE.stroma, PALETTE.stroma],
  [PALETTE.presenting, PALETTE.presentingHypoxic],
  [PALETTE.b2m, PALETTE.b2mHypoxic],
  [PALETTE.jak, PALETTE.jakHypoxic],
] as const;

/** Colour of one frame byte. */
export function voxelColor(code: number): readonly [number, number, number] {
  const immune = code >> FRAME_IMMUNE_SHIFT;
  if (immune > 0 && immune < IMMUNE_ORDER.length) return IMMUNE_ORDER[immune]!.color;
  if (code & FRAME_VESSEL) return PALETTE.vessel.color;
  return TUMOR_ORDER[code & 3][code & FRAME_HYPOXIC ? 1 : 0].color;
}

/** RGB pixels of a frame, `scale` pixels per voxel. */
export function frameRgb(frame: AbmFrame, size: number, scale: number): Uint8Array {
  const width = size * scale;
  const rgb = new Uint8Array(width * width * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const [r, g, b] = voxelColor(frame.cells[y * size + x]);
      for (let dy = 0; dy < scale; dy++) {
        let o = ((y * scale + dy) * width + x * scale) * 3;
        for (let dx = 0; dx < scale; dx++, o += 3) {
          rgb[o] = r;
          rgb[o + 1] = g;
          rgb[o + 2] = b;
        }
      }
    }
  return rgb;
}

/**
 * Contour segments of a node field at `level` (marching squares with linear
 * interpolation), in node-centre coordinates: node (i, j) sits at (i + 0.5, j + 0.5).
 */
export function contourSegments(values: Float32Array, side: number, level: number): number[] {
  const segments: number[] = [];
  const at = (x: number, y: number) => values[y * side + x];
  const lerp = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let y = 0; y < side - 1; y++)
    for (let x = 0; x < side - 1; x++) {
      const a = at(x, y);
      const b = at(x + 1, y);
      const c = at(x + 1, y + 1);
      const d = at(x, y + 1);
      const index = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
      if (index === 0 || index === 15) continue;
      // Crossing points on the four cell edges: top (a–b), right (b–c), bottom (d–c), left (a–d).
      const top = [x + lerp(a, b), y];
      const right = [x + 1, y + lerp(b, c)];
      const bottom = [x + lerp(d, c), y + 1];
      const left = [x, y + lerp(a, d)];
      const pairs: number[][][] = [];
      switch (index) {
        case 1: case 14: pairs.push([left, top]); break;
        case 2: case 13: pairs.push([top, right]); break;
        case 3: case 12: pairs.push([left, right]); break;
        case 4: case 11: pairs.push([right, bottom]); break;
        case 6: case 9: pairs.push([top, bottom]); break;
        case 7: case 8: pairs.push([left, bottom]); break;
        case 5: pairs.push([left, top], [right, bottom]); break;
        case 10: pairs.push([top, right], [left, bottom]); break;
      }
      for (const [p, q] of pairs) segments.push(p[0] + 0.5, p[1] + 0.5, q[0] + 0.5, q[1] + 0.5);
    }
  return segments;
}
