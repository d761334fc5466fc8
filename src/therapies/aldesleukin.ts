import { distributionFromHalfLives, twoCompartmentPk, type LinearPkModel } from './pk.js';
import type { TherapyModule } from './types.js';

const MINUTE_day = 1 / 1440;
const MW_kDa = 15.3;
const clearance_L_per_day = 120e-3 * 1440;
const centralVolume_L = 3.0;
const distribution = distributionFromHalfLives(clearance_L_per_day, centralVolume_L, 12.9 * MINUTE_day, 85 * MINUTE_day);

/** Effector (IL-2Rβγ) half-maximal concentration. */
export const IL2_EC50_EFFECTOR_nM = 0.32;
/** Treg (IL-2Rαβγ, CD25-high) half-maximal concentration, ~100× lower. */
const IL2_EC50_TREG_nM = IL2_EC50_EFFECTOR_nM / 100;

const KONRAD = 'Konrad 1990 Cancer Res 50:2009';

/**
 * Recombinant IL-2 PK, two-compartment with the measured biexponential
 * decline (t½ 12.9 min, then 85 min). The fastest rate (~77/day) makes the
 * explicit solver take short steps while IL-2 is in the system: a 14-dose
 * q8h course over 60 days costs ~15–18k RHS evaluations versus ~1k for an
 * antibody-only run, ~7–15 ms per simulation here. That is affordable, so
 * the measured kinetics are kept rather than a one-compartment or
 * effective-exposure approximation: a one-compartment model with the 85-min
 * half-life is ~4× cheaper but overstates effector stimulation over a course
 * by ~30%, distorting the effector-versus-Treg balance that matters here.
 *
 * Tregs respond at ~1.5e-4 mg in V1, only ~150× the engine's default absolute
 * tolerance (1e-6 mg). In multi-drug runs the solver's noise floor on these
 * compartments can read as Treg stimulation weeks after a course unless IL-2
 * states get a tighter per-state absolute tolerance (~1e-9 mg).
 */
export function il2Pk(sourcePrefix = ''): LinearPkModel {
  const pk = twoCompartmentPk({
    clearance_L_per_day,
    centralVolume_L,
    ...distribution,
    molecularWeight_kDa: MW_kDa,
    tissuePartition: 1,
    sources: {
      clearance_L_per_day: `${KONRAD} (CL ≈ 120 mL/min, consistent with renal filtration)`,
      centralVolume_L: `${KONRAD}: the level right after a bolus equals dose / plasma volume; plasma volume assumed 40 mL/kg × 75 kg`,
      interCompartmentalClearance_L_per_day: `derived from ${KONRAD} half-lives (12.9 min, then 85 min) with CL and V1`,
      peripheralVolume_L: `derived from ${KONRAD} half-lives (12.9 min, then 85 min) with CL and V1`,
      molecularWeight_kDa: 'Proleukin label (~15.3 kDa)',
      tissuePartition:
        'assumed: a 15 kDa cytokine equilibrates with interstitial fluid within the 13-min distribution phase, and the receptor EC50s were measured against free IL-2, so the plasma concentration is used',
    },
  });
  if (!sourcePrefix) return pk;
  return { ...pk, parameters: pk.parameters.map((p) => ({ ...p, source: sourcePrefix + p.source })) };
}

/** Fractional receptor stimulation C/(C + EC50), with C clamped at zero. */
export function il2Stimulation(c_nM: number, ec50_nM: number): number {
  const c = c_nM > 0 ? c_nM : 0;
  return c / (c + ec50_nM);
}

/**
 * High-dose IL-2. Stimulates effectors through IL-2Rβγ and, at ~100-fold lower
 * concentration, Tregs through the CD25-containing high-affinity receptor.
 */
export const aldesleukin: TherapyModule = {
  drug: 'aldesleukin',
  therapyClass: 'IL-2',
  description:
    'Recombinant human IL-2 (des-alanyl-1, serine-125). Two-compartment PK from the measured biexponential decline; receptor stimulation C/(C + EC50) on effectors (βγ) and, with a 100-fold lower EC50, on CD25-high Tregs.',
  molecularWeight_kDa: MW_kDa,
  // 18 million IU = 1.1 mg (Proleukin label).
  doseUnits: { iuPerMg: 18e6 / 1.1 },
  pk: il2Pk(),
  parameters: [
    {
      name: 'EC50_effector',
      value: IL2_EC50_EFFECTOR_nM,
      unit: 'nM',
      description: 'IL-2 concentration for half-maximal stimulation of effector T cells (IL-2Rβγ)',
      source: 'biology.md §3 (effector IL2_50 ≈ 0.32 nM, QSP-IO)',
    },
    {
      name: 'EC50_treg',
      value: IL2_EC50_TREG_nM,
      unit: 'nM',
      description: 'IL-2 concentration for half-maximal stimulation of Tregs (IL-2Rαβγ, CD25-high)',
      source: 'biology.md §3: about 100× lower than the effector value because CD25 raises receptor affinity ~100-fold',
    },
    {
      name: 'iuPerMg',
      value: 18e6 / 1.1,
      unit: 'IU/mg',
      description: 'Specific activity used to convert IU doses to mg',
      source: 'Proleukin label: 18 million IU = 1.1 mg',
    },
  ],
  effects: [
    {
      input: 'il2_effector_stimulation',
      description: 'IL-2Rβγ stimulation of effector T cells, C/(C + EC50_effector)',
      value: (c) => il2Stimulation(c, IL2_EC50_EFFECTOR_nM),
    },
    {
      input: 'il2_treg_stimulation',
      description: 'High-affinity IL-2R stimulation of Tregs, C/(C + EC50_treg)',
      value: (c) => il2Stimulation(c, IL2_EC50_TREG_nM),
    },
  ],
  occupancy: { target: 'IL-2Rbg', value: (c) => il2Stimulation(c, IL2_EC50_EFFECTOR_nM) },
};
