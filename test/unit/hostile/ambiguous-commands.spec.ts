import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckClient, type HandBuiltRequest } from '../../support/check-client.js';
import { TestWardgate } from '../../support/wardgate-instance.js';
import { hostileConfig, hostilePolicy } from './hostile-policy.js';

/**
 * Class 3 of issue 13: Wardgate must classify what the backend will run, or refuse. Each request
 * carries one harmless read and one command a backend may run instead (JSON.parse keeps the last
 * duplicate, many servers the first; stacks differ on repeated parameters; some read the query
 * string over the body).
 */
const read = 'SELECT code FROM lab_codes';
const write = 'DELETE FROM lab_codes';
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const sqlEnc = (s: string) => encodeURIComponent(s);

const ambiguous: Array<{ name: string; request: HandBuiltRequest }> = [
  { name: 'JSON: sql and query keys', request: { path: '/sql/any', body: JSON.stringify({ sql: read, query: write }) } },
  { name: 'JSON: sql and statement keys', request: { path: '/sql/any', body: JSON.stringify({ statement: write, sql: read }) } },
  { name: 'JSON: duplicated sql key, harmless last', request: { path: '/sql/any', body: `{"sql": "${write}", "sql": "${read}"}` } },
  { name: 'JSON: duplicated sql key, harmless first', request: { path: '/sql/any', body: `{"sql": "${read}", "sql": "${write}"}` } },
  { name: 'JSON: duplicate spelt with an escape', request: { path: '/sql/any', body: `{"sql": "${read}", "s\\u0071l": "${write}"}` } },
  { name: 'JSON: duplicate in another case', request: { path: '/sql/any', body: `{"sql": "${read}", "SQL": "${write}"}` } },
  { name: 'form: repeated sql=', request: { path: '/sql/any', headers: form, body: `sql=${sqlEnc(read)}&sql=${sqlEnc(write)}` } },
  { name: 'form: sql= and q=', request: { path: '/sql/any', headers: form, body: `sql=${sqlEnc(read)}&q=${sqlEnc(write)}` } },
  { name: 'query string: repeated sql=', request: { method: 'GET', path: `/sql/any?sql=${sqlEnc(read)}&sql=${sqlEnc(write)}` } },
  { name: 'body and query string', request: { path: `/sql/any?sql=${sqlEnc(write)}`, body: JSON.stringify({ sql: read }) } },
  { name: 'GraphQL: query key twice', request: { path: '/graphql', body: '{"query": "{ patient { id } }", "query": "mutation { deletePatient(id: 1) { ok } }"}' } },
  { name: 'GraphQL: operationName twice', request: { path: '/graphql', body: '{"query": "query A { a } mutation B { deleteAll }", "operationName": "A", "operationName": "B"}' } },
  { name: 'GraphQL: body and ?query=', request: { path: `/graphql?query=${sqlEnc('mutation { deletePatient(id: 1) { ok } }')}`, body: JSON.stringify({ query: '{ patient { id } }' }) } },
  { name: 'GraphQL batch item with a duplicated query', request: { path: '/graphql', body: '[{"query": "{ a }", "query": "mutation { b }"}]' } },
];

describe('hostile agent, class 3: one request, two commands', () => {
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

  it.each(ambiguous)('$name: denied as ambiguous_command', async ({ request }) => {
    const result = await client.check(request);
    expect(result.allowed).toBe(false);
    // The GraphQL batch is not ambiguous as a whole (a batch runs all): its mutation is denied by policy.
    if (!request.body?.startsWith('[')) expect(result.body?.reason).toBe('ambiguous_command');
  });

  it.each([
    { name: 'one sql key', request: { path: '/sql/any', body: JSON.stringify({ sql: read }) } },
    { name: 'a duplicate with the same value', request: { path: '/sql/any', body: `{"sql": "${read}", "sql": "${read}"}` } },
    { name: 'body and query string that agree', request: { path: `/sql/any?sql=${sqlEnc(read)}`, body: JSON.stringify({ sql: read }) } },
    { name: 'a non-command key beside the command', request: { path: '/sql/any', body: JSON.stringify({ sql: read, format: 'csv' }) } },
    { name: 'GraphQL with variables and operationName', request: { path: '/graphql', body: JSON.stringify({ query: 'query A { a }', operationName: 'A', variables: { id: 1 } }) } },
  ])('$name: one command, allowed', async ({ request }) => {
    expect((await client.check(request)).allowed).toBe(true);
  });
});

describe('hostile agent, class 3: a rule that judges every candidate (onAmbiguous: strictest)', () => {
  let wardgate: TestWardgate;
  let client: CheckClient;
  beforeAll(async () => {
    const policy = `
version: 1
defaults: { action: deny, onAmbiguous: strictest }
rules:
  - id: select-only
    match: { paths: ["/sql/**"], commands: ["sql:select"] }
    action: allow
    onAmbiguous: strictest
`;
    wardgate = await new TestWardgate({ policy, config: hostileConfig }).start();
    client = new CheckClient(wardgate.grpcPort);
  });
  afterAll(async () => {
    client.close();
    await wardgate.cleanup();
  });

  it('allows when every candidate is allowed', async () => {
    const body = JSON.stringify({ sql: read, query: 'SELECT id FROM icd10_codes' });
    expect((await client.check({ path: '/sql/any', body })).allowed).toBe(true);
  });

  it('denies on the most dangerous candidate, whichever key JSON.parse keeps', async () => {
    for (const body of [`{"sql": "${read}", "sql": "${write}"}`, `{"sql": "${write}", "sql": "${read}"}`]) {
      const result = await client.check({ path: '/sql/any', body });
      expect(result).toMatchObject({ allowed: false, body: { reason: 'denied_by_policy', rule: 'default' } });
    }
  });
});
