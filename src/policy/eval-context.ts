import { canonicalHost, canonicalPath } from '../http/request-path.js';
import type { PolicyInput } from './policy-types.js';

/** What the matchers read, derived once per evaluation from `PolicyInput`. */
export interface EvalContext {
  /** Authority without port or root dot, lower-cased: see `canonicalHost`. */
  host: string;
  /** Upper-cased; for a REST candidate of an ambiguous request, the method that candidate names. */
  method: string;
  /** Normalised: see `canonicalPath`. */
  path: string;
  kinds: readonly string[];
  /** The command was cut short (Envoy partial body or limits): more statements/fields may exist. */
  partial: boolean;
  /** SQL tables touched, lower-cased, schema-qualified as written. */
  tables: readonly string[];
  /** SQL functions and procedures called, lower-cased unless quoted, qualified as written. */
  functions: readonly string[];
  /** Functions the catalogue does not know. */
  unknownFunctions: readonly string[];
  /** Why the SQL cannot be classified, besides unknown functions (PHI-free codes). */
  unclassifiable: readonly string[];
  /** GraphQL top-level fields. */
  fields: readonly string[];
  principal: string | undefined;
  subject: string | undefined;
  groups: readonly string[];
  authenticated: boolean;
  now: number;
}

const none: readonly string[] = Object.freeze([]);

export function createEvalContext(input: PolicyInput): EvalContext {
  const { request, command, identity } = input;
  let tables = none;
  let fields = none;
  let functions = none;
  let unknownFunctions = none;
  let unclassifiable = none;
  let partial = false;
  if (command.type === 'sql') {
    partial = command.partial;
    const collected = new Set<string>();
    const called = new Set<string>();
    for (const statement of command.statements) {
      for (const table of statement.tables) collected.add(table.toLowerCase());
      for (const name of statement.functions) called.add(name.toLowerCase());
    }
    tables = [...collected];
    functions = called.size === 0 ? none : [...called];
    unknownFunctions = command.unknownFunctions;
    unclassifiable = command.unclassifiable;
  } else if (command.type === 'graphql') {
    partial = command.partial;
    fields = command.fields;
  }
  const user = identity.user;
  return {
    host: canonicalHost(request.http.authority),
    // A method override is a REST candidate with its own method (see `methodOverrides`).
    method: command.type === 'rest' ? command.method : request.http.method.toUpperCase(),
    path: canonicalPath(request.http.path),
    kinds: input.commandKinds,
    partial,
    tables,
    functions,
    unknownFunctions,
    unclassifiable,
    fields,
    principal: identity.agent?.principal,
    subject: user?.subject,
    groups: user?.groups ?? none,
    authenticated: user !== undefined,
    now: input.now,
  };
}
