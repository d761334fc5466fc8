/**
 * 7. Hypoxia and MDSCs: hypoxia recruits MDSCs, MDSCs reduce killing, and in a
 * hypoxic (angiogenic) lesion anti-angiogenic therapy with anti-PD-1 does
 * better than anti-PD-1 alone. Anti-VEGF gives a transient normalisation
 * window (less hypoxia, more T-cell entry) before prolonged pruning raises
 * hypoxia. Controls: no hypoxic MDSC recruitment; no MDSC suppression.
 */
import { describe, expect, it } from 'vitest';
import { archetype, regimens, run, valueAt, volumeAt } from './helpers/scenario.js';

const hypoxic = archetype('hypoxic');

describe('hypoxia, MDSCs and vessel normalisation', () => {
  const untreated = run({ name: 'hypoxic untreated', parameters: hypoxic, duration_day: 120 });

  it('hypoxia recruits MDSCs', () => {
    const noHypoxicRecruitment = run({ name: 'no hypoxic recruitment', parameters: { ...hypoxic, mdsc_hypoxia_gain: 0 }, duration_day: 120 });
    expect(valueAt(untreated, 'hypoxia', 60)).toBeGreaterThan(0.5);
    expect(valueAt(untreated, 'mdsc', 60)).toBeGreaterThan(2 * valueAt(noHypoxicRecruitment, 'mdsc', 60));
  });

  it('MDSCs reduce killing', () => {
    const noMdscSuppression = run({ name: 'no MDSC suppression', parameters: { ...hypoxic, mdsc_max_suppression: 0 }, duration_day: 120 });
    expect(valueAt(untreated, 'mdsc_suppression', 30)).toBeGreaterThan(0.2);
    expect(valueAt(untreated, 'immune_kill_rate', 30)).toBeLessThan(0.75 * valueAt(noMdscSuppression, 'immune_kill_rate', 30));
    expect(volumeAt(untreated, 90)).toBeGreaterThan(volumeAt(noMdscSuppression, 90));
  });

  it('anti-VEGF opens a transient normalisation window, then pruning raises hypoxia', () => {
    const bev = run({ name: 'hypoxic bevacizumab', parameters: hypoxic, therapies: regimens.bevacizumab(0, 120), duration_day: 120 });
    expect(valueAt(bev, 'vessel_function', 7)).toBeGreaterThan(2 * valueAt(untreated, 'vessel_function', 7));
    expect(valueAt(bev, 'hypoxia', 7)).toBeLessThan(valueAt(untreated, 'hypoxia', 7) - 0.15);
    expect(valueAt(bev, 'infiltration', 7)).toBeGreaterThan(1.5 * valueAt(untreated, 'infiltration', 7));
    expect(valueAt(bev, 'mdsc', 21)).toBeLessThan(valueAt(untreated, 'mdsc', 21));
    // Prolonged pruning of the vascular capacity: more hypoxic than untreated later on.
    expect(valueAt(bev, 'vascular_capacity', 60)).toBeLessThan(0.4 * valueAt(untreated, 'vascular_capacity', 60));
    expect(valueAt(bev, 'hypoxia', 60)).toBeGreaterThan(valueAt(untreated, 'hypoxia', 60));
  });

  it('in a hypoxic lesion anti-angiogenic therapy with anti-PD-1 beats anti-PD-1 alone', () => {
    const nivo = run({ name: 'hypoxic nivolumab', parameters: hypoxic, therapies: regimens.nivolumab(0, 120), duration_day: 120 });
    const nivoBev = run({
      name: 'hypoxic nivolumab + bevacizumab',
      parameters: hypoxic,
      therapies: [...regimens.nivolumab(0, 120), ...regimens.bevacizumab(0, 120)],
      duration_day: 120,
    });
    expect(volumeAt(nivoBev, 84)).toBeLessThan(0.85 * volumeAt(nivo, 84));
    expect(nivoBev.tumor.bestChange_percent).toBeLessThan(nivo.tumor.bestChange_percent - 5);
  });
});
