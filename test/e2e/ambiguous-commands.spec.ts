import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';
import { hostileConfig, hostilePolicy } from '../unit/hostile/hostile-policy.js';

// Issue 13, classes 2 and 3 through a real Envoy: what Envoy forwards to ext_authz (repeated
// query parameters, the query string beside a buffered body) is part of the truth.
const read = 'SELECT code FROM lab_codes';
const write = 'DELETE FROM lab_codes';
const enc = encodeURIComponent;

describe('parser differentials through a real Envoy', () => {
  const upstream = new UpstreamServer();
  let wardgate: TestWardgate;
  let envoy: EnvoyProcess;

  beforeAll(async () => {
    const ok = (_req: unknown, res: ServerResponse): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    };
    upstream.route('/sql/any', ok).route('/sql/ms', ok).route('/graphql', ok);
    wardgate = new TestWardgate({ policy: hostilePolicy, config: hostileConfig });
    envoy = await startEnvoyFront(wardgate, upstream);
  });

  afterAll(async () => {
    await stopEnvoyFront(envoy, wardgate, upstream);
  });

  const send = async (method: string, path: string, body?: string, contentType = 'application/json'): Promise<{ status: number; reason: unknown }> => {
    const before = upstream.received.length;
    const res = await fetch(envoy.url(path), { method, headers: body === undefined ? {} : { 'content-type': contentType }, body });
    const text = await res.text();
    const reason = res.status === 200 ? undefined : (JSON.parse(text) as { reason?: unknown }).reason;
    // A denied request never reaches the upstream.
    if (res.status !== 200) expect(upstream.received.length).toBe(before);
    return { status: res.status, reason };
  };

  it('a single SQL query parameter passes (the control)', async () => {
    expect(await send('GET', `/sql/any?sql=${enc(read)}`)).toEqual({ status: 200, reason: undefined });
  });

  it('repeated query parameters are ambiguous', async () => {
    expect(await send('GET', `/sql/any?sql=${enc(read)}&sql=${enc(write)}`)).toEqual({ status: 403, reason: 'ambiguous_command' });
  });

  it('a command in the body and another in the query string is ambiguous', async () => {
    expect(await send('POST', `/sql/any?sql=${enc(write)}`, JSON.stringify({ sql: read }))).toEqual({ status: 403, reason: 'ambiguous_command' });
  });

  it('a duplicated JSON key is ambiguous, whichever value comes first', async () => {
    expect(await send('POST', '/sql/any', `{"sql": "${read}", "sql": "${write}"}`)).toEqual({ status: 403, reason: 'ambiguous_command' });
    expect(await send('POST', '/sql/any', `{"sql": "${write}", "sql": "${read}"}`)).toEqual({ status: 403, reason: 'ambiguous_command' });
  });

  it('repeated form parameters are ambiguous', async () => {
    expect(await send('POST', '/sql/any', `sql=${enc(read)}&sql=${enc(write)}`, 'application/x-www-form-urlencoded')).toEqual({ status: 403, reason: 'ambiguous_command' });
  });

  it('GraphQL: a mutation in ?query= beside a query body is ambiguous', async () => {
    const path = `/graphql?query=${enc('mutation { deletePatient(id: 1) { ok } }')}`;
    expect(await send('POST', path, JSON.stringify({ query: '{ patient { id } }' }))).toEqual({ status: 403, reason: 'ambiguous_command' });
    expect(await send('POST', '/graphql', JSON.stringify({ query: '{ patient { id } }' }))).toEqual({ status: 200, reason: undefined });
  });

  it('a T-SQL batch without ";" is two statements; a side-effect function inside a SELECT is no read', async () => {
    expect(await send('POST', '/sql/ms', JSON.stringify({ sql: `${read} UPDATE lab_codes SET code = 1` }))).toMatchObject({ status: 403 });
    expect(await send('POST', '/sql/any', JSON.stringify({ sql: `${read} WHERE pg_sleep(5) IS NULL` }))).toMatchObject({ status: 403 });
    expect(await send('POST', '/sql/ms', JSON.stringify({ sql: read }))).toEqual({ status: 200, reason: undefined });
  });
});
