import type { SqlEffect } from './catalogue/sql-function-catalogue.js';
import type { SqlDialect } from './sql-tokenizer.js';

/**
 * "The exact command" an agent asks for, classified from method, path, query and body.
 * Rules match on it and the audit records it (with PHI masked).
 */
export type Command = SqlCommand | GraphqlCommand | RestCommand;

/** Why a request carries more than one command a backend could run (see docs/policy.md). */
export type AmbiguityReason = 'several_command_keys' | 'duplicate_key' | 'repeated_parameter' | 'body_and_query' | 'method_override';

export interface Ambiguity {
  reason: AmbiguityReason;
  /** Every candidate command, the one this command reports first. */
  candidates: Command[];
}

/** Why Wardgate cannot tell what a SQL command does (PHI-free codes). */
export type UnclassifiableReason =
  | 'sql_in_string'
  | 'unknown_function'
  | 'obfuscated_name'
  /** The body is in an encoding Wardgate cannot decode (or a corrupt or oversized stream). */
  | 'unreadable_body'
  /** A body on a SQL route in which no statement was found (another key, nesting, another format). */
  | 'statement_not_found';

export type SqlStatementKind =
  | 'select' | 'insert' | 'update' | 'delete' | 'merge' | 'ddl' | 'grant' | 'revoke'
  | 'transaction' | 'call' | 'copy' | 'set' | 'show' | 'explain' | 'other';

export interface SqlStatement {
  kind: SqlStatementKind;
  /** Lower-cased, schema-qualified when written so (e.g. `public.patients`). */
  tables: string[];
  /** Functions and procedures called, lower-cased unless quoted, qualified as written (`pg_catalog.pg_sleep`). */
  functions: string[];
  /** Side effects from the function catalogue and statement forms (`SELECT ... INTO OUTFILE`: file). */
  effects: SqlEffect[];
}

export interface SqlCommand {
  type: 'sql';
  statements: SqlStatement[];
  /** The statement text as received (may contain PHI in literals; mask before recording). */
  text: string;
  /** True when the body was cut short by Envoy, so later statements are unknown. */
  partial: boolean;
  /** The dialect(s) the text was read in: one named for the route, or every one (`any`). */
  dialect: SqlDialect | 'any';
  /** Functions called that the catalogue does not know (user-defined, or misspelt built-ins). */
  unknownFunctions: string[];
  /** Reasons other than unknown functions that make the command unclassifiable. */
  unclassifiable: UnclassifiableReason[];
  ambiguity?: Ambiguity;
}

export interface GraphqlCommand {
  type: 'graphql';
  operation: 'query' | 'mutation' | 'subscription';
  operationName?: string;
  /** Top-level selected fields (aliases resolved to field names). */
  fields: string[];
  text: string;
  partial: boolean;
  ambiguity?: Ambiguity;
}

export interface RestCommand {
  type: 'rest';
  method: string;
  path: string;
  ambiguity?: Ambiguity;
}

/** The coarse kinds a policy rule or grant scope names: `sql:select`, `graphql:mutation`, `rest:get`... */
export function commandKinds(command: Command): string[] {
  if (command.ambiguity) return [...new Set(command.ambiguity.candidates.flatMap((c) => ownKinds(c)))];
  return ownKinds(command);
}

function ownKinds(command: Command): string[] {
  switch (command.type) {
    case 'sql': {
      const kinds = new Set<string>();
      for (const s of command.statements) kinds.add(`sql:${s.kind}`);
      for (const s of command.statements) for (const effect of s.effects) kinds.add(`sql:${effect}`);
      return [...kinds];
    }
    case 'graphql':
      return [`graphql:${command.operation}`];
    case 'rest':
      return [`rest:${command.method.toLowerCase()}`];
  }
}
