import type { PatientArchetype } from '../simulation/context.js';
import inflamed from '../../scenarios/patients/inflamed.json' with { type: 'json' };
import cold from '../../scenarios/patients/cold.json' with { type: 'json' };
import tregRich from '../../scenarios/patients/treg-rich.json' with { type: 'json' };
import hypoxic from '../../scenarios/patients/hypoxic.json' with { type: 'json' };
import b2mLoss from '../../scenarios/patients/b2m-loss.json' with { type: 'json' };
import jakLoss from '../../scenarios/patients/jak-loss.json' with { type: 'json' };
import late from '../../scenarios/patients/late.json' with { type: 'json' };

/**
 * The named patient archetypes shipped in scenarios/patients/. Imported
 * statically so the same list works in Node and in a browser bundle.
 */
export function builtInArchetypes(): PatientArchetype[] {
  return [inflamed, cold, tregRich, hypoxic, b2mLoss, jakLoss, late] as PatientArchetype[];
}
