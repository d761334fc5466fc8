import type { ParameterSpec } from '../model/types.js';

/**
 * Linear compartmental pharmacokinetics. Compartments hold drug amounts (mg);
 * the engine appends them to the state vector as `<drug>.<compartment>`.
 */
export interface PkModel {
  /** e.g. ["central", "peripheral"] or ["depot", "central"]. */
  readonly compartments: readonly string[];
  /** Compartment that receives a dose (index into `compartments`). */
  readonly doseCompartment: number;
  /** PK parameters with units and sources (CL, V1, Q, V2, ka, ...). */
  readonly parameters: readonly ParameterSpec[];
  /** d(amount)/dt for each compartment, mg/day, in place. */
  rates(amount_mg: ArrayLike<number>, dAmount_mg_per_day: Float64Array | number[], offset: number): void;
  /** Concentration at the site of action in nM (tissue or plasma, as the drug documents). */
  concentration_nM(amount_mg: ArrayLike<number>, offset: number): number;
}

/** One effect: a function of drug concentration written onto a named model input. */
export interface TherapyEffect {
  /** Name of a model InputSpec, e.g. "pd1_occupancy". Never an array index. */
  readonly input: string;
  readonly description: string;
  /** Value contributed to the input at drug concentration c (nM). */
  value(concentration_nM: number): number;
}

export interface DoseUnits {
  /** Specific activity, for drugs dosed in International Units. */
  readonly iuPerMg?: number;
}

export interface TherapyModule {
  /** Drug name used in scenario files, lower case: "nivolumab". */
  readonly drug: string;
  /** Therapy class: "anti-PD-1", "anti-CTLA-4", ... */
  readonly therapyClass: string;
  readonly description: string;
  readonly molecularWeight_kDa: number;
  readonly doseUnits: DoseUnits;
  readonly pk: PkModel;
  /** Binding and effect parameters (KD, EC50, ...) with units and sources. */
  readonly parameters: readonly ParameterSpec[];
  /** Named receptor occupancies/effects reported in outputs, e.g. "PD-1 occupancy". */
  readonly effects: readonly TherapyEffect[];
  /** Readouts reported per drug besides concentration, e.g. receptor occupancy (fraction). */
  readonly occupancy?: { readonly target: string; value(concentration_nM: number): number };
}

/** Therapies known to a run. Pass one explicitly; there is no global registry. */
export class TherapyRegistry {
  private readonly byDrug = new Map<string, TherapyModule>();

  constructor(modules: Iterable<TherapyModule> = []) {
    for (const m of modules) this.register(m);
  }

  register(module: TherapyModule): this {
    const key = module.drug.toLowerCase();
    if (this.byDrug.has(key)) throw new Error(`therapy "${module.drug}" is already registered`);
    this.byDrug.set(key, module);
    return this;
  }

  get(drug: string): TherapyModule | undefined {
    return this.byDrug.get(drug.toLowerCase());
  }

  drugs(): string[] {
    return [...this.byDrug.keys()].sort();
  }

  all(): TherapyModule[] {
    return this.drugs().map((d) => this.byDrug.get(d)!);
  }
}

/** Receptor occupancy at quasi-steady state: RO = C / (C + KD). */
export function receptorOccupancy(concentration_nM: number, kd_nM: number): number {
  const c = concentration_nM > 0 ? concentration_nM : 0;
  return c / (c + kd_nM);
}

/** mg/L of an antibody (µg/mL) to nM: c[µg/mL] · 1e3 / MW[kDa]. */
export function mgPerLiterToNanomolar(c_mg_per_L: number, molecularWeight_kDa: number): number {
  return (c_mg_per_L * 1e3) / molecularWeight_kDa;
}
