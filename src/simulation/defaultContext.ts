import { checkpointModel } from '../model/checkpoint/index.js';
import type { ModelDefinition } from '../model/types.js';
import { defaultTherapyRegistry } from '../therapies/index.js';
import { builtInArchetypes } from '../scenario/archetypes.js';
import type { SimulationContext } from './context.js';

/** The built-in models, therapies and patient archetypes; a fresh context each call. */
export function defaultContext(): SimulationContext {
  const models = new Map<string, ModelDefinition>([[checkpointModel.id, checkpointModel]]);
  const archetypes = new Map(builtInArchetypes().map((a) => [a.name, a]));
  return { models, therapies: defaultTherapyRegistry(), archetypes };
}
