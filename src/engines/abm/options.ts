/**
 * Settings of the agent-based engine, in canonical units (µm, days). The
 * scenario's optional `abm` section supplies any subset; the rest come from
 * the defaults below. Every default says where it comes from.
 */

/** Tumor layout at the start: a solid disc (spatial runs) or cells scattered over the whole lattice (well-mixed runs). */
export type AbmGeometry = 'disc' | 'scattered';

export interface AbmOptions {
  /** Voxels per side of the square lattice. */
  readonly gridSize: number;
  /** Voxel edge (µm); one tumor cell per voxel. */
  readonly voxel_um: number;
  /** Cell time step (days). */
  readonly dt_day: number;
  /** Tumor agents at t = 0; each stands for N_lesion(0)/initialTumorAgents cancer cells. */
  readonly initialTumorAgents: number;
  readonly geometry: AbmGeometry;
  /** Times (days) of the spatial snapshots (images). */
  readonly snapshotTimes_day: readonly number[];
  /** Spacing (days) of the animation frames; 0 = no frames besides snapshots. */
  readonly frameInterval_day: number;
  /** Field nodes are blocks of fieldCoarsening × fieldCoarsening voxels. */
  readonly fieldCoarsening: number;
  /** Red–black SOR sweeps per field per cell step (warm-started from the previous step). */
  readonly fieldSweeps: number;
  /** O2 penetration length sqrt(D/consumption) in tumor tissue (µm). */
  readonly o2DiffusionLength_um: number;
  /** Tissue diffusivities (µm²/s) of IFN-γ, IL-2 and the VEGF-like signal. */
  readonly ifnDiffusivity_um2_per_s: number;
  readonly il2Diffusivity_um2_per_s: number;
  readonly vegfDiffusivity_um2_per_s: number;
  /** Loss rate of the VEGF-like signal (1/day). */
  readonly vegfDecay_per_day: number;
  /** Uptake of IFN-γ, IL-2 and VEGF by a voxel without a tumor cell, relative to one with (0 = only the lesion's cells take them up). */
  readonly stromaSinkWeight: number;
  /** O2 consumption of a voxel without a tumor cell, relative to one with. */
  readonly stromaO2Uptake: number;
  /** Chebyshev radius (voxels) of the neighbourhood in which cells meet (contact within one step). */
  readonly interactionRadius: number;
  /** Lattice moves per step of CD8 T cells and Tregs, and of MDSCs. */
  readonly tcellMovesPerStep: number;
  readonly mdscMovesPerStep: number;
  /** Probability that a move is the better of two candidates (chemotaxis toward tumor cells, more so IFN-γ-stimulated ones: CXCL9/10). */
  readonly chemotaxis: number;
  /** Probability, times the MHC-I of the tumor cell it stands on, that a CD8 cell stops for the rest of the step (contact arrest). */
  readonly arrest: number;
  /** Immune agents (any type) a voxel can hold besides its tumor cell. */
  readonly maxImmunePerVoxel: number;
  /** A dividing tumor cell without a free neighbour pushes a chain of cells toward the nearest free voxel within this radius. */
  readonly pushRadius: number;
  /**
   * Failing that, push the cells on the ray from the tumor centre one voxel
   * outward (expansive growth, interior cells divide as in the ODE); false =
   * only cells near free space divide (rim-limited growth).
   */
  readonly outwardPush: boolean;
  /** Tumor vessels per tumor voxel at t = 0. */
  readonly vesselDensity: number;
  /** Host vessels per stroma voxel (disc geometry): normal tissue around the lesion, q = 1. */
  readonly hostVesselDensity: number;
  /** Host vessels within this distance (voxels) of the tumor edge admit T cells (peritumoral venules). */
  readonly entryBand: number;
  /** PD-L1 half-life on tumor cells (days). */
  readonly pdl1HalfLife_day: number;
  /** Movement-only steps after placing the initial infiltrate (lets it settle where arriving cells settle). */
  readonly initialMigrationSteps: number;
  /**
   * Mean-field limit: immune cells are re-scattered every step, every
   * interaction neighbourhood is the whole lattice and fields are uniform
   * (infinite diffusion). The ABM then samples the ODE's equations.
   */
  readonly wellMixed: boolean;
}

/** What a scenario may set (any subset). */
export type AbmScenarioOptions = Partial<AbmOptions>;

export const ABM_DEFAULTS: Omit<AbmOptions, 'initialTumorAgents' | 'snapshotTimes_day'> = {
  gridSize: 200,
  // spQSP-IO voxel and step (biology.md §2).
  voxel_um: 20,
  dt_day: 0.25,
  geometry: 'disc',
  frameInterval_day: 2,
  fieldCoarsening: 2,
  fieldSweeps: 8,
  // Thomlinson & Gray: viable rims of ~100–180 µm around vessels; O2 penetration ~100 µm in dense tumor.
  o2DiffusionLength_um: 100,
  // assumed: 1–3e-7 cm²/s, the tissue diffusivities of 15–45 kDa cytokines used in spatial QSP-IO models.
  ifnDiffusivity_um2_per_s: 16.5,
  il2Diffusivity_um2_per_s: 13.1,
  vegfDiffusivity_um2_per_s: 26.3,
  // biology.md §4: VEGF-like factors last about 1 h (t½ 1 h → 16.6/day; QSPIO-TNBC c_vas decay 16.6/day).
  vegfDecay_per_day: 16.6,
  // The ODE's loss rates of these signals already include their export from the lesion by diffusion
  // ("uptake, diffusion, degradation"), so stroma outside the lesion adds no further loss.
  stromaSinkWeight: 0,
  // assumed: normal tissue respires about as much per volume as tumor tissue; with host vessels at the
  // tumor's density and q = 1 it is then ~2× better oxygenated than the lesion.
  stromaO2Uptake: 1,
  // assumed: within a 6 h step a T cell meets the cells within ~60 µm (crawling several µm/min, confined).
  interactionRadius: 3,
  // assumed: 16 moves of 20 µm per 6 h ≈ motility coefficient 6 µm²/min, the low end for tumor-infiltrating T cells (arrest zones).
  tcellMovesPerStep: 16,
  mdscMovesPerStep: 2,
  // assumed: T cells follow chemokine cues on about half their moves and stop on most antigen contacts.
  chemotaxis: 0.5,
  arrest: 0.9,
  // assumed: a few lymphocytes fit beside a cancer cell in a 20 µm voxel.
  maxImmunePerVoxel: 4,
  // Local pushing first (cells next to free space), then expansive growth so the lesion grows as in the ODE.
  pushRadius: 3,
  outwardPush: true,
  // assumed: intervessel distance ~120 µm (6 voxels) in a perfused tumor.
  vesselDensity: 0.025,
  // assumed: the same intercapillary distance as in the lesion (~120 µm).
  hostVesselDensity: 0.025,
  // assumed: T cells leave the blood through venules within ~60 µm of the invasive margin.
  entryBand: 3,
  // spQSP-IO: PD-L1 half-life about 0.1 day (biology.md §2).
  pdl1HalfLife_day: 0.1,
  // Two days of movement for the initial infiltrate.
  initialMigrationSteps: 8,
  wellMixed: false,
};

/** Default snapshots: start, middle and end of the run. */
export function defaultSnapshotTimes(duration_day: number): number[] {
  return [0, Math.round(duration_day / 2), duration_day];
}

/** Fills defaults and checks ranges; throws with the offending field. */
export function resolveAbmOptions(input: AbmScenarioOptions | undefined, duration_day: number): AbmOptions {
  const given = input ?? {};
  const gridSize = given.gridSize ?? ABM_DEFAULTS.gridSize;
  const options: AbmOptions = {
    ...ABM_DEFAULTS,
    initialTumorAgents: Math.round(0.25 * gridSize * gridSize),
    snapshotTimes_day: defaultSnapshotTimes(duration_day),
    ...definedOnly(given),
  };
  check(options);
  return options;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function check(o: AbmOptions): void {
  const fail = (field: string, why: string, value: unknown) => {
    throw new RangeError(`abm.${field}: ${why}, got ${JSON.stringify(value)}`);
  };
  const int = (field: keyof AbmOptions, min: number, max: number) => {
    const v = o[field] as number;
    if (!Number.isInteger(v) || v < min || v > max) fail(field, `expected a whole number from ${min} to ${max}`, v);
  };
  const num = (field: keyof AbmOptions, min: number, max: number, open = false) => {
    const v = o[field] as number;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (open && v === min))
      fail(field, `expected a number ${open ? 'above' : 'from'} ${min}${Number.isFinite(max) ? ` to ${max}` : ''}`, v);
  };
  int('gridSize', 8, 4096);
  num('voxel_um', 0, 1000, true);
  num('dt_day', 0, 5, true);
  int('initialTumorAgents', 1, o.gridSize * o.gridSize);
  if (o.geometry !== 'disc' && o.geometry !== 'scattered') fail('geometry', 'expected "disc" or "scattered"', o.geometry);
  if (!Array.isArray(o.snapshotTimes_day) || o.snapshotTimes_day.some((t) => !(Number.isFinite(t) && t >= 0)))
    fail('snapshotTimes_day', 'expected a list of non-negative times', o.snapshotTimes_day);
  num('frameInterval_day', 0, Infinity);
  int('fieldCoarsening', 1, 16);
  int('fieldSweeps', 1, 10_000);
  num('o2DiffusionLength_um', 0, 1e6, true);
  num('ifnDiffusivity_um2_per_s', 0, 1e6, true);
  num('il2Diffusivity_um2_per_s', 0, 1e6, true);
  num('vegfDiffusivity_um2_per_s', 0, 1e6, true);
  num('vegfDecay_per_day', 0, 1e6, true);
  num('stromaSinkWeight', 0, 100);
  num('stromaO2Uptake', 0, 100);
  int('interactionRadius', 0, 4096);
  int('tcellMovesPerStep', 0, 10_000);
  int('mdscMovesPerStep', 0, 10_000);
  num('chemotaxis', 0, 1);
  num('arrest', 0, 1);
  int('maxImmunePerVoxel', 1, 255);
  int('pushRadius', 1, 64);
  if (typeof o.outwardPush !== 'boolean') fail('outwardPush', 'expected true or false', o.outwardPush);
  num('vesselDensity', 0, 1, true);
  num('hostVesselDensity', 0, 1);
  int('entryBand', 0, 4096);
  num('pdl1HalfLife_day', 0, 1e3, true);
  int('initialMigrationSteps', 0, 10_000);
  if (typeof o.wellMixed !== 'boolean') fail('wellMixed', 'expected true or false', o.wellMixed);
}

/**
 * The mean-field setting used to check the engine against the ODE: tumor
 * cells scattered over the lattice (space never limits division), only
 * lesion cells take up signals, infinite motility and contact range.
 */
export function wellMixedOptions(gridSize: number, initialTumorAgents: number): AbmScenarioOptions {
  return {
    gridSize,
    initialTumorAgents,
    geometry: 'scattered',
    wellMixed: true,
    stromaSinkWeight: 0,
    stromaO2Uptake: 0,
    interactionRadius: gridSize,
    // Fields are uniform: their grid resolution does not matter, only its cost.
    fieldCoarsening: 16,
    initialMigrationSteps: 0,
    frameInterval_day: 0,
    snapshotTimes_day: [],
  };
}
