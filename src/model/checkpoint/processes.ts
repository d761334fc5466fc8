/**
 * The biological processes of the checkpoint model, each a small pure function
 * of local quantities and parameters. `rates.ts` composes them into the ODE
 * right-hand side; an agent-based engine can call the same functions per
 * voxel or per cell (a rate k becomes a per-step probability 1 − exp(−k·Δt)).
 *
 * Conventions: times in days, cells as counts, volumes in mm³, IFN-γ in ng/mL,
 * IL-2 in nM. "Signals" (IFN-γ, IL-2, PD-L1, VEGF) act within minutes to hours,
 * far faster than cell turnover, so they enter as quasi-steady-state algebraic
 * expressions rather than states (keeps the explicit solver's fastest rate low).
 */

// ───────────────────────── generic shapes ─────────────────────────

/** Hill function x^n / (x^n + k^n) for x ≥ 0 (0 for x ≤ 0). */
export function hill(x: number, k: number, n: number): number {
  if (!(x > 0)) return 0;
  if (n === 1) return x / (x + k);
  if (n === 2) return (x * x) / (x * x + k * k);
  const r = x / k;
  const xn = n === 1.5 ? r * Math.sqrt(r) : Math.pow(r, n);
  return xn / (1 + xn);
}

/** Saturating fraction x / (x + k) for x ≥ 0. */
export function saturating(x: number, k: number): number {
  return x > 0 ? x / (x + k) : 0;
}

/** Independent combination of fractional activations: 1 − (1 − a)(1 − b). */
export function combineIndependent(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}

// ───────────────────────── tumor size ─────────────────────────

/** Tumor volume (mm³) from the number of cancer cells and the volume per cell (mm³). */
export function tumorVolume(cells: number, cellVolume_mm3: number): number {
  return cells * cellVolume_mm3;
}

/** Diameter (mm) of a sphere of volume V (mm³): d = (6V/π)^(1/3). */
export function sphereDiameter(volume_mm3: number): number {
  return volume_mm3 > 0 ? Math.cbrt((6 * volume_mm3) / Math.PI) : 0;
}

/** Volume (mm³) of a sphere of diameter d (mm). */
export function sphereVolume(diameter_mm: number): number {
  return (Math.PI / 6) * diameter_mm * diameter_mm * diameter_mm;
}

// ───────────────────────── vasculature and hypoxia ─────────────────────────

/**
 * Oxygen supply index ω = q·K/V: functional vessel quality q (0–1) times the
 * volume the vasculature can support (K, mm³) over the tumor volume (mm³).
 */
export function oxygenSupply(vesselFunction: number, capacity_mm3: number, volume_mm3: number): number {
  return volume_mm3 > 0 ? (vesselFunction * capacity_mm3) / volume_mm3 : 1e6;
}

/** Hypoxia level (0–1): 1/(1 + (ω/ω50)^n), high when the tumor outgrows its functional vessels. */
export function hypoxiaLevel(supply: number, halfSupply: number, hillN: number): number {
  return 1 - hill(supply, halfSupply, hillN);
}

/** VEGF-like production relative to a normoxic tumor: 1 + a·hypoxia (HIF-1α drive). */
export function vegfProduction(hypoxia: number, hypoxiaInduction: number): number {
  return 1 + hypoxiaInduction * hypoxia;
}

/**
 * Angiogenic stimulus (0–1, QSPIO-TNBC c_vas/(c_vas + c_vas_50)). A fraction
 * `vegfIndependent` of the drive uses other factors (FGF, angiopoietins) that
 * VEGF blockade does not touch; the rest sees VEGF·(1 − inhibition).
 */
export function angiogenicStimulus(
  vegf: number,
  vegfInhibition: number,
  halfMax: number,
  vegfIndependent: number,
): number {
  const blocked = vegf * (1 - vegfInhibition);
  return (1 - vegfIndependent) * saturating(blocked, halfMax) + vegfIndependent * saturating(vegf, halfMax);
}

/**
 * Carrying-capacity kinetics (mm³/day), QSPIO-TNBC / Hahnfeldt 1999 form:
 * stimulation k_g·V·S minus endogenous inhibition k_d·K·V^(2/3), plus
 * regression of immature vessels that lose their VEGF survival signal,
 * k_r·K·(1 − retained VEGF signalling fraction).
 */
export function capacityRate(
  capacity_mm3: number,
  volume_mm3: number,
  stimulus: number,
  growthRate: number,
  inhibitionRate: number,
  regressionRate: number,
  vegfRetained: number,
): number {
  const v23 = volume_mm3 > 0 ? Math.cbrt(volume_mm3 * volume_mm3) : 0;
  return growthRate * volume_mm3 * stimulus - capacity_mm3 * (inhibitionRate * v23 + regressionRate * (1 - vegfRetained));
}

/**
 * Target vessel function (0–1): VEGF-driven abnormality (leaky, tortuous
 * vessels) lowers it; blocking VEGF lets vessels normalise.
 */
export function vesselFunctionTarget(vegfSignal: number, halfMax: number, maxAbnormality: number): number {
  return 1 - maxAbnormality * saturating(vegfSignal, halfMax);
}

/** Relaxation of vessel function q toward its target, 1/day · (target − q). */
export function vesselRemodelingRate(q: number, target: number, rate: number): number {
  return rate * (target - q);
}

// ───────────────────────── tumor cells ─────────────────────────

/** Tumor cell proliferation rate (1/day): maximal rate scaled by oxygenation (1 − hypoxia). */
export function tumorProliferation(maxRate: number, hypoxia: number): number {
  return maxRate * (1 - hypoxia);
}

/**
 * IFN-γ growth arrest (0–1) of a tumor cell with an intact JAK/STAT pathway:
 * max × IFN-γ response. JAK1/2-loss cells escape it (Zaretsky 2016).
 */
export function ifnCytostasis(maxArrest: number, response: number): number {
  return maxArrest * response;
}

/** Cells per day that acquire a loss variant: per-division probability × divisions. */
export function mutationFlux(perDivision: number, proliferation: number, cells: number): number {
  return perDivision * proliferation * cells;
}

// ───────────────────────── IFN-γ, MHC-I, PD-L1 ─────────────────────────

/**
 * Intratumoral IFN-γ at quasi-steady state (ng/mL): secretion by engaged
 * effectors (cells × ng/cell/day × engagement × (1 − co-inhibition)) over
 * decay (1/day) in the tumor's fluid volume (mL = mm³/1000).
 */
export function ifnGamma(
  producers: number,
  secretion_ng_per_cell_day: number,
  engagement: number,
  decay_per_day: number,
  volume_mm3: number,
): number {
  if (!(volume_mm3 > 0)) return 0;
  return (producers * secretion_ng_per_cell_day * engagement) / (decay_per_day * volume_mm3 * 1e-3);
}

/** Fraction of the maximal IFN-γ response (JAK/STAT) of a responsive tumor cell. */
export function ifnResponse(ifn_ng_per_mL: number, ec50: number, hillN: number): number {
  return hill(ifn_ng_per_mL, ec50, hillN);
}

/** Relative MHC-I: basal level, raised toward 1 by the IFN-γ response. */
export function mhcLevel(basal: number, response: number): number {
  return basal + (1 - basal) * response;
}

/** PD-L1 relative to basal tumor expression: 1 + (fold − 1)·response. */
export function pdl1Level(fold: number, response: number): number {
  return 1 + (fold - 1) * response;
}

// ───────────────────────── checkpoint co-inhibition ─────────────────────────

/**
 * PD-1 inhibition (0–1) at a T cell facing PD-L1 level L: Hill (n = 2, QSP-IO)
 * in the free PD-1 × PD-L1 engagement (1 − occupancy)·L / L50.
 */
export function pd1Inhibition(pdl1: number, pd1Occupancy: number, halfMax: number, hillN: number): number {
  return hill((1 - pd1Occupancy) * pdl1, halfMax, hillN);
}

/** LAG-3 inhibition (0–1): maximal engagement in the tumor times the unblocked fraction. */
export function lag3Inhibition(maxInhibition: number, lag3Occupancy: number): number {
  return maxInhibition * (1 - lag3Occupancy);
}

/**
 * Combined co-inhibition (0–1). Independent brakes multiply the remaining
 * function, and an interaction term removes a further γ·H_PD1·H_LAG3 when
 * both are engaged (dual PD-1/LAG-3 deficiency unleashes far more than either,
 * review §3.2):  1 − H = (1 − H_PD1)(1 − H_LAG3)(1 − γ·H_PD1·H_LAG3).
 */
export function coinhibition(hPd1: number, hLag3: number, synergy: number): number {
  return 1 - (1 - hPd1) * (1 - hLag3) * (1 - synergy * hPd1 * hLag3);
}

// ───────────────────────── antigen encounter and killing ─────────────────────────

/**
 * Antigen encounter per T cell (0–1): visible (MHC-weighted) tumor cells over
 * visible + K·T cells (ratio dependence, de Pillis 2005). Near 1 = chronic antigen.
 */
export function antigenEncounter(visibleCells: number, tCells: number, saturation: number): number {
  const denom = visibleCells + saturation * tCells;
  return denom > 0 ? visibleCells / denom : 0;
}

/**
 * Per-target kill rate (1/day) before target-specific factors, QSP-IO form
 * k·T/(K_TC·C + T): saturates at k per target when killers outnumber targets.
 */
export function killCapacity(maxRate: number, killers: number, visibleCells: number, saturation: number): number {
  const denom = saturation * visibleCells + killers;
  return denom > 0 ? (maxRate * killers) / denom : 0;
}

/** Treg suppression factor on effector function (QSP-IO): E/(E + K·Treg). */
export function tregSuppressionFactor(effectors: number, tregs: number, ratio: number): number {
  const denom = effectors + ratio * tregs;
  return denom > 0 ? effectors / denom : 1;
}

/** MDSC suppression (0–1) from MDSC density (cells/mm³): max·ρ/(ρ + ρ50). */
export function mdscSuppression(density: number, halfMax: number, maxSuppression: number): number {
  return maxSuppression * saturating(density, halfMax);
}

/** Direct impairment of T cells by low O2 / adenosine (0–1): max·hypoxia. */
export function hypoxicTcellSuppression(hypoxia: number, maxSuppression: number): number {
  return maxSuppression * hypoxia;
}

// ───────────────────────── IL-2 ─────────────────────────

/**
 * Endogenous intratumoral IL-2 at quasi-steady state (nM): production by
 * effectors over (decay + consumption by CD25-high Tregs and by effectors);
 * densities in cells/mm³.
 */
export function il2Concentration(
  effectorDensity: number,
  tregDensity: number,
  production: number,
  decay: number,
  tregConsumption: number,
  effectorConsumption: number,
): number {
  return (production * effectorDensity) / (decay + tregConsumption * tregDensity + effectorConsumption * effectorDensity);
}

/** IL-2 receptor signal (0–1) from endogenous IL-2 and exogenous stimulation, combined independently. */
export function il2Signal(il2_nM: number, ec50_nM: number, exogenous: number): number {
  return combineIndependent(saturating(il2_nM, ec50_nM), exogenous);
}

// ───────────────────────── priming and infiltration ─────────────────────────

/**
 * Fraction of B7 engaged by CD28 rather than CTLA-4 (0–1). CTLA-4 binds B7
 * ~10× more tightly than CD28 (0.42 vs 4 µM); its competitive weight comes
 * from conventional T cells and from CTLA-4-high Tregs (trans-endocytosis),
 * and antibody occupancy removes it: 1/(1 + (c_conv + c_treg·f_Treg)(1 − occ)).
 */
export function cd28Costimulation(
  ctla4Conventional: number,
  ctla4PerTregFraction: number,
  tregFraction: number,
  ctla4Occupancy: number,
): number {
  return 1 / (1 + (ctla4Conventional + ctla4PerTregFraction * tregFraction) * (1 - ctla4Occupancy));
}

/**
 * Antigen reaching the draining lymph node (cells/day equivalents): immune
 * kills plus a fraction of other tumor deaths, scaled by antigenicity and
 * immunogenic-cell-death boost.
 */
export function antigenRelease(
  immuneKills: number,
  otherDeaths: number,
  otherDeathImmunogenicity: number,
  antigenicity: number,
  boost: number,
): number {
  return antigenicity * (immuneKills + otherDeathImmunogenicity * otherDeaths) * (1 + boost);
}

/**
 * Newly primed tumor-specific effectors leaving the lymph node (cells/day):
 * maximal supply × antigen saturation × clonal expansion
 * 2^(divisions_CD28·H_CD28 + divisions_IL2·S_IL2) (QSP-IO: divisions =
 * 2 + 3·H_CD28 + 11·IL2/(IL2_50 + IL2); S_IL2 is the systemic IL-2 signal).
 */
export function primingRate(
  maxSupply: number,
  antigen: number,
  antigenHalfMax: number,
  costimulation: number,
  costimDivisions: number,
  il2Divisions: number,
  systemicIl2Signal: number,
): number {
  return (
    maxSupply *
    saturating(antigen, antigenHalfMax) *
    Math.pow(2, costimDivisions * costimulation + il2Divisions * systemicIl2Signal)
  );
}

/**
 * Tregs arriving from the circulation (cells/day): maximal influx ×
 * infiltration × 2^(divisions_IL2·S_IL2,Treg) (systemic IL-2 expands the
 * circulating Treg pool through the same number of extra divisions).
 */
export function tregInflux(maxInflux: number, infiltration: number, il2Divisions: number, systemicIl2Signal: number): number {
  const expansion = systemicIl2Signal > 0 ? Math.pow(2, il2Divisions * systemicIl2Signal) : 1;
  return maxInflux * infiltration * expansion;
}

/**
 * Fraction of circulating primed cells that home into and enter the lesion:
 * tissue access × share of blood flow reaching the lesion's functional
 * vessels, qK/(qK + P50) (perfusion-limited trafficking), × (1 − hypoxia)
 * (hypoxic, anergic endothelium expresses fewer adhesion molecules).
 */
export function infiltrationFactor(
  access: number,
  vesselFunction: number,
  capacity_mm3: number,
  homingHalfMax_mm3: number,
  hypoxia: number,
): number {
  return access * saturating(vesselFunction * capacity_mm3, homingHalfMax_mm3) * (1 - hypoxia);
}

// ───────────────────────── T-cell differentiation ─────────────────────────

/**
 * Exhaustion progression rate (1/day) per cell: base rate × antigen encounter ×
 * (1 + gain·co-inhibition). Used for effector → progenitor-exhausted and for
 * progenitor → terminally exhausted (Kareva & Gevertz stages).
 */
export function exhaustionRate(baseRate: number, encounter: number, coinhibitionLevel: number, gain: number): number {
  return baseRate * encounter * (1 + gain * coinhibitionLevel);
}

/**
 * Effector output of progenitor-exhausted (TCF1+) cells (1/day per progenitor):
 * stem-like cells divide asymmetrically, self-renewing while giving rise to
 * effector-like progeny (Im 2016, Siddiqui 2019). Needs antigen and is held
 * back by co-inhibition, so PD-1 (and LAG-3) blockade amplifies it: this is
 * the "reinvigoration" of the progenitor pool; IL-2 adds to it (Hashimoto 2022).
 * Terminal cells have no such output.
 */
export function progenitorOutput(
  baseRate: number,
  encounter: number,
  coinhibitionLevel: number,
  fitness: number,
  il2Boost: number,
  il2SignalLevel: number,
): number {
  return baseRate * encounter * (1 - coinhibitionLevel) * fitness * (1 + il2Boost * il2SignalLevel);
}

/**
 * Antigen-driven proliferation (1/day): max rate × encounter × (1 − co-inhibition)
 * × environmental fitness × (1 + IL-2 boost·IL-2 signal).
 */
export function tcellProliferation(
  maxRate: number,
  encounter: number,
  coinhibitionLevel: number,
  fitness: number,
  il2Boost: number,
  il2SignalLevel: number,
): number {
  return maxRate * encounter * (1 - coinhibitionLevel) * fitness * (1 + il2Boost * il2SignalLevel);
}

/** Treg-mediated effector loss (1/day per effector), QSP-IO: k·Treg/(E + Treg). */
export function tregInducedLoss(rate: number, effectors: number, tregs: number): number {
  const denom = effectors + tregs;
  return denom > 0 ? (rate * tregs) / denom : 0;
}

// ───────────────────────── Tregs and MDSCs ─────────────────────────

/** Treg proliferation (1/day): maximal rate × IL-2 signal through the CD25-high receptor. */
export function tregProliferation(maxRate: number, il2SignalLevel: number): number {
  return maxRate * il2SignalLevel;
}

/**
 * MDSC recruitment (cells/day): basal per tumor volume, raised by hypoxia
 * (HIF-1α → CCL2/CXCL12) and partly dependent on VEGF (VEGFR1 on myeloid cells).
 */
export function mdscRecruitment(
  ratePerVolume: number,
  volume_mm3: number,
  hypoxia: number,
  hypoxiaGain: number,
  vegfDependence: number,
  vegfInhibition: number,
): number {
  return ratePerVolume * volume_mm3 * (1 + hypoxiaGain * hypoxia) * (1 - vegfDependence * vegfInhibition);
}
