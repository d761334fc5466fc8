import { IL2_EC50_EFFECTOR_nM, il2Pk, il2Stimulation } from './aldesleukin.js';
import type { TherapyModule } from './types.js';

const LOPES = 'Lopes 2020 J Immunother Cancer 8:e000673 (ALKS 4230/nemvaleukin)';

/**
 * A generic engineered "not-alpha" IL-2: CD25 binding is blocked, so Tregs
 * gain no sensitivity from CD25 and respond only through IL-2Rβγ, like
 * effectors. Exposure is that of aldesleukin, since no human PK of such a
 * variant could be verified; a longer-lived variant is a new module with
 * its own PK. Dose in mg: IU are defined on a CD25-expressing cell line and
 * do not carry over.
 */
export const il2NotAlpha: TherapyModule = {
  drug: 'il2-notalpha',
  therapyClass: 'IL-2',
  description:
    'Engineered IL-2 that cannot engage CD25 (not-alpha; nemvaleukin-like selectivity). Same PK as aldesleukin (assumed); effector and Treg stimulation share the IL-2Rβγ EC50.',
  molecularWeight_kDa: 15.3,
  doseUnits: {},
  pk: il2Pk('assumed: as aldesleukin (no verified human PK of a not-alpha variant); '),
  parameters: [
    {
      name: 'EC50_effector',
      value: IL2_EC50_EFFECTOR_nM,
      unit: 'nM',
      description: 'Concentration for half-maximal stimulation of effector T cells (IL-2Rβγ)',
      source: `${LOPES}: equipotent to rhIL-2 on cells with the intermediate-affinity receptor, so the aldesleukin value`,
    },
    {
      name: 'EC50_treg',
      value: IL2_EC50_EFFECTOR_nM,
      unit: 'nM',
      description: 'Concentration for half-maximal stimulation of Tregs, which now signal through IL-2Rβγ only',
      source: `assumed: equal to the effector EC50 once CD25 cannot bind (${LOPES}: much less potent than rhIL-2 on high-affinity-receptor cells)`,
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
      description: 'IL-2Rβγ stimulation of Tregs, C/(C + EC50_treg)',
      value: (c) => il2Stimulation(c, IL2_EC50_EFFECTOR_nM),
    },
  ],
  occupancy: { target: 'IL-2Rbg', value: (c) => il2Stimulation(c, IL2_EC50_EFFECTOR_nM) },
};
