/**
 * 6. Tregs: a Treg-rich lesion benefits more from adding anti-CTLA-4 to
 * anti-PD-1 than an inflamed one does, and intratumoral Tregs fall under
 * anti-CTLA-4 (Fc-mediated depletion). Control: with Treg suppression switched
 * off (no suppression of killing, no effector loss, no CTLA-4 on Tregs) adding
 * anti-CTLA-4 gains the same in both.
 */
import { describe, expect, it } from 'vitest';
import { archetype, regimens, run, valueAt, volumeAt } from './helpers/scenario.js';

const DAY = 84;

/** Gain in fractional tumor reduction (vs own untreated run) from adding ipilimumab to nivolumab. */
function ipilimumabGain(parameters: Record<string, number>, name: string): number {
  const untreated = run({ name: `${name} untreated`, parameters, duration_day: 120 });
  const nivo = run({ name: `${name} nivolumab`, parameters, therapies: regimens.nivolumab(0, 120), duration_day: 120 });
  const combo = run({ name: `${name} nivo+ipi`, parameters, therapies: regimens.nivoIpi(0, 120), duration_day: 120 });
  const f = (r: typeof nivo) => 1 - volumeAt(r, DAY) / volumeAt(untreated, DAY);
  return f(combo) - f(nivo);
}

const NO_TREG_SUPPRESSION = { treg_suppression_ratio: 0, treg_effector_loss_rate: 0, ctla4_competition_treg: 0 };

describe('regulatory T cells and anti-CTLA-4', () => {
  it('a Treg-rich lesion benefits more from adding anti-CTLA-4 than an inflamed one', () => {
    const tregRich = ipilimumabGain(archetype('treg-rich'), 'treg-rich');
    const inflamed = ipilimumabGain(archetype('inflamed'), 'inflamed');
    const standard = ipilimumabGain({}, 'default');
    expect(tregRich).toBeGreaterThan(inflamed + 0.15);
    expect(tregRich).toBeGreaterThan(standard + 0.05);

    // Control: without Treg suppression the Treg-rich lesion has nothing extra to gain.
    const tregRichOff = ipilimumabGain({ ...archetype('treg-rich'), ...NO_TREG_SUPPRESSION }, 'treg-rich, no suppression');
    const inflamedOff = ipilimumabGain({ ...archetype('inflamed'), ...NO_TREG_SUPPRESSION }, 'inflamed, no suppression');
    expect(Math.abs(tregRichOff - inflamedOff)).toBeLessThan(0.05);
  });

  it('intratumoral Tregs fall under anti-CTLA-4', () => {
    const parameters = archetype('treg-rich');
    const untreated = run({ name: 'treg-rich untreated', parameters, duration_day: 90 });
    const ipi = run({ name: 'treg-rich ipilimumab', parameters, therapies: regimens.ipilimumab(), duration_day: 90 });
    expect(valueAt(ipi, 'treg', 42)).toBeLessThan(0.6 * valueAt(untreated, 'treg', 42));
    expect(valueAt(ipi, 'treg', 42)).toBeLessThan(0.6 * valueAt(ipi, 'treg', 0));
    expect(valueAt(ipi, 'cd28_costimulation', 21)).toBeGreaterThan(2 * valueAt(untreated, 'cd28_costimulation', 21));
  });
});
