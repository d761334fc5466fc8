/** A mistake in how the command was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INVALID_INPUT = 2;
