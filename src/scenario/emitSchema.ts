/**
 * Writes scenarios/scenario.schema.json from the zod schema, so editors can
 * complete and check scenario files. Run: npx tsx src/scenario/emitSchema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ScenarioFileSchema } from './schema.js';

export const SCHEMA_PATH = fileURLToPath(new URL('../../scenarios/scenario.schema.json', import.meta.url));

type JsonObject = Record<string, unknown>;

/** The JSON Schema of scenario files, describing what authors write (before unit conversion). */
export function scenarioJsonSchema(): JsonObject {
  const schema = z.toJSONSchema(ScenarioFileSchema, { io: 'input', target: 'draft-7' }) as JsonObject;
  // The "exactly one of doses/until/at" rule is a zod refinement, which JSON
  // Schema output omits; stating it here lets editors flag it too.
  const therapy = ((schema.properties as JsonObject).therapies as JsonObject).items as JsonObject;
  therapy.oneOf = [{ required: ['doses'] }, { required: ['until'] }, { required: ['at'] }];
  return { ...schema, title: 'tumor-immune-sim scenario' };
}

/** The file's exact text: two-space indentation and a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export const SWEEP_SCHEMA_PATH = fileURLToPath(new URL('../../scenarios/sweeps/sweep.schema.json', import.meta.url));

/** Sweep files' JSON Schema text (see src/sweep/spec.ts). */
export async function sweepJsonSchemaText(): Promise<string> {
  const { SweepFileSchema } = await import('../sweep/spec.js');
  const schema = z.toJSONSchema(SweepFileSchema, { io: 'input', target: 'draft-7' }) as JsonObject;
  return `${JSON.stringify({ ...schema, title: 'tumor-immune-sim sweep' }, null, 2)}\n`;
}

async function main(): Promise<void> {
  writeFileSync(SCHEMA_PATH, scenarioJsonSchemaText());
  writeFileSync(SWEEP_SCHEMA_PATH, await sweepJsonSchemaText());
  console.log(`wrote ${SCHEMA_PATH}, ${SWEEP_SCHEMA_PATH}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
