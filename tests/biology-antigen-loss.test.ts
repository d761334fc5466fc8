/**
 * 5. B2M and JAK loss: a lesion dominated by B2M-loss (no MHC-I) or JAK1/2-loss
 * (no IFN-γ-induced MHC-I or PD-L1) cells gains little or nothing from anti-PD-1
 * compared with an antigen-presenting one. Controls: the same lesions with the
 * defect undone (residual MHC or IFN response set to 1) do gain.
 */
import { describe, expect, it } from 'vitest';
import { archetype, regimens, run, volumeAt } from './helpers/scenario.js';

/** ln(V_untreated / V_nivolumab) at day 84. */
function nivolumabBenefit(parameters: Record<string, number>, name: string): number {
  const untreated = run({ name: `${name} untreated`, parameters, duration_day: 90 });
  const treated = run({ name: `${name} nivolumab`, parameters, therapies: regimens.nivolumab(0, 90), duration_day: 90 });
  return Math.log(volumeAt(untreated, 84) / volumeAt(treated, 84));
}

describe('antigen-presentation and IFN-γ pathway loss', () => {
  const presenting = nivolumabBenefit({}, 'default');

  it('an antigen-presenting lesion gains a lot from anti-PD-1', () => {
    expect(presenting).toBeGreaterThan(1);
  });

  it('a B2M-loss-dominated lesion gains nothing', () => {
    const b2m = nivolumabBenefit(archetype('b2m-loss'), 'b2m-loss');
    expect(Math.abs(b2m)).toBeLessThan(0.05);
    // Control: with MHC-I restored on those cells, the benefit comes back.
    expect(nivolumabBenefit({ ...archetype('b2m-loss'), b2m_residual_mhc: 1 }, 'b2m restored')).toBeGreaterThan(0.3 * presenting);
  });

  it('a JAK-loss-dominated lesion gains little', () => {
    const jak = nivolumabBenefit(archetype('jak-loss'), 'jak-loss');
    expect(jak).toBeLessThan(0.2 * presenting);
    // Control: with the IFN-γ response restored, the benefit comes back.
    expect(nivolumabBenefit({ ...archetype('jak-loss'), jak_residual_ifn_response: 1 }, 'jak restored')).toBeGreaterThan(0.3 * presenting);
  });

  it('NK "missing-self" killing restrains B2M-loss cells, and only them', () => {
    const untreated = (parameters: Record<string, number>, name: string) => volumeAt(run({ name, parameters, duration_day: 90 }), 84);
    const b2m = archetype('b2m-loss');
    // A B2M-loss lesion grows less with NK activity than without it...
    expect(untreated({ ...b2m, nk_missing_self_kill_rate: 0.05 }, 'b2m nk')).toBeLessThan(0.8 * untreated(b2m, 'b2m no nk'));
    // ...while a lesion of MHC-I-positive cells (the default patient) hardly notices it.
    const ratio = untreated({ nk_missing_self_kill_rate: 0.05 }, 'default nk') / untreated({}, 'default no nk');
    expect(Math.abs(1 - ratio)).toBeLessThan(0.02);
  });
});
