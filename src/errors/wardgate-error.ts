/**
 * The closed set of failure codes. Modelled on gRPC/Connect codes so that each maps
 * to one gRPC status and one HTTP status without guessing.
 */
export const ErrorCode = {
  InvalidArgument: 'invalid_argument',
  NotFound: 'not_found',
  AlreadyExists: 'already_exists',
  /** The target exists but its state forbids the operation (e.g. an approval already decided). */
  Conflict: 'conflict',
  Unauthenticated: 'unauthenticated',
  PermissionDenied: 'permission_denied',
  FailedPrecondition: 'failed_precondition',
  /** A size or queue limit was hit (oversized body, full audit queue). */
  ResourceExhausted: 'resource_exhausted',
  /** A dependency (Redis, Kafka, JWKS endpoint) could not be reached. */
  Unavailable: 'unavailable',
  DeadlineExceeded: 'deadline_exceeded',
  /** Input Wardgate cannot inspect (unknown encoding, unparseable body): must not pass raw. */
  Uninspectable: 'uninspectable',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const httpStatusByCode: Record<ErrorCode, number> = {
  invalid_argument: 400,
  not_found: 404,
  already_exists: 409,
  conflict: 409,
  unauthenticated: 401,
  permission_denied: 403,
  failed_precondition: 412,
  resource_exhausted: 413,
  unavailable: 503,
  deadline_exceeded: 504,
  uninspectable: 502,
  internal: 500,
};

/**
 * Wardgate's one error type. `message` is safe to show to callers; `cause` is kept for
 * logs only so that we never leak an underlying error (which may hold PHI) in a response.
 */
export class WardgateError extends Error {
  override readonly name = 'WardgateError';
  readonly code: ErrorCode;
  /** Extra, PHI-free details (e.g. the config field that is wrong). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }

  /** Wraps anything thrown into a WardgateError, classifying network failures as Unavailable. */
  static from(reason: unknown, fallback: ErrorCode = ErrorCode.Internal): WardgateError {
    if (reason instanceof WardgateError) return reason;
    const code = isConnectionFailure(reason) ? ErrorCode.Unavailable : fallback;
    const message = code === ErrorCode.Unavailable ? 'dependency unavailable' : 'internal error';
    return new WardgateError(code, message, { cause: reason });
  }
}

const connectionErrnos = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);

/** The one place that recognises socket-level failures from Node, ioredis and kafkajs. */
export function isConnectionFailure(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const errno = (reason as { code?: unknown }).code;
  if (typeof errno === 'string' && connectionErrnos.has(errno)) return true;
  // ioredis: "Connection is closed." / MaxRetriesPerRequestError; kafkajs: KafkaJSConnectionError & friends.
  const name = reason.name;
  if (name === 'MaxRetriesPerRequestError' || name.startsWith('KafkaJSConnection') || name === 'KafkaJSNumberOfRetriesExceeded') return true;
  if (/connection is closed|stream isn't writeable|enableOfflineQueue/i.test(reason.message)) return true;
  return reason.cause !== undefined && reason.cause !== reason ? isConnectionFailure(reason.cause) : false;
}
