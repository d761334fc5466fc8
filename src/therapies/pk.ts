import type { ParameterSpec } from '../model/types.js';
import { mgPerLiterToNanomolar, type PkModel } from './types.js';

/**
 * Linear compartmental PK. Every model here is d(amount)/dt = K · amount with
 * a constant first-order rate matrix K (1/day), so exposure scales with dose
 * and the terminal half-life follows from the eigenvalues of K.
 *
 * Convention of `rates` (as the engine calls it): amounts are read from
 * `amount_mg[offset + i]`, rates are written to `dAmount_mg_per_day[i]`.
 * Concentrations are clamped at zero so solver noise (tiny negative amounts)
 * can never make an effect function misbehave.
 */
export interface LinearPkModel extends PkModel {
  /** K, row-major: K[i][j] is the rate (1/day) at which compartment j feeds compartment i. */
  readonly rateMatrix_per_day: readonly (readonly number[])[];
  /** Index of the compartment whose concentration is reported. */
  readonly observedCompartment: number;
  /** Volume of the observed compartment (L). */
  readonly observedVolume_L: number;
}

/** Source text for each numeric field of a spec (a citation, or "assumed: why"). */
type Sources<T> = { readonly [K in keyof T]: string };

export interface TwoCompartmentPkParams {
  readonly clearance_L_per_day: number;
  readonly centralVolume_L: number;
  readonly interCompartmentalClearance_L_per_day: number;
  readonly peripheralVolume_L: number;
  readonly molecularWeight_kDa: number;
  /** Concentration at the site of action / central (plasma) concentration. */
  readonly tissuePartition: number;
}

export interface OneCompartmentPkParams {
  readonly clearance_L_per_day: number;
  readonly volume_L: number;
  readonly molecularWeight_kDa: number;
  readonly tissuePartition: number;
}

export interface OralOneCompartmentPkParams extends OneCompartmentPkParams {
  readonly absorptionRate_per_day: number;
  /** Fraction of an oral dose reaching the circulation; the rest leaves the depot unabsorbed. */
  readonly bioavailability: number;
}

export type SourcedParams<T> = T & { readonly sources: Sources<T> };

function requirePositive(what: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`PK parameter ${what} must be a positive number, got ${value}`);
}

function spec(name: string, value: number, unit: string, description: string, source: string): ParameterSpec {
  return { name, value, unit, description, source };
}

const partitionDescription =
  'Site-of-action concentration over central (plasma) concentration (tumor interstitium, or the unbound fraction for a protein-bound small molecule)';

/**
 * Two-compartment IV PK (the default for antibodies): central and peripheral
 * compartments in mg; a dose is a bolus into the central compartment.
 */
export function twoCompartmentPk(p: SourcedParams<TwoCompartmentPkParams>): LinearPkModel {
  requirePositive('clearance_L_per_day', p.clearance_L_per_day);
  requirePositive('centralVolume_L', p.centralVolume_L);
  requirePositive('interCompartmentalClearance_L_per_day', p.interCompartmentalClearance_L_per_day);
  requirePositive('peripheralVolume_L', p.peripheralVolume_L);
  requirePositive('molecularWeight_kDa', p.molecularWeight_kDa);
  requirePositive('tissuePartition', p.tissuePartition);

  const k10 = p.clearance_L_per_day / p.centralVolume_L;
  const k12 = p.interCompartmentalClearance_L_per_day / p.centralVolume_L;
  const k21 = p.interCompartmentalClearance_L_per_day / p.peripheralVolume_L;
  const nM_per_mg = mgPerLiterToNanomolar(p.tissuePartition / p.centralVolume_L, p.molecularWeight_kDa);
  const s = p.sources;

  return {
    compartments: ['central', 'peripheral'],
    doseCompartment: 0,
    observedCompartment: 0,
    observedVolume_L: p.centralVolume_L,
    rateMatrix_per_day: [
      [-(k10 + k12), k21],
      [k12, -k21],
    ],
    parameters: [
      spec('CL', p.clearance_L_per_day, 'L/day', 'Linear clearance from the central compartment', s.clearance_L_per_day),
      spec('V1', p.centralVolume_L, 'L', 'Central (plasma) volume of distribution', s.centralVolume_L),
      spec('Q', p.interCompartmentalClearance_L_per_day, 'L/day', 'Inter-compartmental clearance', s.interCompartmentalClearance_L_per_day),
      spec('V2', p.peripheralVolume_L, 'L', 'Peripheral volume of distribution', s.peripheralVolume_L),
      spec('MW', p.molecularWeight_kDa, 'kDa', 'Molecular weight (mg/L to nM)', s.molecularWeight_kDa),
      spec('partition', p.tissuePartition, 'fraction', partitionDescription, s.tissuePartition),
    ],
    rates(a, da, off) {
      const c = a[off];
      const q = a[off + 1];
      da[0] = -(k10 + k12) * c + k21 * q;
      da[1] = k12 * c - k21 * q;
    },
    concentration_nM(a, off) {
      const c = a[off];
      return c > 0 ? c * nM_per_mg : 0;
    },
  };
}

/** One-compartment IV PK: a single central compartment, bolus doses, first-order elimination. */
export function oneCompartmentPk(p: SourcedParams<OneCompartmentPkParams>): LinearPkModel {
  requirePositive('clearance_L_per_day', p.clearance_L_per_day);
  requirePositive('volume_L', p.volume_L);
  requirePositive('molecularWeight_kDa', p.molecularWeight_kDa);
  requirePositive('tissuePartition', p.tissuePartition);

  const k = p.clearance_L_per_day / p.volume_L;
  const nM_per_mg = mgPerLiterToNanomolar(p.tissuePartition / p.volume_L, p.molecularWeight_kDa);
  const s = p.sources;

  return {
    compartments: ['central'],
    doseCompartment: 0,
    observedCompartment: 0,
    observedVolume_L: p.volume_L,
    rateMatrix_per_day: [[-k]],
    parameters: [
      spec('CL', p.clearance_L_per_day, 'L/day', 'Linear clearance', s.clearance_L_per_day),
      spec('V', p.volume_L, 'L', 'Volume of distribution', s.volume_L),
      spec('MW', p.molecularWeight_kDa, 'kDa', 'Molecular weight (mg/L to nM)', s.molecularWeight_kDa),
      spec('partition', p.tissuePartition, 'fraction', partitionDescription, s.tissuePartition),
    ],
    rates(a, da, off) {
      da[0] = -k * a[off];
    },
    concentration_nM(a, off) {
      const c = a[off];
      return c > 0 ? c * nM_per_mg : 0;
    },
  };
}

/**
 * Oral one-compartment PK: a gut depot (dose compartment) absorbed first-order
 * into a central compartment. Only the fraction F of what leaves the depot
 * arrives; the rest is lost pre-systemically, which keeps the depot linear.
 */
export function oralOneCompartmentPk(p: SourcedParams<OralOneCompartmentPkParams>): LinearPkModel {
  requirePositive('clearance_L_per_day', p.clearance_L_per_day);
  requirePositive('volume_L', p.volume_L);
  requirePositive('absorptionRate_per_day', p.absorptionRate_per_day);
  requirePositive('molecularWeight_kDa', p.molecularWeight_kDa);
  requirePositive('tissuePartition', p.tissuePartition);
  if (!(p.bioavailability > 0 && p.bioavailability <= 1))
    throw new Error(`PK parameter bioavailability must be in (0, 1], got ${p.bioavailability}`);

  const ka = p.absorptionRate_per_day;
  const f = p.bioavailability;
  const k = p.clearance_L_per_day / p.volume_L;
  const nM_per_mg = mgPerLiterToNanomolar(p.tissuePartition / p.volume_L, p.molecularWeight_kDa);
  const s = p.sources;

  return {
    compartments: ['depot', 'central'],
    doseCompartment: 0,
    observedCompartment: 1,
    observedVolume_L: p.volume_L,
    rateMatrix_per_day: [
      [-ka, 0],
      [f * ka, -k],
    ],
    parameters: [
      spec('CL', p.clearance_L_per_day, 'L/day', 'Systemic clearance (apparent CL/F times F)', s.clearance_L_per_day),
      spec('V', p.volume_L, 'L', 'Volume of distribution', s.volume_L),
      spec('ka', ka, '1/day', 'First-order absorption rate from the gut depot', s.absorptionRate_per_day),
      spec('F', f, 'fraction', 'Oral bioavailability', s.bioavailability),
      spec('MW', p.molecularWeight_kDa, 'kDa', 'Molecular weight (mg/L to nM)', s.molecularWeight_kDa),
      spec('partition', p.tissuePartition, 'fraction', partitionDescription, s.tissuePartition),
    ],
    rates(a, da, off) {
      const depot = a[off];
      da[0] = -ka * depot;
      da[1] = f * ka * depot - k * a[off + 1];
    },
    concentration_nM(a, off) {
      const c = a[off + 1];
      return c > 0 ? c * nM_per_mg : 0;
    },
  };
}

/** Eigenvalue rates (1/day, positive, ascending) of a 1×1 or 2×2 PK rate matrix. */
export function eliminationRates_per_day(pk: LinearPkModel): number[] {
  const K = pk.rateMatrix_per_day;
  if (K.length === 1) return [-K[0][0]];
  if (K.length !== 2) throw new Error(`eigenvalues implemented for 1 or 2 compartments, got ${K.length}`);
  // Eigenvalues of K are −λ with λ² − tr·λ + det = 0, where tr = −trace(K), det = det(K).
  const tr = -(K[0][0] + K[1][1]);
  const det = K[0][0] * K[1][1] - K[0][1] * K[1][0];
  const disc = Math.sqrt(Math.max(0, tr * tr - 4 * det));
  // Smaller root via det/larger root avoids cancellation when the rates differ by orders of magnitude.
  const large = (tr + disc) / 2;
  return [det / large, large];
}

/** Terminal (slowest) half-life in days, from the eigenvalues of the PK system. */
export function terminalHalfLife_day(pk: LinearPkModel): number {
  return Math.LN2 / eliminationRates_per_day(pk)[0];
}

/** Fastest rate of the PK system (1/day): what sets the explicit solver's step size. */
export function fastestRate_per_day(pk: LinearPkModel): number {
  const rates = eliminationRates_per_day(pk);
  return rates[rates.length - 1];
}

/**
 * Inter-compartmental clearance and peripheral volume of a two-compartment IV
 * model, from a biexponential decline (half-lives of the α and β phases),
 * total clearance and central volume. Uses α+β = k10+k12+k21 and αβ = k10·k21.
 */
export function distributionFromHalfLives(
  clearance_L_per_day: number,
  centralVolume_L: number,
  alphaHalfLife_day: number,
  betaHalfLife_day: number,
): { interCompartmentalClearance_L_per_day: number; peripheralVolume_L: number } {
  if (!(alphaHalfLife_day > 0 && alphaHalfLife_day < betaHalfLife_day))
    throw new Error('the distribution (α) half-life must be positive and shorter than the terminal (β) half-life');
  const alpha = Math.LN2 / alphaHalfLife_day;
  const beta = Math.LN2 / betaHalfLife_day;
  const k10 = clearance_L_per_day / centralVolume_L;
  const k21 = (alpha * beta) / k10;
  const k12 = alpha + beta - k10 - k21;
  if (!(k12 > 0 && k21 > 0))
    throw new Error('half-lives, clearance and central volume are not consistent with a two-compartment model');
  const q = k12 * centralVolume_L;
  return { interCompartmentalClearance_L_per_day: q, peripheralVolume_L: q / k21 };
}

/**
 * Tumor-interstitial / plasma concentration ratio used for IgG antibodies.
 * Antibodies extravasate slowly (convection through pores), so interstitial
 * levels sit well below plasma; we take the middle of the 0.1–0.5 range.
 */
export const ANTIBODY_TUMOR_PARTITION = {
  value: 0.3,
  source:
    'assumed: middle of the ~0.1–0.5 tumor-interstitial/plasma range for IgG implied by antibody biodistribution coefficients (Shah & Betts 2013, mAbs 5:297) divided by interstitial volume fractions; not measured for this drug',
} as const;
