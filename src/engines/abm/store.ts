/**
 * Agent storage as struct-of-arrays: one typed array per attribute, slots
 * reused through a free-list stack. Capacities are fixed at creation from
 * what the lattice can hold, so a run never allocates while stepping.
 */

/** Tumor clones (state index order of the model). */
export const PRESENTING = 0;
export const B2M_LOSS = 1;
export const JAK_LOSS = 2;

/** Immune agent types. */
export const CD8 = 0;
export const TREG = 1;
export const MDSC = 2;

/** CD8 differentiation states. */
export const EFFECTOR = 0;
export const PROGENITOR = 1;
export const TERMINAL = 2;

interface Slots {
  readonly capacity: number;
  /** Voxel of each slot; −1 marks a free slot. */
  readonly pos: Int32Array;
  /** Step in which the slot's agent was born (newborns act from the next step). */
  readonly born: Int32Array;
  readonly free: Int32Array;
  freeTop: number;
  /** Slots ever used are [0, highWater). */
  highWater: number;
  count: number;
}

export interface TumorStore extends Slots {
  readonly kind: Uint8Array;
  /** PD-L1 relative to basal expression. */
  readonly pdl1: Float32Array;
}

export interface ImmuneStore extends Slots {
  readonly type: Uint8Array;
  /** CD8 state (EFFECTOR, PROGENITOR, TERMINAL); 0 for other types. */
  readonly state: Uint8Array;
}

export interface VesselStore extends Slots {
  /** Vessel function q (1 = normal). */
  readonly quality: Float32Array;
}

function slots(capacity: number): Slots {
  return { capacity, pos: new Int32Array(capacity).fill(-1), born: new Int32Array(capacity), free: new Int32Array(capacity), freeTop: 0, highWater: 0, count: 0 };
}

export function createTumorStore(capacity: number): TumorStore {
  return { ...slots(capacity), kind: new Uint8Array(capacity), pdl1: new Float32Array(capacity) };
}

export function createImmuneStore(capacity: number): ImmuneStore {
  return { ...slots(capacity), type: new Uint8Array(capacity), state: new Uint8Array(capacity) };
}

export function createVesselStore(capacity: number): VesselStore {
  return { ...slots(capacity), quality: new Float32Array(capacity) };
}

/** A free slot placed at voxel `pos`, born in step `step`, or −1 when the store is full. */
export function allocate(s: Slots, pos: number, step: number): number {
  let i: number;
  if (s.freeTop > 0) i = s.free[--s.freeTop];
  else if (s.highWater < s.capacity) i = s.highWater++;
  else return -1;
  s.pos[i] = pos;
  s.born[i] = step;
  s.count++;
  return i;
}

export function release(s: Slots, i: number): void {
  s.pos[i] = -1;
  s.free[s.freeTop++] = i;
  s.count--;
}

/** Writes the live slots into `order` (ascending) and returns how many. */
export function liveSlots(s: Slots, order: Int32Array): number {
  let n = 0;
  const pos = s.pos;
  for (let i = 0; i < s.highWater; i++) if (pos[i] >= 0) order[n++] = i;
  return n;
}
