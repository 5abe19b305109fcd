import type { SqlDialect } from '../sql-tokenizer.js';
import { SQL_CATALOGUE_DATA } from './sql-catalogue-data.js';

/** Side effects a function (or statement form) can have that a read-only rule must not cover. */
export const sqlEffects = ['remote', 'file', 'admin', 'sequence', 'sleep', 'shell', 'dynamic'] as const;
export type SqlEffect = (typeof sqlEffects)[number];

export interface FunctionInfo {
  /** A built-in of the dialect(s) known to be free of side effects. */
  known: boolean;
  effects: readonly SqlEffect[];
  /** An argument holds SQL (or a table name) that Wardgate cannot read. */
  sqlInString: boolean;
}

export interface SqlFunctionCatalogue {
  /** `name` is one unqualified name; case-insensitive for effects, exact lower case for `known`. */
  lookup(name: string): FunctionInfo;
  /** Schema qualifiers under which the dialect's built-ins live (`pg_catalog`, `sys`). */
  readonly systemSchemas: ReadonlySet<string>;
}

const systemSchemasOf: Readonly<Record<SqlDialect, readonly string[]>> = {
  postgres: ['pg_catalog'],
  mysql: [],
  tsql: ['sys'],
  sqlite: [],
};

const unknown: FunctionInfo = Object.freeze({ known: false, effects: Object.freeze([]), sqlInString: false });

function words(list: string): string[] {
  return list.length === 0 ? [] : list.split(' ');
}

function build(dialects: readonly SqlDialect[]): SqlFunctionCatalogue {
  const known = new Set<string>();
  const effects = new Map<string, Set<SqlEffect>>();
  const sqlInString = new Set<string>();
  for (const dialect of dialects) {
    const data = SQL_CATALOGUE_DATA[dialect];
    for (const name of words(data.known)) known.add(name);
    for (const effect of sqlEffects) {
      for (const name of words(data[effect])) {
        let set = effects.get(name);
        if (!set) effects.set(name, (set = new Set()));
        set.add(effect);
      }
    }
    for (const name of words(data.sqlInString)) sqlInString.add(name);
  }
  const infos = new Map<string, FunctionInfo>();
  for (const [name, set] of effects) infos.set(name, Object.freeze({ known: false, effects: Object.freeze([...set]), sqlInString: sqlInString.has(name) }));
  for (const name of known) if (!infos.has(name)) infos.set(name, Object.freeze({ known: true, effects: unknown.effects, sqlInString: false }));
  const systemSchemas = new Set(dialects.flatMap((d) => systemSchemasOf[d]));
  return {
    systemSchemas,
    lookup(name) {
      const exact = infos.get(name);
      if (exact) return exact;
      const lower = name.toLowerCase();
      if (lower === name) return unknown;
      // `"PG_SLEEP"` is not pg_sleep in Postgres but is in the others: effects count, `known` does not.
      const folded = infos.get(lower);
      return folded && folded.effects.length > 0 ? folded : unknown;
    },
  };
}

const cache = new Map<string, SqlFunctionCatalogue>();

/** The catalogue of one dialect, or of several (their union: any effect counts, known in any). */
export function sqlFunctionCatalogue(dialects: readonly SqlDialect[]): SqlFunctionCatalogue {
  const key = dialects.length === 1 ? dialects[0]! : [...dialects].sort().join(',');
  let catalogue = cache.get(key);
  if (!catalogue) cache.set(key, (catalogue = build(dialects)));
  return catalogue;
}
