/**
 * The checkpoint model: why tumors resist PD-1/CTLA-4 blockade and which
 * therapies overcome it. See MODEL.md for states, equations and assumptions.
 */
import type { ModelDefinition } from '../types.js';
import { checkpointInitialState } from './initial.js';
import { checkpointInputs } from './inputs.js';
import { checkpointParameters } from './parameters.js';
import { createCore } from './rates.js';
import { checkpointReadouts, createCheckpointReadouts } from './readouts.js';
import { checkpointStates } from './states.js';

export { checkpointInputs } from './inputs.js';
export { checkpointParameters } from './parameters.js';
export { checkpointStates, S as CHECKPOINT_STATE_INDEX } from './states.js';
export { checkpointReadouts } from './readouts.js';
export * as checkpointProcesses from './processes.js';

export const checkpointModel: ModelDefinition = {
  id: 'checkpoint',
  title: 'Checkpoint blockade resistance (tumor clones, vasculature, CD8 exhaustion, Tregs, MDSCs)',
  description:
    'Mechanistic ODE model of a melanoma metastasis under immune attack: antigen-presenting, B2M-loss and JAK-loss cancer clones; ' +
    'VEGF-driven vascular capacity and vessel function setting hypoxia; CD8 effector, progenitor-exhausted and terminally exhausted ' +
    'T cells primed in lymph nodes (CD28 vs CTLA-4); Tregs (IL-2, ADCC) and MDSCs (hypoxia, VEGF). IFN-γ, PD-L1, IL-2 and VEGF ' +
    'are fast signals treated at quasi-steady state and reported as readouts.',
  states: checkpointStates,
  parameters: checkpointParameters,
  inputs: checkpointInputs,
  readouts: checkpointReadouts,
  tumorVolumeReadout: 'tumor_volume',
  lesionDiameterReadout: 'lesion_diameter',
  initialState: checkpointInitialState,
  createRates(params) {
    const core = createCore(params);
    return (_t, y, dy, inputs) => core(y, inputs, dy, null);
  },
  createReadouts: createCheckpointReadouts,
};
