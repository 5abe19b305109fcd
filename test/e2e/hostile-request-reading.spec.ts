import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvoyProcess, buildBootstrap } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

/**
 * Class 6 of the hostile-agent suites through the real Envoy: spellings of a path, a method
 * override and a statement in the query string reach Wardgate as Envoy forwards them, and what
 * Wardgate denies never reaches the upstream.
 */
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, maskingProfile: 'strict' },
  rules: [
    { id: 'no-bulk-export', match: { paths: ['/$export', '/**/$export'] }, action: 'deny' },
    { id: 'sql-writes-held', match: { commands: ['sql:delete', 'sql:update', 'sql:insert', 'sql:ddl'], commandsMatch: 'any' }, action: 'deny' },
    { id: 'reads', match: { methods: ['GET'], paths: ['/Patient/**', '/sql'] }, action: 'allow' },
  ],
};

describe('hostile agent, class 6, through a real Envoy', () => {
  const upstream = new UpstreamServer();
  let wardgate: TestWardgate;
  let envoy: EnvoyProcess;
  const ok = (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };

  beforeAll(async () => {
    upstream.route('/Patient/1', ok).route('/sql', ok);
    await upstream.start();
    wardgate = await new TestWardgate({ policy }).start();
    envoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: wardgate.grpcPort, upstreamPort: upstream.port })).start();
  });

  afterAll(async () => {
    await envoy?.stop();
    await wardgate?.cleanup();
    await upstream.stop();
  });

  it.each([
    ['trailing slash', '/Patient/$export/'],
    ['path parameter', '/Patient/$export;x=1'],
    ['servlet ..;/', '/Patient/x/..;/$export'],
    ['escaped semicolon', '/Patient/%24export%3Bx'],
  ])('a bulk export spelt with a %s is denied and never reaches the upstream', async (_name, path) => {
    const before = upstream.received.length;
    const res = await fetch(envoy.url(path));
    expect(res.status).toBe(403);
    expect(upstream.received.length).toBe(before);
  });

  it('a GET carrying X-HTTP-Method-Override: DELETE is denied', async () => {
    const before = upstream.received.length;
    const res = await fetch(envoy.url('/Patient/1'), { headers: { 'x-http-method-override': 'DELETE' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ reason: 'ambiguous_command' });
    expect(upstream.received.length).toBe(before);
  });

  it('a GET whose ?SQL= deletes is denied by the SQL rule', async () => {
    const res = await fetch(envoy.url(`/sql?SQL=${encodeURIComponent('DELETE FROM patients')}`));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ rule: 'sql-writes-held' });
  });

  it('the plain requests pass (the suite can tell allowed from denied)', async () => {
    expect((await fetch(envoy.url('/Patient/1'))).status).toBe(200);
    expect((await fetch(envoy.url(`/sql?sql=${encodeURIComponent('SELECT code FROM lab_codes')}`))).status).toBe(200);
  });
});
