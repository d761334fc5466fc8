import { ANTIBODY_TUMOR_PARTITION, twoCompartmentPk } from './pk.js';
import { receptorOccupancy, type TherapyModule } from './types.js';

const KD_nM = 1;
const MW_kDa = 149;

/**
 * Anti-VEGF-A IgG1 (a ligand trap). With antibody in large excess over VEGF,
 * the fraction of VEGF bound at quasi-steady state is C/(C + KD).
 */
export const bevacizumab: TherapyModule = {
  drug: 'bevacizumab',
  therapyClass: 'anti-angiogenic',
  description:
    'Humanized IgG1 anti-VEGF-A antibody. Linear two-compartment PK; VEGF inhibition = fraction of VEGF-A bound, C/(C + KD), from the tumor-interstitial concentration.',
  molecularWeight_kDa: MW_kDa,
  doseUnits: {},
  pk: twoCompartmentPk({
    clearance_L_per_day: 0.2064,
    centralVolume_L: 2.678,
    interCompartmentalClearance_L_per_day: 0.4464,
    peripheralVolume_L: 2.423,
    molecularWeight_kDa: MW_kDa,
    tissuePartition: ANTIBODY_TUMOR_PARTITION.value,
    sources: {
      clearance_L_per_day: 'Han 2016 Cancer Chemother Pharmacol 78:341 (CL 8.6 mL/h, 70 kg female reference; label CL 0.21–0.26 L/day)',
      centralVolume_L: 'Han 2016 Cancer Chemother Pharmacol 78:341 (V1 2.678 L)',
      interCompartmentalClearance_L_per_day: 'Han 2016 Cancer Chemother Pharmacol 78:341 (Q 18.6 mL/h)',
      peripheralVolume_L: 'Han 2016 Cancer Chemother Pharmacol 78:341 (V2 2.423 L)',
      molecularWeight_kDa: 'Avastin label (~149 kDa)',
      tissuePartition: ANTIBODY_TUMOR_PARTITION.source,
    },
  }),
  parameters: [
    {
      name: 'KD_VEGFA',
      value: KD_nM,
      unit: 'nM',
      description: 'Dissociation constant of bevacizumab for VEGF-A165',
      source:
        'assumed: upper end of the reported sub-nM to ~1 nM range (biology.md §3; e.g. 58 pM by SPR in Papadopoulos 2012 Angiogenesis 15:171, unverified); inhibition is >99% at clinical exposure either way',
    },
  ],
  effects: [
    {
      input: 'vegf_inhibition',
      description: 'Fraction of VEGF-A neutralised, C/(C + KD)',
      value: (c) => receptorOccupancy(c, KD_nM),
    },
  ],
  occupancy: { target: 'VEGF-A', value: (c) => receptorOccupancy(c, KD_nM) },
};
