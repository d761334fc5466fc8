import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../src/units/suggest.js';
import { parseDose, parseQuantity, QuantityError, readDose, roundSignificant } from '../src/units/quantity.js';

function quantityError(run: () => unknown): QuantityError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(QuantityError);
    return err as QuantityError;
  }
  throw new Error('expected a QuantityError');
}

describe('parseQuantity', () => {
  it.each([
    ['240 mg', 'mg', 240],
    ['1 g', 'mg', 1000],
    ['500 mcg', 'mg', 0.5],
    ['2 weeks', 'day', 14],
    ['52 weeks', 'day', 364],
    ['3 * 7 days', 'day', 21],
    ['12 h', 'day', 0.5],
    ['1 month', 'day', 30.4375],
    ['1 year', 'day', 365.25],
    ['1.5 cm^3', 'mm^3', 1500],
    ['5e8 cells', 'cells', 5e8],
    ['1 cell', 'cells', 1],
    ['0.02 1/day', '1/day', 0.02],
    ['0.14 1/week', '1/day', 0.02],
    ['0.3 nM', 'nM', 0.3],
    ['2 uM', 'nM', 2000],
    ['2 µM', 'nM', 2000],
    ['300 pM', 'nM', 0.3],
    ['1e5 cells/day', 'cells/day', 1e5],
    ['2e-9 1/(cells*day)', '1/(cells*day)', 2e-9],
    ['75 kg', 'kg', 75],
    ['0.5', 'fraction', 0.5],
    ['50%', 'fraction', 0.5],
    ['0.5', '1', 0.5],
  ])('reads %s as %s', (text, unit, expected) => {
    expect(parseQuantity(text, unit)).toBe(expected);
  });

  it('takes a bare number as already in the canonical unit', () => {
    expect(parseQuantity(14, 'day')).toBe(14);
    expect(parseQuantity(5e8, 'cells')).toBe(5e8);
    expect(parseQuantity('5e8', 'cells')).toBe(5e8);
  });

  it('hides conversion float noise', () => {
    expect(parseQuantity('240 mg', 'g')).toBe(0.24);
    expect(roundSignificant(239.99999999999997)).toBe(240);
    expect(roundSignificant(0)).toBe(0);
  });

  it('reads "min" as minutes, not as the min() function', () => {
    expect(parseQuantity('1440 min', 'day')).toBe(1);
  });

  it('names the expected and the given kind when the unit does not fit', () => {
    expect(quantityError(() => parseQuantity('240 mg', 'day')).message).toBe(
      'expected a duration (e.g. "2 weeks"), got "240 mg" (mass)',
    );
    expect(quantityError(() => parseQuantity('3 weeks', 'cells')).message).toBe(
      'expected a cell count (e.g. "5e8 cells"), got "3 weeks" (time)',
    );
    expect(quantityError(() => parseQuantity('3 mg/kg', 'day')).message).toBe(
      'expected a duration (e.g. "2 weeks"), got "3 mg/kg" (mass per body weight)',
    );
    expect(quantityError(() => parseQuantity('0.02 1/day', 'fraction')).message).toBe(
      'expected a plain number (e.g. "0.5"), got "0.02 1/day" (rate (1/time))',
    );
    expect(quantityError(() => parseQuantity('3 mg*day', 'mg')).message).toBe(
      'expected a mass (e.g. "240 mg"), got "3 mg*day" (mass·time)',
    );
  });

  it('suggests a unit for a misspelt one', () => {
    expect(quantityError(() => parseQuantity('2 weks', 'day')).message).toBe(
      'could not read "2 weks": unknown unit or name "weks" (did you mean "weeks"?)',
    );
  });

  it('refuses units without a number, non-finite values and non-quantities', () => {
    expect(quantityError(() => parseQuantity('mg', 'mg')).message).toMatch(/has a unit but no number/);
    expect(quantityError(() => parseQuantity('1/0', 'day')).message).toMatch(/not a finite number/);
    expect(quantityError(() => parseQuantity(Number.NaN, 'day')).message).toMatch(/finite/);
    expect(quantityError(() => parseQuantity(true as unknown as string, 'day')).message).toBe(
      'expected a duration (e.g. "2 weeks") as a string or a number, got true',
    );
  });

  it('reports a canonical unit it cannot read', () => {
    expect(quantityError(() => parseQuantity('1 day', 'fortnights')).message).toBe(
      'canonical unit "fortnights" is not a known unit',
    );
  });
});

describe('parseDose', () => {
  const patient = { bodyWeight_kg: 80, drug: 'nivolumab' };

  it('keeps flat doses in mg', () => {
    expect(parseDose('240 mg', patient)).toEqual({ dose_mg: 240, perKg: false });
    expect(parseDose('1 g', patient)).toEqual({ dose_mg: 1000, perKg: false });
    expect(parseDose('500 mcg', patient)).toEqual({ dose_mg: 0.5, perKg: false });
    expect(parseDose(240, patient)).toEqual({ dose_mg: 240, perKg: false });
  });

  it('multiplies per-kg doses by body weight', () => {
    expect(parseDose('3 mg/kg', patient)).toEqual({ dose_mg: 240, perKg: true });
    expect(parseDose('10 mg/kg', { ...patient, bodyWeight_kg: 75 })).toEqual({ dose_mg: 750, perKg: true });
    expect(parseDose('3 ug/g', patient)).toEqual({ dose_mg: 240, perKg: true });
  });

  it('converts IU with the drug specific activity', () => {
    const il2 = { bodyWeight_kg: 75, drug: 'aldesleukin', iuPerMg: 1.8e7 };
    expect(parseDose('600000 IU/kg', il2)).toEqual({ dose_mg: 2.5, perKg: true });
    expect(parseDose('18 MIU', il2)).toEqual({ dose_mg: 1, perKg: false });
    expect(parseDose('9e6 IU', il2)).toEqual({ dose_mg: 0.5, perKg: false });
  });

  it('refuses IU for a drug without a specific activity, naming the drug', () => {
    expect(quantityError(() => parseDose('600000 IU/kg', patient)).message).toBe(
      'nivolumab has no specific activity (iuPerMg), so its dose cannot be given in IU; give it in mg or mg/kg',
    );
  });

  it('refuses a dose of another kind', () => {
    expect(quantityError(() => parseDose('3 weeks', patient)).message).toBe(
      'expected a mass or mass per body weight (e.g. "240 mg", "3 mg/kg"), got "3 weeks" (time)',
    );
    expect(quantityError(() => parseDose('75 mg/m^2', patient)).message).toMatch(/mass per body surface area/);
  });

  it('reads a dose without a patient', () => {
    expect(readDose('3 mg/kg')).toEqual({ amount: 3, unit: 'mg', perKg: true });
    expect(readDose('600000 IU/kg')).toEqual({ amount: 600000, unit: 'IU', perKg: true });
  });
});

describe('closeMatches', () => {
  it('finds near misses and ignores distant names', () => {
    expect(editDistance('weks', 'weeks')).toBe(1);
    expect(closeMatches('tumorGrowthRat', ['tumorGrowthRate', 'initialTumorCells'])).toEqual(['tumorGrowthRate']);
    expect(closeMatches('xyz', ['tumorGrowthRate', 'initialTumorCells'])).toEqual([]);
  });
});
