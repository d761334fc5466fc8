/**
 * Initial state of a patient at the start of a simulation. The lesion starts
 * at its baseline size; vessels sit at the steady state for that size; the
 * immune infiltrate is what `immune_history` days of engagement with a lesion
 * of that size leave behind (a burn-in with the cancer cells held fixed and
 * no drug). A long history leaves mostly terminally exhausted T cells.
 */
import type { ParameterValues } from '../types.js';
import { checkpointInputs } from './inputs.js';
import { angiogenicStimulus, hypoxiaLevel, mdscRecruitment, sphereVolume, vegfProduction, vesselFunctionTarget } from './processes.js';
import { createCore } from './rates.js';
import { N_STATES, S } from './states.js';

/** Burn-in step (days): RK4 is stable and accurate here because every immune rate is ≲ 1/day. */
const BURN_IN_STEP_DAY = 2;

/** Vessel capacity and function at steady state for a lesion of volume V held fixed (fixed-point iteration). */
export function vascularSteadyState(
  params: ParameterValues,
  volume_mm3: number,
): { capacity: number; vesselFunction: number; hypoxia: number } {
  const v23 = Math.cbrt(volume_mm3 * volume_mm3);
  let hyp = 0.3;
  let K = volume_mm3;
  let q = 0.5;
  for (let i = 0; i < 200; i++) {
    const vegf = vegfProduction(hyp, params.vegf_hypoxia_induction);
    const stim = angiogenicStimulus(vegf, 0, params.angiogenic_half_max, params.vegf_independent_angiogenesis);
    K = params.capacity_inhibition_rate > 0 ? (params.capacity_growth_rate * volume_mm3 * stim) / (params.capacity_inhibition_rate * v23) : 1e3 * volume_mm3;
    q = vesselFunctionTarget(vegf, params.angiogenic_half_max, params.vessel_abnormality);
    const next = hypoxiaLevel((q * K) / volume_mm3, params.hypoxia_half_supply, params.hypoxia_hill);
    hyp = 0.5 * hyp + 0.5 * next;
  }
  return { capacity: K, vesselFunction: q, hypoxia: hyp };
}

export function checkpointInitialState(params: ParameterValues, out: Float64Array): void {
  const volume = sphereVolume(params.initial_diameter);
  const cells = volume / params.cell_volume;
  const fB = params.initial_b2m_fraction;
  const fJ = params.initial_jak_fraction;
  out.fill(0);
  out[S.tumorPresenting] = cells * Math.max(0, 1 - fB - fJ);
  out[S.tumorB2m] = cells * fB;
  out[S.tumorJak] = cells * fJ;
  const vessels = vascularSteadyState(params, volume);
  out[S.capacity] = vessels.capacity;
  out[S.vesselFunction] = vessels.vesselFunction;
  // MDSCs depend on the lesion, not on the T-cell history: start at their steady state.
  out[S.mdsc] = mdscRecruitment(params.mdsc_recruitment, volume, vessels.hypoxia, params.mdsc_hypoxia_gain, params.mdsc_vegf_dependence, 0) / params.mdsc_death_rate;
  // T cells and Tregs start absent and are built up by the burn-in.

  const history = params.immune_history;
  if (!(history > 0)) return;
  const core = createCore(params);
  const inputs = new Float64Array(checkpointInputs.length);
  const k1 = new Float64Array(N_STATES);
  const k2 = new Float64Array(N_STATES);
  const k3 = new Float64Array(N_STATES);
  const k4 = new Float64Array(N_STATES);
  const tmp = new Float64Array(N_STATES);
  const y = Float64Array.from(out);
  const clamp = (dy: Float64Array) => {
    // Cancer cells and vessels are held at baseline; only the immune compartment evolves.
    dy[S.tumorPresenting] = 0;
    dy[S.tumorB2m] = 0;
    dy[S.tumorJak] = 0;
    dy[S.capacity] = 0;
    dy[S.vesselFunction] = 0;
  };
  const steps = Math.max(1, Math.ceil(history / BURN_IN_STEP_DAY));
  const h = history / steps;
  for (let s = 0; s < steps; s++) {
    core(y, inputs, k1, null);
    clamp(k1);
    for (let i = 0; i < N_STATES; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
    core(tmp, inputs, k2, null);
    clamp(k2);
    for (let i = 0; i < N_STATES; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
    core(tmp, inputs, k3, null);
    clamp(k3);
    for (let i = 0; i < N_STATES; i++) tmp[i] = y[i] + h * k3[i];
    core(tmp, inputs, k4, null);
    clamp(k4);
    for (let i = 0; i < N_STATES; i++) {
      const next = y[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      y[i] = next > 0 ? next : 0;
    }
  }
  out.set(y);
}
