import type { PolicyInput } from './policy-types.js';

/** What the matchers read, derived once per evaluation from `PolicyInput`. */
export interface EvalContext {
  /** Authority without port, lower-cased. */
  host: string;
  /** Upper-cased. */
  method: string;
  /** Normalised: see `normalizePath`. */
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
    host: stripPort(request.http.authority.toLowerCase()),
    method: request.http.method.toUpperCase(),
    path: normalizePath(request.http.path),
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

export function stripPort(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end === -1 ? authority : authority.slice(0, end + 1);
  }
  const colon = authority.lastIndexOf(':');
  return colon !== -1 && /^\d*$/.test(authority.slice(colon + 1)) ? authority.slice(0, colon) : authority;
}

/**
 * Makes path rules hard to side-step: decodes percent-escapes once (except `%2F` and `%5C`,
 * which would change the segment structure), merges repeated slashes and resolves `.`/`..`.
 */
export function normalizePath(raw: string): string {
  let path = raw;
  if (path.includes('%')) {
    path = path.replace(/%([0-9A-Fa-f]{2})/g, (escape: string, hex: string) => {
      const code = Number.parseInt(hex, 16);
      if (code === 0x2f || code === 0x5c || code < 0x20 || code >= 0x7f) return escape.toUpperCase();
      return String.fromCharCode(code);
    });
  }
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.includes('//') && !path.includes('/.')) return path;
  const out: string[] = [];
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i += 1) {
    const segment = segments[i]!;
    if (segment === '' && i < segments.length - 1) continue;
    if (segment === '.') continue;
    if (segment === '..') {
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}
