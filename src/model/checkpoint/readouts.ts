/**
 * Readouts of the checkpoint model: tumor burden for RECIST, and every fast
 * signal (IFN-γ, IL-2, PD-L1, VEGF) that the model treats at quasi-steady
 * state instead of as a state. Each readout names the slot of the core's
 * derived-quantity vector it reports, so readouts and rates share one
 * computation.
 */
import type { ParameterValues, ReadoutFunction, ReadoutSpec } from '../types.js';
import { AUX, N_AUX, createCore } from './rates.js';
import { N_STATES } from './states.js';

interface CheckpointReadout extends ReadoutSpec {
  readonly slot: number;
}

const QSS = 'quasi-steady state (minutes–hours), computed algebraically from the states';

export const checkpointReadoutTable: readonly CheckpointReadout[] = [
  { name: 'tumor_volume', unit: 'mm^3', slot: AUX.volume, description: 'Lesion volume: all cancer cells × cell volume (1 mm³ ≈ 1e6 cells)' },
  { name: 'lesion_diameter', unit: 'mm', slot: AUX.diameter, description: 'Diameter of a sphere of the lesion volume, d = (6V/π)^(1/3) (RECIST measure)' },
  { name: 'tumor_cells', unit: 'cells', slot: AUX.tumorCells, description: 'All cancer cells (presenting + B2M-loss + JAK-loss)' },
  { name: 'antigen_loss_fraction', unit: 'fraction', slot: AUX.antigenLossFraction, description: 'Fraction of cancer cells with B2M or JAK1/2 loss' },
  { name: 'b2m_loss_fraction', unit: 'fraction', slot: AUX.b2mFraction, description: 'Fraction of cancer cells with B2M loss (MHC-I negative)' },
  { name: 'jak_loss_fraction', unit: 'fraction', slot: AUX.jakFraction, description: 'Fraction of cancer cells with JAK1/2 loss (IFN-γ unresponsive)' },
  { name: 'hypoxia', unit: 'fraction', slot: AUX.hypoxia, description: 'Hypoxia level 1/(1 + (ω/ω50)^n) from the oxygen supply index; algebraic in the vessel states' },
  { name: 'oxygen_supply', unit: '1', slot: AUX.oxygenSupply, description: 'Oxygen supply index ω = vessel function × capacity / volume' },
  { name: 'vegf_signal', unit: '1', slot: AUX.vegfSignal, description: `Unblocked VEGF-like signal relative to a normoxic tumor, (1 + a·hypoxia)(1 − vegf_inhibition); ${QSS} (t½ ~1 h)` },
  { name: 'angiogenic_stimulus', unit: 'fraction', slot: AUX.angiogenicStimulus, description: 'Angiogenic stimulus driving capacity growth (VEGF-dependent and VEGF-independent parts)' },
  { name: 'ifn_gamma', unit: 'ng/mL', slot: AUX.ifnGamma, description: `Intratumoral IFN-γ from antigen-engaged effectors; ${QSS} (t½ a few hours)` },
  { name: 'ifn_response', unit: 'fraction', slot: AUX.ifnResponse, description: 'IFN-γ response of JAK-intact tumor cells (Hill, half-max 0.11 ng/mL)' },
  { name: 'mhc_class_i', unit: 'fraction', slot: AUX.mhc, description: 'Mean tumor-cell MHC-I relative to the IFN-induced maximum (0 on B2M-loss cells)' },
  { name: 'pdl1', unit: '1', slot: AUX.pdl1, description: `Mean tumor-cell PD-L1 relative to basal (IFN-γ-induced on JAK-intact cells); ${QSS} (t½ ~0.1 day)` },
  { name: 'pd1_inhibition', unit: 'fraction', slot: AUX.pd1Inhibition, description: 'PD-1 inhibition H_PD1 of T cells at the PD-L1 they meet while engaging antigen' },
  { name: 'lag3_inhibition', unit: 'fraction', slot: AUX.lag3Inhibition, description: 'LAG-3 inhibition H_LAG3 of T cells' },
  { name: 'coinhibition', unit: 'fraction', slot: AUX.coinhibition, description: 'Combined co-inhibition 1 − (1 − H_PD1)(1 − H_LAG3)(1 − γ·H_PD1·H_LAG3)' },
  { name: 'il2', unit: 'nM', slot: AUX.il2, description: `Endogenous intratumoral IL-2 (effector production vs decay and Treg/effector consumption); ${QSS} (t½ minutes)` },
  { name: 'il2_effector_signal', unit: 'fraction', slot: AUX.il2EffectorSignal, description: 'IL-2 receptor signal on effectors: endogenous IL-2 combined with exogenous stimulation' },
  { name: 'il2_treg_signal', unit: 'fraction', slot: AUX.il2TregSignal, description: 'IL-2 receptor signal on CD25-high Tregs: endogenous IL-2 combined with exogenous stimulation' },
  { name: 'cd28_costimulation', unit: 'fraction', slot: AUX.cd28, description: 'Fraction of B7 engaged by CD28 rather than CTLA-4 at priming' },
  { name: 'priming_rate', unit: 'cells/day', slot: AUX.priming, description: 'Newly primed tumor-specific effectors leaving the lymph nodes' },
  { name: 'infiltration', unit: 'fraction', slot: AUX.infiltration, description: 'Fraction of arriving T cells that enter the tumor bed (access × perfusion)' },
  { name: 'antigen_encounter', unit: 'fraction', slot: AUX.encounter, description: 'Antigen encounter per T cell (near 1 = chronic antigen)' },
  { name: 'antigen_release', unit: 'cells/day', slot: AUX.antigenRelease, description: 'Immunogenic antigen flux from dying tumor cells reaching the lymph node' },
  { name: 'cd8_total', unit: 'cells', slot: AUX.cd8Total, description: 'All CD8 T cells in the tumor (effector + progenitor-exhausted + terminally exhausted)' },
  { name: 'functional_effector_fraction', unit: 'fraction', slot: AUX.functionalFraction, description: 'Effectors as a fraction of all intratumoral CD8 T cells' },
  { name: 'terminal_exhausted_fraction', unit: 'fraction', slot: AUX.terminalFraction, description: 'Terminally exhausted cells as a fraction of all intratumoral CD8 T cells' },
  { name: 'effector_treg_ratio', unit: '1', slot: AUX.effectorTregRatio, description: 'Intratumoral effector CD8 : Treg ratio' },
  { name: 'cd8_treg_ratio', unit: '1', slot: AUX.cd8TregRatio, description: 'Intratumoral CD8 : Treg ratio' },
  { name: 'mdsc_suppression', unit: 'fraction', slot: AUX.mdscSuppression, description: 'MDSC suppression of T-cell killing and proliferation' },
  { name: 'treg_suppression', unit: 'fraction', slot: AUX.tregSuppression, description: 'Treg suppression of effector killing, 1 − E/(E + K·Treg)' },
  { name: 'immune_kill_rate', unit: '1/day', slot: AUX.killRate, description: 'CD8 kills per day per cancer cell (all clones)' },
  { name: 'tumor_net_growth_rate', unit: '1/day', slot: AUX.netGrowthRate, description: 'Net specific growth rate of all cancer cells' },
];

export const checkpointReadouts: readonly ReadoutSpec[] = checkpointReadoutTable.map(({ name, unit, description }) => ({ name, unit, description }));

export function createCheckpointReadouts(params: ParameterValues): ReadoutFunction {
  const core = createCore(params);
  const slots = Int32Array.from(checkpointReadoutTable.map((r) => r.slot));
  const dy = new Float64Array(N_STATES);
  const aux = new Float64Array(N_AUX);
  return (_t, y, inputs, out) => {
    core(y, inputs, dy, aux);
    for (let i = 0; i < slots.length; i++) out[i] = aux[slots[i]];
  };
}
