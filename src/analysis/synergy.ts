/**
 * Drug-combination synergy on a dose–response surface E(a, b): fractional
 * effects in [0, 1] on a grid of doses of A and B, each including 0.
 *
 * Three scores per combination cell (a > 0 and b > 0):
 * - Bliss excess: E_ab − (E_a + E_b − E_a·E_b), the effect beyond what two
 *   independently acting drugs would give;
 * - HSA excess: E_ab − max(E_a, E_b), beyond the better single agent;
 * - Loewe combination index: CI = a/A_x + b/B_x, where A_x and B_x are the
 *   single-agent doses (from Hill fits) that alone give the combination's
 *   effect x. CI < 1 synergy, 1 additive (dose-equivalent), > 1 antagonism.
 *
 * Pure functions: no I/O, deterministic.
 */
import { blissExpected } from './bliss.js';

export interface DoseResponseSurface {
  /** Ascending doses of A; the first must be 0. */
  readonly dosesA: readonly number[];
  /** Ascending doses of B; the first must be 0. */
  readonly dosesB: readonly number[];
  /** effect[i][j] at (dosesA[i], dosesB[j]); NaN for a cell without a value. */
  readonly effect: readonly (readonly number[])[];
}

/** E(d) = emax·d^h / (d^h + ec50^h). */
export interface HillFit {
  readonly emax: number;
  readonly ec50: number;
  readonly hill: number;
  /** Root mean square residual over the fitted points. */
  readonly rmse: number;
  /** Positive-dose points used. */
  readonly points: number;
  /** Parameters held fixed because there were too few points to fit them. */
  readonly fixed: readonly ('hill' | 'emax')[];
}

export interface SynergyCell {
  readonly i: number;
  readonly j: number;
  readonly doseA: number;
  readonly doseB: number;
  readonly effect: number;
  /** NaN on the single-agent axes: the scores describe combinations. */
  readonly blissExpected: number;
  readonly blissExcess: number;
  readonly hsaExcess: number;
  readonly combinationIndex: number;
  /** Single-agent doses giving this cell's effect (Hill fits), NaN if out of reach. */
  readonly equivalentA: number;
  readonly equivalentB: number;
}

export type Verdict = 'synergy' | 'additive' | 'antagonism' | 'undetermined';

export interface SynergySummary {
  /** Combination cells (a > 0, b > 0) with a finite effect. */
  readonly cells: number;
  readonly blissMean: number;
  readonly blissMax: number;
  readonly blissMaxAt?: { readonly doseA: number; readonly doseB: number };
  readonly blissMin: number;
  readonly hsaMean: number;
  readonly hsaMax: number;
  readonly hsaMaxAt?: { readonly doseA: number; readonly doseB: number };
  /** Geometric mean of the finite combination indices (CI is a ratio). */
  readonly ciGeometricMean: number;
  readonly ciMin: number;
  readonly ciMinAt?: { readonly doseA: number; readonly doseB: number };
  readonly ciMedian: number;
  /** Cells whose CI is undefined (effect beyond a single agent's Emax, or no effect). */
  readonly ciUndefined: number;
  /** Of those, cells whose effect A alone (B alone) cannot reach: at or above its fitted Emax. */
  readonly ciBeyondEmaxA: number;
  readonly ciBeyondEmaxB: number;
  readonly bliss: Verdict;
  readonly hsa: Verdict;
  readonly loewe: Verdict;
}

export interface SynergyAnalysis {
  readonly surface: DoseResponseSurface;
  readonly fitA: HillFit;
  readonly fitB: HillFit;
  /** Every grid cell, row-major (i over A, j over B). */
  readonly cells: readonly SynergyCell[];
  readonly summary: SynergySummary;
}

// Verdict bands. Bliss/HSA: SynergyFinder's ±10 points on a 0–100 scale;
// CI: Chou's "nearly additive" 0.9–1.1.
export const EXCESS_BAND = 0.1;
export const CI_BAND: readonly [number, number] = [0.9, 1.1];

export function hillEffect(fit: Pick<HillFit, 'emax' | 'ec50' | 'hill'>, dose: number): number {
  if (dose <= 0) return 0;
  return fit.emax / (1 + Math.pow(fit.ec50 / dose, fit.hill));
}

/** Dose giving `effect` alone; NaN when the effect is ≤ 0 or at/above the fitted Emax. */
export function hillInverse(fit: Pick<HillFit, 'emax' | 'ec50' | 'hill'>, effect: number): number {
  if (!(effect > 0) || !(effect < fit.emax) || !(fit.ec50 > 0) || !(fit.hill > 0)) return NaN;
  return fit.ec50 * Math.pow(effect / (fit.emax - effect), 1 / fit.hill);
}

/** Nelder–Mead simplex minimisation (small, deterministic, derivative-free). */
export function nelderMead(f: (x: number[]) => number, start: readonly number[], step: readonly number[], maxIter = 4000, tol = 1e-15): number[] {
  const n = start.length;
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += step[i];
    simplex.push(p);
  }
  let values = simplex.map(f);
  for (let iter = 0; iter < maxIter; iter++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    const spread = Math.abs(values[n] - values[0]);
    const size = Math.max(...simplex.slice(1).map((p) => Math.max(...p.map((v, k) => Math.abs(v - simplex[0][k])))));
    if (spread <= tol * (Math.abs(values[0]) + 1e-300) && size < 1e-10) break;
    if (size < 1e-13) break;
    const centroid = Array.from({ length: n }, (_, k) => simplex.slice(0, n).reduce((s, p) => s + p[k], 0) / n);
    const along = (t: number) => centroid.map((c, k) => c + t * (simplex[n][k] - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n])) [simplex[n], values[n]] = [contracted, fc];
      else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, k) => simplex[0][k] + 0.5 * (v - simplex[0][k]));
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[best]) best = i;
  return simplex[best];
}

const LOG_HILL_RANGE: readonly [number, number] = [Math.log(0.05), Math.log(20)];

/**
 * Least-squares Hill fit on log-dose. For a given EC50 and slope the best
 * Emax is linear (closed form, clamped to [0, 1]), so only log EC50 and log h
 * are searched: a coarse grid, then Nelder–Mead. With two points the slope is
 * fixed at 1; with one, Emax is also fixed at 1.
 */
export function fitHill(doses: readonly number[], effects: readonly number[]): HillFit {
  const pts = doses.map((d, k) => [d, effects[k]] as const).filter(([d, y]) => d > 0 && Number.isFinite(y));
  const n = pts.length;
  if (n === 0) return { emax: NaN, ec50: NaN, hill: NaN, rmse: NaN, points: 0, fixed: [] };
  const logD = pts.map(([d]) => Math.log(d));
  const y = pts.map(([, v]) => v);
  if (n === 1) {
    const [d, v] = pts[0];
    const yv = Math.min(Math.max(v, 1e-12), 1 - 1e-12);
    return { emax: 1, ec50: (d * (1 - yv)) / yv, hill: 1, rmse: 0, points: 1, fixed: ['hill', 'emax'] };
  }
  const clampLogH = (lh: number) => Math.min(Math.max(lh, LOG_HILL_RANGE[0]), LOG_HILL_RANGE[1]);
  const lo = Math.min(...logD) - 6;
  const hi = Math.max(...logD) + 6;
  const clampLogEc = (le: number) => Math.min(Math.max(le, lo), hi);
  const shape = (logEc50: number, h: number) => logD.map((ld) => 1 / (1 + Math.exp(-h * (ld - logEc50))));
  const bestEmax = (g: number[]) => {
    let gy = 0;
    let gg = 0;
    g.forEach((gk, k) => {
      gy += gk * y[k];
      gg += gk * gk;
    });
    return gg > 0 ? Math.min(Math.max(gy / gg, 0), 1) : 0;
  };
  const sse = (logEc50: number, h: number) => {
    const g = shape(logEc50, h);
    const emax = bestEmax(g);
    return g.reduce((s, gk, k) => s + (emax * gk - y[k]) ** 2, 0);
  };
  const fitSlope = n >= 3;
  const objective = (p: number[]) => sse(clampLogEc(p[0]), fitSlope ? Math.exp(clampLogH(p[1])) : 1);

  let start = [0.5 * (lo + hi), 0];
  let bestValue = Infinity;
  for (let a = 0; a <= 40; a++) {
    const le = lo + ((hi - lo) * a) / 40;
    for (const lh of fitSlope ? [-1.5, -0.75, 0, 0.75, 1.5, 2.25] : [0]) {
      const v = objective([le, lh]);
      if (v < bestValue) [bestValue, start] = [v, [le, lh]];
    }
  }
  // Two restarts shake the simplex out of a premature collapse.
  let p = fitSlope ? nelderMead(objective, start, [0.3, 0.2]) : nelderMead((q) => objective([q[0], 0]), [start[0]], [0.3]);
  for (let r = 0; r < 2; r++) p = fitSlope ? nelderMead(objective, p, [0.05, 0.05]) : nelderMead((q) => objective([q[0], 0]), p, [0.05]);
  const logEc50 = clampLogEc(p[0]);
  const hill = fitSlope ? Math.exp(clampLogH(p[1])) : 1;
  const emax = bestEmax(shape(logEc50, hill));
  return { emax, ec50: Math.exp(logEc50), hill, rmse: Math.sqrt(sse(logEc50, hill) / n), points: n, fixed: fitSlope ? [] : ['hill'] };
}

function checkSurface(s: DoseResponseSurface): void {
  const ascending = (xs: readonly number[]) => xs.every((x, k) => k === 0 || x > xs[k - 1]);
  if (s.dosesA[0] !== 0 || s.dosesB[0] !== 0) throw new Error('the dose grids must start at 0 (the single agents and the control)');
  if (!ascending(s.dosesA) || !ascending(s.dosesB)) throw new Error('doses must be strictly ascending');
  if (s.effect.length !== s.dosesA.length || s.effect.some((row) => row.length !== s.dosesB.length))
    throw new Error(`effect must be a ${s.dosesA.length} × ${s.dosesB.length} grid`);
}

function verdictOf(value: number, low: number, high: number, lowMeansSynergy: boolean): Verdict {
  if (!Number.isFinite(value)) return 'undetermined';
  if (value < low) return lowMeansSynergy ? 'synergy' : 'antagonism';
  if (value > high) return lowMeansSynergy ? 'antagonism' : 'synergy';
  return 'additive';
}

function extreme(cells: readonly SynergyCell[], key: 'blissExcess' | 'hsaExcess' | 'combinationIndex', sign: 1 | -1) {
  let best: SynergyCell | undefined;
  for (const c of cells) if (Number.isFinite(c[key]) && (!best || sign * c[key] > sign * best[key])) best = c;
  return best ? { value: best[key], at: { doseA: best.doseA, doseB: best.doseB } } : { value: NaN, at: undefined };
}

const meanOf = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

function medianOf(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

export function summarizeSynergy(cells: readonly SynergyCell[], fitA?: Pick<HillFit, 'emax'>, fitB?: Pick<HillFit, 'emax'>): SynergySummary {
  const combos = cells.filter((c) => c.doseA > 0 && c.doseB > 0 && Number.isFinite(c.effect));
  const bliss = combos.map((c) => c.blissExcess).filter(Number.isFinite);
  const hsa = combos.map((c) => c.hsaExcess).filter(Number.isFinite);
  const ci = combos.map((c) => c.combinationIndex).filter((v) => Number.isFinite(v) && v > 0);
  const bMax = extreme(combos, 'blissExcess', 1);
  const hMax = extreme(combos, 'hsaExcess', 1);
  const cMin = extreme(combos, 'combinationIndex', -1);
  const blissMean = meanOf(bliss);
  const hsaMean = meanOf(hsa);
  const ciGeometricMean = ci.length ? Math.exp(meanOf(ci.map(Math.log))) : NaN;
  return {
    cells: combos.length,
    blissMean,
    blissMax: bMax.value,
    blissMaxAt: bMax.at,
    blissMin: extreme(combos, 'blissExcess', -1).value,
    hsaMean,
    hsaMax: hMax.value,
    hsaMaxAt: hMax.at,
    ciGeometricMean,
    ciMin: cMin.value,
    ciMinAt: cMin.at,
    ciMedian: medianOf(ci),
    ciUndefined: combos.length - ci.length,
    ciBeyondEmaxA: fitA ? combos.filter((c) => !(c.effect < fitA.emax)).length : 0,
    ciBeyondEmaxB: fitB ? combos.filter((c) => !(c.effect < fitB.emax)).length : 0,
    bliss: verdictOf(blissMean, -EXCESS_BAND, EXCESS_BAND, false),
    hsa: verdictOf(hsaMean, -EXCESS_BAND, EXCESS_BAND, false),
    loewe: verdictOf(ciGeometricMean, CI_BAND[0], CI_BAND[1], true),
  };
}

/** Scores every cell of a surface; the single-agent rows are fitted to Hill curves for Loewe. */
export function analyzeSynergy(surface: DoseResponseSurface): SynergyAnalysis {
  checkSurface(surface);
  const { dosesA, dosesB, effect } = surface;
  const fitA = fitHill(dosesA, dosesA.map((_, i) => effect[i][0]));
  const fitB = fitHill(dosesB, dosesB.map((_, j) => effect[0][j]));
  const cells: SynergyCell[] = [];
  dosesA.forEach((a, i) =>
    dosesB.forEach((b, j) => {
      const x = effect[i][j];
      const ea = effect[i][0];
      const eb = effect[0][j];
      const combo = a > 0 && b > 0;
      const expected = combo ? blissExpected(ea, eb) : NaN;
      const equivalentA = hillInverse(fitA, x);
      const equivalentB = hillInverse(fitB, x);
      cells.push({
        i,
        j,
        doseA: a,
        doseB: b,
        effect: x,
        blissExpected: expected,
        blissExcess: combo ? x - expected : NaN,
        hsaExcess: combo ? x - Math.max(ea, eb) : NaN,
        combinationIndex: combo ? a / equivalentA + b / equivalentB : NaN,
        equivalentA,
        equivalentB,
      });
    }),
  );
  return { surface, fitA, fitB, cells, summary: summarizeSynergy(cells, fitA, fitB) };
}

export interface IsoPoint {
  readonly doseA: number;
  readonly doseB: number;
}

export interface Isobologram {
  /** Fractional effect of the isobole. */
  readonly level: number;
  /** Dose pairs on the surface giving `level`, interpolated along grid rows and columns, by ascending A. */
  readonly observed: readonly IsoPoint[];
  /** Loewe additivity line from (A_x, 0) to (0, B_x); empty when a single agent cannot reach the level. */
  readonly additive: readonly IsoPoint[];
  readonly singleA: number;
  readonly singleB: number;
}

/** Dose where a segment crosses `level`, interpolated in log dose when both ends are positive. */
function crossing(d0: number, d1: number, e0: number, e1: number, level: number): number | undefined {
  if (!Number.isFinite(e0) || !Number.isFinite(e1)) return undefined;
  if ((e0 - level) * (e1 - level) > 0 || e0 === e1) return e0 === level ? d0 : undefined;
  const w = (level - e0) / (e1 - e0);
  return d0 > 0 ? Math.exp(Math.log(d0) + w * (Math.log(d1) - Math.log(d0))) : d0 + w * (d1 - d0);
}

export function isobologram(analysis: SynergyAnalysis, level = 0.5): Isobologram {
  const { dosesA, dosesB, effect } = analysis.surface;
  const found: IsoPoint[] = [];
  // The first crossing along each row (B rising at fixed A) and each column (A rising at fixed B).
  dosesA.forEach((a, i) => {
    for (let j = 0; j + 1 < dosesB.length; j++) {
      const b = crossing(dosesB[j], dosesB[j + 1], effect[i][j], effect[i][j + 1], level);
      if (b !== undefined) {
        found.push({ doseA: a, doseB: b });
        break;
      }
    }
  });
  dosesB.forEach((b, j) => {
    for (let i = 0; i + 1 < dosesA.length; i++) {
      const a = crossing(dosesA[i], dosesA[i + 1], effect[i][j], effect[i + 1][j], level);
      if (a !== undefined) {
        found.push({ doseA: a, doseB: b });
        break;
      }
    }
  });
  const observed = found
    .sort((p, q) => p.doseA - q.doseA || q.doseB - p.doseB)
    .filter((p, k, all) => k === 0 || Math.abs(p.doseA - all[k - 1].doseA) > 1e-12 * (1 + p.doseA) || Math.abs(p.doseB - all[k - 1].doseB) > 1e-12 * (1 + p.doseB));
  const singleA = hillInverse(analysis.fitA, level);
  const singleB = hillInverse(analysis.fitB, level);
  const additive = Number.isFinite(singleA) && Number.isFinite(singleB) ? [{ doseA: singleA, doseB: 0 }, { doseA: 0, doseB: singleB }] : [];
  return { level, observed, additive, singleA, singleB };
}
