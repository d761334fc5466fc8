/**
 * Diffusing signals on a node grid (blocks of f × f voxels) with no-flux
 * edges. Each field obeys, per node,
 *
 *     D/h² · Σ_neighbours (c_n − c) − W·c + S = 0
 *
 * (W: first-order uptake and decay, S: secretion, both averaged over the
 * node's voxels). Every field here relaxes in seconds (O2) to a few hours
 * (IFN-γ), at most the cell step, so it is held at quasi-steady state, as
 * the ODE holds it: the equation is solved, not stepped in time. That sidesteps the
 * explicit-scheme limit D·Δt/h² ≤ 1/4 (for O2 at h = 40 µm it would need
 * Δt ≤ 0.2 s, ~10⁵ sub-steps per 6 h). The solver is red–black SOR, warm
 * started from the previous step: each update is a convex combination of
 * neighbours and sources (diagonally dominant M-matrix), so it is stable and
 * keeps c ≥ 0 for any D, W, S ≥ 0 and 0 < ω < 2. A global rescaling before
 * the sweeps enforces the exact balance Σ W·c = Σ S, which is the slowest
 * mode for long-range signals (IFN-γ spreads ~0.6 mm).
 */

export interface FieldGrid {
  /** Nodes per side and in total. */
  readonly side: number;
  readonly n: number;
  readonly coarsening: number;
  /** Node of each voxel. */
  readonly nodeOfVoxel: Int32Array;
  /** Node edge (µm). */
  readonly spacing_um: number;
}

export function createFieldGrid(gridSize: number, coarsening: number, voxel_um: number): FieldGrid {
  const side = Math.ceil(gridSize / coarsening);
  const nodeOfVoxel = new Int32Array(gridSize * gridSize);
  for (let y = 0; y < gridSize; y++)
    for (let x = 0; x < gridSize; x++) nodeOfVoxel[y * gridSize + x] = ((y / coarsening) | 0) * side + ((x / coarsening) | 0);
  return { side, n: side * side, coarsening, nodeOfVoxel, spacing_um: coarsening * voxel_um };
}

export interface Field {
  readonly name: string;
  readonly value: Float64Array;
  /** Secretion per node (concentration/day), averaged over its voxels; filled each step. */
  readonly source: Float64Array;
  /** Uptake/decay rate per node (1/day), averaged over its voxels; filled each step. */
  readonly sink: Float64Array;
  /** D/h² (1/day). */
  readonly coupling: number;
}

export function createField(name: string, grid: FieldGrid, diffusivity_um2_per_day: number): Field {
  return {
    name,
    value: new Float64Array(grid.n),
    source: new Float64Array(grid.n),
    sink: new Float64Array(grid.n),
    coupling: diffusivity_um2_per_day / (grid.spacing_um * grid.spacing_um),
  };
}

/** Divides accumulated per-voxel sums by the voxels per node (edge nodes may hold fewer). */
export function nodeVoxelCounts(grid: FieldGrid, gridSize: number): Float64Array {
  const counts = new Float64Array(grid.n);
  for (let v = 0; v < gridSize * gridSize; v++) counts[grid.nodeOfVoxel[v]] += 1;
  return counts;
}

/** Rescales the field so that total uptake equals total secretion. */
export function enforceBalance(field: Field): void {
  const { value, source, sink } = field;
  let supply = 0;
  let uptake = 0;
  for (let i = 0; i < value.length; i++) {
    supply += source[i];
    uptake += sink[i] * value[i];
  }
  if (uptake > 0 && supply > 0) {
    const f = supply / uptake;
    for (let i = 0; i < value.length; i++) value[i] *= f;
  } else if (supply > 0) {
    // Nothing to rescale from (a zero start): begin from the uniform solution.
    let sinkTotal = 0;
    for (let i = 0; i < sink.length; i++) sinkTotal += sink[i];
    if (sinkTotal > 0) value.fill(supply / sinkTotal);
  } else {
    value.fill(0);
  }
}

/** The infinite-diffusion limit: one uniform value, total secretion over total uptake. */
export function uniformSolution(field: Field): void {
  let supply = 0;
  let sinkTotal = 0;
  for (let i = 0; i < field.value.length; i++) {
    supply += field.source[i];
    sinkTotal += field.sink[i];
  }
  field.value.fill(sinkTotal > 0 ? supply / sinkTotal : 0);
}

/** Over-relaxation factor from the Jacobi spectral radius of the mean problem (capped below 2). */
export function sorFactor(field: Field, side: number): number {
  let sinkTotal = 0;
  for (let i = 0; i < field.sink.length; i++) sinkTotal += field.sink[i];
  const meanSink = sinkTotal / field.sink.length;
  const a = 4 * field.coupling;
  const rho = (a * Math.cos(Math.PI / side)) / (a + meanSink);
  const omega = 2 / (1 + Math.sqrt(Math.max(0, 1 - rho * rho)));
  return Math.min(omega, 1.95);
}

/** SOR update of a node on the lattice edge (fewer neighbours, no-flux). */
function relaxEdge(c: Float64Array, s: Float64Array, w: Float64Array, a: number, side: number, omega: number, i: number, x: number, y: number): void {
  const last = side - 1;
  let sum = 0;
  let nn = 0;
  if (x > 0) { sum += c[i - 1]; nn++; }
  if (x < last) { sum += c[i + 1]; nn++; }
  if (y > 0) { sum += c[i - side]; nn++; }
  if (y < last) { sum += c[i + side]; nn++; }
  const denom = w[i] + a * nn;
  if (!(denom > 0)) return;
  const next = c[i] + omega * ((s[i] + a * sum) / denom - c[i]);
  c[i] = next > 0 ? next : 0;
}

/**
 * `sweeps` red–black SOR sweeps in place. The update of node i is
 * c_i ← c_i + ω·((S_i + a·Σ c_n)/(W_i + a·n_i) − c_i); interior nodes (four
 * neighbours) take a branch-free path with precomputed 1/(W_i + 4a).
 */
export function relax(field: Field, side: number, sweeps: number, omega: number, scratch: Float64Array): void {
  const c = field.value;
  const s = field.source;
  const w = field.sink;
  const a = field.coupling;
  const last = side - 1;
  // Interior update c ← (1 − ω)c + ω·S/(W + 4a) + ω·a/(W + 4a)·Σ c_n: precompute both factors.
  const n = c.length;
  const fixed = scratch;
  for (let i = 0; i < n; i++) {
    const d = w[i] + 4 * a;
    const inv = d > 0 ? omega / d : 0;
    fixed[i] = s[i] * inv;
    fixed[n + i] = a * inv;
  }
  const keep = 1 - omega;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let color = 0; color < 2; color++) {
      for (let y = 0; y < side; y++) {
        const row = y * side;
        const first = (y + color) & 1;
        if (y === 0 || y === last || side < 3) {
          for (let x = first; x < side; x += 2) relaxEdge(c, s, w, a, side, omega, row + x, x, y);
          continue;
        }
        if (first === 0) relaxEdge(c, s, w, a, side, omega, row, 0, y);
        const x0 = first === 0 ? 2 : 1;
        for (let x = x0; x < last; x += 2) {
          const i = row + x;
          const next = keep * c[i] + fixed[i] + fixed[n + i] * (c[i - 1] + c[i + 1] + c[i - side] + c[i + side]);
          c[i] = next > 0 ? next : 0;
        }
        if (((last - first) & 1) === 0) relaxEdge(c, s, w, a, side, omega, row + last, last, y);
      }
    }
  }
}

/** Largest |residual| over the lattice relative to the mean uptake, for tests and diagnostics. */
export function relativeResidual(field: Field, side: number): number {
  const c = field.value;
  let uptake = 0;
  for (let i = 0; i < c.length; i++) uptake += field.sink[i] * c[i];
  const scale = uptake / c.length + 1e-300;
  let maxResidual = 0;
  const last = side - 1;
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const i = y * side + x;
      let lap = 0;
      if (x > 0) lap += c[i - 1] - c[i];
      if (x < last) lap += c[i + 1] - c[i];
      if (y > 0) lap += c[i - side] - c[i];
      if (y < last) lap += c[i + side] - c[i];
      const r = field.coupling * lap - field.sink[i] * c[i] + field.source[i];
      maxResidual = Math.max(maxResidual, Math.abs(r) / scale);
    }
  return maxResidual;
}
