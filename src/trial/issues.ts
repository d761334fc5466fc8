/** Collecting every problem in a trial or population file before failing, in the scenario loader's style. */
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../scenario/load.js';
import { ScenarioValidationError, type ScenarioIssue } from '../scenario/errors.js';

export class IssueList {
  readonly issues: ScenarioIssue[] = [];
  constructor(readonly file: string) {}

  add(path: string, message: string): void {
    this.issues.push({ file: this.file, path, message });
  }

  /** Throws ScenarioValidationError when anything was reported. */
  check(): void {
    if (this.issues.length) throw new ScenarioValidationError(this.issues);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a JSON or YAML document, reporting an unreadable file as a validation issue. */
export function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : (err as Error).message;
    throw new ScenarioValidationError([{ file, path: '$', message: `cannot read the file: ${reason}` }]);
  }
  return parseScenarioText(text, file);
}
