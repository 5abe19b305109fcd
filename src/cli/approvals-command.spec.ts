import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequest } from '../../test/support/approval-service-contract.js';
import { startAdminTestServer, testTokens, type AdminTestServer } from '../../test/support/admin-server.js';
import { captureIo } from '../../test/support/capture-io.js';
import { runApprovalsCommand } from './approvals-command.js';

let s: AdminTestServer;
beforeAll(async () => {
  s = await startAdminTestServer();
});
afterAll(async () => {
  await s.close();
});

const files = { '/alice.tok': `${testTokens.alice}\n`, '/bob.tok': testTokens.bob, '/dev.tok': testTokens.dev };
const run = async (...argv: string[]) => {
  const io = captureIo(files);
  const code = await runApprovalsCommand([...argv, '--server', s.url], io);
  return { code, out: io.out(), err: io.err() };
};

describe('wardgate approvals', () => {
  it('lists pending requests as a table and as JSON', async () => {
    const created = await s.approvals.create(newRequest({ ruleId: 'fhir-read' }));
    const table = await run('list', '--status', 'pending', '--token-file', '/alice.tok');
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+STATUS\s+REQUESTER\s+METHOD\s+DESTINATION\s+RULE\s+VOTES\s+EXPIRES$/);
    const row = table.out.split('\n').find((l) => l.startsWith(created.id));
    expect(row).toMatch(new RegExp(`${created.id}\\s+pending\\s+${created.requester.user}\\s+GET\\s+fhir\\.clinical\\.svc\\.cluster\\.local:8080\\s+fhir-read\\s+0/1\\s+in 1m`));
    const json = await run('list', '--json', '--token-file', '/alice.tok');
    expect((JSON.parse(json.out) as Array<{ id: string }>).map((a) => a.id)).toContain(created.id);
  });

  it('shows one request', async () => {
    const created = await s.approvals.create(newRequest());
    const r = await run('show', created.id, '--token-file', '/alice.tok');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`ID:        ${created.id}`);
    expect(r.out).toContain('Request:   GET fhir.clinical.svc.cluster.local:8080/Patient/123');
    expect(r.out).toContain('Approving: a grant for exactly GET fhir.clinical.svc.cluster.local:8080 "/Patient/123" (literal match;');
  });

  it('approves for 30 minutes and reports the grant; a second vote is refused with exit 1', async () => {
    const created = await s.approvals.create(newRequest());
    const r = await run('approve', created.id, '--comment', 'pairing', '--for', '30m', '--token-file', '/alice.tok');
    expect(r.code).toBe(0);
    const approval = (await s.approvals.get(created.id))!;
    expect(r.out).toBe(`${created.id} approved; grant ${approval.grantId}\n`);
    const grant = (await s.grants.get(approval.grantId!))!;
    expect(grant.expiresAt - grant.createdAt).toBe(30 * 60_000);
    const again = await run('deny', created.id, '--comment', 'too late', '--token-file', '/bob.tok');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already approved \(conflict\)/);
  });

  it('denies, reporting partial votes on two-approver requests first', async () => {
    const created = await s.approvals.create(newRequest({ approvalsRequired: 2 }));
    const first = await run('approve', created.id, '--comment', 'ok', '--token-file', '/alice.tok');
    expect(first.out).toBe(`vote recorded; 1 more approval(s) needed for ${created.id}\n`);
    const denied = await run('deny', created.id, '--comment', 'no', '--token-file', '/bob.tok');
    expect(denied).toMatchObject({ code: 0, out: `${created.id} denied\n` });
  });

  it('warns when the token is given on the command line', async () => {
    const r = await run('list', '--token', testTokens.alice);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/shell history/);
  });

  it.each([
    { name: 'no command', argv: [], code: 2, err: /missing command/ },
    { name: 'unknown command', argv: ['frobnicate', '--token-file', '/alice.tok'], code: 2, err: /unknown command/ },
    { name: 'approve without comment', argv: ['approve', 'X', '--token-file', '/alice.tok'], code: 2, err: /--comment/ },
    { name: 'unknown option', argv: ['list', '--colour'], code: 2, err: /colour/ },
    { name: 'bad status', argv: ['list', '--status', 'maybe', '--token-file', '/alice.tok'], code: 2, err: /--status must be one of/ },
    { name: 'no token', argv: ['list'], code: 2, err: /bearer token is needed/ },
    { name: 'self-approval', argv: ['approve', 'SELF', '--comment', 'mine', '--token-file', '/dev.tok'], code: 1, err: /own request \(permission_denied\)/ },
    { name: 'unknown id', argv: ['show', 'AAAAAAAAAAAAAAAAAAAAAA', '--token-file', '/alice.tok'], code: 1, err: /not_found/ },
  ])('exits $code on $name', async ({ argv, code, err }) => {
    let args = argv;
    if (argv.includes('SELF')) {
      const own = await s.approvals.create(newRequest({ requester: { user: 'dev@example.org', userGroups: ['phi-approvers'] }, approverGroups: ['eng'] }));
      args = argv.map((a) => (a === 'SELF' ? own.id : a));
    }
    const r = await run(...args);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(err);
  });

  it('fails with exit 1 when the server cannot be reached', async () => {
    const io = captureIo(files);
    const code = await runApprovalsCommand(['list', '--server', 'http://127.0.0.1:1', '--token-file', '/alice.tok'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1 \(unavailable\)/);
  });
});
