/**
 * Quantities written with units ("2 weeks", "3 mg/kg", "0.02 1/day") converted
 * to plain numbers in a canonical unit. A bare number is taken to be in the
 * canonical unit already.
 */
import type { Unit } from 'mathjs';
import { ExpressionError, isUnit, safeEvaluate } from './math.js';
import {
  describeValue,
  expectedPhrase,
  isDimensionless,
  isMassPerMass,
  unitOfOne,
} from './kinds.js';

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

/** Conversion factors such as mg→kg→mg leave float noise; 12 digits hide it. */
export function roundSignificant(x: number, digits = 12): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/**
 * Normalises how people write units into what the parser reads:
 * "0.02 1/day" → "0.02 /day" and "µM" → "uM".
 */
function normaliseText(text: string): string {
  return text
    .trim()
    .replace(/[µμ]/g, 'u')
    .replace(/([\d.)])\s+1\s*\//g, '$1 /');
}

/** Evaluates a quantity string to a number or a Unit that carries a value. */
export function readQuantity(text: string): number | Unit {
  let value: unknown;
  try {
    value = safeEvaluate(normaliseText(text));
  } catch (err) {
    if (err instanceof ExpressionError) throw new QuantityError(`could not read "${text}": ${err.message}`);
    throw err;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new QuantityError(`"${text}" is not a finite number`);
    return value;
  }
  if (!isUnit(value)) throw new QuantityError(`"${text}" is not a quantity`);
  if (value.value === null || value.value === undefined) {
    throw new QuantityError(`"${text}" has a unit but no number (write e.g. "1 ${text}")`);
  }
  if (typeof value.value !== 'number' || !Number.isFinite(value.value)) {
    throw new QuantityError(`"${text}" is not a finite quantity`);
  }
  return value;
}

function mismatch(expected: string, text: string, got: Unit | number): QuantityError {
  return new QuantityError(`expected ${expected}, got "${text}" (${describeValue(got)})`);
}

function wrongType(expected: string, value: unknown): QuantityError {
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return new QuantityError(`expected ${expected} as a string or a number, got ${shown}`);
}

function checkedTarget(targetUnit: string): Unit | null {
  try {
    return unitOfOne(targetUnit);
  } catch {
    throw new QuantityError(`canonical unit "${targetUnit}" is not a known unit`);
  }
}

/**
 * Converts `value` to a number in `targetUnit` ("day", "mg", "1/day", "nM",
 * "1/(cells*day)", "fraction" or "1" for dimensionless). Throws QuantityError
 * when the value is unreadable or of another kind (a mass where a duration
 * belongs).
 */
export function parseQuantity(value: string | number, targetUnit: string): number {
  const target = checkedTarget(targetUnit);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new QuantityError(`expected a finite number, got ${value}`);
    return value;
  }
  // The "expected …" phrase is only needed for an error message.
  const expected = () => expectedPhrase(targetUnit);
  if (typeof value !== 'string') throw wrongType(expected(), value);
  const q = readQuantity(value);
  if (typeof q === 'number') return q;
  if (target === null) {
    if (!isDimensionless(q) || isMassPerMass(q)) throw mismatch(expected(), value, q);
    return roundSignificant(q.value);
  }
  if (!q.equalBase(target)) throw mismatch(expected(), value, q);
  // Unit.value is held in SI, so the ratio of SI values is the conversion.
  return roundSignificant(q.value / target.value);
}

/** A dose as written: an amount in mg or IU, per administration or per kg of body weight. */
export interface DoseAmount {
  readonly amount: number;
  readonly unit: 'mg' | 'IU';
  readonly perKg: boolean;
}

export const DOSE_EXPECTED = 'a mass or mass per body weight (e.g. "240 mg", "3 mg/kg")';

const MG_PER_KG = 1e6;

/**
 * Reads a dose without needing the patient or the drug: "240 mg", "1 g",
 * "500 mcg", "3 mg/kg", "1e6 IU", "600000 IU/kg". A bare number is mg.
 */
export function readDose(value: string | number): DoseAmount {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new QuantityError(`expected a finite number, got ${value}`);
    return { amount: value, unit: 'mg', perKg: false };
  }
  if (typeof value !== 'string') throw wrongType(DOSE_EXPECTED, value);
  const q = readQuantity(value);
  if (typeof q === 'number') return { amount: q, unit: 'mg', perKg: false };
  const mass = unitOfOne('kg')!;
  const activity = unitOfOne('IU')!;
  const activityPerMass = unitOfOne('IU/kg')!;
  // SI values: kg, kg/kg, IU and IU/kg.
  if (q.equalBase(mass)) return { amount: roundSignificant(q.value * MG_PER_KG), unit: 'mg', perKg: false };
  if (isDimensionless(q) && isMassPerMass(q)) {
    return { amount: roundSignificant(q.value * MG_PER_KG), unit: 'mg', perKg: true };
  }
  if (q.equalBase(activity)) return { amount: roundSignificant(q.value), unit: 'IU', perKg: false };
  if (q.equalBase(activityPerMass)) return { amount: roundSignificant(q.value), unit: 'IU', perKg: true };
  throw mismatch(DOSE_EXPECTED, value, q);
}

export interface DoseContext {
  readonly bodyWeight_kg: number;
  /** Specific activity of the drug, needed only for doses in IU. */
  readonly iuPerMg?: number;
  readonly drug: string;
}

export interface ResolvedDose {
  /** Amount given at one administration, in mg. */
  readonly dose_mg: number;
  /** True when the dose was written per kg of body weight. */
  readonly perKg: boolean;
}

/** Converts a dose to mg for one administration to this patient. */
export function parseDose(value: string | number, context: DoseContext): ResolvedDose {
  const dose = readDose(value);
  return { dose_mg: doseToMg(dose, context), perKg: dose.perKg };
}

export function doseToMg(dose: DoseAmount, context: DoseContext): number {
  const perAdministration = dose.perKg ? dose.amount * context.bodyWeight_kg : dose.amount;
  if (dose.unit === 'mg') return roundSignificant(perAdministration);
  const iuPerMg = context.iuPerMg;
  if (iuPerMg === undefined || !(iuPerMg > 0)) {
    throw new QuantityError(
      `${context.drug} has no specific activity (iuPerMg), so its dose cannot be given in IU; ` +
        'give it in mg or mg/kg',
    );
  }
  return roundSignificant(perAdministration / iuPerMg);
}
