import type { InputSpec } from '../types.js';

/**
 * The named terms of the checkpoint model that therapies act on. A therapy
 * writes onto these by name; the model decides what each one does.
 */
export const checkpointInputs: readonly InputSpec[] = [
  { name: 'pd1_occupancy', unit: 'fraction', combine: 'occupancy', description: 'Fraction of PD-1 on T cells blocked by antibody (relieves PD-1/PD-L1 inhibition and reinvigorates progenitor-exhausted cells)' },
  { name: 'ctla4_occupancy', unit: 'fraction', combine: 'occupancy', description: 'Fraction of CTLA-4 blocked (frees B7 for CD28 at priming)' },
  { name: 'lag3_occupancy', unit: 'fraction', combine: 'occupancy', description: 'Fraction of LAG-3 blocked (relieves the LAG-3 part of co-inhibition)' },
  { name: 'treg_depletion_rate', unit: '1/day', combine: 'sum', description: 'Extra loss rate of intratumoral Tregs (Fc-mediated ADCC by anti-CTLA-4)' },
  { name: 'il2_effector_stimulation', unit: 'fraction', combine: 'occupancy', description: 'Exogenous IL-2 receptor (βγ) activation on effector CD8 T cells' },
  { name: 'il2_treg_stimulation', unit: 'fraction', combine: 'occupancy', description: 'Exogenous IL-2 receptor (αβγ, CD25-high) activation on Tregs' },
  { name: 'vegf_inhibition', unit: 'fraction', combine: 'occupancy', description: 'Fraction of VEGF signalling blocked (ligand trap or VEGFR kinase inhibition)' },
  { name: 'tumor_kill_rate', unit: '1/day', combine: 'sum', description: 'Direct cytotoxic death rate of all tumor cells (chemotherapy-like agents)' },
  { name: 'antigen_release_boost', unit: 'fraction', combine: 'sum', description: 'Extra immunogenicity of dying tumor cells, raising priming (immunogenic cell death)' },
];
