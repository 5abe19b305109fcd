import { z } from 'zod';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { durationMs } from './duration.js';
import { readSecretFile } from './secret-file.js';

const groups = z.array(z.string().min(1)).default([]);

/**
 * `console:` — the web console for approvers and auditors, served on the HTTP port beside the
 * admin API. Off unless `issuer` is set; then `clientId`, `clientSecretFile` and a redirect URL
 * (`redirectUrl`, or `admin.publicUrl` + `/console/callback`) are required.
 */
export const consoleConfigSchema = z.strictObject({
  /** The organisation's OIDC issuer (discovery at `<issuer>/.well-known/openid-configuration`). Unset: console off. */
  issuer: z.url().optional(),
  /** The console's OAuth client id at the issuer (the ID token's audience). */
  clientId: z.string().min(1).optional(),
  /** File holding the client secret (a mounted secret); never the secret itself. */
  clientSecretFile: z.string().min(1).optional(),
  /** Where the issuer sends the browser back; its origin is the console's origin. @default `${admin.publicUrl}/console/callback` */
  redirectUrl: z.url().optional(),
  /** @default [openid, profile, email] — add `groups` if the issuer puts groups behind a scope. */
  scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
  /** Groups that see and decide holds (the policy rule still names who may vote on each). */
  approverGroups: groups,
  /** Groups that see the Evidence page (report, chain status, session timelines). */
  auditorGroups: groups,
  /** Sessions kept in memory (one replica) or Redis. @default redis when a redis section is set */
  sessionStore: z.enum(['memory', 'redis']).optional(),
  /** A session unused this long ends. @default 30m */
  idleTimeout: durationMs.default(30 * 60_000),
  /** A session ends this long after sign-in, used or not. @default 8h */
  absoluteTimeout: durationMs.default(8 * 3_600_000),
  /** How often the Approvals page asks for holds. @default 3s */
  pollInterval: durationMs.default(3_000),
});

export type ConsoleConfigInput = z.input<typeof consoleConfigSchema>;

/** The compiled console config; absent from WardgateConfig when the console is off. */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  /** `https://host[:port]` of `redirectUrl`: the only Origin state-changing calls may come from. */
  origin: string;
  scopes: readonly string[];
  approverGroups: readonly string[];
  auditorGroups: readonly string[];
  sessionStore: 'memory' | 'redis';
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  pollIntervalMs: number;
}

const fail = (field: string, message: string): WardgateError =>
  new WardgateError(ErrorCode.InvalidArgument, `invalid configuration:\n  console.${field}: ${message}`, { details: { field: `console.${field}` } });

/** Stage two: undefined (console off) without an issuer; otherwise every required field or an error naming it. */
export function compileConsoleConfig(
  parsed: z.output<typeof consoleConfigSchema>,
  context: { publicUrl?: string; redisConfigured: boolean; adminEnabled: boolean },
): ConsoleConfig | undefined {
  if (parsed.issuer === undefined) return undefined;
  if (!context.adminEnabled) throw fail('issuer', 'the console calls the admin API: admin.enabled must be true');
  if (parsed.clientId === undefined) throw fail('clientId', 'required when console.issuer is set');
  if (parsed.clientSecretFile === undefined) throw fail('clientSecretFile', 'required when console.issuer is set');
  const redirectUrl = parsed.redirectUrl ?? (context.publicUrl === undefined ? undefined : `${context.publicUrl.replace(/\/+$/, '')}/console/callback`);
  if (redirectUrl === undefined) throw fail('redirectUrl', 'required when console.issuer is set and admin.publicUrl is not');
  const redirect = new URL(redirectUrl);
  // The session cookie is `__Host-` and `Secure`: browsers keep it only over HTTPS (or on loopback).
  const loopback = redirect.hostname === '127.0.0.1' || redirect.hostname === 'localhost' || redirect.hostname === '[::1]';
  if (redirect.protocol !== 'https:' && !(redirect.protocol === 'http:' && loopback)) {
    throw fail('redirectUrl', 'must be https (plain http only on loopback, for tests)');
  }
  if (!parsed.scopes.includes('openid')) throw fail('scopes', 'must include openid');
  if (parsed.absoluteTimeout < parsed.idleTimeout) throw fail('absoluteTimeout', 'must not be shorter than console.idleTimeout');
  if (parsed.idleTimeout < 1_000) throw fail('idleTimeout', 'at least 1s');
  const store = parsed.sessionStore ?? (context.redisConfigured ? 'redis' : 'memory');
  if (store === 'redis' && !context.redisConfigured) throw fail('sessionStore', 'redis needs a redis section (or WARDGATE_REDIS_URL)');
  const clientSecret = readSecretFile(parsed.clientSecretFile, 'console.clientSecretFile');
  if (clientSecret.length === 0) throw fail('clientSecretFile', 'the file is empty');
  return {
    issuer: parsed.issuer,
    clientId: parsed.clientId,
    clientSecret,
    redirectUrl,
    origin: redirect.origin,
    scopes: [...parsed.scopes],
    approverGroups: [...parsed.approverGroups],
    auditorGroups: [...parsed.auditorGroups],
    sessionStore: store,
    idleTimeoutMs: parsed.idleTimeout,
    absoluteTimeoutMs: parsed.absoluteTimeout,
    pollIntervalMs: parsed.pollInterval,
  };
}
