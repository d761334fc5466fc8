/**
 * Bliss independence for drug combinations. A "response" is a fractional
 * effect in [0, 1], here the fractional tumor reduction versus the untreated
 * run at a fixed day: f = 1 − V_treated / V_untreated.
 *
 * If two agents act independently, the combination is expected to give
 * f_a + f_b − f_a·f_b. The Bliss excess is the observed combination response
 * minus that expectation: > 0 synergy, ≈ 0 independence, < 0 antagonism.
 */

/** Expected combination response under Bliss independence: fa + fb − fa·fb. */
export function blissExpected(fa: number, fb: number): number {
  return fa + fb - fa * fb;
}

/** Observed combination response minus the Bliss expectation. */
export function blissExcess(fa: number, fb: number, fab: number): number {
  return fab - blissExpected(fa, fb);
}

/** Fractional reduction of a treated value versus an untreated one: 1 − treated/untreated. */
export function fractionalReduction(treated: number, untreated: number): number {
  if (!(untreated > 0)) throw new Error(`untreated value must be positive, got ${untreated}`);
  return 1 - treated / untreated;
}
