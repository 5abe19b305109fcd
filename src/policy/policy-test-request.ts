import { z } from 'zod';
import type { AccessRequest } from '../authz/access-request.js';
import { commandOrThrow, createCommandClassifier } from '../command/classify-command.js';
import type { SqlDialect } from '../command/sql-tokenizer.js';
import { commandKinds } from '../command/command.js';
import type { ResolvedIdentity } from '../identity/identity.js';
import { parseSpiffeId } from '../identity/spiffe-id.js';
import type { PolicyInput } from './policy-types.js';

/** A request as written for `wardgate policy test` (and policy specs): no Envoy, no JWKS. */
export const policyTestRequestSchema = z.strictObject({
  method: z.string().min(1),
  authority: z.string().min(1),
  /** May carry `?query`; split off when `query` is absent. */
  path: z.string().startsWith('/'),
  query: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** A string is sent as is; anything else as JSON. */
  body: z.unknown().optional(),
  /** The body as bytes (a compressed body, binary): base64; instead of `body`. */
  bodyBase64: z.base64().optional(),
  contentType: z.string().optional(),
  /** Set when the body should count as cut short by Envoy. */
  partialBody: z.boolean().optional(),
  agent: z.string().optional(),
  /** Taken as verified: offline tests have no IdP. */
  user: z.strictObject({ sub: z.string().min(1), groups: z.array(z.string()).optional(), issuer: z.string().optional() }).optional(),
  /** ISO 8601 instant of the request. */
  time: z.iso.datetime({ offset: true }).optional(),
});
export type PolicyTestRequest = z.input<typeof policyTestRequestSchema>;

export interface PolicyTestOptions {
  sqlPaths?: string[];
  graphqlPaths?: string[];
  /** As `authz.sqlDialects`. */
  sqlDialects?: Array<{ path: string; dialect: SqlDialect | 'any' }>;
  /** @default 1 MiB */
  maxBodyBytes?: number;
  /** Used when the request names no `time`. */
  now?: number;
}

/** Turns a test request into the exact input the server would evaluate, plus classification notes. */
export function buildPolicyInput(raw: PolicyTestRequest, options: PolicyTestOptions = {}): { input: PolicyInput; notes: string[] } {
  const spec = policyTestRequestSchema.parse(raw);
  let path = spec.path;
  let query = spec.query ?? '';
  const mark = path.indexOf('?');
  if (mark !== -1) {
    if (spec.query === undefined) query = path.slice(mark + 1);
    path = path.slice(0, mark);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name.toLowerCase()] = value;
  const now = spec.time !== undefined ? Date.parse(spec.time) : (options.now ?? Date.now());
  const request: AccessRequest = {
    requestId: 'policy-test',
    receivedAt: now,
    source: spec.agent !== undefined ? { principal: spec.agent } : {},
    destination: {},
    http: { method: spec.method.toUpperCase(), scheme: 'https', authority: spec.authority.toLowerCase(), path, query, headers },
  };
  if (spec.body !== undefined && spec.bodyBase64 !== undefined) throw new Error('request: give body or bodyBase64, not both');
  if (spec.bodyBase64 !== undefined) {
    request.http.body = { bytes: Buffer.from(spec.bodyBase64, 'base64'), partial: spec.partialBody ?? false, contentType: spec.contentType ?? headers['content-type'] };
  } else if (spec.body !== undefined) {
    const isText = typeof spec.body === 'string';
    const contentType = spec.contentType ?? headers['content-type'] ?? (isText ? 'text/plain' : 'application/json');
    request.http.body = {
      bytes: Buffer.from(isText ? (spec.body as string) : JSON.stringify(spec.body)),
      partial: spec.partialBody ?? false,
      contentType,
    };
  }
  const identity: ResolvedIdentity = {};
  if (spec.agent !== undefined) identity.agent = parseSpiffeId(spec.agent);
  if (spec.user !== undefined) {
    identity.user = { subject: spec.user.sub, issuer: spec.user.issuer ?? 'policy-test', groups: spec.user.groups ?? [], source: 'jwt' };
  } else {
    identity.userProblem = 'missing';
  }
  const classifier = createCommandClassifier({
    sqlPaths: options.sqlPaths,
    graphqlPaths: options.graphqlPaths,
    ...(options.sqlDialects ? { sqlDialects: options.sqlDialects } : {}),
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
  });
  // Same rule as the server: a request Wardgate failed to read is never evaluated as REST.
  const classification = classifier.classify(request);
  const command = commandOrThrow(classification);
  const { notes } = classification;
  return { input: { request, command, commandKinds: commandKinds(command), identity, now }, notes };
}
