/**
 * Seeded random streams keyed by strings.
 *
 * Every stream is a fresh xor4096 generator seeded from a key such as
 * "42|run=17|sample". Streams therefore depend only on (master seed, key), never
 * on how many numbers other streams drew, on run order or on the worker that
 * runs them. Nothing here touches Math.random.
 */
import seedrandom from 'seedrandom';

export type RngState = seedrandom.State.Xor4096;

export interface Rng {
  /** Uniform in [0, 1) with 53-bit resolution. */
  double(): number;
  /** Uniform signed 32-bit integer. */
  int32(): number;
  /** Snapshot that `rngFromState` restores exactly (for resuming a run). */
  state(): RngState;
}

export type SeedKeyPart = string | number;

/** The string a stream is seeded from: parts joined with "|". */
export function seedKey(masterSeed: number | string, ...key: SeedKeyPart[]): string {
  return [masterSeed, ...key].map(String).join('|');
}

/** A generator for the stream named by `key` under `masterSeed`. */
export function rngFor(masterSeed: number | string, ...key: SeedKeyPart[]): Rng {
  return seedrandom.xor4096(seedKey(masterSeed, ...key), { state: true });
}

/** Rebuild a generator from a `state()` snapshot; it continues exactly where the snapshot left off. */
export function rngFromState(state: RngState): Rng {
  return seedrandom.xor4096('', { state });
}

/**
 * Seed (unsigned 32-bit integer) for run `index`, derived from the master seed
 * alone. Use it to record per-run seeds; `rngFor(seed)` then rebuilds the run's stream.
 */
export function deriveSeed(masterSeed: number | string, index: number, purpose = 'run'): number {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`run index must be a non-negative integer, got ${index}`);
  return rngFor(masterSeed, `run=${index}`, purpose).int32() >>> 0;
}

/** Seeds for runs 0..count−1 (same values as calling deriveSeed one by one). */
export function deriveSeeds(masterSeed: number | string, count: number, purpose = 'run'): Uint32Array {
  const seeds = new Uint32Array(count);
  for (let i = 0; i < count; i++) seeds[i] = deriveSeed(masterSeed, i, purpose);
  return seeds;
}

/** Uniform in the open interval (0, 1): safe to feed an inverse CDF with unbounded support. */
export function openUnit(rng: Pick<Rng, 'double'>): number {
  let u = rng.double();
  while (u === 0) u = rng.double();
  return u;
}

/** Uniform integer in [0, n); bias is below n / 2^53, negligible for any design size. */
export function randomInt(rng: Pick<Rng, 'double'>, n: number): number {
  return Math.floor(rng.double() * n);
}

/** Fisher–Yates shuffle of 0..n−1. */
export function permutation(rng: Pick<Rng, 'double'>, n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
