/** Thrown for bad command lines; the commands turn it into exit code 2 and usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
