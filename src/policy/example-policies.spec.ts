import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPolicyCommand } from '../cli/policy-command.js';
import { compilePolicyText } from './load-policy.js';
import { buildPolicyInput, type PolicyTestRequest } from './policy-test-request.js';

const examplesDir = fileURLToPath(new URL('../../examples/policies/', import.meta.url));
const knownMaskingProfiles = ['strict', 'research', 'joinable', 'none'];

async function exampleFiles(): Promise<string[]> {
  return (await readdir(examplesDir)).filter((name) => name.endsWith('.yaml') || name.endsWith('.yml')).sort();
}

describe('examples/policies', () => {
  it('has the FHIR and SQL examples', async () => {
    expect(await exampleFiles()).toEqual(expect.arrayContaining(['fhir-api.yaml', 'sql-api.yaml']));
  });

  it('every example passes `policy check`', async () => {
    for (const name of await exampleFiles()) {
      const chunks: string[] = [];
      const sink = { write: (chunk: string) => chunks.push(chunk) } as unknown as NodeJS.WritableStream;
      const code = await runPolicyCommand(['check', join(examplesDir, name), '--masking-profiles', knownMaskingProfiles.join(',')], { stdout: sink, stderr: sink });
      expect(code, `${name}:\n${chunks.join('')}`).toBe(0);
    }
  });

  const agent = 'spiffe://cluster.local/ns/agents/sa/coder';
  const clinician = { sub: 'dr-a', groups: ['clinicians'] };
  const fhir = (r: Partial<PolicyTestRequest>): PolicyTestRequest => ({ method: 'GET', authority: 'fhir.clinical.svc.cluster.local', path: '/', agent, user: clinician, time: '2026-03-04T15:00:00Z', ...r });
  const sql = (text: string, user = { sub: 'ann', groups: ['analysts'] }): PolicyTestRequest => ({ method: 'POST', authority: 'warehouse.data.svc.cluster.local', path: '/sql', body: { sql: text }, agent, user });

  const cases: Array<{ file: string; name: string; request: PolicyTestRequest; action: string; ruleId: string; dryRun?: boolean; denyCode?: string }> = [
    { file: 'fhir-api.yaml', name: 'clinician read', request: fhir({ path: '/Patient/123' }), action: 'allow', ruleId: 'fhir-read-clinical' },
    { file: 'fhir-api.yaml', name: 'no token', request: fhir({ path: '/Patient/123', user: undefined }), action: 'deny', ruleId: 'fhir-unauthenticated' },
    { file: 'fhir-api.yaml', name: 'foreign agent', request: fhir({ path: '/Patient/123', agent: 'spiffe://cluster.local/ns/dev/sa/x' }), action: 'deny', ruleId: 'fhir-agents-only' },
    { file: 'fhir-api.yaml', name: 'patient write held', request: fhir({ method: 'PUT', path: '/Patient/123', body: { resourceType: 'Patient' } }), action: 'hold', ruleId: 'fhir-patient-writes' },
    { file: 'fhir-api.yaml', name: 'bulk export needs a grant', request: fhir({ path: '/Patient/$export' }), action: 'require_grant', ruleId: 'fhir-bulk-export' },
    { file: 'fhir-api.yaml', name: 'delete denied', request: fhir({ method: 'DELETE', path: '/Observation/1' }), action: 'deny', ruleId: 'fhir-deletes' },
    { file: 'sql-api.yaml', name: 'non-PHI select', request: sql('SELECT code, label FROM ref.codes JOIN lab_codes USING (code)'), action: 'allow', ruleId: 'sql-warehouse-udfs' },
    { file: 'sql-api.yaml', name: 'select on patients', request: sql('SELECT * FROM public.patients'), action: 'require_grant', ruleId: 'sql-phi-tables' },
    { file: 'sql-api.yaml', name: 'select mixing PHI and non-PHI', request: sql('SELECT * FROM ref.codes JOIN patients ON true'), action: 'require_grant', ruleId: 'sql-phi-tables' },
    { file: 'sql-api.yaml', name: 'delete denied', request: sql('DELETE FROM ref.codes'), action: 'deny', ruleId: 'sql-destructive' },
    { file: 'sql-api.yaml', name: 'drop hidden after a select', request: sql('SELECT 1 FROM ref.codes; DROP TABLE patients'), action: 'deny', ruleId: 'sql-destructive' },
    { file: 'sql-api.yaml', name: 'grant denied', request: sql('GRANT SELECT ON patients TO public'), action: 'deny', ruleId: 'sql-destructive' },
    { file: 'sql-api.yaml', name: 'update held', request: sql('UPDATE stats.daily SET n = 0'), action: 'hold', ruleId: 'sql-updates' },
    { file: 'sql-api.yaml', name: 'unknown table', request: sql('SELECT * FROM billing'), action: 'deny', ruleId: 'default' },
    { file: 'sql-api.yaml', name: 'pg_sleep inside a select', request: sql('SELECT code FROM ref.codes WHERE pg_sleep(5) IS NULL'), action: 'deny', ruleId: 'sql-side-effects' },
    { file: 'sql-api.yaml', name: 'SQL in a string reaching PHI', request: sql("SELECT query_to_xml('SELECT * FROM patients', true, true, '')"), action: 'deny', ruleId: 'sql-side-effects' },
    { file: 'sql-api.yaml', name: 'warehouse UDF allowed', request: sql('SELECT wh_report_total(n), count(*) FROM stats.daily'), action: 'allow', ruleId: 'sql-warehouse-udfs' },
    { file: 'sql-api.yaml', name: 'unknown function is unclassifiable', request: sql('SELECT exfil(n) FROM stats.daily'), action: 'deny', ruleId: 'sql-select-non-phi' },
    { file: 'sql-api.yaml', name: 'SELECT INTO is a write', request: sql('SELECT * INTO stats.copy FROM ref.codes'), action: 'deny', ruleId: 'sql-destructive' },
    { file: 'sql-api.yaml', name: 'two commands in one body', request: { ...sql(''), body: '{"sql": "SELECT 1 FROM ref.codes", "sql": "DELETE FROM ref.codes"}', contentType: 'application/json' }, action: 'deny', ruleId: 'sql-warehouse-udfs', denyCode: 'ambiguous_command' },
    { file: 'default.yaml', name: 'demo: file read inside a GET', request: { method: 'GET', authority: 'db', path: '/sql', query: 'sql=SELECT%20pg_read_file(%27x%27)' }, action: 'deny', ruleId: 'sql-side-effects' },
  ];

  it.each(cases)('$file: $name', async ({ file, request, action, ruleId, denyCode }) => {
    const policy = compilePolicyText(await readFile(join(examplesDir, file), 'utf8'), { knownMaskingProfiles });
    const { input } = buildPolicyInput(request, { sqlPaths: ['/sql', '/query'] });
    expect(policy.evaluate(input)).toMatchObject({ action, ruleId, dryRun: false, ...(denyCode ? { denyCode } : {}) });
  });

  it('fhir-api.yaml: the dry-run export rule is recorded as a shadow outside office hours', async () => {
    const policy = compilePolicyText(await readFile(join(examplesDir, 'fhir-api.yaml'), 'utf8'));
    const { input } = buildPolicyInput(fhir({ path: '/Patient/$export', time: '2026-03-07T15:00:00Z' }));
    const verdict = policy.evaluate(input);
    expect(verdict).toMatchObject({ action: 'require_grant', ruleId: 'fhir-bulk-export', shadow: { ruleId: 'fhir-export-shadow', action: 'deny' } });
  });
});
