/**
 * The five therapy classes the page offers, the drugs in each, their label
 * dosing, and a short statement of the mechanism the model gives them.
 */

export type ClassId = 'pd1' | 'ctla4' | 'lag3' | 'il2' | 'angio';
export type DoseUnit = 'mg/kg' | 'mg' | 'IU/kg';
export type IntervalUnit = 'hours' | 'days' | 'weeks';

/** One drug on one schedule, in the units the controls show. */
export interface Dosing {
  readonly dose: number;
  readonly doseUnit: DoseUnit;
  readonly start_day: number;
  readonly every: number;
  readonly everyUnit: IntervalUnit;
  /** Number of administrations; 0 means "until the end of the simulation". */
  readonly count: number;
}

export interface DrugChoice {
  readonly drug: string;
  readonly label: string;
  readonly units: readonly DoseUnit[];
  /** Label dosing, used when the drug is first switched on. */
  readonly defaults: Dosing;
  readonly labelNote: string;
}

export interface TherapyClass {
  readonly id: ClassId;
  readonly name: string;
  readonly drugs: readonly DrugChoice[];
  /** What the model makes this class do, in two or three sentences. */
  readonly mechanism: string;
}

const untilEnd = 0;

export const THERAPY_CLASSES: readonly TherapyClass[] = [
  {
    id: 'pd1',
    name: 'Anti-PD-1',
    mechanism:
      'Reinvigorates progenitor-exhausted (TCF1⁺) T cells, which supply new effectors. Terminally exhausted cells ' +
      'cannot be rescued, so a late, terminal infiltrate responds poorly.',
    drugs: [
      {
        drug: 'nivolumab',
        label: 'nivolumab',
        units: ['mg/kg', 'mg'],
        defaults: { dose: 3, doseUnit: 'mg/kg', start_day: 0, every: 2, everyUnit: 'weeks', count: untilEnd },
        labelNote: 'label: 3 mg/kg q2w',
      },
      {
        drug: 'pembrolizumab',
        label: 'pembrolizumab',
        units: ['mg', 'mg/kg'],
        defaults: { dose: 200, doseUnit: 'mg', start_day: 0, every: 3, everyUnit: 'weeks', count: untilEnd },
        labelNote: 'label: 200 mg q3w',
      },
    ],
  },
  {
    id: 'ctla4',
    name: 'Anti-CTLA-4',
    mechanism:
      'Acts at priming: frees B7 for CD28, so more tumor-specific T cells are primed. Its IgG1 Fc also depletes ' +
      'CTLA-4-high Tregs in the tumor.',
    drugs: [
      {
        drug: 'ipilimumab',
        label: 'ipilimumab',
        units: ['mg/kg', 'mg'],
        defaults: { dose: 3, doseUnit: 'mg/kg', start_day: 0, every: 3, everyUnit: 'weeks', count: 4 },
        labelNote: 'label: 3 mg/kg q3w ×4',
      },
    ],
  },
  {
    id: 'lag3',
    name: 'Anti-LAG-3',
    mechanism:
      'A second brake on T cells, weak alone; PD-1 and LAG-3 engaged together suppress more than either, so ' +
      'blocking LAG-3 adds to anti-PD-1.',
    drugs: [
      {
        drug: 'relatlimab',
        label: 'relatlimab',
        units: ['mg', 'mg/kg'],
        defaults: { dose: 160, doseUnit: 'mg', start_day: 0, every: 4, everyUnit: 'weeks', count: untilEnd },
        labelNote: 'label: 160 mg q4w',
      },
    ],
  },
  {
    id: 'il2',
    name: 'IL-2',
    mechanism:
      'Expands effectors through IL-2Rβγ, but CD25-high Tregs respond at ~100× lower levels and expand too. ' +
      'The not-alpha variant cannot bind CD25.',
    drugs: [
      {
        drug: 'aldesleukin',
        label: 'aldesleukin',
        units: ['IU/kg', 'mg/kg', 'mg'],
        defaults: { dose: 600000, doseUnit: 'IU/kg', start_day: 0, every: 8, everyUnit: 'hours', count: 14 },
        labelNote: 'label: 600000 IU/kg q8h ×14 (5 days)',
      },
      {
        drug: 'il2-notalpha',
        label: 'IL-2 not-alpha',
        units: ['mg/kg', 'mg'],
        // The same mass as aldesleukin 600000 IU/kg (18 MIU = 1.1 mg).
        defaults: { dose: 0.0367, doseUnit: 'mg/kg', start_day: 0, every: 8, everyUnit: 'hours', count: 14 },
        labelNote: 'as aldesleukin, by mass',
      },
    ],
  },
  {
    id: 'angio',
    name: 'Anti-angiogenic',
    mechanism:
      'Blocking VEGF briefly normalises leaky vessels (less hypoxia, more T-cell entry); continued blockade ' +
      'prunes them and hypoxia returns.',
    drugs: [
      {
        drug: 'bevacizumab',
        label: 'bevacizumab',
        units: ['mg/kg', 'mg'],
        defaults: { dose: 10, doseUnit: 'mg/kg', start_day: 0, every: 2, everyUnit: 'weeks', count: untilEnd },
        labelNote: 'label: 10 mg/kg q2w',
      },
      {
        drug: 'lenvatinib',
        label: 'lenvatinib',
        units: ['mg'],
        defaults: { dose: 20, doseUnit: 'mg', start_day: 0, every: 1, everyUnit: 'days', count: untilEnd },
        labelNote: 'label: 20 mg daily, oral',
      },
    ],
  },
];

export function therapyClass(id: ClassId): TherapyClass {
  const found = THERAPY_CLASSES.find((c) => c.id === id);
  if (!found) throw new Error(`unknown therapy class "${id}"`);
  return found;
}

/** The class and drug entry of a drug name, if the page offers it. */
export function findDrug(drug: string): { cls: TherapyClass; choice: DrugChoice } | undefined {
  for (const cls of THERAPY_CLASSES) {
    const choice = cls.drugs.find((d) => d.drug === drug);
    if (choice) return { cls, choice };
  }
  return undefined;
}

/** Resistance by antigen loss, shown beside the patient choice. */
export const ANTIGEN_LOSS_NOTE =
  'Antigen-loss resistance: B2M-loss cells carry no MHC-I, so CD8 T cells cannot see them whatever the checkpoint state. ' +
  'JAK1/2-loss cells ignore IFN-γ, so they neither raise MHC-I nor PD-L1: they are hard to kill and give PD-1 blockade little to release. ' +
  'Both clones are rare at baseline and are selected by effective immune attack.';
