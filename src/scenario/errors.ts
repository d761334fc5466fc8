/** Problems found while reading a scenario, each tied to a file and a JSON path. */

export interface ScenarioIssue {
  /** File the problem is in, as the user named it (or "<scenario>" for in-memory input). */
  readonly file: string;
  /** JSON path of the offending value, e.g. "$.therapies[1].dose"; "$" is the whole file. */
  readonly path: string;
  readonly message: string;
}

export class ScenarioValidationError extends Error {
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[]) {
    super(formatIssues(issues));
    this.name = 'ScenarioValidationError';
    this.issues = issues;
  }

  /** One line per problem: `file: $.path: message`. */
  format(): string {
    return formatIssues(this.issues);
  }
}

export function formatIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map((issue) => `${issue.file}: ${issue.path}: ${issue.message}`).join('\n');
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ["therapies", 1, "dose"] → "$.therapies[1].dose"; odd keys are quoted: $["a b"]. */
export function jsonPath(segments: readonly PathSegment[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}
