/**
 * 3. Exhaustion. (a) Under chronic antigen a freshly primed response loses
 * function over weeks and terminally exhausted cells accumulate (control: no
 * exhaustion without the antigen-driven transition). (b) Anti-PD-1 started
 * late in the immune response, when most CD8 T cells are terminally exhausted
 * (late archetype), helps less than the same therapy given to the same lesion
 * at an earlier stage of exhaustion (default patient), because only the
 * progenitor-exhausted pool can be reinvigorated (control: without terminal
 * exhaustion the late stage loses nothing).
 */
import { describe, expect, it } from 'vitest';
import { archetype, regimens, run, valueAt, volumeAt } from './helpers/scenario.js';

describe('exhaustion under chronic antigen', () => {
  it('the functional effector fraction falls over weeks and terminal cells accumulate', () => {
    const fresh = run({ name: 'fresh response', parameters: { immune_history: 0 }, duration_day: 90 });
    const fEarly = valueAt(fresh, 'functional_effector_fraction', 7);
    const fLate = valueAt(fresh, 'functional_effector_fraction', 56);
    expect(fEarly).toBeGreaterThan(0.6);
    expect(fLate).toBeLessThan(fEarly - 0.25);
    expect(valueAt(fresh, 'cd8_terminal_exhausted', 56)).toBeGreaterThan(5 * valueAt(fresh, 'cd8_terminal_exhausted', 14));
    expect(valueAt(fresh, 'terminal_exhausted_fraction', 84)).toBeGreaterThan(valueAt(fresh, 'terminal_exhausted_fraction', 28));

    // Control: without antigen-driven exhaustion the response stays functional.
    const noExhaustion = run({ name: 'no exhaustion', parameters: { immune_history: 0, exhaustion_rate: 0 }, duration_day: 90 });
    expect(valueAt(noExhaustion, 'functional_effector_fraction', 56)).toBeGreaterThan(0.95);
  });

  it('anti-PD-1 started late (mostly terminal cells) helps less than started early', () => {
    // "Late": the same 2 cm lesion after two years of engagement with fast terminal
    // commitment (late archetype); "early": the default patient, whose infiltrate is
    // at an earlier stage of exhaustion. Same lesion size and about the same CD8 count.
    /** ln(V_untreated / V_nivolumab) 12 weeks after starting. */
    const benefit = (parameters: Record<string, number>, name: string) => {
      const untreated = run({ name: `${name} untreated`, parameters, duration_day: 90 });
      const treated = run({ name: `${name} nivolumab`, parameters, therapies: regimens.nivolumab(0, 90), duration_day: 90 });
      return {
        benefit: Math.log(volumeAt(untreated, 84) / volumeAt(treated, 84)),
        terminal: valueAt(untreated, 'terminal_exhausted_fraction', 0),
        cd8: valueAt(untreated, 'cd8_total', 0),
      };
    };
    const late = archetype('late');
    const early = benefit({}, 'early');
    const lateStage = benefit(late, 'late');
    expect(early.terminal).toBeLessThan(0.3);
    expect(lateStage.terminal).toBeGreaterThan(0.5);
    expect(lateStage.cd8).toBeGreaterThan(0.8 * early.cd8);
    expect(early.benefit).toBeGreaterThan(1);
    expect(lateStage.benefit).toBeLessThan(0.75 * early.benefit);

    // Control: if progenitors never become terminal, the late stage loses nothing.
    const none = { terminal_exhaustion_rate: 0 };
    const ratioWithout = benefit({ ...late, ...none }, 'late, no terminal').benefit / benefit(none, 'early, no terminal').benefit;
    expect(ratioWithout).toBeGreaterThan(lateStage.benefit / early.benefit + 0.2);
  });
});
