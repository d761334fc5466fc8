/**
 * Scenario files (JSON or YAML) → a validated ResolvedScenario in canonical
 * units. Every problem found is reported at once, each with its file and JSON
 * path, so one run of the loader shows everything to fix. Validation itself
 * lives in resolve.ts, which has no Node dependencies.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML, { LineCounter } from 'yaml';
import type { SimulationContext } from '../simulation/context.js';
import { ScenarioValidationError } from './errors.js';
import { resolveScenario, type LoadedScenario } from './resolve.js';

export { expandSchedule, INLINE_SOURCE, resolveScenario, type LoadedScenario } from './resolve.js';

type FileFormat = 'json' | 'yaml';

function formatOf(file: string): FileFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
}

function fail(file: string, message: string): never {
  throw new ScenarioValidationError([{ file, path: '$', message }]);
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message);
    const offset = position !== null ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '');
    if (offset === undefined) fail(file, `invalid JSON: ${reason}`);
    const { line, column } = lineColumn(text, offset);
    return fail(file, `invalid JSON at line ${line}, column ${column}: ${reason}`);
  }
}

function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    throw new ScenarioValidationError(
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        const reason = error.code === 'MULTIPLE_DOCS' ? 'the file holds more than one YAML document' : error.message;
        return { file, path: '$', message: `invalid YAML at line ${line}, column ${col}: ${reason}` };
      }),
    );
  }
  try {
    return doc.toJS();
  } catch (err) {
    return fail(file, `invalid YAML: ${(err as Error).message}`);
  }
}

/** Parses scenario text; `file` picks the format by extension and names the file in messages. */
export function parseScenarioText(text: string, file: string): unknown {
  const format = formatOf(file);
  if (format === undefined) fail(file, `unsupported file type "${extname(file)}"; use .json, .yaml or .yml`);
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') fail(file, 'the file is empty');
  return format === 'json' ? parseJson(body, file) : parseYaml(body, file);
}

function readReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (err as Error).message;
}

/** Reads, validates and resolves a .json, .yaml or .yml scenario file. */
export function loadScenarioFile(path: string, ctx: SimulationContext): LoadedScenario {
  if (formatOf(path) === undefined) fail(path, `unsupported file type "${extname(path)}"; use .json, .yaml or .yml`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return fail(path, `cannot read the file: ${readReason(err)}`);
  }
  return resolveScenario(parseScenarioText(text, path), ctx, path);
}
