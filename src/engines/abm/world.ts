/**
 * The state of one agent-based run: lattice layers, agent stores, fields,
 * random streams, drug state and scratch buffers. Everything a run touches
 * lives here (no module-level state), so runs can share a process or a worker.
 */
import { rngFor, type Rng } from '../../analysis/random.js';
import { indexByName } from '../../model/types.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import type { CompiledSystem } from '../../simulation/system.js';
import { createDrugState, type DrugState } from './drugs.js';
import { createField, createFieldGrid, nodeVoxelCounts, type Field, type FieldGrid } from './fields.js';
import { createChannelSums, ringsWithin, type ChannelSums, type Rings } from './lattice.js';
import type { AbmOptions } from './options.js';
import { ABM_INPUTS, ABM_STATES, bindParameters, type AbmParameters } from './parameters.js';
import { createImmuneStore, createTumorStore, createVesselStore, type ImmuneStore, type TumorStore, type VesselStore } from './store.js';

/** O2 uptake rate of a tumor voxel: the unit of the O2 field's time scale (only D/uptake matters at steady state). */
export const O2_UPTAKE_PER_DAY = 1;
const UM2_PER_S_TO_PER_DAY = 86_400;

export interface AbmStreams {
  readonly init: Rng;
  readonly order: Rng;
  readonly tumor: Rng;
  readonly immune: Rng;
  readonly vessel: Rng;
  readonly entry: Rng;
}

/**
 * Neighbourhood sums (see neighbourhood.ts), as slots of `local`. Dense
 * quantities (one per tumor voxel) use summed-area tables; sparse ones
 * (immune cells) are stamped onto a per-voxel "within reach" array.
 */
export const CH = {
  /** Tumor cells able to present: presenting + JAK-loss + residual-MHC share of B2M-loss. */
  withMhc: 0,
  /** Tissue voxels: 1 with a tumor cell, stromaSinkWeight without. */
  tissue: 1,
  /** MHC-weighted tumor cells (what T cells see); built after the fields. */
  visible: 2,
  /** MHC × PD-L1 weighted tumor cells (PD-L1 met while engaging antigen); built after the fields. */
  visiblePdl1: 3,
  tcells: 4,
  effectors: 5,
  /** Effectors + φP·progenitors + φX·terminal cells. */
  killers: 6,
  tregs: 7,
  mdscs: 8,
} as const;
export const N_CHANNELS = 9;
export const N_DENSE = 4;
export const N_SPARSE = 5;

/** Per-node values derived from the fields once per step. */
export interface NodeSignals {
  readonly hypoxia: Float64Array;
  readonly ifnResponse: Float64Array;
  /** MHC-I of presenting cells and of JAK-loss cells. */
  readonly mhcPresenting: Float64Array;
  readonly mhcJak: Float64Array;
  readonly pdl1Presenting: Float64Array;
  readonly pdl1Jak: Float64Array;
  readonly angiogenicStimulus: Float64Array;
  readonly vesselTarget: Float64Array;
  readonly il2EffectorSignal: Float64Array;
  readonly il2TregSignal: Float64Array;
  /** Per-step probabilities for the cells at a node: division (JAK-intact, JAK-loss), sprouting, MDSC recruitment. */
  readonly divisionIntact: Float64Array;
  readonly divisionJak: Float64Array;
  readonly sprout: Float64Array;
  readonly recruit: Float64Array;
}

/** What happened in the last step (expected rates and realised events), for priming and outputs. */
export interface StepTally {
  /** Σ per-cell immune kill rates (1/day), agents. */
  killRate: number;
  /** Σ per-cell non-immune death rates (1/day), agents. */
  otherDeathRate: number;
  kills: number;
  otherDeaths: number;
  divisions: number;
  priming: number;
  infiltration: number;
  cd8Arrivals: number;
  tregArrivals: number;
  agentSteps: number;
}

export interface AbmWorld {
  readonly options: AbmOptions;
  readonly scenario: ResolvedScenario;
  readonly system: CompiledSystem;
  readonly p: AbmParameters;
  readonly G: number;
  readonly nVox: number;
  /** Cancer cells (and immune cells) each agent stands for. */
  readonly cellsPerAgent: number;
  /** Vascular capacity (mm³, lesion units) each vessel agent stands for. */
  readonly capacityPerVessel: number;
  /** O2 secretion per vessel per unit vessel function (supply-index units × uptake rate). */
  readonly o2Source: number;
  /** Lesion-wide: every voxel is lesion tissue (scattered geometry). */
  readonly allLesion: boolean;

  readonly tumorAt: Int32Array;
  readonly vesselAt: Int32Array;
  readonly immuneCount: Uint8Array;
  readonly tumor: TumorStore;
  readonly immune: ImmuneStore;
  readonly vessels: VesselStore;
  readonly order: Int32Array;
  /** Scratch for the tile order of the tumor update. */
  readonly tileOrder: Int32Array;
  readonly cumulative: Float64Array;
  /** Per-voxel CD8 kill capacity of the step (before the target's own MHC-I and PD-L1). */
  readonly killBase: Float64Array;

  readonly grid: FieldGrid;
  /** Voxels per node and their inverse. */
  readonly nodeVoxels: Float64Array;
  readonly nodeVoxelsInverse: Float64Array;
  /** Tumor cells per node (filled while assembling the fields). */
  readonly nodeTumor: Float64Array;
  readonly o2: Field;
  readonly ifn: Field;
  readonly il2: Field;
  readonly vegf: Field;
  /** The four fields, in a fixed order (O2, IFN-γ, IL-2, VEGF). */
  readonly fields: readonly Field[];
  readonly nodes: NodeSignals;
  /** Scratch for the field solver (two values per node). */
  readonly fieldScratch: Float64Array;
  /** Summed-area tables of the dense channels. */
  readonly dense: ChannelSums;
  /** Sparse channels within reach of each voxel, reach[v·N_SPARSE + (slot − N_DENSE)]. */
  readonly reach: Float64Array;
  /** Summed-area tables of the sparse channels, used instead of stamping when the reach is wide. */
  readonly sparse: ChannelSums | null;
  /** Every neighbourhood is the whole lattice (interaction radius ≥ grid size − 1). */
  readonly global: boolean;
  /** Lattice totals of every channel (slots CH.*) when `global`. */
  readonly totals: Float64Array;
  /** Scratch for one neighbourhood: its box and the channel sums over it. */
  readonly box: Int32Array;
  readonly local: Float64Array;
  readonly rings: Rings;
  readonly rng: AbmStreams;

  readonly drugs: DrugState;
  /** Time-averaged model inputs over the current step. */
  readonly inputs: Float64Array;
  readonly inputSlot: { readonly [K in keyof typeof ABM_INPUTS]: number };
  /** Model state slots of the mapped populations (for the initial state). */
  readonly stateSlot: { readonly [K in keyof typeof ABM_STATES]: number };

  /** Tumor centre of mass (x, y), updated each step. */
  readonly centre: Float64Array;
  t: number;
  step: number;
  readonly tally: StepTally;
}

/** Stamping each immune cell onto its neighbourhood beats summed-area tables for narrow reaches. */
export function stampsAreCheap(radius: number): boolean {
  return (2 * radius + 1) ** 2 <= 121;
}

function slotsByName<T extends Record<string, string>>(
  names: T,
  index: Readonly<Record<string, number>>,
  what: string,
): { readonly [K in keyof T]: number } {
  const out = {} as { [K in keyof T]: number };
  for (const key of Object.keys(names) as (keyof T)[]) {
    const slot = index[names[key]];
    if (slot === undefined) throw new Error(`agent-based engine: the model has no ${what} "${names[key]}"`);
    out[key] = slot;
  }
  return out;
}

export function emptyTally(): StepTally {
  return { killRate: 0, otherDeathRate: 0, kills: 0, otherDeaths: 0, divisions: 0, priming: 0, infiltration: 0, cd8Arrivals: 0, tregArrivals: 0, agentSteps: 0 };
}

/**
 * Allocates a world for a scenario. Populations are placed by `populate`
 * (init.ts); this only sizes everything and binds parameters and streams.
 */
export function allocateWorld(
  scenario: ResolvedScenario,
  system: CompiledSystem,
  options: AbmOptions,
  lesionCells0: number,
  capacity0_mm3: number,
): AbmWorld {
  const G = options.gridSize;
  const nVox = G * G;
  const p = bindParameters(system.parameters);
  const cellsPerAgent = lesionCells0 / options.initialTumorAgents;
  if (!(cellsPerAgent > 0)) throw new Error('agent-based engine: the initial lesion has no cancer cells');
  const vesselsAtStart = options.initialTumorAgents * options.vesselDensity;
  const capacityPerVessel = vesselsAtStart > 0 ? capacity0_mm3 / vesselsAtStart : 0;
  // A well-mixed lattice with this source has O2 = Σ q·k_v / (N·scale·v_cell) = q·K/V, the ODE's supply index.
  const o2Source = O2_UPTAKE_PER_DAY * capacityPerVessel / (cellsPerAgent * p.cellVolume);

  const grid = createFieldGrid(G, options.fieldCoarsening, options.voxel_um);
  const o2Diffusivity = options.o2DiffusionLength_um ** 2 * O2_UPTAKE_PER_DAY;
  const immuneCapacity = nVox * options.maxImmunePerVoxel;
  const n = grid.n;
  const seed = scenario.seed;
  const stream = (purpose: string) => rngFor(seed, 'abm', purpose);

  const o2 = createField('o2', grid, o2Diffusivity);
  const ifn = createField('ifn_gamma', grid, options.ifnDiffusivity_um2_per_s * UM2_PER_S_TO_PER_DAY);
  const il2 = createField('il2', grid, options.il2Diffusivity_um2_per_s * UM2_PER_S_TO_PER_DAY);
  const vegf = createField('vegf', grid, options.vegfDiffusivity_um2_per_s * UM2_PER_S_TO_PER_DAY);
  return {
    options,
    scenario,
    system,
    p,
    G,
    nVox,
    cellsPerAgent,
    capacityPerVessel,
    o2Source,
    allLesion: options.geometry === 'scattered',
    tumorAt: new Int32Array(nVox).fill(-1),
    vesselAt: new Int32Array(nVox).fill(-1),
    immuneCount: new Uint8Array(nVox),
    tumor: createTumorStore(nVox),
    immune: createImmuneStore(immuneCapacity),
    vessels: createVesselStore(nVox),
    order: new Int32Array(Math.max(nVox, immuneCapacity)),
    tileOrder: new Int32Array(Math.ceil(G / 8) ** 2),
    cumulative: new Float64Array(nVox),
    killBase: new Float64Array(nVox),
    grid,
    nodeVoxels: nodeVoxelCounts(grid, G),
    nodeVoxelsInverse: nodeVoxelCounts(grid, G).map((c) => 1 / c),
    nodeTumor: new Float64Array(grid.n),
    o2,
    ifn,
    il2,
    vegf,
    fields: [o2, ifn, il2, vegf],
    nodes: {
      hypoxia: new Float64Array(n),
      ifnResponse: new Float64Array(n),
      mhcPresenting: new Float64Array(n),
      mhcJak: new Float64Array(n),
      pdl1Presenting: new Float64Array(n),
      pdl1Jak: new Float64Array(n),
      angiogenicStimulus: new Float64Array(n),
      vesselTarget: new Float64Array(n),
      il2EffectorSignal: new Float64Array(n),
      il2TregSignal: new Float64Array(n),
      divisionIntact: new Float64Array(n),
      divisionJak: new Float64Array(n),
      sprout: new Float64Array(n),
      recruit: new Float64Array(n),
    },
    fieldScratch: new Float64Array(2 * n),
    dense: createChannelSums(G, N_DENSE),
    reach: new Float64Array(nVox * N_SPARSE),
    sparse: stampsAreCheap(options.interactionRadius) || options.interactionRadius >= G - 1 ? null : createChannelSums(G, N_SPARSE),
    global: options.interactionRadius >= G - 1,
    totals: new Float64Array(N_CHANNELS),
    box: new Int32Array(4),
    local: new Float64Array(N_CHANNELS),
    rings: ringsWithin(options.pushRadius),
    rng: {
      init: stream('init'),
      order: stream('order'),
      tumor: stream('tumor'),
      immune: stream('immune'),
      vessel: stream('vessel'),
      entry: stream('entry'),
    },
    drugs: createDrugState(system, scenario),
    inputs: new Float64Array(system.model.inputs.length),
    inputSlot: slotsByName(ABM_INPUTS, indexByName(system.model.inputs), 'input'),
    stateSlot: slotsByName(ABM_STATES, indexByName(system.model.states), 'state'),
    centre: Float64Array.of((G - 1) / 2, (G - 1) / 2),
    t: 0,
    // −1 while populating: agents placed at t = 0 act in step 0.
    step: -1,
    tally: emptyTally(),
  };
}
