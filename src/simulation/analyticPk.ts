/**
 * Exact propagation of linear PK between doses. Drug amounts do not depend on
 * the tumor–immune state, so between two doses A(t) = exp(K·(t − t0))·A(t0).
 * Solving them in closed form instead of in the ODE keeps fast kinetics (IL-2's
 * 13-minute half-life) from limiting the explicit solver's step for the whole
 * run, and is exact.
 */

/** Precomputed constants of exp(K·dt) for a 1×1 or 2×2 rate matrix K (1/day). */
export interface LinearPropagator {
  readonly size: 1 | 2;
  /** Advances `amounts[offset..offset+size)` in place by dt days. */
  advance(amounts: Float64Array, offset: number, dt_day: number): void;
}

export function linearPropagator(K: readonly (readonly number[])[]): LinearPropagator | undefined {
  if (K.length === 1 && K[0].length === 1) {
    const k = K[0][0];
    return {
      size: 1,
      advance(amounts, offset, dt) {
        if (dt !== 0) amounts[offset] *= Math.exp(k * dt);
      },
    };
  }
  if (K.length !== 2 || K[0].length !== 2 || K[1].length !== 2) return undefined;
  const [[a, b], [c, d]] = K;
  // exp(M) for 2×2 M = K·dt: with s = tr/2 and q² = ((a − d)/2)² + bc (per unit dt),
  // exp(M) = e^s·[cosh(q)·I + sinh(q)/q·(M − s·I)]; written with e^(s±q) to avoid overflow.
  const s0 = (a + d) / 2;
  const q2 = ((a - d) / 2) ** 2 + b * c;
  if (q2 < 0) return undefined; // complex eigenvalues never occur for mammillary PK
  const q0 = Math.sqrt(q2);
  return {
    size: 2,
    advance(amounts, offset, dt) {
      if (dt === 0) return;
      const s = s0 * dt;
      const q = q0 * dt;
      let coshTerm: number;
      let sinhOverQ: number; // e^s·sinh(q)/q, per unit of M
      if (q > 1e-6) {
        const up = Math.exp(s + q);
        const down = Math.exp(s - q);
        coshTerm = (up + down) / 2;
        sinhOverQ = (up - down) / (2 * q);
      } else {
        const es = Math.exp(s);
        coshTerm = es * (1 + (q * q) / 2);
        sinhOverQ = es * (1 + (q * q) / 6);
      }
      const x = amounts[offset];
      const y = amounts[offset + 1];
      // (M − sI) = dt·(K − s0·I)
      const m00 = (a - s0) * dt;
      const m01 = b * dt;
      const m10 = c * dt;
      const m11 = (d - s0) * dt;
      amounts[offset] = coshTerm * x + sinhOverQ * (m00 * x + m01 * y);
      amounts[offset + 1] = coshTerm * y + sinhOverQ * (m10 * x + m11 * y);
    },
  };
}
