import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the generator is a plain .mjs script without type declarations.
import { buildCatalogueSource, outputPath } from '../../../scripts/catalogue/build-sql-catalogue.mjs';
import { sqlFunctionCatalogue, type SqlEffect } from './sql-function-catalogue.js';
import type { SqlDialect } from '../sql-tokenizer.js';

describe('the SQL function catalogue', () => {
  it('is the generator output of its sources (regenerate with node scripts/catalogue/build-sql-catalogue.mjs)', () => {
    expect(readFileSync(outputPath as string, 'utf8')).toBe((buildCatalogueSource as () => string)());
  });

  // The functions issue 13 names, per dialect.
  it.each([
    ['postgres', 'remote', ['dblink', 'dblink_exec']],
    ['tsql', 'remote', ['openrowset', 'openquery', 'opendatasource']],
    ['postgres', 'file', ['pg_read_file', 'pg_read_binary_file', 'lo_import', 'lo_export']],
    ['mysql', 'file', ['load_file']],
    ['postgres', 'admin', ['set_config', 'pg_terminate_backend', 'pg_cancel_backend', 'pg_reload_conf']],
    ['postgres', 'sequence', ['setval', 'nextval']],
    ['postgres', 'sleep', ['pg_sleep']],
    ['mysql', 'sleep', ['benchmark', 'sleep']],
    ['tsql', 'shell', ['xp_cmdshell']],
    ['mysql', 'shell', ['sys_exec', 'sys_eval']],
    ['postgres', 'dynamic', ['query_to_xml']],
    ['tsql', 'dynamic', ['sp_executesql']],
    ['sqlite', 'shell', ['load_extension']],
    ['sqlite', 'file', ['readfile', 'writefile']],
  ] as Array<[SqlDialect, SqlEffect, string[]]>)('%s %s: %j', (dialect, effect, names) => {
    for (const catalogue of [sqlFunctionCatalogue([dialect]), sqlFunctionCatalogue(['postgres', 'mysql', 'tsql', 'sqlite'])]) {
      for (const name of names) {
        const info = catalogue.lookup(name);
        expect(info.effects).toContain(effect);
        expect(info.known).toBe(false);
        expect(catalogue.lookup(name.toUpperCase()).effects).toContain(effect);
      }
    }
  });

  it('knows ordinary built-ins, case-folded only when unquoted', () => {
    const pg = sqlFunctionCatalogue(['postgres']);
    expect(pg.lookup('count')).toMatchObject({ known: true, effects: [] });
    expect(pg.lookup('COUNT').known).toBe(false);
    expect(pg.lookup('my_udf').known).toBe(false);
    expect(sqlFunctionCatalogue(['tsql']).lookup('pg_sleep').effects).toEqual([]);
  });
});
