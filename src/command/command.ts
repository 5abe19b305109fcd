/**
 * "The exact command" an agent asks for, classified from method, path, query and body.
 * Rules match on it and the audit records it (with PHI masked).
 */
export type Command = SqlCommand | GraphqlCommand | RestCommand;

export type SqlStatementKind =
  | 'select' | 'insert' | 'update' | 'delete' | 'merge' | 'ddl' | 'grant' | 'revoke'
  | 'transaction' | 'call' | 'copy' | 'set' | 'show' | 'explain' | 'other';

export interface SqlStatement {
  kind: SqlStatementKind;
  /** Lower-cased, schema-qualified when written so (e.g. `public.patients`). */
  tables: string[];
}

export interface SqlCommand {
  type: 'sql';
  statements: SqlStatement[];
  /** The statement text as received (may contain PHI in literals; mask before recording). */
  text: string;
  /** True when the body was cut short by Envoy, so later statements are unknown. */
  partial: boolean;
}

export interface GraphqlCommand {
  type: 'graphql';
  operation: 'query' | 'mutation' | 'subscription';
  operationName?: string;
  /** Top-level selected fields (aliases resolved to field names). */
  fields: string[];
  text: string;
  partial: boolean;
}

export interface RestCommand {
  type: 'rest';
  method: string;
  path: string;
}

/** The coarse kinds a policy rule or grant scope names: `sql:select`, `graphql:mutation`, `rest:get`... */
export function commandKinds(command: Command): string[] {
  switch (command.type) {
    case 'sql':
      return [...new Set(command.statements.map((s) => `sql:${s.kind}`))];
    case 'graphql':
      return [`graphql:${command.operation}`];
    case 'rest':
      return [`rest:${command.method.toLowerCase()}`];
  }
}
