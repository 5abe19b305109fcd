import type { AuthzOutcome } from '../authz/authz-outcome.js';
import { isPhiCategory } from '../masking/phi-category.js';

/**
 * The only attributes Wardgate puts on spans: each a name declared here with a value from a
 * closed set or a count, so nothing a client sent (paths, queries, SQL, header values) can
 * reach a trace backend. Rule ids and profile names come from the operator's policy.
 */
export interface SpanAttributes {
  /** allow | deny | hold | dry_run (ext_authz); masked | passed | blocked (ext_proc). */
  'wardgate.decision'?: string;
  /** What was enforced: allow | deny | hold. */
  'wardgate.enforced'?: string;
  /** The policy rule that decided (an id the operator wrote). */
  'wardgate.rule_id'?: string;
  /** The masking profile in force (a profile name from the configuration). */
  'wardgate.masking.profile'?: string;
  /** Values masked in the exchange. */
  'wardgate.masking.total'?: number;
  /** How many distinct Safe Harbor categories were masked. */
  'wardgate.masking.categories'?: number;
  /** Why ext_proc refused the exchange (a closed set of reasons, e.g. `body_too_large`). */
  'wardgate.extproc.blocked'?: string;
  /** HTTP status Wardgate answered with (deny) or saw from the upstream (ext_proc). */
  'http.response.status_code'?: number;
  /** Redis grant lookups: the store operation (`use_matching`, `issue`…). */
  'wardgate.grants.operation'?: string;
  /** Audit append: the sink (`wal`, `kafka`, `file`) and the event kind (`access.decision`…). */
  'wardgate.audit.sink'?: string;
  'wardgate.audit.kind'?: string;
  /** JWKS fetch: the issuer's index in `identity.issuers` (never its URL's query or a token). */
  'wardgate.jwks.issuer'?: number;
  /** ok | failed, for child spans of dependencies. */
  'wardgate.outcome'?: string;
}

/** `wardgate.masking.category.<category>` counts, for Safe Harbor categories only. */
export type CategoryCountAttributes = Record<`wardgate.masking.category.${string}`, number>;

/**
 * Per-category counts as attributes; a key that is not a Safe Harbor category name is dropped
 * (a summary's keys come from the engine, but this is the one gate before a trace backend).
 */
export function categoryCountAttributes(categories: Readonly<Record<string, number>>): CategoryCountAttributes {
  const out: CategoryCountAttributes = {};
  for (const [category, count] of Object.entries(categories)) {
    if (isPhiCategory(category) && Number.isFinite(count)) out[`wardgate.masking.category.${category}`] = count;
  }
  return out;
}

/** The Check span's attributes: what was decided and by which rule (from Wardgate's outcome, never the request). */
export function checkSpanAttributes(outcome: AuthzOutcome): SpanAttributes {
  const attributes: SpanAttributes = { 'wardgate.enforced': outcome.kind };
  const metadata = outcome.metadata;
  if (metadata) {
    attributes['wardgate.decision'] = metadata.action;
    attributes['wardgate.rule_id'] = metadata.ruleId;
    attributes['wardgate.masking.profile'] = metadata.maskingProfile;
  }
  if (outcome.kind === 'deny') {
    attributes['http.response.status_code'] = outcome.status;
    // A hold answered at once is a deny whose policy action is hold.
    if (metadata?.action === 'hold' && outcome.status === 403 && outcome.body.status === 'held') attributes['wardgate.enforced'] = 'hold';
  }
  return attributes;
}
