/**
 * The right-hand side of the checkpoint model, composed from the named
 * processes in processes.ts. One core function computes every rate and every
 * derived quantity; the ODE RHS and the readouts both call it, so they can
 * never disagree. Parameters are bound into local constants once
 * (createCore), and the core writes into caller-owned Float64Arrays: nothing
 * is allocated per call.
 */
import { indexByName, type ParameterValues } from '../types.js';
import { checkpointInputs } from './inputs.js';
import { S as STATE } from './states.js';
import * as processes from './processes.js';

/** Slots of the derived-quantity vector written by the core (readouts pick from it). */
export const AUX = {
  volume: 0,
  diameter: 1,
  tumorCells: 2,
  antigenLossFraction: 3,
  b2mFraction: 4,
  jakFraction: 5,
  hypoxia: 6,
  oxygenSupply: 7,
  vegfSignal: 8,
  angiogenicStimulus: 9,
  ifnGamma: 10,
  ifnResponse: 11,
  mhc: 12,
  pdl1: 13,
  pd1Inhibition: 14,
  lag3Inhibition: 15,
  coinhibition: 16,
  il2: 17,
  il2EffectorSignal: 18,
  il2TregSignal: 19,
  cd28: 20,
  priming: 21,
  infiltration: 22,
  encounter: 23,
  cd8Total: 24,
  functionalFraction: 25,
  terminalFraction: 26,
  cd8TregRatio: 27,
  mdscSuppression: 28,
  tregSuppression: 29,
  killRate: 30,
  netGrowthRate: 31,
  antigenRelease: 32,
  effectorTregRatio: 33,
} as const;
export const N_AUX = 34;

/** Input slots, by name, in the declaration order of checkpointInputs. */
const IN = indexByName(checkpointInputs);
const I_PD1 = IN.pd1_occupancy;
const I_CTLA4 = IN.ctla4_occupancy;
const I_LAG3 = IN.lag3_occupancy;
const I_TREG_DEPL = IN.treg_depletion_rate;
const I_IL2_E = IN.il2_effector_stimulation;
const I_IL2_R = IN.il2_treg_stimulation;
const I_VEGF = IN.vegf_inhibition;
const I_KILL = IN.tumor_kill_rate;
const I_ICD = IN.antigen_release_boost;

/**
 * Core: writes dy/dt into `dy` and, when `aux` is given, the derived quantities
 * into it (the ODE right-hand side passes null and skips them); allocation-free.
 */
export type CheckpointCore = (y: Float64Array, inputs: Float64Array, dy: Float64Array, aux: Float64Array | null) => void;

function need(params: ParameterValues, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`checkpoint model: parameter "${name}" is missing or not finite`);
  return v;
}

export function createCore(params: ParameterValues): CheckpointCore {
  // Bind the process functions and state indices into closure constants: module
  // exports can be accessors under some loaders, which would cost a call each use.
  const { angiogenicStimulus, antigenEncounter, antigenRelease, capacityRate, cd28Costimulation, coinhibition, exhaustionRate, hypoxiaLevel, hypoxicTcellSuppression, ifnCytostasis, ifnGamma, ifnResponse, il2Concentration, il2Signal, infiltrationFactor, killCapacity, lag3Inhibition, mdscRecruitment, mdscSuppression, mhcLevel, mutationFlux, oxygenSupply, pd1Inhibition, pdl1Level, primingRate, progenitorOutput, sphereDiameter, tcellProliferation, tregInducedLoss, tregInflux, tregProliferation, tregSuppressionFactor, tumorProliferation, vegfProduction, vesselFunctionTarget, vesselRemodelingRate } = processes;
  const S = { ...STATE };
  // Bind every parameter into a local constant once.
  const cellVolume = need(params, 'cell_volume');
  const rTumor = need(params, 'tumor_proliferation_rate');
  const dTumor = need(params, 'tumor_death_rate');
  const muB2m = need(params, 'b2m_loss_rate');
  const muJak = need(params, 'jak_loss_rate');
  const b2mResidualMhc = need(params, 'b2m_residual_mhc');
  const kNk = need(params, 'nk_missing_self_kill_rate');
  const jakResidualIfn = need(params, 'jak_residual_ifn_response');
  const ifnArrest = need(params, 'ifn_growth_arrest');

  const kKg = need(params, 'capacity_growth_rate');
  const kKd = need(params, 'capacity_inhibition_rate');
  const kKr = need(params, 'vessel_regression_rate');
  const angioHalf = need(params, 'angiogenic_half_max');
  const vegfHyp = need(params, 'vegf_hypoxia_induction');
  const vegfIndep = need(params, 'vegf_independent_angiogenesis');
  const abnormality = need(params, 'vessel_abnormality');
  const kRemodel = need(params, 'vessel_remodeling_rate');
  const hypHalf = need(params, 'hypoxia_half_supply');
  const hypHill = need(params, 'hypoxia_hill');

  const antigenicity = need(params, 'antigenicity');
  const primingMax = need(params, 'priming_max');
  const primingHalf = need(params, 'priming_antigen_half_max');
  const otherDeathImm = need(params, 'other_death_immunogenicity');
  const ctla4Conv = need(params, 'ctla4_competition_conventional');
  const ctla4Treg = need(params, 'ctla4_competition_treg');
  const costimDiv = need(params, 'costimulation_divisions');
  const il2Div = need(params, 'il2_systemic_divisions');
  const access = need(params, 'tcell_access');
  const homingHalf = need(params, 'homing_half_max');

  const pE = need(params, 'effector_proliferation_rate');
  const dE = need(params, 'effector_death_rate');
  const il2Boost = need(params, 'il2_proliferation_boost');
  const kEP = need(params, 'exhaustion_rate');
  const kPX = need(params, 'terminal_exhaustion_rate');
  const exGain = need(params, 'exhaustion_coinhibition_gain');
  const kPE = need(params, 'progenitor_output_rate');
  const pP = need(params, 'progenitor_proliferation_rate');
  const dP = need(params, 'progenitor_death_rate');
  const dX = need(params, 'terminal_death_rate');
  const encSat = need(params, 'antigen_encounter_saturation');
  const kKill = need(params, 'kill_rate');
  const killSat = need(params, 'kill_saturation');
  const phiP = need(params, 'progenitor_cytotoxicity');
  const phiX = need(params, 'terminal_cytotoxicity');
  const mhcBasal = need(params, 'basal_mhc');
  const ifnSec = need(params, 'ifn_secretion');
  const ifnDecay = need(params, 'ifn_decay_rate');
  const ifnHalf = need(params, 'ifn_half_max');
  const ifnHill = need(params, 'ifn_hill');
  const pdl1Fold = need(params, 'pdl1_induction_fold');
  const pd1Half = need(params, 'pd1_half_max');
  const pd1Hill = need(params, 'pd1_hill');
  const lag3Max = need(params, 'lag3_max_inhibition');
  const synergy = need(params, 'coinhibition_synergy');
  const tHyp = need(params, 'tcell_hypoxia_suppression');

  const sTreg = need(params, 'treg_recruitment');
  const pTreg = need(params, 'treg_proliferation_rate');
  const dTreg = need(params, 'treg_death_rate');
  const tregRatio = need(params, 'treg_suppression_ratio');
  const tregLoss = need(params, 'treg_effector_loss_rate');

  const il2Prod = need(params, 'il2_production');
  const il2Decay = need(params, 'il2_decay_rate');
  const il2ConsR = need(params, 'il2_treg_consumption');
  const il2ConsE = need(params, 'il2_effector_consumption');
  const il2Ec50E = need(params, 'il2_ec50_effector');
  const il2Ec50R = need(params, 'il2_ec50_treg');

  const sMdsc = need(params, 'mdsc_recruitment');
  const mdscHyp = need(params, 'mdsc_hypoxia_gain');
  const mdscVegf = need(params, 'mdsc_vegf_dependence');
  const dMdsc = need(params, 'mdsc_death_rate');
  const mdscHalf = need(params, 'mdsc_half_max');
  const mdscMax = need(params, 'mdsc_max_suppression');

  return (y, inp, dy, aux) => {
    // Pools (solver noise can make an exactly-zero pool a hair negative: read as zero).
    const C = y[S.tumorPresenting] > 0 ? y[S.tumorPresenting] : 0;
    const B = y[S.tumorB2m] > 0 ? y[S.tumorB2m] : 0;
    const J = y[S.tumorJak] > 0 ? y[S.tumorJak] : 0;
    const K = y[S.capacity] > 0 ? y[S.capacity] : 0;
    const q = y[S.vesselFunction] > 0 ? y[S.vesselFunction] : 0;
    const E = y[S.effector] > 0 ? y[S.effector] : 0;
    const P = y[S.progenitor] > 0 ? y[S.progenitor] : 0;
    const X = y[S.terminal] > 0 ? y[S.terminal] : 0;
    const R = y[S.treg] > 0 ? y[S.treg] : 0;
    const M = y[S.mdsc] > 0 ? y[S.mdsc] : 0;

    const occPd1 = inp[I_PD1];
    const occCtla4 = inp[I_CTLA4];
    const occLag3 = inp[I_LAG3];
    const tregDepletion = inp[I_TREG_DEPL];
    const il2ExoE = inp[I_IL2_E];
    const il2ExoR = inp[I_IL2_R];
    const vegfInh = inp[I_VEGF];
    const drugKill = inp[I_KILL];
    const icdBoost = inp[I_ICD];

    // ── size, vasculature, hypoxia ──
    const N = C + B + J;
    const V = N * cellVolume;
    const omega = oxygenSupply(q, K, V);
    const hyp = hypoxiaLevel(omega, hypHalf, hypHill);
    const vegf = vegfProduction(hyp, vegfHyp);
    const stimulus = angiogenicStimulus(vegf, vegfInh, angioHalf, vegfIndep);
    const vegfSignal = vegf * (1 - vegfInh);
    const qTarget = vesselFunctionTarget(vegfSignal, angioHalf, abnormality);

    // ── IFN-γ, MHC-I and PD-L1 (quasi-steady state) ──
    const T = E + P + X;
    // T cells reach only the accessible part of the tumor bed (immune exclusion keeps
    // the rest in the stroma): encounters and kills are with access × targets.
    const withMhc = access * (C + J + b2mResidualMhc * B); // reachable cells that can present antigen at all (IFN-γ-producing encounters)
    const encounter0 = antigenEncounter(withMhc, T, encSat);
    const ifn = ifnGamma(E, ifnSec, encounter0, ifnDecay, V);
    const resp = ifnResponse(ifn, ifnHalf, ifnHill);
    const mhcC = mhcLevel(mhcBasal, resp);
    const mhcB = b2mResidualMhc * mhcC;
    const respJ = jakResidualIfn * resp;
    const mhcJ = mhcLevel(mhcBasal, respJ);
    const pdl1C = pdl1Level(pdl1Fold, resp); // B2M-loss cells keep JAK: same PD-L1
    const pdl1J = pdl1Level(pdl1Fold, respJ);

    const visible = mhcC * C + mhcB * B + mhcJ * J;
    const reachable = access * visible;
    const encounter = antigenEncounter(reachable, T, encSat);
    // PD-L1 seen by T cells where they engage antigen (MHC-weighted).
    const pdl1T = visible > 0 ? (mhcC * pdl1C * C + mhcB * pdl1C * B + mhcJ * pdl1J * J) / visible : 1;

    const hLag3 = lag3Inhibition(lag3Max, occLag3);
    const hPd1T = pd1Inhibition(pdl1T, occPd1, pd1Half, pd1Hill);
    const hT = coinhibition(hPd1T, hLag3, synergy);
    const hC = coinhibition(pd1Inhibition(pdl1C, occPd1, pd1Half, pd1Hill), hLag3, synergy);
    const hJ = coinhibition(pd1Inhibition(pdl1J, occPd1, pd1Half, pd1Hill), hLag3, synergy);

    // ── suppressive environment ──
    const invV = V > 0 ? 1 / V : 0;
    const il2 = il2Concentration(E * invV, R * invV, il2Prod, il2Decay, il2ConsR, il2ConsE);
    const sigE = il2Signal(il2, il2Ec50E, il2ExoE);
    const sigR = il2Signal(il2, il2Ec50R, il2ExoR);
    const hMdsc = mdscSuppression(M * invV, mdscHalf, mdscMax);
    const fitness = (1 - hMdsc) * (1 - hypoxicTcellSuppression(hyp, tHyp));
    const tregFactor = tregSuppressionFactor(E, R, tregRatio);

    // ── killing ──
    const killers = E + phiP * P + phiX * X;
    const kappa = access * killCapacity(kKill, killers, reachable, killSat) * fitness * tregFactor;
    const killC = kappa * mhcC * (1 - hC) * C;
    // NK cells see the missing MHC-I; the same myeloid and hypoxic environment suppresses them.
    const killB = kappa * mhcB * (1 - hC) * B + kNk * (1 - mhcB) * fitness * B;
    const killJ = kappa * mhcJ * (1 - hJ) * J;
    const kills = killC + killB + killJ;

    // ── tumor ──
    const g0 = tumorProliferation(rTumor, hyp);
    const g = g0 * (1 - ifnCytostasis(ifnArrest, resp)); // JAK-intact cells (presenting and B2M-loss)
    const gJ = g0 * (1 - ifnCytostasis(ifnArrest, respJ));
    const lossRate = dTumor + drugKill;
    const toB2m = mutationFlux(muB2m, g, C);
    const toJak = mutationFlux(muJak, g, C);
    dy[S.tumorPresenting] = (g - lossRate) * C - toB2m - toJak - killC;
    dy[S.tumorB2m] = (g - lossRate) * B + toB2m - killB;
    dy[S.tumorJak] = (gJ - lossRate) * J + toJak - killJ;
    dy[S.capacity] = capacityRate(K, V, stimulus, kKg, kKd, kKr, 1 - vegfInh);
    dy[S.vesselFunction] = vesselRemodelingRate(q, qTarget, kRemodel);

    // ── priming and infiltration ──
    const antigen = antigenRelease(kills, lossRate * N, otherDeathImm, antigenicity, icdBoost);
    const tregFraction = R + T > 0 ? R / (R + T) : 0;
    const cd28 = cd28Costimulation(ctla4Conv, ctla4Treg, tregFraction, occCtla4);
    const priming = primingRate(primingMax, antigen, primingHalf, cd28, costimDiv, il2Div, il2ExoE);
    const infiltration = infiltrationFactor(access, q, K, homingHalf, hyp);

    // ── CD8 differentiation ──
    const toProgenitor = exhaustionRate(kEP, encounter, hT, exGain);
    const toTerminal = exhaustionRate(kPX, encounter, hT, exGain);
    const output = progenitorOutput(kPE, encounter, hT, fitness, il2Boost, sigE);
    const prolifE = tcellProliferation(pE, encounter, hT, fitness, il2Boost, sigE);
    const prolifP = tcellProliferation(pP, encounter, hT, fitness, il2Boost, sigE);
    const tregKill = tregInducedLoss(tregLoss, E, R);
    dy[S.effector] = priming * infiltration + (prolifE - dE - tregKill - toProgenitor) * E + output * P;
    dy[S.progenitor] = toProgenitor * E + (prolifP - toTerminal - dP) * P;
    dy[S.terminal] = toTerminal * P - dX * X;

    // ── Tregs and MDSCs ──
    dy[S.treg] = tregInflux(sTreg, infiltration, il2Div, il2ExoR) + (tregProliferation(pTreg, sigR) - dTreg - tregDepletion) * R;
    dy[S.mdsc] = mdscRecruitment(sMdsc, V, hyp, mdscHyp, mdscVegf, vegfInh) - dMdsc * M;

    // ── derived quantities (readouts only) ──
    if (aux === null) return;
    aux[AUX.volume] = V;
    aux[AUX.diameter] = sphereDiameter(V);
    aux[AUX.tumorCells] = N;
    aux[AUX.antigenLossFraction] = N > 0 ? (B + J) / N : 0;
    aux[AUX.b2mFraction] = N > 0 ? B / N : 0;
    aux[AUX.jakFraction] = N > 0 ? J / N : 0;
    aux[AUX.hypoxia] = hyp;
    aux[AUX.oxygenSupply] = omega;
    aux[AUX.vegfSignal] = vegfSignal;
    aux[AUX.angiogenicStimulus] = stimulus;
    aux[AUX.ifnGamma] = ifn;
    aux[AUX.ifnResponse] = resp;
    aux[AUX.mhc] = N > 0 ? (mhcC * C + mhcB * B + mhcJ * J) / N : 0;
    aux[AUX.pdl1] = N > 0 ? (pdl1C * (C + B) + pdl1J * J) / N : 1;
    aux[AUX.pd1Inhibition] = hPd1T;
    aux[AUX.lag3Inhibition] = hLag3;
    aux[AUX.coinhibition] = hT;
    aux[AUX.il2] = il2;
    aux[AUX.il2EffectorSignal] = sigE;
    aux[AUX.il2TregSignal] = sigR;
    aux[AUX.cd28] = cd28;
    aux[AUX.priming] = priming;
    aux[AUX.infiltration] = infiltration;
    aux[AUX.encounter] = encounter;
    aux[AUX.cd8Total] = T;
    aux[AUX.functionalFraction] = T > 0 ? E / T : 0;
    aux[AUX.terminalFraction] = T > 0 ? X / T : 0;
    aux[AUX.cd8TregRatio] = R > 0 ? T / R : 0;
    aux[AUX.mdscSuppression] = hMdsc;
    aux[AUX.tregSuppression] = 1 - tregFactor;
    aux[AUX.killRate] = N > 0 ? kills / N : 0;
    aux[AUX.netGrowthRate] = N > 0 ? (dy[S.tumorPresenting] + dy[S.tumorB2m] + dy[S.tumorJak]) / N : 0;
    aux[AUX.antigenRelease] = antigen;
    aux[AUX.effectorTregRatio] = R > 0 ? E / R : 0;
  };
}
