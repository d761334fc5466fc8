/**
 * What a run reports: one row per output time with the ODE's column names
 * where they apply (counts in lesion units = agents × cells per agent, so
 * volume, diameter and RECIST read the same as for the ODE), a few
 * lattice-only columns, and frames of the lattice for images and animation.
 */
import { sphereDiameter } from '../../model/checkpoint/processes.js';
import type { ColumnSpec } from '../../simulation/system.js';
import { infiltrationIndex, lossClustering, LAYER_B2M, LAYER_JAK, LAYER_NONE, LAYER_PRESENTING } from './metrics.js';
import { ABM_STATES } from './parameters.js';
import { B2M_LOSS, CD8, EFFECTOR, JAK_LOSS, MDSC, PROGENITOR, TREG } from './store.js';
import { isLesionVoxel } from './vessels.js';
import type { AbmWorld } from './world.js';

/** Frame byte layout: bits 0–1 tumor layer, bit 2 hypoxic (>50%), bit 3 vessel, bits 4–6 top immune cell. */
export const FRAME_HYPOXIC = 4;
export const FRAME_VESSEL = 8;
export const FRAME_IMMUNE_SHIFT = 4;
/** Top immune code (priority in this order): 1 effector, 2 progenitor-exhausted, 3 terminal, 4 Treg, 5 MDSC. */
export const IMMUNE_CODES = ['none', 'cd8_effector', 'cd8_progenitor_exhausted', 'cd8_terminal_exhausted', 'treg', 'mdsc'] as const;

export interface AbmFrame {
  readonly t_day: number;
  /** One byte per voxel (layout above), row-major. */
  readonly cells: Uint8Array;
  /** CD8 T cells per voxel. */
  readonly cd8: Uint8Array;
  /** O2 supply index per field node (side = ceil(grid / coarsening)). */
  readonly o2: Float32Array;
  /** Taken at a requested snapshot time (images), not only for animation. */
  readonly snapshot: boolean;
}

const ABM_ONLY: readonly ColumnSpec[] = [
  { name: 'hypoxic_fraction', unit: 'fraction', description: 'Fraction of tumor cells whose local hypoxia level exceeds 0.5 (lattice)' },
  { name: 'infiltration_index', unit: '1', description: 'CD8 density within 0.5 R of the tumor centroid over that at the margin (0.8–1.2 R); 1 = uniform, ≪1 = excluded (lattice)' },
  { name: 'loss_neighbour_enrichment', unit: '1', description: 'Antigen-loss neighbours of antigen-loss cells relative to random placement; >1 = patches (lattice)' },
  { name: 'loss_mean_cluster_size', unit: 'agents', description: 'Mean size of 8-connected patches of antigen-loss cells (lattice)' },
  { name: 'tumor_agents', unit: 'agents', description: 'Tumor cell agents on the lattice' },
  { name: 'immune_agents', unit: 'agents', description: 'CD8, Treg and MDSC agents on the lattice' },
  { name: 'vessel_agents', unit: 'agents', description: 'Vessel agents on the lattice (lesion and host)' },
];

/** Readouts of the ODE that the lattice measures directly (units and meaning shared). */
const SHARED_READOUTS = [
  'tumor_volume',
  'lesion_diameter',
  'tumor_cells',
  'antigen_loss_fraction',
  'b2m_loss_fraction',
  'jak_loss_fraction',
  'hypoxia',
  'vegf_signal',
  'ifn_gamma',
  'ifn_response',
  'pdl1',
  'il2',
  'priming_rate',
  'infiltration',
  'immune_kill_rate',
  'cd8_total',
  'functional_effector_fraction',
  'terminal_exhausted_fraction',
  'cd8_treg_ratio',
] as const;

const FALLBACK_UNITS: Readonly<Record<string, string>> = {
  tumor_volume: 'mm^3', lesion_diameter: 'mm', tumor_cells: 'cells', priming_rate: 'cells/day', immune_kill_rate: '1/day', cd8_total: 'cells',
  ifn_gamma: 'ng/mL', il2: 'nM',
};

export interface ColumnLayout {
  readonly columns: readonly ColumnSpec[];
  /** Column of each shared readout / ABM-only readout by name. */
  readonly at: Readonly<Record<string, number>>;
  readonly stateColumns: readonly { readonly key: keyof typeof ABM_STATES; readonly column: number }[];
  readonly pkColumns: readonly { readonly state: number; readonly column: number }[];
  readonly drugColumns: readonly { readonly therapy: number; readonly column: number; readonly occupancy: boolean }[];
  /** Columns that describe the step that ended at the output time (NaN-free only after one step). */
  readonly stepColumns: readonly number[];
}

export function columnLayout(w: AbmWorld): ColumnLayout {
  const { system } = w;
  const columns: ColumnSpec[] = [];
  const at: Record<string, number> = {};
  const stateColumns: { key: keyof typeof ABM_STATES; column: number }[] = [];
  // Model states, in the model's order.
  const byName = new Map<string, keyof typeof ABM_STATES>(Object.entries(ABM_STATES).map(([k, v]) => [v, k as keyof typeof ABM_STATES]));
  const nModel = system.model.states.length;
  for (let i = 0; i < nModel; i++) {
    const key = byName.get(system.states[i].name);
    if (!key) continue;
    stateColumns.push({ key, column: columns.length });
    columns.push(system.states[i]);
  }
  // Drug compartments.
  const pkColumns: { state: number; column: number }[] = [];
  for (let i = nModel; i < system.states.length; i++) {
    pkColumns.push({ state: i, column: columns.length });
    columns.push(system.states[i]);
  }
  // Shared readouts.
  const readoutSpec = new Map(system.readouts.map((r) => [r.name, r]));
  for (const name of SHARED_READOUTS) {
    at[name] = columns.length;
    columns.push(readoutSpec.get(name) ?? { name, unit: FALLBACK_UNITS[name] ?? 'fraction', description: name.replace(/_/g, ' ') });
  }
  for (const spec of ABM_ONLY) {
    at[spec.name] = columns.length;
    columns.push(spec);
  }
  // Drug concentration and occupancy, as the ODE reports them.
  const drugColumns: { therapy: number; column: number; occupancy: boolean }[] = [];
  system.therapies.forEach((therapy, d) => {
    const concentration = readoutSpec.get(`${therapy.drug}.concentration`);
    if (concentration) {
      drugColumns.push({ therapy: d, column: columns.length, occupancy: false });
      columns.push(concentration);
    }
    const occupancy = therapy.occupancy && readoutSpec.get(`${therapy.drug}.${therapy.occupancy.target}_occupancy`);
    if (occupancy) {
      drugColumns.push({ therapy: d, column: columns.length, occupancy: true });
      columns.push(occupancy);
    }
  });
  return { columns, at, stateColumns, pkColumns, drugColumns, stepColumns: [at.priming_rate, at.infiltration, at.immune_kill_rate] };
}

/** Scratch layers for the spatial readouts, sized once per run. */
export interface ObserveScratch {
  readonly tumor: Uint8Array;
  readonly cd8: Uint8Array;
  readonly labels: Int32Array;
}

export function createObserveScratch(w: AbmWorld): ObserveScratch {
  return { tumor: new Uint8Array(w.nVox), cd8: new Uint8Array(w.nVox), labels: new Int32Array(w.nVox) };
}

function fillLayers(w: AbmWorld, s: ObserveScratch): void {
  s.tumor.fill(LAYER_NONE);
  s.cd8.fill(0);
  const t = w.tumor;
  for (let i = 0; i < t.highWater; i++) {
    const v = t.pos[i];
    if (v < 0) continue;
    const k = t.kind[i];
    s.tumor[v] = k === B2M_LOSS ? LAYER_B2M : k === JAK_LOSS ? LAYER_JAK : LAYER_PRESENTING;
  }
  const im = w.immune;
  for (let i = 0; i < im.highWater; i++) if (im.pos[i] >= 0 && im.type[i] === CD8) s.cd8[im.pos[i]]++;
}

/** Writes the row for the current time into `row` (length = columns). */
export function recordRow(w: AbmWorld, layout: ColumnLayout, scratch: ObserveScratch, row: Float64Array): void {
  const { p, nodes } = w;
  const scale = w.cellsPerAgent;
  const nodeOf = w.grid.nodeOfVoxel;
  const vegfInh = w.inputs[w.inputSlot.vegf];

  const kinds = [0, 0, 0];
  let hypSum = 0;
  let hypoxic = 0;
  let ifnSum = 0;
  let respSum = 0;
  let pdl1Sum = 0;
  let il2Sum = 0;
  let vegfSum = 0;
  const t = w.tumor;
  for (let i = 0; i < t.highWater; i++) {
    const v = t.pos[i];
    if (v < 0) continue;
    const node = nodeOf[v];
    const k = t.kind[i];
    kinds[k]++;
    const h = nodes.hypoxia[node];
    hypSum += h;
    if (h > 0.5) hypoxic++;
    ifnSum += w.ifn.value[node];
    respSum += nodes.ifnResponse[node];
    pdl1Sum += t.pdl1[i];
    il2Sum += w.il2.value[node];
    vegfSum += w.vegf.value[node] * (1 - vegfInh);
  }
  const N = kinds[0] + kinds[1] + kinds[2];
  const immune = [0, 0, 0, 0, 0]; // E, P, X, Treg, MDSC
  const im = w.immune;
  for (let i = 0; i < im.highWater; i++) {
    if (im.pos[i] < 0) continue;
    const type = im.type[i];
    if (type === CD8) immune[im.state[i]]++;
    else immune[type === TREG ? 3 : 4]++;
  }
  let lesionVessels = 0;
  let lesionQ = 0;
  const ves = w.vessels;
  for (let i = 0; i < ves.highWater; i++) {
    const v = ves.pos[i];
    if (v < 0 || !isLesionVoxel(w, v)) continue;
    lesionVessels++;
    lesionQ += ves.quality[i];
  }

  const state: Record<keyof typeof ABM_STATES, number> = {
    presenting: kinds[0] * scale,
    b2m: kinds[B2M_LOSS] * scale,
    jak: kinds[JAK_LOSS] * scale,
    capacity: lesionVessels * w.capacityPerVessel,
    vesselFunction: lesionVessels > 0 ? lesionQ / lesionVessels : NaN,
    effector: immune[EFFECTOR] * scale,
    progenitor: immune[PROGENITOR] * scale,
    terminal: immune[2] * scale,
    treg: immune[3] * scale,
    mdsc: immune[4] * scale,
  };
  for (const { key, column } of layout.stateColumns) row[column] = state[key];
  for (const { state: s, column } of layout.pkColumns) row[column] = w.drugs.y[s];

  const at = layout.at;
  const cells = N * scale;
  const volume = cells * p.cellVolume;
  const T = immune[0] + immune[1] + immune[2];
  const mean = (sum: number) => (N > 0 ? sum / N : NaN);
  row[at.tumor_volume] = volume;
  row[at.lesion_diameter] = sphereDiameter(volume);
  row[at.tumor_cells] = cells;
  row[at.antigen_loss_fraction] = N > 0 ? (kinds[1] + kinds[2]) / N : 0;
  row[at.b2m_loss_fraction] = N > 0 ? kinds[1] / N : 0;
  row[at.jak_loss_fraction] = N > 0 ? kinds[2] / N : 0;
  row[at.hypoxia] = mean(hypSum);
  row[at.vegf_signal] = mean(vegfSum);
  row[at.ifn_gamma] = mean(ifnSum);
  row[at.ifn_response] = mean(respSum);
  row[at.pdl1] = mean(pdl1Sum);
  row[at.il2] = mean(il2Sum);
  row[at.priming_rate] = w.tally.priming;
  row[at.infiltration] = w.tally.infiltration;
  row[at.immune_kill_rate] = N > 0 ? w.tally.killRate / N : 0;
  row[at.cd8_total] = T * scale;
  row[at.functional_effector_fraction] = T > 0 ? immune[0] / T : 0;
  row[at.terminal_exhausted_fraction] = T > 0 ? immune[2] / T : 0;
  row[at.cd8_treg_ratio] = immune[3] > 0 ? T / immune[3] : 0;

  fillLayers(w, scratch);
  row[at.hypoxic_fraction] = N > 0 ? hypoxic / N : 0;
  row[at.infiltration_index] = infiltrationIndex(w.G, scratch.tumor, scratch.cd8).index;
  const loss = lossClustering(w.G, scratch.tumor, scratch.labels);
  row[at.loss_neighbour_enrichment] = loss.enrichment;
  row[at.loss_mean_cluster_size] = loss.meanClusterSize;
  row[at.tumor_agents] = N;
  row[at.immune_agents] = im.count;
  row[at.vessel_agents] = ves.count;

  for (const { therapy, column, occupancy } of layout.drugColumns) {
    const th = w.system.therapies[therapy];
    const c = th.pk.concentration_nM(w.drugs.y, w.system.pkOffset[therapy]);
    row[column] = occupancy && th.occupancy ? th.occupancy.value(c) : c;
  }
}

/** A frame of the lattice as it is now. */
export function captureFrame(w: AbmWorld, snapshot: boolean): AbmFrame {
  const cells = new Uint8Array(w.nVox);
  const cd8 = new Uint8Array(w.nVox);
  const nodeOf = w.grid.nodeOfVoxel;
  const t = w.tumor;
  for (let i = 0; i < t.highWater; i++) {
    const v = t.pos[i];
    if (v < 0) continue;
    const k = t.kind[i];
    const layer = k === B2M_LOSS ? LAYER_B2M : k === JAK_LOSS ? LAYER_JAK : LAYER_PRESENTING;
    cells[v] = layer | (w.nodes.hypoxia[nodeOf[v]] > 0.5 ? FRAME_HYPOXIC : 0);
  }
  for (let i = 0; i < w.vessels.highWater; i++) {
    const v = w.vessels.pos[i];
    if (v >= 0) cells[v] |= FRAME_VESSEL;
  }
  const im = w.immune;
  for (let i = 0; i < im.highWater; i++) {
    const v = im.pos[i];
    if (v < 0) continue;
    const type = im.type[i];
    const code = type === CD8 ? 1 + im.state[i] : type === TREG ? 4 : type === MDSC ? 5 : 0;
    if (type === CD8) cd8[v]++;
    const current = cells[v] >> FRAME_IMMUNE_SHIFT;
    if (current === 0 || code < current) cells[v] = (cells[v] & 0x0f) | (code << FRAME_IMMUNE_SHIFT);
  }
  return { t_day: w.t, cells, cd8, o2: Float32Array.from(w.o2.value), snapshot };
}
