import { describe, expect, it } from 'vitest';
import { analyzeSql } from './sql-classifier.js';

type Expected = Array<[kind: string, tables: string[]]>;

const cases: Array<{ name: string; sql: string; expected: Expected; dialect?: 'postgres' | 'mysql' | 'tsql' | 'sqlite' }> = [
  { name: 'simple select', sql: 'SELECT * FROM patients', expected: [['select', ['patients']]] },
  { name: 'mixed case, schema, alias, join', sql: 'sElEcT p.id FrOm Public.Patients p LEFT JOIN labs.results r ON r.pid = p.id', expected: [['select', ['public.patients', 'labs.results']]] },
  { name: 'comma-separated FROM list with aliases', sql: 'SELECT 1 FROM a AS x, b y, c WHERE x.id = y.id', expected: [['select', ['a', 'b', 'c']]] },
  { name: 'quoted identifiers keep case', sql: 'SELECT * FROM "Clinic"."Patients"', expected: [['select', ['Clinic.Patients']]] },
  { name: 'backticks (mysql)', sql: 'SELECT * FROM `db`.`visits`', expected: [['select', ['db.visits']]] },
  { name: 'brackets (tsql)', sql: 'SELECT * FROM [dbo].[Patients]', expected: [['select', ['dbo.Patients']]] },
  { name: 'line comment hides nothing real', sql: 'SELECT 1 -- ; DROP TABLE x\nFROM t', expected: [['select', ['t']]] },
  { name: 'keyword inside block comment', sql: '/* DELETE FROM patients; */ SELECT name FROM staff', expected: [['select', ['staff']]] },
  { name: 'nested block comments (postgres)', sql: '/* a /* b */ ; DROP TABLE x; */ SELECT 1', expected: [['select', []], ['ddl', ['x']], ['other', []]] },
  { name: 'semicolon and keywords inside a string', sql: "SELECT 'a; DROP TABLE x; --' FROM t", expected: [['select', ['t']]] },
  { name: "doubled quote escape", sql: "SELECT 'it''s; DELETE FROM x' FROM t", expected: [['select', ['t']]] },
  { name: 'E-string with backslash escape', sql: "SELECT E'\\'; DELETE FROM x; ' FROM t", expected: [['select', ['t']]], dialect: 'postgres' },
  { name: 'dollar-quoted string', sql: 'SELECT $$; DROP TABLE x;$$, $tag$ $$ ; DELETE FROM y $tag$ FROM t', expected: [['select', ['t']]], dialect: 'postgres' },
  { name: 'positional parameters are not dollar quotes', sql: 'SELECT * FROM t WHERE a = $1; DELETE FROM u WHERE b = $2', expected: [['select', ['t']], ['delete', ['u']]] },
  { name: 'quoted identifier containing keywords', sql: 'SELECT "DROP TABLE x; --" FROM t', expected: [['select', ['t']]] },
  { name: 'multi-statement', sql: 'SELECT 1; DROP TABLE x', expected: [['select', []], ['ddl', ['x']]] },
  { name: 'empty statements ignored', sql: ';;SELECT 1;;', expected: [['select', []]] },
  { name: 'insert select', sql: 'INSERT INTO audit.copy (a, b) SELECT a, b FROM patients', expected: [['insert', ['audit.copy', 'patients']]] },
  { name: 'update with from', sql: 'UPDATE ONLY patients SET name = x.n FROM staging x WHERE x.id = patients.id', expected: [['update', ['patients', 'staging']]] },
  { name: 'delete using', sql: 'DELETE FROM orders o USING patients p WHERE o.pid = p.id', expected: [['delete', ['orders', 'patients']]] },
  { name: 'merge', sql: 'MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v', expected: [['merge', ['target', 'source']]] },
  { name: 'truncate list', sql: 'TRUNCATE TABLE a, b.c RESTART IDENTITY', expected: [['ddl', ['a', 'b.c']]] },
  { name: 'drop table if exists list', sql: 'DROP TABLE IF EXISTS a, b CASCADE', expected: [['ddl', ['a', 'b']]] },
  { name: 'create table with references', sql: 'CREATE TABLE IF NOT EXISTS notes (id int, pid int REFERENCES patients(id))', expected: [['ddl', ['notes', 'patients']]] },
  { name: 'alter table', sql: 'ALTER TABLE public.patients ADD COLUMN ssn text', expected: [['ddl', ['public.patients']]] },
  { name: 'create index on', sql: 'CREATE INDEX CONCURRENTLY idx ON patients USING btree (name)', expected: [['ddl', ['patients']]] },
  { name: 'comment on table', sql: "COMMENT ON TABLE patients IS 'x'", expected: [['ddl', ['patients']]] },
  { name: 'grant on table', sql: 'GRANT SELECT, UPDATE ON TABLE patients, visits TO analyst', expected: [['grant', ['patients', 'visits']]] },
  { name: 'revoke', sql: 'REVOKE ALL ON patients FROM public', expected: [['revoke', ['patients']]] },
  { name: 'grant role', sql: 'GRANT admin TO bob', expected: [['grant', []]] },
  { name: 'transactions', sql: 'BEGIN; COMMIT; START TRANSACTION; ROLLBACK; SAVEPOINT s', expected: [['transaction', []]] },
  { name: 'set and show', sql: "SET search_path = public; SHOW ALL", expected: [['set', []], ['show', []]] },
  { name: 'call and do', sql: "CALL purge(1); DO $$ BEGIN DELETE FROM x; END $$", expected: [['call', []]], dialect: 'postgres' },
  { name: 'copy', sql: "COPY patients TO STDOUT WITH CSV", expected: [['copy', ['patients']]] },
  { name: 'copy query', sql: "COPY (SELECT * FROM patients) TO STDOUT", expected: [['copy', ['patients']]] },
  { name: 'explain reports the explained kind', sql: 'EXPLAIN ANALYZE DELETE FROM patients', expected: [['explain', ['patients']], ['delete', ['patients']]] },
  { name: 'explain with options', sql: 'EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM labs', expected: [['explain', ['labs']], ['select', ['labs']]] },
  { name: 'CTE main statement kind, CTE names are not tables', sql: 'WITH recent AS (SELECT * FROM visits) SELECT * FROM recent JOIN patients ON true', expected: [['select', ['visits', 'patients']]] },
  { name: 'recursive CTE with column list', sql: 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) SELECT n FROM t', expected: [['select', []]] },
  { name: 'data-modifying CTE', sql: 'WITH d AS (DELETE FROM patients WHERE id = 1 RETURNING *) SELECT * FROM d', expected: [['select', ['patients']], ['delete', ['patients']]] },
  { name: 'CTE whose main statement is an update', sql: 'WITH x AS MATERIALIZED (SELECT id FROM staging) UPDATE patients SET a = 1 FROM x', expected: [['update', ['staging', 'patients']]] },
  { name: 'function FROM is not a table', sql: "SELECT EXTRACT(YEAR FROM dob), substring(name FROM 1 FOR 2) FROM patients", expected: [['select', ['patients']]] },
  { name: 'table functions are not tables', sql: 'SELECT * FROM generate_series(1, 10) g, pg_read_file(\'x\')', expected: [['select', []]] },
  { name: 'subquery in FROM and WHERE', sql: 'SELECT * FROM (SELECT * FROM a) s WHERE id IN (SELECT id FROM b)', expected: [['select', ['a', 'b']]] },
  { name: 'for update is no table', sql: 'SELECT * FROM a FOR UPDATE OF a SKIP LOCKED', expected: [['select', ['a']]] },
  { name: 'on conflict do update', sql: 'INSERT INTO a (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 2', expected: [['insert', ['a']]] },
  { name: 'is distinct from', sql: 'SELECT * FROM a WHERE x IS DISTINCT FROM y', expected: [['select', ['a']]] },
  { name: 'parenthesized select', sql: '(SELECT 1 FROM a) UNION (SELECT 2 FROM b)', expected: [['select', ['a', 'b']]] },
  { name: 'TABLE statement', sql: 'TABLE patients', expected: [['select', ['patients']]] },
  { name: 'unknown statement', sql: 'VACUUM FULL patients', expected: [['other', []]] },
  { name: 'mysql backslash quote hides nothing from us', sql: "SELECT '\\''; DROP TABLE t; -- '", expected: [['select', []], ['ddl', ['t']]] },
  { name: 'mysql hash comment', sql: 'SELECT 1 # ; DROP TABLE t\n', expected: [['select', []], ['ddl', ['t']]] },
  { name: 'mysql executable comment', sql: 'SELECT 1 /*!50000 ; DROP TABLE t */', expected: [['select', []], ['ddl', ['t']]] },
  { name: 'mysql double-quoted string', sql: 'SELECT "a; DELETE FROM x" FROM t', expected: [['select', ['t']]] },
  { name: 'mysql: -- without space is not a comment', sql: 'SELECT 1--1; DROP TABLE t', expected: [['select', []], ['ddl', ['t']]] },
  { name: 'tsql bracket containing a quote', sql: "SELECT [a'b] FROM t; DELETE FROM u -- '", expected: [['select', ['t']], ['delete', ['u']]] },
  { name: 'replace into (mysql)', sql: 'REPLACE INTO t VALUES (1)', expected: [['insert', ['t']]] },
  { name: 'unterminated string swallows the rest', sql: "SELECT 'abc; DROP TABLE t", expected: [['select', []]] },
];

describe('analyzeSql', () => {
  it.each(cases)('$name', ({ sql, expected, dialect }) => {
    const analysis = analyzeSql(sql, dialect ? { dialect } : {});
    const actual = analysis.statements.map((s) => [s.kind, s.tables]);
    for (const statement of expected) expect(actual).toContainEqual(statement);
    // No stray kinds.
    expect(new Set(actual.map(([kind]) => kind))).toEqual(new Set(expected.map(([kind]) => kind)));
  });

  it('bounds the work: statement count and size', () => {
    const many = 'SELECT 1;'.repeat(5000);
    const analysis = analyzeSql(many, { maxStatements: 100 });
    expect(analysis.truncated).toBe(true);
    expect(analysis.statements).toEqual([{ kind: 'select', tables: [], functions: [], effects: [] }]);
    const big = `SELECT 1; ${'x'.repeat(2000)}; DROP TABLE t`;
    const cut = analyzeSql(big, { maxChars: 100 });
    expect(cut.truncated).toBe(true);
    expect(cut.statements.map((s) => s.kind)).not.toContain('ddl');
  });

  it('is fast on a large statement', () => {
    const sql = `SELECT ${Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(', ')} FROM t WHERE x = 'a''b' -- c\n`;
    const started = performance.now();
    expect(analyzeSql(sql).statements).toEqual([{ kind: 'select', tables: ['t'], functions: [], effects: [] }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stays linear in the number of tables named', () => {
    const names = Array.from({ length: 50_000 }, (_, i) => `t${i}`);
    expect(analyzeSql(`SELECT * FROM ${names.join(', ')}`).statements).toEqual([{ kind: 'select', tables: names, functions: [], effects: [] }]);
  });

  it('lists the tables of the first 64 nested data-modifying groups; deeper ones report their kind, and every table still counts', () => {
    let text = 'WITH x AS ';
    for (let i = 0; i < 1000; i++) text += `(insert into a${i} select * from b${i} `;
    text += `(delete from last)${')'.repeat(1000)} select 1`;
    const { statements } = analyzeSql(text);
    const main = statements[0]!;
    expect(main.kind).toBe('select');
    // `from bN (` reads as a table function, so the groups name aN only.
    expect(main.tables).toEqual([...Array.from({ length: 1000 }, (_, i) => `a${i}`), 'last']);
    expect(new Set(statements.map((s) => s.kind))).toEqual(new Set(['select', 'insert', 'delete']));
    const listed = statements.filter((s) => s.kind === 'insert' && s.tables.length > 0);
    expect(listed).toHaveLength(64);
    // The innermost tracked group lists its own tables and everything nested inside it.
    expect(listed[0]!.tables).toEqual(main.tables.slice(63));
  });

  it('by default reads every dialect: what Postgres quotes, T-SQL runs', () => {
    const kinds = (sql: string) => new Set(analyzeSql(sql).statements.map((s) => s.kind));
    expect(kinds("SELECT E'\\'; DELETE FROM x; ' FROM t")).toContain('delete');
    expect(kinds('SELECT $$; DROP TABLE x;$$ FROM t')).toContain('ddl');
    expect(kinds('DO $$ BEGIN DELETE FROM x; END $$')).toContain('delete');
  });

  it('flags dialect ambiguity', () => {
    expect(analyzeSql("SELECT '\\''; DROP TABLE t; -- '").ambiguous).toBe(true);
    expect(analyzeSql('SELECT 1 FROM t').ambiguous).toBe(false);
  });
});
