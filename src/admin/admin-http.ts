import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { sendJson } from '../server/send-json.js';

/** Admin requests are small JSON documents; anything bigger is refused before parsing. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** `{ error: { code, message } }` with the code's HTTP status; never the cause (may hold PHI). */
export function sendError(res: ServerResponse, error: WardgateError, status = error.httpStatus, extraHeaders: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...extraHeaders, ...(error.code === ErrorCode.Unauthenticated ? { 'www-authenticate': 'Bearer' } : {}) };
  sendJson(res, status, { error: { code: error.code, message: error.message } }, headers);
}

/** Reads and parses a JSON body of at most 64 KiB, then validates it with `schema`. */
export async function readJsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/json\b/i.test(type)) {
    throw new WardgateError(ErrorCode.InvalidArgument, 'request body must be application/json');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_ADMIN_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_ADMIN_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new WardgateError(ErrorCode.InvalidArgument, 'request body is empty; expected a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WardgateError(ErrorCode.InvalidArgument, 'request body is not valid JSON');
  }
  return parseWith(schema, value, 'request body');
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
  throw new WardgateError(ErrorCode.InvalidArgument, `invalid ${what}: ${issues}`);
}

function tooLarge(): WardgateError {
  return new WardgateError(ErrorCode.ResourceExhausted, `request body larger than ${MAX_ADMIN_BODY_BYTES} bytes`);
}
