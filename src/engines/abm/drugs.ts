/**
 * Drug exposure for the agent-based engine, from the same PK modules and the
 * same composition (`CompiledSystem.computeInputs`) as the ODE: the PK
 * compartments are integrated between cell steps with classical RK4 on their
 * own ODE (steps short against the fastest PK rate), doses are applied at
 * their exact times, and each cell step sees the time-average of every named
 * model input over the step. No therapy is named here.
 */
import type { ResolvedScenario } from '../../scenario/types.js';
import type { CompiledSystem } from '../../simulation/system.js';
import { fastestRate_per_day, type LinearPkModel } from '../../therapies/pk.js';
import type { PkModel } from '../../therapies/types.js';

/** RK4 step × fastest rate: local relative error ~ (0.25)^5/120 ≈ 1e-5 per step. */
const STEP_TIMES_RATE = 0.25;
/** Step for a PK model that does not expose its rate matrix (1 minute). */
const FALLBACK_STEP_DAY = 1 / 1440;

interface Dose {
  readonly time: number;
  readonly index: number;
  readonly amount: number;
}

export interface DrugState {
  /** Full system state vector; only the PK compartments are used. */
  readonly y: Float64Array;
  readonly doses: readonly Dose[];
  next: number;
  /** Largest RK4 step (days). */
  readonly maxStep: number;
  readonly system: CompiledSystem;
  // Scratch.
  readonly k1: Float64Array;
  readonly k2: Float64Array;
  readonly k3: Float64Array;
  readonly k4: Float64Array;
  readonly tmp: Float64Array;
  readonly pkRates: Float64Array;
  readonly inputsA: Float64Array;
  readonly inputsB: Float64Array;
  readonly nModel: number;
}

function hasRateMatrix(pk: PkModel): pk is LinearPkModel {
  return Array.isArray((pk as Partial<LinearPkModel>).rateMatrix_per_day);
}

export function createDrugState(system: CompiledSystem, scenario: ResolvedScenario): DrugState {
  const doses: Dose[] = [];
  for (const dosing of scenario.therapies) {
    const index = system.doseStateIndex(dosing.drug);
    for (const time of dosing.times_day) doses.push({ time, index, amount: dosing.dose_mg });
  }
  // Stable order: by time, then as listed.
  doses.sort((a, b) => a.time - b.time);
  let maxStep = Infinity;
  for (const therapy of system.therapies) {
    const step = hasRateMatrix(therapy.pk) ? STEP_TIMES_RATE / fastestRate_per_day(therapy.pk) : FALLBACK_STEP_DAY;
    maxStep = Math.min(maxStep, step);
  }
  const n = system.states.length;
  const nInputs = system.model.inputs.length;
  const widest = Math.max(1, ...system.therapies.map((t) => t.pk.compartments.length));
  return {
    y: new Float64Array(n),
    doses,
    next: 0,
    maxStep,
    system,
    k1: new Float64Array(n),
    k2: new Float64Array(n),
    k3: new Float64Array(n),
    k4: new Float64Array(n),
    tmp: new Float64Array(n),
    pkRates: new Float64Array(widest),
    inputsA: new Float64Array(nInputs),
    inputsB: new Float64Array(nInputs),
    nModel: system.model.states.length,
  };
}

function pkRhs(d: DrugState, y: Float64Array, dy: Float64Array): void {
  const { system, pkRates } = d;
  for (let k = 0; k < system.therapies.length; k++) {
    const pk = system.therapies[k].pk;
    const off = system.pkOffset[k];
    pk.rates(y, pkRates, off);
    for (let c = 0; c < pk.compartments.length; c++) dy[off + c] = pkRates[c];
  }
}

function rk4(d: DrugState, h: number): void {
  const { y, k1, k2, k3, k4, tmp, nModel } = d;
  const n = y.length;
  pkRhs(d, y, k1);
  for (let i = nModel; i < n; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
  pkRhs(d, tmp, k2);
  for (let i = nModel; i < n; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
  pkRhs(d, tmp, k3);
  for (let i = nModel; i < n; i++) tmp[i] = y[i] + h * k3[i];
  pkRhs(d, tmp, k4);
  for (let i = nModel; i < n; i++) y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

/** Applies every dose due at or before `t` (plus rounding slack) that is not applied yet. */
export function applyDosesUpTo(d: DrugState, t: number): void {
  const slack = 1e-9 * Math.max(1, Math.abs(t));
  while (d.next < d.doses.length && d.doses[d.next].time <= t + slack) {
    const dose = d.doses[d.next++];
    d.y[dose.index] += dose.amount;
  }
}

/**
 * Advances the PK from t0 to t1 (doses inside applied at their times, doses
 * at t1 applied at the end so the state at t1 is post-dose) and writes the
 * time-averaged model inputs over [t0, t1] into `meanInputs` (trapezoid rule
 * on the RK4 grid).
 */
export function advanceDrugs(d: DrugState, t0: number, t1: number, meanInputs: Float64Array): void {
  const { system, inputsA, inputsB } = d;
  meanInputs.fill(0);
  if (system.therapies.length === 0) return;
  applyDosesUpTo(d, t0);
  system.computeInputs(d.y, inputsA);
  let t = t0;
  while (t < t1 - 1e-12) {
    const nextDose = d.next < d.doses.length ? d.doses[d.next].time : Infinity;
    const segmentEnd = Math.min(t1, nextDose);
    const length = segmentEnd - t;
    if (length > 0) {
      const steps = Math.max(1, Math.ceil(length / d.maxStep - 1e-9));
      const h = length / steps;
      for (let s = 0; s < steps; s++) {
        rk4(d, h);
        system.computeInputs(d.y, inputsB);
        for (let i = 0; i < meanInputs.length; i++) meanInputs[i] += 0.5 * h * (inputsA[i] + inputsB[i]);
        inputsA.set(inputsB);
      }
    }
    t = segmentEnd;
    if (segmentEnd < t1) {
      applyDosesUpTo(d, segmentEnd);
      system.computeInputs(d.y, inputsA);
    }
  }
  const span = t1 - t0;
  if (span > 0) for (let i = 0; i < meanInputs.length; i++) meanInputs[i] /= span;
  applyDosesUpTo(d, t1);
}
