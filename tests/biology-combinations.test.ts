/**
 * 9. Combinations on the default patient: PD-1 + CTLA-4 beats either alone,
 * and PD-1 + LAG-3 beats PD-1 alone. Bliss excess of each at day 84, with
 * response = fractional tumor reduction versus untreated.
 */
import { describe, expect, it } from 'vitest';
import { blissExcess, fractionalReduction } from '../src/analysis/bliss.js';
import { regimens, run, volumeAt } from './helpers/scenario.js';

const DAY = 84;

describe('combinations (default patient)', () => {
  const untreated = run({ name: 'untreated' });
  const f = (r: ReturnType<typeof run>) => fractionalReduction(volumeAt(r, DAY), volumeAt(untreated, DAY));

  it('PD-1 + CTLA-4 beats either alone', () => {
    const nivo = run({ name: 'nivolumab', therapies: regimens.nivolumab() });
    const ipi = run({ name: 'ipilimumab', therapies: regimens.ipilimumab() });
    const combo = run({ name: 'nivolumab + ipilimumab', therapies: regimens.nivoIpi() });
    expect(combo.tumor.bestChange_percent).toBeLessThan(nivo.tumor.bestChange_percent - 20);
    expect(combo.tumor.bestChange_percent).toBeLessThan(ipi.tumor.bestChange_percent - 20);
    expect(f(combo)).toBeGreaterThan(Math.max(f(nivo), f(ipi)));
    const excess = blissExcess(f(nivo), f(ipi), f(combo));
    console.log(`PD-1+CTLA-4 at day ${DAY}: f_nivo ${f(nivo).toFixed(3)}, f_ipi ${f(ipi).toFixed(3)}, f_combo ${f(combo).toFixed(3)}, Bliss excess ${excess.toFixed(3)}`);
    expect(excess).toBeGreaterThan(0);
  });

  it('PD-1 + LAG-3 beats PD-1 alone', () => {
    const nivo = run({ name: 'nivolumab 480 mg Q4W', therapies: regimens.nivolumab480() });
    const rela = run({ name: 'relatlimab', therapies: regimens.relatlimab() });
    const combo = run({ name: 'nivolumab + relatlimab', therapies: regimens.nivoRela() });
    expect(combo.tumor.bestChange_percent).toBeLessThan(nivo.tumor.bestChange_percent - 10);
    expect(f(combo)).toBeGreaterThan(f(nivo) + 0.03);
    // LAG-3 blockade alone does little.
    expect(f(rela)).toBeLessThan(0.5 * f(nivo));
    const excess = blissExcess(f(nivo), f(rela), f(combo));
    console.log(`PD-1+LAG-3 at day ${DAY}: f_nivo ${f(nivo).toFixed(3)}, f_rela ${f(rela).toFixed(3)}, f_combo ${f(combo).toFixed(3)}, Bliss excess ${excess.toFixed(3)}`);
    expect(excess).toBeGreaterThan(0);
  });
});
