import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../grants/grant.js';
import { startAdminTestServer, testTokens, type AdminTestServer } from '../../test/support/admin-server.js';
import { captureIo } from '../../test/support/capture-io.js';
import { runGrantsCommand } from './grants-command.js';

let s: AdminTestServer;
beforeAll(async () => {
  s = await startAdminTestServer();
});
afterAll(async () => {
  await s.close();
});

const files = { '/admin.tok': testTokens.carol, '/dev.tok': testTokens.dev, '/alice.tok': testTokens.alice };
const run = async (...argv: string[]) => {
  const io = captureIo(files);
  const code = await runGrantsCommand([...argv, '--server', s.url], io);
  return { code, out: io.out(), err: io.err() };
};

describe('wardgate grants', () => {
  it('issues, lists, shows and revokes a grant', async () => {
    const issued = await run('issue', '--user', 'dev@example.org', '--agent', 'spiffe://cluster.local/ns/agents/sa/coder', '--destination', 'fhir.clinical.svc',
      '--method', 'GET', '--path', '/Patient/**', '--path', '/Observation/*', '--command', 'rest:get', '--ttl', '30m', '--reason', 'INC-42', '--max-uses', '3',
      '--json', '--token-file', '/admin.tok');
    expect(issued.code).toBe(0);
    const grant = JSON.parse(issued.out) as Grant;
    expect(grant).toMatchObject({
      subject: { user: 'dev@example.org', agent: 'spiffe://cluster.local/ns/agents/sa/coder' },
      scope: { destinations: ['fhir.clinical.svc'], methods: ['GET'], paths: ['/Patient/**', '/Observation/*'], commandKinds: ['rest:get'] },
      usesLeft: 3,
      reason: 'INC-42',
      approvedBy: ['carol@example.org'],
    });
    expect(await s.grants.get(grant.id)).toEqual(grant);

    const list = await run('list', '--user', 'dev@example.org', '--token-file', '/admin.tok');
    expect(list.out.split('\n')[0]).toMatch(/^ID\s+USER\s+AGENT\s+USES LEFT\s+EXPIRES\s+SCOPE\s+REASON$/);
    expect(list.out).toMatch(new RegExp(`${grant.id.replace('.', '\\.')}\\s+dev@example.org\\s+spiffe://\\S+\\s+3\\s+in 30m\\s+GET fhir.clinical.svc /Patient/\\*\\*,/Observation/\\* \\[rest:get\\]\\s+INC-42`));
    const mine = await run('list', '--token-file', '/dev.tok');
    expect(mine.out).toContain(grant.id);
    const show = await run('show', grant.id, '--token-file', '/dev.tok');
    expect(show.out).toContain('Uses left:   3');

    const revoked = await run('revoke', grant.id, '--token-file', '/admin.tok');
    expect(revoked).toMatchObject({ code: 0, out: `revoked grant ${grant.id}\n` });
    expect(await s.grants.get(grant.id)).toBeUndefined();
    const again = await run('revoke', grant.id, '--token-file', '/admin.tok');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/not_found/);
  });

  it.each([
    { name: 'non-admin issuing', argv: ['issue', '--user', 'u', '--ttl', '1h', '--reason', 'r', '--token-file', '/alice.tok'], code: 1, err: /permission_denied/ },
    { name: 'ttl above the maximum', argv: ['issue', '--user', 'u', '--ttl', '9h', '--reason', 'r', '--token-file', '/admin.tok'], code: 1, err: /ttl exceeds/ },
    { name: 'bad ttl', argv: ['issue', '--user', 'u', '--ttl', 'soon', '--reason', 'r', '--token-file', '/admin.tok'], code: 1, err: /invalid duration/ },
    { name: 'no subject', argv: ['issue', '--ttl', '1h', '--reason', 'r', '--token-file', '/admin.tok'], code: 2, err: /--user and\/or --agent/ },
    { name: 'bad max-uses', argv: ['issue', '--user', 'u', '--ttl', '1h', '--reason', 'r', '--max-uses', '0', '--token-file', '/admin.tok'], code: 2, err: /--max-uses/ },
    { name: 'revoke without id', argv: ['revoke', '--token-file', '/admin.tok'], code: 2, err: /needs a grant ID/ },
  ])('exits $code on $name', async ({ argv, code, err }) => {
    const r = await run(...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(err);
  });
});
