import type { ModelDefinition } from '../model/types.js';
import type { TherapyRegistry } from '../therapies/types.js';

/**
 * A named starting patient: parameter overrides written with units, exactly as
 * in a scenario's `patient.parameters`. Stored as JSON in scenarios/patients/.
 */
export interface PatientArchetype {
  readonly name: string;
  readonly model: string;
  readonly title: string;
  readonly description: string;
  readonly bodyWeight?: string;
  readonly parameters: Readonly<Record<string, string | number>>;
}

/** Everything a run may refer to by name. Passed explicitly: there is no global registry. */
export interface SimulationContext {
  readonly models: ReadonlyMap<string, ModelDefinition>;
  readonly therapies: TherapyRegistry;
  readonly archetypes: ReadonlyMap<string, PatientArchetype>;
}
