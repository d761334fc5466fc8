import { ANTIBODY_TUMOR_PARTITION, twoCompartmentPk } from './pk.js';
import { receptorOccupancy, type TherapyModule } from './types.js';

const KD_nM = 3;
const MW_kDa = 146;

/** Anti-PD-1 IgG4. Occupancy of PD-1 relieves PD-1/PD-L1 inhibition (the model decides what that does). */
export const nivolumab: TherapyModule = {
  drug: 'nivolumab',
  therapyClass: 'anti-PD-1',
  description:
    'Human IgG4 anti-PD-1 antibody. Linear two-compartment PK at steady-state clearance; PD-1 occupancy at quasi-steady state, RO = C/(C + KD), from the tumor-interstitial concentration.',
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
      clearance_L_per_day:
        'Opdivo label: steady-state CL 7.9 mL/h (0.19 L/day); first-dose CL is ~26% higher and CL ~29% higher with ipilimumab, neither modelled (time-invariant linear PK)',
      centralVolume_L: 'Bajaj 2017 CPT Pharmacometrics Syst Pharmacol 6:58 (VC 3.63 L)',
      interCompartmentalClearance_L_per_day: 'Bajaj 2017 CPT Pharmacometrics Syst Pharmacol 6:58 (Q 32.1 mL/h)',
      peripheralVolume_L: 'set so V1 + V2 equals the Opdivo label Vss of 6.8 L (Bajaj 2017 VP 2.78 L)',
      molecularWeight_kDa: 'Opdivo label (146 kDa)',
      tissuePartition: ANTIBODY_TUMOR_PARTITION.source,
    },
  }),
  parameters: [
    {
      name: 'KD_PD1',
      value: KD_nM,
      unit: 'nM',
      description: 'Dissociation constant of nivolumab for human PD-1',
      source: 'biology.md §3: 2.6–4 nM (e.g. 3.06 nM by SPR, Wang 2014 Cancer Immunol Res 2:846)',
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
