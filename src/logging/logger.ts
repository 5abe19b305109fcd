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
  'value', '*.value', 'values', '*.values', 'err.cause',
];

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
