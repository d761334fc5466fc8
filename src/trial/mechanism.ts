/**
 * Which resistance mechanism dominates in a non-responder.
 *
 * CD8 killing of a cancer cell in the checkpoint model is a product of
 * factors, each ≤ 1:
 *
 *   visible fraction      1 − antigen-loss fraction                  → antigen loss
 *   T-cell numbers        T / (K_TC·N + T)                            → low infiltration
 *   killing efficiency    1 − (1 − φ_X)·terminal-exhausted fraction   → terminal exhaustion
 *   Treg factor           1 − treg_suppression                        → Treg-high
 *   fitness               (1 − mdsc_suppression)(1 − s_H·hypoxia)     → MDSC/hypoxia
 *
 * (T: CD8 T cells in the lesion, N: cancer cells, K_TC = kill_saturation,
 * φ_X = terminal_cytotoxicity, s_H = tcell_hypoxia_suppression.)
 *
 * Rule: at the first scan showing progression (or the last scan when the
 * lesion never progresses), each factor is compared with its median over
 * the trial population at baseline (before treatment). The dominant
 * mechanism is the factor that is lowest relative to that reference, i.e.
 * the largest ln(reference / factor). A non-responder with no factor below
 * the reference is left unclassified (its lesion simply outgrows a typical
 * immune response). PD-1/PD-L1 inhibition is not a candidate: it is what the
 * drugs act on.
 */

/** Model readouts the worker samples at scan times for the rule (checkpoint model names). */
export const MECHANISM_FEATURES = [
  'antigen_loss_fraction',
  'cd8_total',
  'tumor_cells',
  'terminal_exhausted_fraction',
  'treg_suppression',
  'mdsc_suppression',
  'hypoxia',
] as const;

/** Model parameters the rule reads (patient value, else the model default). */
export const MECHANISM_PARAMETERS = ['kill_saturation', 'terminal_cytotoxicity', 'tcell_hypoxia_suppression'] as const;

export const MECHANISMS = ['antigen loss', 'low infiltration', 'terminal exhaustion', 'Treg-high', 'MDSC/hypoxia'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

const F = Object.fromEntries(MECHANISM_FEATURES.map((name, i) => [name, i])) as Record<(typeof MECHANISM_FEATURES)[number], number>;

export interface MechanismParameters {
  readonly kill_saturation: number;
  readonly terminal_cytotoxicity: number;
  readonly tcell_hypoxia_suppression: number;
}

/** The killing factors, in MECHANISMS order, from one row of MECHANISM_FEATURES. */
export function killingFactors(features: ArrayLike<number>, p: MechanismParameters): Float64Array {
  const T = features[F.cd8_total];
  const N = features[F.tumor_cells];
  return Float64Array.of(
    1 - features[F.antigen_loss_fraction],
    T > 0 ? T / (p.kill_saturation * N + T) : 0,
    1 - (1 - p.terminal_cytotoxicity) * features[F.terminal_exhausted_fraction],
    1 - features[F.treg_suppression],
    (1 - features[F.mdsc_suppression]) * (1 - p.tcell_hypoxia_suppression * features[F.hypoxia]),
  );
}

/** Median of each factor over a set of lesions (the population at baseline). */
export function referenceFactors(rows: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(MECHANISMS.length).fill(NaN);
  for (let i = 0; i < out.length; i++) {
    const v = rows.map((r) => r[i]).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    if (v.length) out[i] = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
  return out;
}

/** ln(reference / factor) for each mechanism: how many e-folds worse than the reference lesion. */
export function mechanismLosses(factors: ArrayLike<number>, reference: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: MECHANISMS.length }, (_, i) => (factors[i] > 0 ? Math.log(reference[i] / factors[i]) : Infinity));
}

/** The dominant mechanism, or undefined when no factor is below the reference. */
export function dominantMechanism(factors: ArrayLike<number>, reference: ArrayLike<number>): Mechanism | undefined {
  const losses = mechanismLosses(factors, reference);
  let best = -1;
  for (let i = 0; i < losses.length; i++) if (losses[i] > 0 && (best < 0 || losses[i] > losses[best])) best = i;
  return best < 0 ? undefined : MECHANISMS[best];
}
