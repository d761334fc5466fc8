import { ScenarioValidationError } from '../scenario/errors.js';
import { EXIT_INTERNAL, EXIT_INVALID_INPUT, UsageError } from './errors.js';
import { runCommand } from './commands.js';

// Set the exit code rather than calling process.exit, so piped output is flushed first.
function exitWith(code: number): void {
  process.exitCode = code;
}

function isParseArgsError(err: unknown): boolean {
  return err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

try {
  exitWith(await runCommand(process.argv.slice(2)));
} catch (err) {
  if (err instanceof ScenarioValidationError) {
    console.error(err.format());
    exitWith(EXIT_INVALID_INPUT);
  } else if (err instanceof UsageError || isParseArgsError(err)) {
    console.error(`tisim: ${(err as Error).message}`);
    exitWith(EXIT_INVALID_INPUT);
  } else {
    console.error(`tisim: internal error: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.TISIM_DEBUG) console.error(err);
    else console.error('(set TISIM_DEBUG=1 for the stack trace)');
    exitWith(EXIT_INTERNAL);
  }
}
