import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePolicyText } from '../../../src/policy/load-policy.js';
import { buildPolicyInput, type PolicyTestOptions, type PolicyTestRequest } from '../../../src/policy/policy-test-request.js';
import { CheckClient, type HandBuiltRequest } from '../../support/check-client.js';
import { TestWardgate } from '../../support/wardgate-instance.js';

/**
 * Class 6 (found after issue 13's five): the request a rule judges must be the request the
 * upstream runs. An agent steered by an injected prompt varies what the rule reads and the
 * upstream does not: the path's spelling (trailing slash, `;` path parameters, the `..;/`
 * servlet trick), the method (override headers and `_method`), the statement's place (a query
 * string on a route nobody configured, `?SQL=` in capitals) and the host (`db.internal.`).
 * Each attack is checked against the policies this project ships, which operators copy.
 */
const examples = join(import.meta.dirname, '../../../examples/policies');
const policyOf = (file: string) => compilePolicyText(readFileSync(join(examples, file), 'utf8'));
const fhir = policyOf('fhir-api.yaml');
const sqlApi = policyOf('sql-api.yaml');
const embedded = policyOf('default.yaml');

const clinician = { sub: 'dr-lee', groups: ['clinicians'] };
const agent = 'spiffe://cluster.local/ns/agents/sa/coding-agent';
const fhirHost = 'fhir.clinical.svc.cluster.local';
const enc = encodeURIComponent;

function decide(policy: ReturnType<typeof policyOf>, request: Partial<PolicyTestRequest> & { path: string }, options: PolicyTestOptions = {}) {
  const { input } = buildPolicyInput({ method: 'GET', authority: fhirHost, agent, user: clinician, ...request }, options);
  return policy.evaluate(input);
}

describe('hostile agent, class 6: the path a rule reads is the path the upstream routes', () => {
  // fhir-api.yaml: bulk $export needs a grant, otherwise it is held; a plain read of /Patient/** is allowed.
  const exportSpellings = [
    '/Patient/$export',
    '/Patient/$export/',
    '/Patient/$export//',
    '/Patient/$export;x=1',
    '/Patient/$export;jsessionid=ABC/',
    '/Patient/%24export',
    '/Patient/%24export%3Bx',
    '//Patient///$export',
    '/Patient/./$export',
    '/Patient/x/..;/$export',
    '/Observation/..;/Patient/$export',
  ];
  it.each(exportSpellings)('%s is judged as the bulk export it is (never a plain read)', (path) => {
    const verdict = decide(fhir, { path });
    expect(verdict.ruleId).toBe('fhir-bulk-export');
    expect(verdict.action).not.toBe('allow');
  });

  it.each([
    ['/metadata;/../Practitioner/1', 'a path parameter hiding a dot segment'],
    ['/Patient;/../Practitioner/1', 'the same under an allowed prefix'],
    ['/Patient/..;/Practitioner/1', 'the servlet ..;/ trick'],
  ])('%s (%s) does not borrow the allowed prefix', (path) => {
    expect(decide(fhir, { path }).action).toBe('deny');
  });

  it('a plain read still reads as one', () => {
    expect(decide(fhir, { path: '/Patient/123' }).action).toBe('allow');
    expect(decide(fhir, { path: '/Patient/123;_format=json' }).action).toBe('allow');
  });

  it('a SQL route spelt another way is still read as SQL (the route configuration sees the same path as the rules)', () => {
    const options = { sqlPaths: ['/sql', '/query'] };
    for (const path of ['/sql', '/sql/', '//sql', '/%73ql', '/sql;v=2', '/x/../sql']) {
      const verdict = decide(sqlApi, { method: 'POST', authority: 'warehouse.data.svc', path, body: { sql: 'DROP TABLE patients' } }, options);
      expect(verdict.action, path).toBe('deny');
      expect(verdict.ruleId, path).not.toBe('default');
    }
  });
});

describe('hostile agent, class 6: the method a rule reads is the method the upstream runs', () => {
  const overrides: Array<[string, Partial<PolicyTestRequest>]> = [
    ['X-HTTP-Method-Override', { headers: { 'X-HTTP-Method-Override': 'DELETE' } }],
    ['X-HTTP-Method', { headers: { 'X-HTTP-Method': 'delete' } }],
    ['X-Method-Override', { headers: { 'X-Method-Override': 'DELETE' } }],
    ['?_method=', { path: '/Patient/123?_method=DELETE' }],
    ['_method in a form body', { method: 'POST', contentType: 'application/x-www-form-urlencoded', body: '_method=DELETE' }],
  ];
  it.each(overrides)('a read carrying %s: DELETE is not allowed as a read', (_name, attack) => {
    const verdict = decide(fhir, { path: '/Patient/123', ...attack });
    expect(verdict.action).toBe('deny');
  });

  it('an override naming the method itself is no override', () => {
    expect(decide(fhir, { path: '/Patient/123', headers: { 'X-HTTP-Method-Override': 'GET' } }).action).toBe('allow');
  });

  it('a held write does not become a DELETE behind the approver\'s back', () => {
    const verdict = decide(fhir, { method: 'POST', path: '/Patient', headers: { 'x-http-method-override': 'DELETE' }, body: { resourceType: 'Patient' } });
    expect(verdict.action).toBe('deny');
  });
});

describe('hostile agent, class 6: a statement is read wherever it is written', () => {
  it.each([
    ['?sql=', `/sql?sql=${enc('DELETE FROM patients')}`],
    ['?SQL= in capitals', `/sql?SQL=${enc('DELETE FROM patients')}`],
    ['?q=', `/sql?q=${enc('DELETE FROM patients WHERE 1=1')}`],
    ['?statement=', `/sql?statement=${enc('TRUNCATE patients')}`],
    ['an escaped key, ?%73ql=', `/sql?%73ql=${enc('DELETE FROM patients')}`],
    ['a partly escaped key, ?S%51L=', `/sql?S%51L=${enc('DELETE FROM patients')}`],
    ['after a ; (Rack before 3, Python before 3.9.2)', `/sql?page=1;sql=${enc('DELETE FROM patients')}`],
    ['after an escaped key and a ;', `/sql?x=1;%71=${enc('DELETE FROM patients WHERE 1=1')}`],
    ['among other parameters', `/sql?_format=json&_count=10&sql=${enc('DELETE FROM patients')}&_sort=id`],
  ])('the embedded policy does not allow a GET whose query string writes (%s)', (_name, path) => {
    const verdict = decide(embedded, { authority: 'warehouse.data.svc', path });
    expect(verdict.action).not.toBe('allow');
  });

  it('the embedded policy does not allow a GET whose body writes', () => {
    const verdict = decide(embedded, { authority: 'warehouse.data.svc', path: '/sql', body: { sql: 'DELETE FROM patients' } });
    expect(verdict.action).not.toBe('allow');
  });

  it('the embedded policy does not allow a GraphQL mutation sent as a GET', () => {
    const verdict = decide(embedded, { authority: 'api.svc', path: `/graphql?query=${enc('mutation { deletePatient(id: 1) { ok } }')}` });
    expect(verdict.action).not.toBe('allow');
  });

  it('on a configured SQL route, ?SQL= is the same parameter as ?sql=', () => {
    const options = { sqlPaths: ['/sql', '/query'] };
    const verdict = decide(sqlApi, { authority: 'warehouse.data.svc', path: `/sql?SQL=${enc('DROP TABLE patients')}` }, options);
    expect(verdict.ruleId).not.toBe('default');
    expect(verdict.action).toBe('deny');
  });

  it('a raw ; inside a statement value reads both ways (the union is judged)', () => {
    const { input } = buildPolicyInput({ method: 'GET', authority: 'warehouse.data.svc', path: '/sql?sql=SELECT%20code%20FROM%20lab_codes;DROP%20TABLE%20patients' }, { sqlPaths: ['/sql'] });
    expect(input.commandKinds).toContain('sql:ddl');
  });

  it('query strings without a key the classifier reads stay plain REST', () => {
    for (const path of ['/Patient?name=DELETE%20FROM%20x', '/Observation?patient=123&_sort=date;code=1', '/x?sq=DROP%20TABLE%20t', '/x?%zz=1&sqlx=DROP%20TABLE%20t']) {
      const { input } = buildPolicyInput({ method: 'GET', authority: fhirHost, path }, {});
      expect(input.commandKinds, path).toEqual(['rest:get']);
    }
  });

  it('plain reads stay allowed by the embedded policy', () => {
    expect(decide(embedded, { authority: 'warehouse.data.svc', path: `/sql?sql=${enc('SELECT code FROM lab_codes')}` }).action).toBe('allow');
    expect(decide(embedded, { authority: 'warehouse.data.svc', path: `/sql?page=2;sql=${enc('SELECT code FROM lab_codes')}` }).action).toBe('allow');
    expect(decide(embedded, { authority: 'fhir.svc', path: '/Patient/1' }).action).toBe('allow');
  });
});

describe('hostile agent, class 6: the host a rule reads is the host the upstream serves', () => {
  const policy = compilePolicyText(`
version: 1
defaults: { action: allow, status: 403 }
rules:
  - id: no-billing
    match: { destinations: ["billing.internal"] }
    action: deny
`);
  it.each(['billing.internal', 'BILLING.internal', 'billing.internal.', 'billing.internal.:8080', 'billing.internal:443'])('%s is the billing host', (authority) => {
    expect(decide(policy, { authority, path: '/' }).action).toBe('deny');
  });
});

describe('hostile agent, class 6, against a running Wardgate (hand-built CheckRequests)', () => {
  let wardgate: TestWardgate;
  let client: CheckClient;
  beforeAll(async () => {
    wardgate = await new TestWardgate({ policy: readFileSync(join(examples, 'default.yaml'), 'utf8') }).start();
    client = new CheckClient(wardgate.grpcPort);
  });
  afterAll(async () => {
    client.close();
    await wardgate.cleanup();
  });

  it.each<[string, HandBuiltRequest]>([
    ['a GET whose query string deletes', { method: 'GET', path: `/sql?sql=${enc('DELETE FROM patients')}` }],
    ['a GET with a method override', { method: 'GET', path: '/records/1', headers: { 'x-http-method-override': 'DELETE' } }],
    ['a GET whose body deletes', { method: 'GET', path: '/sql', body: JSON.stringify({ sql: 'DELETE FROM patients' }) }],
  ])('%s is not allowed', async (_name, request) => {
    expect((await client.check(request)).allowed).toBe(false);
  });

  it('a plain GET is allowed (the suite can tell)', async () => {
    expect((await client.check({ method: 'GET', path: '/records/1' })).allowed).toBe(true);
  });
});

describe('hostile agent, class 6: a statement Wardgate cannot read is never taken for no statement', () => {
  const sqlOptions = { sqlPaths: ['/sql', '/query'] };
  const gzip = (text: string) => gzipSync(Buffer.from(text));

  it.each([
    ['gzip', () => gzip(JSON.stringify({ sql: 'DROP TABLE patients' })), 'gzip'],
    ['x-gzip', () => gzip(JSON.stringify({ sql: 'DROP TABLE patients' })), 'x-gzip'],
    ['deflate', () => deflateSync(Buffer.from(JSON.stringify({ sql: 'DROP TABLE patients' }))), 'deflate'],
    ['br', () => brotliCompressSync(Buffer.from(JSON.stringify({ sql: 'DROP TABLE patients' }))), 'br'],
  ])('a %s-compressed statement is decoded and read', (_name, body, encoding) => {
    const { input } = buildPolicyInputFromBytes(body(), { 'content-encoding': encoding, 'content-type': 'application/json' }, sqlOptions);
    expect(input.commandKinds).toEqual(['sql:ddl']);
    expect(sqlApi.evaluate(input).action).toBe('deny');
  });

  it.each([
    ['an encoding Wardgate cannot decode', Buffer.from('KLUv/QBYAAA=', 'base64'), { 'content-encoding': 'zstd' }],
    ['a corrupt gzip stream', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }],
    ['a gzip bomb', gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)), { 'content-encoding': 'gzip' }],
  ])('%s on a SQL route is unclassifiable, so no rule allows it', (_name, bytes, headers) => {
    const { input } = buildPolicyInputFromBytes(bytes, { ...headers, 'content-type': 'application/json' }, sqlOptions);
    expect(input.command.type).toBe('sql');
    const verdict = sqlApi.evaluate(input);
    expect(verdict.action).toBe('deny');
  });

  it.each([
    ['nested (Hasura run_sql)', { type: 'run_sql', args: { sql: 'DROP TABLE patients' } }],
    ['an array of statements', { sql: ['SELECT 1', 'DROP TABLE patients'] }],
    ['an unknown key', { stmt: 'DROP TABLE patients' }],
  ])('a JSON body on a SQL route whose statement is %s is never allowed as no statement', (_name, body) => {
    const verdict = decide(sqlApi, { method: 'POST', authority: 'warehouse.data.svc', path: '/sql', body, user: { sub: 'a', groups: ['analysts', 'data-engineers', 'clinicians'] } }, sqlOptions);
    expect(verdict.action).toBe('deny');
  });

  it('an array of statements is read as one batch: its writes are seen', () => {
    const { input } = buildPolicyInput({ method: 'POST', authority: 'w', path: '/sql', body: { sql: ['SELECT 1', 'DELETE FROM patients'] } }, sqlOptions);
    expect(input.commandKinds).toContain('sql:delete');
  });

  const graphqlOptions = { graphqlPaths: ['/graphql'] };
  const persisted = [
    ['an Apollo persisted query', { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }],
    ['a GraphQL-over-HTTP documentId', { documentId: 'sha256:abc' }],
    ['a Relay doc_id', { doc_id: '1234' }],
  ] as const;
  it.each(persisted)('%s (the document is not in the request) is read as the most privileged operation', (_name, body) => {
    const policy = compilePolicyText(`
version: 1
defaults: { action: deny }
rules:
  - { id: no-mutations, match: { commands: ["graphql:mutation"] }, action: deny }
  - { id: graphql-queries, match: { paths: ["/graphql"], commands: ["graphql:query"] }, action: allow }
  - { id: graphql-route, match: { paths: ["/graphql"] }, action: allow }
`);
    const { input } = buildPolicyInput({ method: 'POST', authority: 'api', path: '/graphql', body }, graphqlOptions);
    expect(input.commandKinds).toEqual(['graphql:mutation']);
    expect(policy.evaluate(input).ruleId).toBe('no-mutations');
    // Unconfigured routes too: the persisted-query markers are the signal.
    expect(buildPolicyInput({ method: 'POST', authority: 'api', path: '/gql', body }).input.commandKinds).toEqual(['graphql:mutation']);
  });

  it('a GET persisted query (?extensions=) is read the same way', () => {
    const extensions = enc(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'cd'.repeat(32) } }));
    const { input } = buildPolicyInput({ method: 'GET', authority: 'api', path: `/graphql?extensions=${extensions}` }, graphqlOptions);
    expect(input.commandKinds).toEqual(['graphql:mutation']);
  });

  it('a persisted query that also sends its document is read from the document', () => {
    const { input } = buildPolicyInput({ method: 'POST', authority: 'api', path: '/graphql', body: { query: '{ patient { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'ef'.repeat(32) } } } }, graphqlOptions);
    expect(input.commandKinds).toEqual(['graphql:query']);
  });
});

function buildPolicyInputFromBytes(bytes: Buffer, headers: Record<string, string>, options: PolicyTestOptions) {
  return buildPolicyInput({ method: 'POST', authority: 'warehouse.data.svc', path: '/sql', headers, bodyBase64: bytes.toString('base64'), user: { sub: 'a', groups: ['analysts', 'data-engineers'] } }, options);
}
