import { ANTIBODY_TUMOR_PARTITION, twoCompartmentPk } from './pk.js';
import { receptorOccupancy, type TherapyModule } from './types.js';

const KD_nM = 1;
const MW_kDa = 148;
const LIKE_NIVOLUMAB =
  'assumed: an IgG4 like nivolumab, so the nivolumab value is used (biology.md §3). The nonlinear (target-mediated) part of relatlimab clearance, ~31% of CL at 160 mg Q4W (Clin Cancer Res 2024;30:3050), is not represented';

/** Anti-LAG-3 IgG4. Little alone; the model decides how LAG-3 and PD-1 blockade combine. */
export const relatlimab: TherapyModule = {
  drug: 'relatlimab',
  therapyClass: 'anti-LAG-3',
  description:
    'Human IgG4 anti-LAG-3 antibody. Linear two-compartment PK borrowed from nivolumab (same isotype); LAG-3 occupancy RO = C/(C + KD) from the tumor-interstitial concentration.',
  molecularWeight_kDa: MW_kDa,
  doseUnits: {},
  pk: twoCompartmentPk({
    clearance_L_per_day: 0.19,
    centralVolume_L: 3.63,
    interCompartmentalClearance_L_per_day: 0.77,
    peripheralVolume_L: 3.17,
    molecularWeight_kDa: MW_kDa,
    tissuePartition: ANTIBODY_TUMOR_PARTITION.value,
    sources: {
      clearance_L_per_day: LIKE_NIVOLUMAB,
      centralVolume_L: LIKE_NIVOLUMAB,
      interCompartmentalClearance_L_per_day: LIKE_NIVOLUMAB,
      peripheralVolume_L: LIKE_NIVOLUMAB,
      molecularWeight_kDa: 'Opdualag label (relatlimab ~148 kDa)',
      tissuePartition: ANTIBODY_TUMOR_PARTITION.source,
    },
  }),
  parameters: [
    {
      name: 'KD_LAG3',
      value: KD_nM,
      unit: 'nM',
      description: 'Dissociation constant of relatlimab for human LAG-3',
      source:
        'assumed: low-nM affinity typical of therapeutic IgG (biology.md §3 lists it as unverified); occupancy is saturated at the 160 mg Q4W exposure for any KD up to a few nM',
    },
  ],
  effects: [
    {
      input: 'lag3_occupancy',
      description: 'LAG-3 receptor occupancy, C/(C + KD)',
      value: (c) => receptorOccupancy(c, KD_nM),
    },
  ],
  occupancy: { target: 'LAG-3', value: (c) => receptorOccupancy(c, KD_nM) },
};
