/**
 * 10. Mass balance: no cell count goes negative (the engine would report
 * retcode 'Negative') and every run finishes, in every archetype under every
 * therapy, alone and in the standard combinations.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedDosing } from '../src/scenario/types.js';
import { simulate } from '../src/simulation/simulate.js';
import { ARCHETYPES, archetype, context, dosing, regimens, scenario, scheduleUntil } from './helpers/scenario.js';

const THERAPIES: Record<string, () => ResolvedDosing[]> = {
  untreated: () => [],
  nivolumab: () => regimens.nivolumab(),
  ipilimumab: () => regimens.ipilimumab(),
  'nivolumab+ipilimumab': () => regimens.nivoIpi(),
  relatlimab: () => regimens.relatlimab(),
  'nivolumab+relatlimab': () => regimens.nivoRela(),
  aldesleukin: () => regimens.aldesleukin(0, 2),
  'il2-notalpha': () => regimens.il2NotAlpha(),
  bevacizumab: () => regimens.bevacizumab(),
  'pembrolizumab+lenvatinib': () => [
    dosing('pembrolizumab', '200 mg', 200, scheduleUntil(0, 21, 365)),
    dosing('lenvatinib', '20 mg', 20, scheduleUntil(0, 1, 180)),
  ],
};

const PATIENTS = ['default', ...ARCHETYPES] as const;

describe.each(PATIENTS)('patient %s', (patient) => {
  const parameters = patient === 'default' ? {} : archetype(patient);
  it.each(Object.keys(THERAPIES))('%s: finishes with no negative cell count', (therapy) => {
    const result = simulate(scenario({ name: `${patient} ${therapy}`, parameters, therapies: THERAPIES[therapy]() }), context);
    expect(result.retcode, result.message).toBe('Success');
    const n = result.columns.length;
    const cellColumns = result.columns
      .map((c, j) => ({ c, j }))
      .filter(({ c }) => c.unit === 'cells' || c.unit === 'mm^3' || c.unit === 'mg');
    for (let k = 0; k < result.t_day.length; k++)
      for (const { c, j } of cellColumns) {
        const v = result.values[k * n + j];
        if (!(v >= -1e-3)) throw new Error(`${c.name} = ${v} at day ${result.t_day[k]}`);
      }
  });
});
