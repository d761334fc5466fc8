import { ANTIBODY_TUMOR_PARTITION, twoCompartmentPk } from './pk.js';
import { receptorOccupancy, type TherapyModule } from './types.js';

const KD_nM = 0.028;
const MW_kDa = 149;

/** Anti-PD-1 humanized IgG4 with higher affinity than nivolumab. */
export const pembrolizumab: TherapyModule = {
  drug: 'pembrolizumab',
  therapyClass: 'anti-PD-1',
  description:
    'Humanized IgG4 anti-PD-1 antibody. Linear two-compartment PK at steady-state clearance; PD-1 occupancy at quasi-steady state, RO = C/(C + KD), from the tumor-interstitial concentration.',
  molecularWeight_kDa: MW_kDa,
  doseUnits: {},
  pk: twoCompartmentPk({
    clearance_L_per_day: 0.195,
    centralVolume_L: 3.48,
    interCompartmentalClearance_L_per_day: 0.795,
    peripheralVolume_L: 2.52,
    molecularWeight_kDa: MW_kDa,
    tissuePartition: ANTIBODY_TUMOR_PARTITION.value,
    sources: {
      clearance_L_per_day:
        'Keytruda label: steady-state CL 195 mL/day (first dose 252 mL/day; the ~23% decrease over time is not modelled)',
      centralVolume_L: 'Ahamadi 2017 CPT Pharmacometrics Syst Pharmacol 6:49 (Vc 3.48 L)',
      interCompartmentalClearance_L_per_day: 'Ahamadi 2017 CPT Pharmacometrics Syst Pharmacol 6:49 (Q 0.795 L/day)',
      peripheralVolume_L: 'set so V1 + V2 equals the Keytruda label Vss of 6.0 L (Ahamadi 2017 Vp 4.06 L)',
      molecularWeight_kDa: 'Keytruda label (~149 kDa)',
      tissuePartition: ANTIBODY_TUMOR_PARTITION.source,
    },
  }),
  parameters: [
    {
      name: 'KD_PD1',
      value: KD_nM,
      unit: 'nM',
      description: 'Dissociation constant of pembrolizumab for human PD-1',
      source:
        'unverified: sub-nM per biology.md §3; ~28 pM is the commonly quoted manufacturer value. Occupancy is saturated at clinical exposure for any sub-nM value',
    },
  ],
  effects: [
    {
      input: 'pd1_occupancy',
      description: 'PD-1 receptor occupancy, C/(C + KD)',
      value: (c) => receptorOccupancy(c, KD_nM),
    },
  ],
  occupancy: { target: 'PD-1', value: (c) => receptorOccupancy(c, KD_nM) },
};
