/** A failure reason for reports: the message of an Error, else the thrown value as text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
