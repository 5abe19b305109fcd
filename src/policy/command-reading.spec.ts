import { describe, expect, it } from 'vitest';
import { compilePolicyText } from './load-policy.js';
import { buildPolicyInput } from './policy-test-request.js';

const policy = compilePolicyText(`
version: 1
defaults: { action: deny, maskingProfile: strict }
rules:
  - id: no-sleeping
    match: { paths: ["/sql"], functions: [pg_sleep, sleep, "benchmark"], functionsMatch: any }
    action: deny
    deny: { status: 429, message: "no sleeps" }
  - id: reports-with-udfs
    match: { paths: ["/reports"], commands: ["sql:select"], functions: [count, lower, "report_*"], functionsMatch: all }
    action: allow
  - id: public-lookup
    match: { paths: ["/lookup"], commands: ["sql:select"] }
    action: allow
    maskingProfile: none
  - id: trusted-dynamic
    match: { paths: ["/etl"], commands: ["sql:select", "sql:dynamic"] }
    action: allow
    onUnclassifiable: apply
  - id: select
    match: { paths: ["/sql"], commands: ["sql:select"] }
    action: allow
`);

function decide(path: string, sql: string) {
  const { input } = buildPolicyInput({ method: 'POST', authority: 'db', path, body: { sql } }, { sqlPaths: ['/**'] });
  return policy.evaluate(input);
}

describe('policy: functions, side effects and unclassifiable commands', () => {
  it.each([
    ['deny-list by function, any schema and case', '/sql', 'SELECT PG_CATALOG.PG_SLEEP(1)', 'deny', 'no-sleeping', undefined],
    ['a side-effect kind is not covered by a SELECT-only rule', '/sql', "SELECT pg_read_file('/etc/passwd')", 'deny', 'default', undefined],
    ['plain select allowed', '/sql', 'SELECT lower(code) FROM t', 'allow', 'select', undefined],
    ['unknown function on a PHI route', '/sql', 'SELECT my_udf(code) FROM t', 'deny', 'select', 'unclassifiable_command'],
    ['unknown function on a PHI-free route', '/lookup', 'SELECT my_udf(code) FROM t', 'allow', 'public-lookup', undefined],
    ['SQL in a string on a PHI-free route', '/lookup', "SELECT query_to_xml('SELECT * FROM patients', true, true, '')", 'deny', 'default', 'unclassifiable_command'],
    ['allow-list: every function listed', '/reports', 'SELECT count(*), report_total(x) FROM t', 'allow', 'reports-with-udfs', undefined],
    ['allow-list: no function at all', '/reports', 'SELECT a FROM t', 'allow', 'reports-with-udfs', undefined],
    ['allow-list: one function not listed', '/reports', 'SELECT upper(a) FROM t', 'deny', 'default', undefined],
    ['onUnclassifiable: apply lets a rule take dynamic SQL', '/etl', "SELECT query_to_xml('SELECT 1', true, true, '')", 'allow', 'trusted-dynamic', undefined],
  ] as const)('%s', (_name, path, sql, action, ruleId, denyCode) => {
    const verdict = decide(path, sql);
    expect({ action: verdict.action, ruleId: verdict.ruleId, denyCode: verdict.denyCode }).toEqual({ action, ruleId, denyCode });
  });

  it('rejects functionsMatch without functions and unknown onUnclassifiable values', () => {
    expect(() => compilePolicyText('version: 1\nrules:\n  - id: r\n    match: { functionsMatch: all }\n    action: allow\n')).toThrow(/functionsMatch: only valid with functions/);
    expect(() => compilePolicyText('version: 1\nrules:\n  - id: r\n    action: allow\n    onUnclassifiable: maybe\n')).toThrow(/onUnclassifiable/);
    expect(() => compilePolicyText('version: 1\nrules:\n  - id: r\n    match: { commands: [sql:sleep, sql:shell] }\n    action: deny\n')).not.toThrow();
  });

  it('the trace says why an allow became a deny', () => {
    expect(decide('/sql', 'SELECT my_udf(1)').trace.join('\n')).toMatch(/unclassifiable -> deny/);
  });
});
