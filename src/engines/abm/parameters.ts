/**
 * The shared parameter table, bound once into named numbers for the agent
 * rules. The names are those of the checkpoint model (parameters.ts); a
 * missing one fails at build time, never silently.
 */
import type { ParameterValues } from '../../model/types.js';

function need(params: ParameterValues, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`agent-based engine: parameter "${name}" is missing or not finite`);
  return v;
}

export type AbmParameters = ReturnType<typeof bindParameters>;

export function bindParameters(p: ParameterValues) {
  return {
    cellVolume: need(p, 'cell_volume'),
    rTumor: need(p, 'tumor_proliferation_rate'),
    dTumor: need(p, 'tumor_death_rate'),
    muB2m: need(p, 'b2m_loss_rate'),
    muJak: need(p, 'jak_loss_rate'),
    b2mResidualMhc: need(p, 'b2m_residual_mhc'),
    jakResidualIfn: need(p, 'jak_residual_ifn_response'),
    ifnArrest: need(p, 'ifn_growth_arrest'),

    kKg: need(p, 'capacity_growth_rate'),
    kKd: need(p, 'capacity_inhibition_rate'),
    kKr: need(p, 'vessel_regression_rate'),
    angioHalf: need(p, 'angiogenic_half_max'),
    vegfHyp: need(p, 'vegf_hypoxia_induction'),
    vegfIndep: need(p, 'vegf_independent_angiogenesis'),
    abnormality: need(p, 'vessel_abnormality'),
    kRemodel: need(p, 'vessel_remodeling_rate'),
    hypHalf: need(p, 'hypoxia_half_supply'),
    hypHill: need(p, 'hypoxia_hill'),

    antigenicity: need(p, 'antigenicity'),
    primingMax: need(p, 'priming_max'),
    primingHalf: need(p, 'priming_antigen_half_max'),
    otherDeathImm: need(p, 'other_death_immunogenicity'),
    ctla4Conv: need(p, 'ctla4_competition_conventional'),
    ctla4Treg: need(p, 'ctla4_competition_treg'),
    costimDiv: need(p, 'costimulation_divisions'),
    il2Div: need(p, 'il2_systemic_divisions'),
    access: need(p, 'tcell_access'),
    homingHalf: need(p, 'homing_half_max'),

    pE: need(p, 'effector_proliferation_rate'),
    dE: need(p, 'effector_death_rate'),
    il2Boost: need(p, 'il2_proliferation_boost'),
    kEP: need(p, 'exhaustion_rate'),
    kPX: need(p, 'terminal_exhaustion_rate'),
    exGain: need(p, 'exhaustion_coinhibition_gain'),
    kPE: need(p, 'progenitor_output_rate'),
    pP: need(p, 'progenitor_proliferation_rate'),
    dP: need(p, 'progenitor_death_rate'),
    dX: need(p, 'terminal_death_rate'),
    encSat: need(p, 'antigen_encounter_saturation'),
    kKill: need(p, 'kill_rate'),
    killSat: need(p, 'kill_saturation'),
    phiP: need(p, 'progenitor_cytotoxicity'),
    phiX: need(p, 'terminal_cytotoxicity'),
    mhcBasal: need(p, 'basal_mhc'),
    ifnSec: need(p, 'ifn_secretion'),
    ifnDecay: need(p, 'ifn_decay_rate'),
    ifnHalf: need(p, 'ifn_half_max'),
    ifnHill: need(p, 'ifn_hill'),
    pdl1Fold: need(p, 'pdl1_induction_fold'),
    pd1Half: need(p, 'pd1_half_max'),
    pd1Hill: need(p, 'pd1_hill'),
    lag3Max: need(p, 'lag3_max_inhibition'),
    synergy: need(p, 'coinhibition_synergy'),
    tHyp: need(p, 'tcell_hypoxia_suppression'),

    sTreg: need(p, 'treg_recruitment'),
    pTreg: need(p, 'treg_proliferation_rate'),
    dTreg: need(p, 'treg_death_rate'),
    tregRatio: need(p, 'treg_suppression_ratio'),
    tregLoss: need(p, 'treg_effector_loss_rate'),

    il2Prod: need(p, 'il2_production'),
    il2Decay: need(p, 'il2_decay_rate'),
    il2ConsR: need(p, 'il2_treg_consumption'),
    il2ConsE: need(p, 'il2_effector_consumption'),
    il2Ec50E: need(p, 'il2_ec50_effector'),
    il2Ec50R: need(p, 'il2_ec50_treg'),

    sMdsc: need(p, 'mdsc_recruitment'),
    mdscHyp: need(p, 'mdsc_hypoxia_gain'),
    mdscVegf: need(p, 'mdsc_vegf_dependence'),
    dMdsc: need(p, 'mdsc_death_rate'),
    mdscHalf: need(p, 'mdsc_half_max'),
    mdscMax: need(p, 'mdsc_max_suppression'),
  } as const;
}

/** Model inputs the agent rules read, by name. */
export const ABM_INPUTS = {
  pd1: 'pd1_occupancy',
  ctla4: 'ctla4_occupancy',
  lag3: 'lag3_occupancy',
  tregDepletion: 'treg_depletion_rate',
  il2Effector: 'il2_effector_stimulation',
  il2Treg: 'il2_treg_stimulation',
  vegf: 'vegf_inhibition',
  tumorKill: 'tumor_kill_rate',
  antigenBoost: 'antigen_release_boost',
} as const;

/** Model states the engine maps agents onto, by name. */
export const ABM_STATES = {
  presenting: 'tumor_presenting',
  b2m: 'tumor_b2m_loss',
  jak: 'tumor_jak_loss',
  capacity: 'vascular_capacity',
  vesselFunction: 'vessel_function',
  effector: 'cd8_effector',
  progenitor: 'cd8_progenitor_exhausted',
  terminal: 'cd8_terminal_exhausted',
  treg: 'treg',
  mdsc: 'mdsc',
} as const;
