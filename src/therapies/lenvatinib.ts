import { oralOneCompartmentPk } from './pk.js';
import { receptorOccupancy, type TherapyModule } from './types.js';

const IC50_nM = 4;
const MW_kDa = 0.42685;
const F = 0.85;
const apparentClearance_L_per_day = 6.56 * 24;
const clearance_L_per_day = F * apparentClearance_L_per_day;
const halfLife_day = 28 / 24;
// One compartment with the label terminal half-life keeps the daily average exposure (F·dose/CL) exact
// and the washout right; it flattens the peak/trough swing of the three-compartment popPK model.
const volume_L = clearance_L_per_day / (Math.LN2 / halfLife_day);

/**
 * Oral VEGFR tyrosine-kinase inhibitor. Only unbound drug reaches the kinase,
 * so the site-of-action concentration is the free plasma concentration.
 */
export const lenvatinib: TherapyModule = {
  drug: 'lenvatinib',
  therapyClass: 'anti-angiogenic',
  description:
    'Oral multi-kinase inhibitor (VEGFR1–3, FGFR1–4, PDGFRα, KIT, RET). One-compartment oral PK with first-order absorption; VEGF signalling inhibition = Cu/(Cu + IC50) with the unbound concentration Cu.',
  molecularWeight_kDa: MW_kDa,
  doseUnits: {},
  pk: oralOneCompartmentPk({
    clearance_L_per_day,
    volume_L,
    absorptionRate_per_day: 1.02 * 24,
    bioavailability: F,
    molecularWeight_kDa: MW_kDa,
    tissuePartition: 0.015,
    sources: {
      clearance_L_per_day: 'Gupta 2016 Br J Clin Pharmacol 81:1124 (apparent CL/F 6.56 L/h), times F',
      volume_L:
        'derived: CL divided by the elimination rate of the Lenvima label terminal half-life (~28 h); a one-compartment simplification of the three-compartment popPK model (Gupta 2016)',
      absorptionRate_per_day: 'Gupta 2016 Br J Clin Pharmacol 81:1124 (first-order ka 1.02 1/h; label tmax 1–4 h)',
      bioavailability: 'Lenvima SmPC: absolute bioavailability not determined, ~85% from mass balance',
      molecularWeight_kDa: 'lenvatinib free base, 426.85 g/mol',
      tissuePartition: 'unbound fraction: Lenvima label, 98–99% bound to plasma proteins (midpoint 98.5%); only free drug inhibits the kinase',
    },
  }),
  parameters: [
    {
      name: 'IC50_VEGFR2',
      value: IC50_nM,
      unit: 'nM',
      description: 'Half-maximal inhibitory concentration of lenvatinib for VEGFR2 (KDR) kinase, applied to unbound drug',
      source: 'biology.md: VEGFR2 IC50 ~4 nM (cell-free kinase assay, Matsui 2008 Int J Cancer 122:664)',
    },
  ],
  effects: [
    {
      input: 'vegf_inhibition',
      description: 'Fraction of VEGFR2 signalling inhibited, Cu/(Cu + IC50)',
      value: (c) => receptorOccupancy(c, IC50_nM),
    },
  ],
  occupancy: { target: 'VEGFR2', value: (c) => receptorOccupancy(c, IC50_nM) },
};
