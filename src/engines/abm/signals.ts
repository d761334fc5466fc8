/**
 * The four diffusing fields, with the values the agent rules read from them. Sources and sinks
 * are the ODE's quasi-steady-state terms per cell, so a well-mixed lattice
 * gives the ODE's values exactly:
 *
 * - O2 (supply index ω): vessels secrete σ·q, tumor voxels take up O2 at
 *   rate 1; σ = k_v/(cells per agent · cell volume) makes uniform O2 = q·K/V.
 * - IFN-γ (ng/mL): each effector secretes ifn_secretion × its antigen
 *   encounter into the fluid volume of one agent; decay ifn_decay_rate per
 *   tissue voxel.
 * - IL-2 (nM): effectors produce il2_production per agent volume; decay
 *   il2_decay_rate per tissue voxel plus consumption by Tregs and effectors.
 * - VEGF-like signal (relative to a normoxic tumor): tumor cells secrete
 *   1 + a·hypoxia.
 */
import * as processes from '../../model/checkpoint/processes.js';
import { enforceBalance, relax, sorFactor, uniformSolution, type Field } from './fields.js';
import { localSums } from './neighbourhood.js';
import { CD8, EFFECTOR, TREG } from './store.js';
import { CH, type AbmWorld } from './world.js';

const { angiogenicStimulus, antigenEncounter, hypoxiaLevel, ifnResponse, il2Signal, mhcLevel, pdl1Level, vegfProduction, vesselFunctionTarget } = processes;

/**
 * Uptake by an immune agent spread over its node and the 8 around it: an
 * agent stands for many cells, and a point sink would mostly deplete the
 * signal the agent itself reads.
 */
function spreadSink(w: AbmWorld, field: Field, v: number, sink: number): void {
  const side = w.grid.side;
  const node = w.grid.nodeOfVoxel[v];
  const ny = (node / side) | 0;
  const nx = node - ny * side;
  const x0 = nx > 0 ? nx - 1 : 0;
  const x1 = nx < side - 1 ? nx + 1 : nx;
  const y0 = ny > 0 ? ny - 1 : 0;
  const y1 = ny < side - 1 ? ny + 1 : ny;
  const share = sink / ((x1 - x0 + 1) * (y1 - y0 + 1));
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) field.sink[y * side + x] += share;
}

/** Fills every field's sources and sinks from the agents (per-voxel values summed per node, then averaged). */
export function assembleFields(w: AbmWorld): void {
  const { o2, ifn, il2, vegf, p, options } = w;
  const fields = w.fields;
  for (let k = 0; k < fields.length; k++) {
    fields[k].source.fill(0);
    fields[k].sink.fill(0);
  }
  const stroma = options.stromaSinkWeight;
  const stromaO2 = options.stromaO2Uptake;
  const vegfDecay = options.vegfDecay_per_day;
  const nodeOf = w.grid.nodeOfVoxel;
  const hyp = w.nodes.hypoxia;
  const { ifnDecay, il2Decay, vegfHyp } = p;
  // Tumor cells: VEGF-like secretion driven by their hypoxia (last step's O2); count them per node.
  const perNode = w.nodeTumor;
  perNode.fill(0);
  const t = w.tumor;
  for (let i = 0; i < t.highWater; i++) {
    const v = t.pos[i];
    if (v < 0) continue;
    const node = nodeOf[v];
    perNode[node]++;
    vegf.source[node] += vegfDecay * vegfProduction(hyp[node], vegfHyp);
  }
  // Tissue uptake and decay: tumor voxels at full weight, the rest at the stroma weights.
  const voxels = w.nodeVoxels;
  for (let node = 0; node < perNode.length; node++) {
    const tumor = perNode[node];
    const rest = voxels[node] - tumor;
    o2.sink[node] += tumor + stromaO2 * rest;
    const weight = tumor + stroma * rest;
    ifn.sink[node] += weight * ifnDecay;
    il2.sink[node] += weight * il2Decay;
    vegf.sink[node] += weight * vegfDecay;
  }
  // Vessels: O2.
  const ves = w.vessels;
  for (let i = 0; i < ves.highWater; i++) {
    const v = ves.pos[i];
    if (v >= 0) o2.source[nodeOf[v]] += w.o2Source * ves.quality[i];
  }
  // Effectors secrete IFN-γ (when engaging antigen) and IL-2; Tregs and effectors consume IL-2.
  const im = w.immune;
  const ifnPerEngaged = p.ifnSec / (p.cellVolume * 1e-3);
  const il2Source = p.il2Prod / p.cellVolume;
  const consR = p.il2ConsR / p.cellVolume;
  const consE = p.il2ConsE / p.cellVolume;
  const T_CD8 = CD8;
  const T_TREG = TREG;
  const S_EFF = EFFECTOR;
  const WITH_MHC = CH.withMhc;
  const TCELLS = CH.tcells;
  for (let i = 0; i < im.highWater; i++) {
    const v = im.pos[i];
    if (v < 0) continue;
    const type = im.type[i];
    if (type === T_CD8 && im.state[i] === S_EFF) {
      const local = localSums(w, v);
      // T cells reach only the accessible share of the cells around them (as in the ODE).
      const enc = antigenEncounter(p.access * local[WITH_MHC], local[TCELLS], p.encSat);
      const node = nodeOf[v];
      ifn.source[node] += ifnPerEngaged * enc;
      il2.source[node] += il2Source;
      spreadSink(w, il2, v, consE);
    } else if (type === T_TREG) {
      spreadSink(w, il2, v, consR);
    }
  }
  // Per-voxel sums → per-area averages.
  const inverseCounts = w.nodeVoxelsInverse;
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k];
    for (let n = 0; n < inverseCounts.length; n++) {
      f.source[n] *= inverseCounts[n];
      f.sink[n] *= inverseCounts[n];
    }
  }
}

/**
 * Share of the sweeps each field gets (O2, IFN-γ, IL-2, VEGF). Measured
 * tracking error (L1, warm-started, 160×160 lattice) at 8 sweeps: O2 0.04%,
 * IFN-γ 6%, IL-2 6%, VEGF 0.4%; O2 and VEGF keep that with fewer.
 */
const SWEEP_SHARE = [0.75, 1, 1, 0.5];

/** Solves each field (or takes the uniform limit when well mixed). */
export function solveFields(w: AbmWorld, sweeps: number): void {
  const fields = w.fields;
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k];
    if (w.options.wellMixed) {
      uniformSolution(f);
      continue;
    }
    enforceBalance(f);
    relax(f, w.grid.side, Math.ceil(sweeps * SWEEP_SHARE[k]), sorFactor(f, w.grid.side), w.fieldScratch);
  }
}

/** Node values the rules read: hypoxia, IFN-γ response, MHC-I, PD-L1 targets, angiogenic stimulus, IL-2 signals. */
export function deriveNodeSignals(w: AbmWorld): void {
  const { p, nodes, inputs, inputSlot } = w;
  const vegfInh = inputs[inputSlot.vegf];
  const exoE = inputs[inputSlot.il2Effector];
  const exoR = inputs[inputSlot.il2Treg];
  const o2 = w.o2.value;
  const ifn = w.ifn.value;
  const il2 = w.il2.value;
  const vegf = w.vegf.value;
  for (let n = 0; n < w.grid.n; n++) {
    nodes.hypoxia[n] = hypoxiaLevel(o2[n], p.hypHalf, p.hypHill);
    const resp = ifnResponse(ifn[n], p.ifnHalf, p.ifnHill);
    const respJ = p.jakResidualIfn * resp;
    nodes.ifnResponse[n] = resp;
    nodes.mhcPresenting[n] = mhcLevel(p.mhcBasal, resp);
    nodes.mhcJak[n] = mhcLevel(p.mhcBasal, respJ);
    nodes.pdl1Presenting[n] = pdl1Level(p.pdl1Fold, resp);
    nodes.pdl1Jak[n] = pdl1Level(p.pdl1Fold, respJ);
    nodes.angiogenicStimulus[n] = angiogenicStimulus(vegf[n], vegfInh, p.angioHalf, p.vegfIndep);
    nodes.vesselTarget[n] = vesselFunctionTarget(vegf[n] * (1 - vegfInh), p.angioHalf, p.abnormality);
    nodes.il2EffectorSignal[n] = il2Signal(il2[n], p.il2Ec50E, exoE);
    nodes.il2TregSignal[n] = il2Signal(il2[n], p.il2Ec50R, exoR);
  }
}

