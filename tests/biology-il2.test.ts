/**
 * 8. IL-2: high-dose aldesleukin raises both intratumoral effectors and Tregs
 * (Tregs are CD25-high, so more sensitive); the not-alpha variant, which
 * cannot use CD25, raises the effector/Treg ratio more. Control: with Tregs
 * unresponsive to IL-2 (no IL-2-driven proliferation or systemic expansion)
 * aldesleukin does not raise Tregs.
 */
import { describe, expect, it } from 'vitest';
import { regimens, run, valueAt } from './helpers/scenario.js';

const DAY = 5; // end of the 14-dose q8h cycle
const DURATION = 30;

describe('IL-2', () => {
  const untreated = run({ name: 'untreated', duration_day: DURATION });
  const aldesleukin = run({ name: 'aldesleukin', therapies: regimens.aldesleukin(), duration_day: DURATION });
  const notAlpha = run({ name: 'not-alpha IL-2', therapies: regimens.il2NotAlpha(), duration_day: DURATION });
  const ratio = (r: typeof untreated) => valueAt(r, 'effector_treg_ratio', DAY);

  it('aldesleukin raises both effectors and Tregs', () => {
    expect(valueAt(aldesleukin, 'cd8_effector', DAY)).toBeGreaterThan(1.3 * valueAt(untreated, 'cd8_effector', DAY));
    expect(valueAt(aldesleukin, 'treg', DAY)).toBeGreaterThan(1.3 * valueAt(untreated, 'treg', DAY));
    const tregsDeaf = { treg_proliferation_rate: 0, il2_systemic_divisions: 0 };
    const u = run({ name: 'untreated, IL-2-deaf Tregs', parameters: tregsDeaf, duration_day: DURATION });
    const a = run({ name: 'aldesleukin, IL-2-deaf Tregs', parameters: tregsDeaf, therapies: regimens.aldesleukin(), duration_day: DURATION });
    expect(valueAt(a, 'treg', DAY)).toBeLessThan(1.05 * valueAt(u, 'treg', DAY));
  });

  it('the not-alpha variant raises the effector/Treg ratio more', () => {
    expect(valueAt(notAlpha, 'cd8_effector', DAY)).toBeGreaterThan(1.3 * valueAt(untreated, 'cd8_effector', DAY));
    expect(ratio(notAlpha)).toBeGreaterThan(1.15 * ratio(aldesleukin));
    expect(ratio(notAlpha)).toBeGreaterThan(ratio(untreated));
    expect(ratio(aldesleukin)).toBeLessThan(ratio(untreated));
  });
});
