/**
 * Names for kinds of quantity (time, mass, cell count, ...), used to say what
 * a field expects and what it was given.
 */
import type { Unit } from 'mathjs';
import { baseDimensionNames, safeEvaluate, isUnit } from './math.js';

export interface QuantityKind {
  /** What a value of this kind is called after "got", e.g. "time". */
  readonly noun: string;
  /** What a field of this kind expects, e.g. "a duration". */
  readonly expected: string;
  readonly example: string;
  /** A unit of this kind, used to recognise it by dimension. */
  readonly reference: string;
}

const KINDS: readonly QuantityKind[] = [
  { noun: 'time', expected: 'a duration', example: '2 weeks', reference: 'day' },
  { noun: 'mass', expected: 'a mass', example: '240 mg', reference: 'mg' },
  { noun: 'volume', expected: 'a volume', example: '1.5 cm^3', reference: 'mm^3' },
  { noun: 'length', expected: 'a length', example: '12 mm', reference: 'mm' },
  { noun: 'cell count', expected: 'a cell count', example: '5e8 cells', reference: 'cells' },
  { noun: 'rate (1/time)', expected: 'a rate per time', example: '0.02 1/day', reference: '1/day' },
  { noun: 'concentration', expected: 'a concentration', example: '0.3 nM', reference: 'nM' },
  { noun: 'mass concentration', expected: 'a mass concentration', example: '10 mg/L', reference: 'mg/L' },
  { noun: 'cells per time', expected: 'a number of cells per time', example: '1e5 cells/day', reference: 'cells/day' },
  { noun: 'rate per cell', expected: 'a rate per cell and time', example: '1e-9 1/(cells*day)', reference: '1/(cells*day)' },
  { noun: 'volume per time', expected: 'a flow or clearance', example: '0.2 L/day', reference: 'L/day' },
  { noun: 'activity (IU)', expected: 'an amount in International Units', example: '1e6 IU', reference: 'IU' },
  { noun: 'activity per body weight', expected: 'International Units per body weight', example: '600000 IU/kg', reference: 'IU/kg' },
  { noun: 'mass per body surface area', expected: 'a mass per body surface area', example: '75 mg/m^2', reference: 'mg/m^2' },
  { noun: 'amount of substance', expected: 'an amount of substance', example: '1 nmol', reference: 'mol' },
];

/** Canonical unit strings that mean "a plain number". */
const DIMENSIONLESS_UNITS: ReadonlySet<string> = new Set(['1', '', 'fraction', 'dimensionless', 'ratio']);

export function isDimensionlessUnitName(unit: string): boolean {
  return DIMENSIONLESS_UNITS.has(unit.trim());
}

/**
 * Reads a canonical unit string ("1/day", "mm^3", "1/(cells*day)") as a Unit
 * of value 1, or null for dimensionless units. Throws on unknown units.
 */
export function unitOfOne(unit: string): Unit | null {
  // Target units are a handful of fixed strings; parsing them dominates the cost of
  // converting a quantity, so each is parsed once. The cached Units are only read.
  const cached = UNIT_OF_ONE.get(unit);
  if (cached !== undefined) return cached;
  const parsed = parseUnitOfOne(unit);
  if (UNIT_OF_ONE.size < 1000) UNIT_OF_ONE.set(unit, parsed);
  return parsed;
}

const UNIT_OF_ONE = new Map<string, Unit | null>();

function parseUnitOfOne(unit: string): Unit | null {
  if (isDimensionlessUnitName(unit)) return null;
  const value = safeEvaluate(`1 * (${unit})`);
  if (isUnit(value)) return isDimensionless(value) ? null : value;
  if (typeof value === 'number') return null;
  throw new Error(`"${unit}" is not a unit`);
}

export function isDimensionless(u: Unit): boolean {
  return u.dimensions.every((d) => d === 0);
}

/** "3 mg/kg": dimensionless by dimension, but written as mass over mass. */
export function isMassPerMass(u: Unit): boolean {
  const massPowers = u.units.filter((part) => part.unit.base.key === 'MASS').map((part) => part.power);
  return massPowers.some((p) => p > 0) && massPowers.some((p) => p < 0);
}

function referenceUnit(kind: QuantityKind): Unit {
  return unitOfOne(kind.reference)!;
}

export function kindOf(u: Unit): QuantityKind | undefined {
  return KINDS.find((kind) => u.equalBase(referenceUnit(kind)));
}

/** Kind of the unit a field expects, or undefined when it has no common name. */
export function kindOfUnitName(unit: string): QuantityKind | undefined {
  const u = unitOfOne(unit);
  return u === null ? undefined : kindOf(u);
}

/** e.g. `a duration (e.g. "2 weeks")`, for a canonical unit string. */
export function expectedPhrase(unit: string): string {
  if (isDimensionlessUnitName(unit)) return 'a plain number (e.g. "0.5")';
  const kind = kindOfUnitName(unit);
  if (kind === undefined) return `a quantity in ${unit} (e.g. "1 ${unit}")`;
  return `${kind.expected} (e.g. "${kind.example}")`;
}

/** What a value is, for error messages: "time", "mass per body weight", "mass·time". */
export function describeValue(value: Unit | number): string {
  if (typeof value === 'number') return 'a plain number';
  if (isDimensionless(value)) return isMassPerMass(value) ? 'mass per body weight' : 'dimensionless';
  return kindOf(value)?.noun ?? dimensionFormula(value);
}

const DIMENSION_NOUNS: Readonly<Record<string, string>> = {
  MASS: 'mass',
  LENGTH: 'length',
  TIME: 'time',
  AMOUNT_OF_SUBSTANCE: 'amount',
  cell_STUFF: 'cells',
  IU_STUFF: 'IU',
};

/** e.g. "mass·time" or "length^3/time", from the unit's base dimensions. */
export function dimensionFormula(u: Unit): string {
  const names = baseDimensionNames();
  const top: string[] = [];
  const bottom: string[] = [];
  u.dimensions.forEach((power, i) => {
    if (power === 0) return;
    const noun = DIMENSION_NOUNS[names[i]] ?? names[i].toLowerCase().replace(/_stuff$/, '');
    const magnitude = Math.abs(power);
    const term = magnitude === 1 ? noun : `${noun}^${magnitude}`;
    (power > 0 ? top : bottom).push(term);
  });
  const numerator = top.length > 0 ? top.join('·') : '1';
  return bottom.length > 0 ? `${numerator}/${bottom.join('·')}` : numerator;
}
