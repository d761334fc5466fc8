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

function main(): void {
  writeFileSync(SCHEMA_PATH, scenarioJsonSchemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
