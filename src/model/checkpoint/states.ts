import type { StateSpec } from '../types.js';

/**
 * State vector of the checkpoint model. Cell populations are counts in the
 * lesion; IFN-γ, IL-2, PD-L1 and VEGF are fast signals computed at
 * quasi-steady state and reported as readouts (see readouts.ts), not states.
 */
export const checkpointStates: readonly StateSpec[] = [
  {
    name: 'tumor_presenting',
    unit: 'cells',
    description:
      'Antigen-presenting cancer cells: MHC-I+ and IFN-γ-responsive (IFN-γ raises their MHC-I and PD-L1); killable by CD8 T cells',
    nonNegative: true,
  },
  {
    name: 'tumor_b2m_loss',
    unit: 'cells',
    description: 'B2M-loss cancer cells: no surface MHC-I, invisible to CD8 killing (IFN-γ-responsive, so they still induce PD-L1)',
    nonNegative: true,
  },
  {
    name: 'tumor_jak_loss',
    unit: 'cells',
    description:
      'JAK1/2-loss cancer cells: no IFN-γ response (no induced PD-L1 or MHC-I); killable at basal MHC-I only',
    nonNegative: true,
  },
  {
    name: 'vascular_capacity',
    unit: 'mm^3',
    description: 'Carrying capacity K: tumor volume the vasculature can support, driven by the angiogenic (VEGF-like) signal',
    nonNegative: true,
  },
  {
    name: 'vessel_function',
    unit: 'fraction',
    description:
      'Functional quality of tumor vessels q (1 = normal): VEGF-driven abnormality lowers it; VEGF blockade normalises it within days',
    nonNegative: true,
  },
  {
    name: 'cd8_effector',
    unit: 'cells',
    description: 'Effector CD8 T cells in the tumor (cytotoxic, IFN-γ and IL-2 producing)',
    nonNegative: true,
  },
  {
    name: 'cd8_progenitor_exhausted',
    unit: 'cells',
    description: 'Progenitor-exhausted CD8 T cells (PD-1+ TCF1+): low cytotoxicity, self-renewing; continually give rise to effectors, an output that PD-1/LAG-3 blockade amplifies (reinvigoration)',
    nonNegative: true,
  },
  {
    name: 'cd8_terminal_exhausted',
    unit: 'cells',
    description: 'Terminally exhausted CD8 T cells (PD-1+ TIM-3+): fixed dysfunction, not reinvigorable, persist; IL-2-unresponsive',
    nonNegative: true,
  },
  {
    name: 'treg',
    unit: 'cells',
    description: 'Intratumoral regulatory T cells (CTLA-4-high, CD25-high): suppress effectors, consume IL-2, depleted by Fc-mediated ADCC',
    nonNegative: true,
  },
  {
    name: 'mdsc',
    unit: 'cells',
    description: 'Myeloid-derived suppressor cells in the tumor: recruited by tumor signals, hypoxia and VEGF; suppress killing and proliferation',
    nonNegative: true,
  },
];

/** State indices, fixed by the order above. */
export const S = {
  tumorPresenting: 0,
  tumorB2m: 1,
  tumorJak: 2,
  capacity: 3,
  vesselFunction: 4,
  effector: 5,
  progenitor: 6,
  terminal: 7,
  treg: 8,
  mdsc: 9,
} as const;

export const N_STATES = checkpointStates.length;
