import type { ParameterSpec } from '../types.js';

/**
 * Parameters of the checkpoint model. The values are the "default patient": a
 * moderately inflamed advanced-melanoma metastasis of 2 cm, untreated volume
 * doubling time about a month (Carlson 2003: metastases median 33 days), that
 * anti-PD-1 helps partially.
 *
 * Every entry has a canonical unit (readable by the scenario unit parser), a
 * one-line meaning and a source: a citation (biology.md section) or
 * "assumed: why". Values taken from a published model's code are that
 * model's choices and are cited as such. Values marked "calibrated" were
 * fitted jointly to the default-patient targets listed in MODEL.md
 * (untreated growth, infiltrate composition, partial nivolumab response,
 * deeper nivolumab + ipilimumab response); none was fitted to the behaviour
 * tests or to LAG-3, IL-2 or anti-angiogenic outcomes.
 */
function p(
  name: string,
  value: number,
  unit: string,
  description: string,
  source: string,
  min?: number,
  max?: number,
): ParameterSpec {
  return { name, value, unit, description, source, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

const CALIBRATED = 'calibrated to the default-patient targets in MODEL.md';

export const checkpointParameters: readonly ParameterSpec[] = [
  // ── tumor ──
  p('initial_diameter', 20, 'mm', 'Lesion diameter at the start of the simulation (sphere)', 'assumed: measurable advanced-melanoma metastasis (1.5–3 cm; RECIST target lesions ≥ 10 mm)', 5, 150),
  p('cell_volume', 1e-6, 'mm^3', 'Tumor volume per cancer cell (1 mm³ ≈ 1e6 cells, stroma included)', 'biology.md §4 (1 mm³ of tumor ≈ 1e6 cells)', 1e-7, 1e-5),
  p('tumor_proliferation_rate', 0.089, '1/day', 'Maximal cancer-cell proliferation rate when fully oxygenated and without IFN-γ', `${CALIBRATED} (untreated doubling ~33 days, Carlson 2003; melanoma range 8–212 days)`, 0, 1),
  p('tumor_death_rate', 0.01, '1/day', 'Basal (non-immune) cancer-cell death rate', 'assumed: ~1%/day apoptotic/necrotic turnover of a growing solid tumor', 0, 0.5),
  p('initial_b2m_fraction', 1e-4, 'fraction', 'Pre-existing fraction of B2M-loss (MHC-I-negative) cells at baseline', 'assumed: a rare subclone (1 in 10⁴); B2M LOH in ~10% of responders and ~30% of non-responders (Sade-Feldman 2017)', 0, 1),
  p('initial_jak_fraction', 5e-5, 'fraction', 'Pre-existing fraction of JAK1/2-loss (IFN-γ-unresponsive) cells at baseline', 'assumed: a rare subclone; JAK1/2 loss found at acquired resistance (Zaretsky 2016 NEJM)', 0, 1),
  p('ifn_growth_arrest', 0.2, 'fraction', 'Maximal IFN-γ-induced reduction of proliferation in JAK-intact cancer cells', 'assumed: IFN-γ slows melanoma growth via JAK/STAT and JAK1/2-loss clones escape this arrest (Zaretsky 2016 NEJM); magnitude not measured', 0, 1),
  p('b2m_loss_rate', 1e-7, '1', 'Probability per division that an antigen-presenting cell loses B2M (both alleles)', 'assumed: two-hit loss (mutation + LOH) at ~1e-7 per division', 0, 1e-3),
  p('jak_loss_rate', 1e-7, '1', 'Probability per division that an antigen-presenting cell loses JAK1/2 function', 'assumed: two-hit loss (mutation + LOH) at ~1e-7 per division', 0, 1e-3),
  p('nk_missing_self_kill_rate', 0, '1/day', 'Natural-killer "missing-self" kill rate of MHC-I-negative (B2M-loss) cells, before MDSC/hypoxia suppression (0 = no NK activity)', 'assumed: NK cells lyse MHC-I-negative cells (missing self); off in the default patient, set per virtual patient in trial populations', 0, 1),
  p('b2m_residual_mhc', 0, 'fraction', 'MHC-I left on B2M-loss cells relative to presenting cells (0 = complete loss)', 'assumed: biallelic B2M loss abolishes surface MHC-I (review §3.1)', 0, 1),
  p('jak_residual_ifn_response', 0, 'fraction', 'IFN-γ response left in JAK-loss cells (0 = complete loss)', 'assumed: biallelic JAK1/2 loss abolishes IFN-γ signalling (Zaretsky 2016 NEJM)', 0, 1),

  // ── vasculature and hypoxia ──
  p('capacity_growth_rate', 0.3, '1/day', 'Angiogenic growth of carrying capacity per tumor volume at full stimulus (k_K_g)', 'assumed: QSPIO-TNBC form (k_K_g = 4.12/day) slowed ~14× so human vessel remodelling takes weeks (cediranib normalisation window ~4 weeks, Batchelor 2007); with k_K_d sets the untreated plateau at ~4 cm', 0, 10),
  p('capacity_inhibition_rate', 1.2e-4, '1/(day*mm^2)', 'Endogenous inhibition of capacity, k_K_d·K·V^(2/3) (Hahnfeldt 1999)', 'assumed: QSPIO-TNBC k_K_d = 3.4e-3 slowed like k_K_g (capacity time constant ~1 month at 2 cm); Hahnfeldt 1999 d = 0.00873 in mice', 0, 0.01),
  p('vessel_regression_rate', 0.02, '1/day', 'Regression of immature vessels deprived of VEGF survival signalling (at complete VEGF blockade)', 'assumed: VEGF blockade prunes 50–70% of mouse tumor vessels within a week (Inai 2004 Am J Pathol); slower in patients (microvessel density down ~30–50% 12 days after bevacizumab, Willett 2004 Nat Med)', 0, 1),
  p('angiogenic_half_max', 1, '1', 'VEGF-like signal (relative to a normoxic tumor) giving half-maximal angiogenic stimulus and half-maximal vessel abnormality', 'assumed: normoxic production sits at the half-maximal point (QSPIO-TNBC c_vas_50 in relative terms)', 0.01, 100),
  p('vegf_hypoxia_induction', 2, '1', 'Extra VEGF production at full hypoxia, relative to normoxia (HIF-1α)', 'assumed: hypoxia raises VEGF ~3-fold (HIF-1α target, review §3.3)', 0, 20),
  p('vegf_independent_angiogenesis', 0.25, 'fraction', 'Part of the angiogenic drive that does not depend on VEGF (FGF, angiopoietins)', 'assumed: escape pathways keep ~1/4 of vessel support under complete VEGF blockade', 0, 1),
  p('vessel_abnormality', 0.8, 'fraction', 'Maximal loss of vessel function caused by VEGF (leaky, tortuous vessels)', 'assumed: abnormal tumor vessels deliver about half the O2 of normalised ones at baseline (Jain 2005 normalisation concept)', 0, 1),
  p('vessel_remodeling_rate', 0.35, '1/day', 'Rate at which vessel function follows the VEGF signal (normalisation within days)', 'assumed: normalisation seen from day 1 and near-complete within ~1 week (Batchelor 2007; Winkler 2004)', 0.01, 5),
  p('hypoxia_half_supply', 1.8, '1', 'Oxygen supply index q·K/V at which hypoxia is 50%', `${CALIBRATED} (baseline hypoxia ~0.3)`, 0.01, 100),
  p('hypoxia_hill', 1.5, '1', 'Steepness of hypoxia versus oxygen supply', 'assumed: sigmoidal O2 diffusion-limit relation', 0.5, 6),

  // ── priming and infiltration ──
  p('antigenicity', 1, '1', 'Relative immunogenicity of tumor antigen reaching the lymph node (neoantigen load, cross-presentation)', 'assumed: 1 for the default melanoma; higher in inflamed, lower in cold tumors', 0, 10),
  p('priming_max', 1.6e7, 'cells/day', 'Tumor-specific CD8 effector output of draining lymph nodes at saturating antigen and H_CD28 = 0', `${CALIBRATED} (CD8 ~2–3% of lesion cells)`, 0, 1e10),
  p('priming_antigen_half_max', 6e7, 'cells/day', 'Dying-tumor-cell antigen flux giving half-maximal priming', `${CALIBRATED} (saturates when ~1% of the lesion dies per day)`, 1, 1e12),
  p('other_death_immunogenicity', 0.25, 'fraction', 'Antigen released by non-immune (apoptotic/necrotic) death relative to immune killing', `${CALIBRATED}; tolerogenic apoptosis primes less well than cytotoxic killing`, 0, 1),
  p('ctla4_competition_conventional', 1, '1', 'Competitive weight of CTLA-4 on conventional T cells for B7, relative to CD28', 'assumed: CTLA-4 binds B7 ~10× tighter than CD28 (0.42 vs 4 µM, QSPIO-TNBC, biology.md §3) but is expressed ~10× less', 0, 100),
  p('ctla4_competition_treg', 18, '1', 'Extra CTLA-4 weight per unit Treg fraction of T cells (B7 removal by CTLA-4-high Tregs)', `${CALIBRATED} (ipilimumab and nivolumab + ipilimumab responses); Tregs dominate B7 removal (review §2)`, 0, 100),
  p('costimulation_divisions', 3, '1', 'Extra clonal divisions at full CD28 co-stimulation', 'QSP-IO model choice: divisions = 2 + 3·H_CD28 + 11·IL2/(IL2_50 + IL2) (biology.md §2)', 0, 10),
  p('homing_half_max', 2e4, 'mm^3', 'Functional vascular capacity q·K at which homing of circulating primed cells is half-maximal', 'assumed: trafficking scales with the perfused vessel bed and saturates for very large lesions', 1, 1e8),
  p('tcell_access', 0.5, 'fraction', 'Fraction of the tumor bed T cells can reach: scales entry, antigen encounter and killing (exclusion by stroma, Wnt/β-catenin)', `${CALIBRATED}; low in immune-excluded tumors (review §3.1)`, 0, 1),

  // ── CD8 T cells ──
  p('effector_proliferation_rate', 0.16, '1/day', 'Maximal antigen-driven proliferation of effectors in the tumor', `${CALIBRATED}; far below the ~3/day peak of acute expansion (De Boer 2001): tumor effectors are mostly progeny of progenitors`, 0, 5),
  p('effector_death_rate', 0.1, '1/day', 'Effector CD8 death rate in the tumor', 'spQSP-IO: T cell lifespan ~10 days (biology.md §2)', 0, 2),
  p('il2_proliferation_boost', 2, '1', 'Fold increase of T-cell proliferation and progenitor output at full IL-2 receptor signal', 'assumed: IL-2 triples antigen-driven expansion (QSP-IO adds up to 11 divisions at priming)', 0, 20),
  p('exhaustion_rate', 0.05, '1/day', 'Effector → progenitor-exhausted transition at full antigen encounter, no co-inhibition', `${CALIBRATED}; Kareva & Gevertz T_Cell_Exhaustion code uses 0.045/day (biology.md §2)`, 0, 2),
  p('terminal_exhaustion_rate', 0.02, '1/day', 'Progenitor → terminally exhausted transition at full antigen encounter, no co-inhibition', `${CALIBRATED}; Kareva & Gevertz code 0.01–0.05/day (biology.md §2); fixed chromatin state (Philip 2017)`, 0, 2),
  p('exhaustion_coinhibition_gain', 1, '1', 'How much co-inhibition (PD-1, LAG-3) accelerates exhaustion: rate × (1 + gain·H)', 'assumed: PD-1/LAG-3 signalling deepens exhaustion (review §3.2); QSP-IO exhaustion ∝ H_PD1', 0, 20),
  p('progenitor_output_rate', 0.75, '1/day', 'Effector progeny per progenitor-exhausted cell per day at full antigen encounter, no co-inhibition (asymmetric division)', `${CALIBRATED}; TCF1+ stem-like cells divide every few days and supply the effector burst after PD-1 blockade (Im 2016; Siddiqui 2019)`, 0, 3),
  p('progenitor_proliferation_rate', 0.055, '1/day', 'Maximal self-renewing proliferation of progenitor-exhausted cells', `${CALIBRATED}; TCF1+ cells self-renew (Siddiqui 2019)`, 0, 3),
  p('progenitor_death_rate', 0.03, '1/day', 'Death rate of progenitor-exhausted cells', 'assumed: long-lived stem-like cells (~1 month)', 0, 1),
  p('terminal_death_rate', 0.03, '1/day', 'Death rate of terminally exhausted cells', 'assumed: they persist longer than effectors (PD-1/Gal-9 protects from TIM-3-induced apoptosis, review §3.2)', 0, 1),
  p('antigen_encounter_saturation', 15, '1', 'K in encounter = C/(C + K·T): T cells per reachable target at which antigen encounter halves is 1/K', `${CALIBRATED}; ratio-dependent stimulation (de Pillis 2005)`, 0, 1000),
  p('kill_rate', 0.9, '1/day', 'Maximal CD8 kill rate per target cell (k in k·T/(K_TC·C + T))', 'QSPIO-TNBC model choice k = 0.9/day (biology.md §2)', 0, 20),
  p('kill_saturation', 0.125, '1', 'K_TC in k·T/(K_TC·C + T): targets per killer at half-saturation', `${CALIBRATED}: k/K_TC = 7 kills per CTL per day at most, within the 2–16/day measured in vivo (Halle 2016 Immunity); QSPIO-TNBC uses 1.2 with its own pool definitions`, 0.001, 1000),
  p('progenitor_cytotoxicity', 0.1, 'fraction', 'Killing by progenitor-exhausted cells relative to effectors', 'assumed: TCF1+ cells are poorly cytotoxic (Siddiqui 2019)', 0, 1),
  p('terminal_cytotoxicity', 0.1, 'fraction', 'Killing by terminally exhausted cells relative to effectors', 'assumed: residual granzyme but poor killing (review §3.2)', 0, 1),
  p('basal_mhc', 0.4, 'fraction', 'MHC-I of a tumor cell without IFN-γ, relative to the IFN-induced maximum', 'assumed: melanoma MHC-I rises ~2–3-fold with IFN-γ', 0, 1),
  p('ifn_secretion', 2e-7, 'ng/(cells*day)', 'IFN-γ secreted per antigen-engaged effector per day', 'assumed: ~0.2 pg/cell/day, giving intratumoral IFN-γ near the 0.11 ng/mL half-max at baseline', 0, 1e-4),
  p('ifn_decay_rate', 4, '1/day', 'Loss of intratumoral IFN-γ (uptake, diffusion, degradation)', 'biology.md §4: IFN-γ lasts a few hours (t½ ~4 h)', 0.1, 1000),
  p('ifn_half_max', 0.11, 'ng/mL', 'IFN-γ for half-maximal tumor-cell response (PD-L1 induction)', 'spQSP-IO: PD-L1 induced by IFN-γ with half-max 0.11 ng/mL (biology.md §2)', 1e-4, 100),
  p('ifn_hill', 1.26, '1', 'Hill coefficient of the IFN-γ response', 'spQSP-IO: Hill 1.26 (biology.md §2)', 0.5, 4),
  p('pdl1_induction_fold', 6, '1', 'Maximal PD-L1 on IFN-γ-stimulated tumor cells relative to basal', 'QSPIO-TNBC: IFN-γ raises PD-L1 ~6-fold (biology.md §3)', 1, 50),
  p('pd1_half_max', 5.3, '1', 'PD-L1 level (relative to basal) at which PD-1 inhibits half-maximally, with PD-1 unblocked', `${CALIBRATED}: basal PD-L1 engages PD-1 weakly, fully IFN-induced PD-L1 strongly (QSP-IO: half-max ~6 molecules/µm² of complex)`, 0.01, 100),
  p('pd1_hill', 2, '1', 'Hill coefficient of PD-1 inhibition', 'QSP-IO: n = 2 (biology.md §2)', 0.5, 4),
  p('lag3_max_inhibition', 0.22, 'fraction', 'LAG-3 inhibition of T-cell function in the tumor when unblocked', `${CALIBRATED} as the brake left under PD-1 blockade (nivolumab response), not to any relatlimab outcome; weaker than PD-1 (review §4.2)`, 0, 1),
  p('coinhibition_synergy', 0.5, 'fraction', 'Extra loss of function when PD-1 and LAG-3 are both engaged (γ in (1 − γ·H_PD1·H_LAG3))', 'assumed: dual PD-1/LAG-3 deficiency unleashes much more than either (review §3.2, Fig. 5)', 0, 1),
  p('tcell_hypoxia_suppression', 0.5, 'fraction', 'Loss of T-cell killing/proliferation at full hypoxia (low O2, adenosine via A2A)', 'assumed: hypoxia and adenosine strongly impair CTLs (review §3.3)', 0, 1),

  // ── Tregs ──
  p('treg_recruitment', 1.5e6, 'cells/day', 'Maximal Treg recruitment into the lesion (CCL22/CCL17), scaled by the same infiltration factor as effectors', `${CALIBRATED} (CD8:Treg ~5 in the default lesion)`, 0, 1e10),
  p('treg_proliferation_rate', 0.2, '1/day', 'Maximal Treg proliferation at full IL-2 signal', 'assumed: turnover ≈ 0.09/day at the baseline IL-2 signal, i.e. doubling ~8 days (Vukmanovic-Stejic 2006)', 0, 3),
  p('treg_death_rate', 0.1, '1/day', 'Treg death/egress rate in the tumor', 'assumed: ~10-day residence like effectors', 0, 2),
  p('treg_suppression_ratio', 0.5, '1', 'K in the Treg suppression factor E/(E + K·Treg)', 'assumed: QSP-IO form (K_TTreg = 11 with its own pool definitions); 0.5 gives ~20% suppression at the default CD8:Treg ratio', 0, 100),
  p('treg_effector_loss_rate', 0.1, '1/day', 'Treg-induced effector loss, k·Treg/(E + Treg)', 'QSP-IO model choice 0.1/day (biology.md §2)', 0, 2),

  // ── IL-2 ──
  p('il2_production', 6e-5, 'nM*mm^3/(cells*day)', 'Endogenous IL-2 production per effector (per unit effector density)', 'assumed: gives intratumoral IL-2 of a few pM, near the CD25 (Treg) half-max and far below the effector half-max', 0, 1),
  p('il2_decay_rate', 100, '1/day', 'IL-2 loss other than cellular consumption (diffusion, clearance)', 'biology.md §4: IL-2 t½ of minutes', 1, 1e5),
  p('il2_treg_consumption', 0.02, 'mm^3/(cells*day)', 'IL-2 consumption per Treg density (CD25-high sink)', 'assumed: at baseline Tregs consume about as much IL-2 as is otherwise lost (review §3.2: Tregs deplete IL-2)', 0, 100),
  p('il2_effector_consumption', 0.002, 'mm^3/(cells*day)', 'IL-2 consumption per effector density', 'assumed: effectors (low CD25) consume ~10× less per cell than Tregs', 0, 100),
  p('il2_systemic_divisions', 2, '1', 'Extra divisions of circulating effectors (or Tregs) at full systemic exogenous IL-2 signal', 'assumed: QSP-IO adds up to 11 IL-2-driven divisions at priming; 2 here because exogenous IL-2 lasts only days; effectors and Tregs get the same count, selectivity comes from the receptor (CD25)', 0, 11),
  p('il2_ec50_effector', 0.32, 'nM', 'Endogenous IL-2 for half-maximal effector signal (IL-2Rβγ)', 'biology.md §3 (effector IL2_50 ≈ 0.32 nM)', 1e-5, 100),
  p('il2_ec50_treg', 0.0032, 'nM', 'Endogenous IL-2 for half-maximal Treg signal (IL-2Rαβγ, CD25)', 'biology.md §3 (Treg IL2_50 about 100× lower)', 1e-6, 100),

  // ── MDSCs ──
  p('mdsc_recruitment', 60, 'cells/(mm^3*day)', 'MDSC recruitment per mm³ of normoxic tumor (CCL2, GM-CSF)', 'assumed: MDSCs ~1% of lesion cells at baseline (with the 0.015/day death rate)', 0, 1e6),
  p('mdsc_hypoxia_gain', 3, '1', 'Extra MDSC recruitment at full hypoxia, relative to normoxia (HIF-1α → CCL2/CXCL12)', 'assumed: hypoxia drives myeloid recruitment (review §3.3)', 0, 50),
  p('mdsc_vegf_dependence', 0.4, 'fraction', 'Fraction of MDSC recruitment that VEGF blockade removes (VEGFR1+ myeloid cells)', 'assumed: anti-angiogenics reduce myeloid suppression (review §4.3)', 0, 1),
  p('mdsc_death_rate', 0.015, '1/day', 'MDSC death rate', 'QSP-IO: MDSC death 0.015/day (biology.md §2)', 0, 1),
  p('mdsc_half_max', 1e4, 'cells/mm^3', 'MDSC density giving half-maximal suppression', 'assumed: ~1% of tumor cells', 1, 1e7),
  p('mdsc_max_suppression', 0.6, 'fraction', 'Maximal MDSC suppression of killing and proliferation (NO, arginase)', 'assumed: QSP-IO combines NO and ArgI as 1 − (1 − H_NO)(1 − H_Arg); capped at 0.6 here', 0, 1),

  // ── history ──
  p('immune_history', 180, 'day', 'Duration of immune engagement before baseline (burn-in with the lesion held at its baseline size)', 'assumed: an established metastasis has faced T cells for months; longer histories with fast terminal commitment leave mostly terminal exhaustion', 0, 3650),
];
