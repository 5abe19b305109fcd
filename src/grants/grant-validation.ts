import { randomBytes } from 'node:crypto';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { NewGrant } from './grant.js';
import { globProblem } from './grant-matcher.js';

/** The ceiling for any grant's life unless configured otherwise (`grants.maxTtl`). */
export const DEFAULT_GRANT_MAX_TTL_MS = 8 * 3_600_000;

const MAX_SUBJECT_LENGTH = 1024;
const MAX_REASON_LENGTH = 2048;
const MAX_SCOPE_ENTRIES = 64;
/** Envoy's default max request headers size bounds a path; an exact entry may be that long. */
const MAX_EXACT_LENGTH = 8192;

function invalid(message: string, field: string): WardgateError {
  return new WardgateError(ErrorCode.InvalidArgument, message, { details: { field } });
}

/**
 * Checks a grant request before any store sees it; both stores call this so that they refuse
 * exactly the same things. Throws WardgateError(InvalidArgument).
 */
export function validateNewGrant(grant: NewGrant, maxTtlMs: number): void {
  const { user, agent } = grant.subject;
  if (!user && !agent) throw invalid('grant subject needs a user or an agent', 'subject');
  for (const [field, value] of [['subject.user', user], ['subject.agent', agent]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > MAX_SUBJECT_LENGTH)) {
      throw invalid(`${field} must be a non-empty string of at most ${MAX_SUBJECT_LENGTH} characters`, field);
    }
  }
  if (!Number.isInteger(grant.ttlMs) || grant.ttlMs <= 0) throw invalid('grant ttl must be a positive whole number of milliseconds', 'ttlMs');
  if (grant.ttlMs > maxTtlMs) throw invalid(`grant ttl ${grant.ttlMs}ms exceeds the maximum of ${maxTtlMs}ms`, 'ttlMs');
  if (grant.maxUses !== undefined && (!Number.isInteger(grant.maxUses) || grant.maxUses < 1)) {
    throw invalid('maxUses must be a whole number of at least 1', 'maxUses');
  }
  if (typeof grant.reason !== 'string' || grant.reason.trim().length === 0 || grant.reason.length > MAX_REASON_LENGTH) {
    throw invalid(`grant reason must be non-empty and at most ${MAX_REASON_LENGTH} characters`, 'reason');
  }
  if (!Array.isArray(grant.approvedBy) || grant.approvedBy.length === 0 || grant.approvedBy.some((a) => typeof a !== 'string' || a.length === 0)) {
    throw invalid('grant approvedBy must name at least one approver', 'approvedBy');
  }
  if (grant.fingerprint !== undefined && (typeof grant.fingerprint !== 'string' || grant.fingerprint.length === 0)) {
    throw invalid('fingerprint must be a non-empty string', 'fingerprint');
  }
  const scope = grant.scope as Partial<NewGrant['scope']> | undefined;
  for (const key of ['destinations', 'methods', 'paths', 'commandKinds'] as const) {
    const list = scope?.[key];
    if (!Array.isArray(list) || list.length > MAX_SCOPE_ENTRIES || list.some((v) => typeof v !== 'string' || v.length === 0)) {
      throw invalid(`scope.${key} must be a list of at most ${MAX_SCOPE_ENTRIES} non-empty strings`, `scope.${key}`);
    }
  }
  if (grant.scope.match !== undefined && grant.scope.match !== 'glob' && grant.scope.match !== 'exact') {
    throw invalid('scope.match must be glob or exact', 'scope.match');
  }
  if (grant.scope.match === 'exact') return validateExactScope(grant.scope);
  if (grant.scope.commandHash !== undefined) throw invalid('scope.commandHash needs scope.match exact', 'scope.commandHash');
  for (const [key, globs] of [['destinations', grant.scope.destinations], ['paths', grant.scope.paths]] as const) {
    for (const glob of globs) {
      const problem = globProblem(glob);
      if (problem) throw invalid(`scope.${key}: ${problem}`, `scope.${key}`);
    }
  }
  for (const path of grant.scope.paths) {
    if (!path.startsWith('/') && !path.startsWith('*')) throw invalid('scope.paths entries must start with / or *', 'scope.paths');
  }
}

/** An exact scope names one request: one destination, method and path, compared literally. */
function validateExactScope(scope: NewGrant['scope']): void {
  for (const key of ['destinations', 'methods', 'paths'] as const) {
    const [value, ...more] = scope[key];
    if (value === undefined || more.length > 0) throw invalid(`an exact scope names exactly one entry in scope.${key}`, `scope.${key}`);
    if (value.length > MAX_EXACT_LENGTH || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
      throw invalid(`scope.${key} must be at most ${MAX_EXACT_LENGTH} characters without control characters`, `scope.${key}`);
    }
  }
  if (!scope.paths[0]!.startsWith('/')) throw invalid('an exact scope path starts with /', 'scope.paths');
  if (scope.commandHash !== undefined && (typeof scope.commandHash !== 'string' || scope.commandHash.length === 0 || scope.commandHash.length > 256)) {
    throw invalid('scope.commandHash must be a non-empty string of at most 256 characters', 'scope.commandHash');
  }
}

/**
 * 128 random bits, URL-safe: grant and approval ids cannot be guessed. Never starting with
 * "-" or "_", because an id is typed on command lines (`wardgate approvals approve ID`), where a
 * leading "-" reads as an option.
 */
export function randomId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}
