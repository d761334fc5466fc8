import { ANTIBODY_TUMOR_PARTITION, twoCompartmentPk } from './pk.js';
import { receptorOccupancy, type TherapyModule } from './types.js';

const KD_nM = 18;
const MW_kDa = 148;
const kADCC_per_day = 0.1;

/**
 * Anti-CTLA-4 IgG1. Two effects: CTLA-4 blockade (frees B7 for CD28 at priming)
 * and Fc-mediated depletion of CTLA-4-high intratumoral Tregs, taken as
 * proportional to the fraction of CTLA-4 carrying antibody.
 */
export const ipilimumab: TherapyModule = {
  drug: 'ipilimumab',
  therapyClass: 'anti-CTLA-4',
  description:
    'Human IgG1 anti-CTLA-4 antibody. Linear two-compartment PK; CTLA-4 occupancy RO = C/(C + KD) from the tumor-interstitial concentration, and Treg depletion by ADCC at kADCC·RO.',
  molecularWeight_kDa: MW_kDa,
  doseUnits: {},
  pk: twoCompartmentPk({
    clearance_L_per_day: 0.4,
    centralVolume_L: 4.15,
    interCompartmentalClearance_L_per_day: 0.986,
    peripheralVolume_L: 3.32,
    molecularWeight_kDa: MW_kDa,
    tissuePartition: ANTIBODY_TUMOR_PARTITION.value,
    sources: {
      clearance_L_per_day: 'Yervoy label: CL 16.8 mL/h (0.40 L/day, CV 38%)',
      centralVolume_L: 'Feng 2014 Br J Clin Pharmacol 78:106 (Vc 4.15 L)',
      interCompartmentalClearance_L_per_day: 'Feng 2014 Br J Clin Pharmacol 78:106 (Q 0.0411 L/h)',
      peripheralVolume_L: 'set so V1 + V2 equals the Yervoy label Vss of 7.47 L (Feng 2014 Vp 3.11 L)',
      molecularWeight_kDa: 'Yervoy label (~148 kDa)',
      tissuePartition: ANTIBODY_TUMOR_PARTITION.source,
    },
  }),
  parameters: [
    {
      name: 'KD_CTLA4',
      value: KD_nM,
      unit: 'nM',
      description: 'Dissociation constant of ipilimumab for human CTLA-4',
      source: 'biology.md §3 (KD to CTLA-4 ≈ 18 nM)',
    },
    {
      name: 'kADCC',
      value: kADCC_per_day,
      unit: '1/day',
      description: 'Maximal extra Treg loss rate by antibody-dependent cellular cytotoxicity at full CTLA-4 occupancy',
      source: 'QSP-IO model code (anti-CTLA-4 ADCC of Tregs 0.1/day; Jafarnejad 2019 AAPS J, biology.md §2): a model choice, not a measurement',
    },
  ],
  effects: [
    {
      input: 'ctla4_occupancy',
      description: 'CTLA-4 receptor occupancy, C/(C + KD)',
      value: (c) => receptorOccupancy(c, KD_nM),
    },
    {
      input: 'treg_depletion_rate',
      description: 'Fc-mediated Treg depletion rate, kADCC·RO',
      value: (c) => kADCC_per_day * receptorOccupancy(c, KD_nM),
    },
  ],
  occupancy: { target: 'CTLA-4', value: (c) => receptorOccupancy(c, KD_nM) },
};
