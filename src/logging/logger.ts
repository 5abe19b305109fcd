import { destination as pinoDestination, pino, stdTimeFunctions, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Paths that may carry PHI or secrets. Wardgate's own code logs categories, counts and
 * hashes only; these paths are a second line of defence if a body or header slips in.
 */
export const redactedLogPaths: readonly string[] = [
  'body', '*.body', 'rawBody', '*.rawBody', 'command', '*.command', 'query', '*.query',
  'headers.authorization', '*.headers.authorization', 'headers.cookie', '*.headers.cookie',
  'token', '*.token', 'jwt', '*.jwt', 'password', '*.password', 'secret', '*.secret', 'key', '*.key',
  'value', '*.value', 'values', '*.values',
  // Raw request paths and authorities may carry identifiers; code logs routes, not paths.
  'path', '*.path', 'authority', '*.authority', 'claims', '*.claims',
];

/**
 * Errors are logged with their own message and stack, never their causes' messages: a wrapped
 * third-party error can quote its input (JSON.parse quotes the body it choked on), and pino's
 * standard serializer folds every cause's message into `message` and `stack`, past any redact
 * path. A cause is named by its type and code only.
 */
export function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const out: Record<string, unknown> = { type: value.name, message: value.message, stack: value.stack };
  const fields = value as unknown as Record<string, unknown>;
  for (const key of ['code', 'details', 'errno', 'syscall']) if (fields[key] !== undefined) out[key] = fields[key];
  const causes: Array<{ type: string; code?: unknown }> = [];
  for (let cause = value.cause, depth = 0; cause !== undefined && depth < 8; depth++) {
    if (!(cause instanceof Error)) {
      causes.push({ type: typeof cause });
      break;
    }
    const code = (cause as unknown as Record<string, unknown>).code;
    causes.push(code === undefined ? { type: cause.name } : { type: cause.name, code });
    cause = cause.cause;
  }
  if (causes.length > 0) out.causes = causes;
  return out;
}

export interface LoggerOptions {
  level: string;
  name?: string;
}

export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'wardgate',
      redact: { paths: [...redactedLogPaths], censor: '[REDACTED]' },
      serializers: { err: serializeError },
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
    },
    destination ?? pinoDestination({ fd: 1, sync: false }),
  );
}

/** A logger that drops everything; for unit tests and offline CLI commands. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
