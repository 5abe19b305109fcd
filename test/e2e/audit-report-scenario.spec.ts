import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Kafka, logLevel } from 'kafkajs';
import { createTopicIfMissing } from '../../src/audit/audit-topic.js';
import { readAuditTopic } from '../../src/audit/kafka-audit-reader.js';
import { runAuditCommand } from '../../src/cli/audit-command.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import type { SealedAuditEvent } from '../../src/audit/sealed-audit-event.js';
import type { AuditReport } from '../../src/report/report-model.js';
import { createTopic, deleteTopics, produceRaw } from '../integration/audit-fixtures.js';
import { AdminApi } from '../support/admin-api.js';
import { EnvoyProcess, buildBootstrap } from '../support/envoy-process.js';
import { TestIssuer } from '../support/jwt-issuer.js';
import { stack } from '../support/stack-control.js';
import { stackEnv } from '../support/stack-env.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue #15: a known mix of traffic through the real Envoy, Wardgate and Kafka (reads masked, a
// denied DDL, a held write approved and used, a hold left to expire, a direct admin grant, a
// policy reload and a rejected one, a Kafka outage with spooling); the report's JSON figures
// are asserted exactly.
const OUT = path.join(import.meta.dirname, '..', '..', '.cache', 'test-output', 'report-e2e');
const PHI = { name: 'Hildegard Oosterhuis', ssn: '219-09-9999', email: 'h.oosterhuis@example.com' };
const hold = { approverGroups: ['phi-approvers'], approvalsRequired: 1, approvalValidity: '5m', mode: 'respond', waitTimeout: '1s' };
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'sign-in-first', match: { authenticated: false }, action: 'deny', deny: { status: 401, message: 'a signed-in user is required' } },
    { id: 'no-ddl', match: { commands: ['sql:ddl'] }, action: 'deny', deny: { status: 403, message: 'schema changes are not allowed' } },
    { id: 'metadata', match: { methods: ['GET'], paths: ['/metadata'] }, action: 'allow', maskingProfile: 'none' },
    { id: 'writes-held', match: { methods: ['POST'], paths: ['/Observation'] }, action: 'hold', hold: { ...hold, pendingTtl: '2s' } },
    { id: 'clinician-reads', match: { methods: ['GET'], groups: ['clinicians'] }, action: 'allow' },
  ],
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('audit report over a known mix of traffic through the real Envoy and Kafka', () => {
  const issuer = new TestIssuer();
  const upstream = new UpstreamServer();
  const topic = `wardgate-audit-report-e2e-${randomUUID()}`;
  const keys = generateKeyPairSync('ed25519');
  let wardgate: TestWardgate;
  let envoy: EnvoyProcess;
  let alice: string;
  let approver: AdminApi;
  let admin: AdminApi;
  let kafkaStopped = false;
  const outage = { from: 0, to: 0 };
  const ids: { approved?: string; expired?: string; adminGrant?: string } = {};

  const call = (method: string, p: string, body?: string): Promise<Response> =>
    fetch(envoy.url(p), { method, headers: { authorization: `Bearer ${alice}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body } : {}) });

  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    const brokers = stackEnv('WARDGATE_TEST_KAFKA_BROKERS').split(',');
    const kafkaAdmin = new Kafka({ clientId: 'e2e-setup', brokers, logLevel: logLevel.NOTHING }).admin();
    await kafkaAdmin.connect();
    await createTopicIfMissing(kafkaAdmin, { topic, partitions: 3, replicationFactor: 1 });
    await kafkaAdmin.disconnect();
    await issuer.start();
    const patient = (_req: unknown, res: ServerResponse): void => {
      const body = JSON.stringify({ resourceType: 'Patient', id: 'p1', name: [{ text: PHI.name }], identifier: [{ system: 'urn:ssn', value: PHI.ssn }], telecom: [{ system: 'email', value: PHI.email }] });
      res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const ok = (_req: unknown, res: ServerResponse): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    };
    upstream.route('/Patient/p1', patient).route('/metadata', ok).route('/sql', ok).route('/Observation', ok);
    await upstream.start();
    wardgate = new TestWardgate({
      policy,
      config: {
        identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] },
        admin: { adminGroups: ['wardgate-admins'] },
        approvals: { sweepInterval: '500ms' },
      },
    });
    const keyFile = path.join(wardgate.dir, 'audit-signing.pem');
    writeFileSync(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(path.join(OUT, 'audit-key.pub'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const options = (wardgate as unknown as { options: { config: Record<string, unknown> } }).options;
    options.config = {
      ...options.config,
      audit: {
        sink: 'kafka',
        kafka: { brokers, topic, sendTimeoutMs: '3s', lingerMs: '10ms' },
        signing: { alg: 'ed25519', keyId: 'e2e-key', keyFile },
        checkpoint: { everyEvents: 10, everyMs: '2s' },
      },
    };
    await wardgate.start();
    envoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: wardgate.grpcPort, upstreamPort: upstream.port })).start();
    alice = await issuer.token({ sub: 'alice', groups: ['clinicians'] });
    approver = new AdminApi(`http://127.0.0.1:${wardgate.httpPort}`, await issuer.token({ sub: 'bob', groups: ['phi-approvers'] }));
    admin = new AdminApi(`http://127.0.0.1:${wardgate.httpPort}`, await issuer.token({ sub: 'dana', groups: ['wardgate-admins'] }));
  });

  afterAll(async () => {
    if (kafkaStopped) await stack('kafka-start');
    await envoy?.stop();
    await wardgate?.cleanup();
    await upstream.stop();
    await issuer.stop();
  });

  it('drives the mix', async () => {
    // Reads, masked (one with PHI in its query string).
    for (const p of ['/Patient/p1', `/Patient/p1?name=${encodeURIComponent(PHI.name)}&ssn=${PHI.ssn}`]) {
      const res = await call('GET', p);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toContain(PHI.name);
    }
    expect((await call('GET', '/metadata')).status).toBe(200);
    expect((await call('POST', '/sql', JSON.stringify({ query: 'DROP TABLE patients' }))).status).toBe(403);

    // A held write, approved, then retried once with the one-time grant.
    const write = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'heart rate' } });
    const held = await call('POST', '/Observation', write);
    expect(held.status).toBe(403);
    ids.approved = ((await held.json()) as { approvalId: string }).approvalId;
    expect((await approver.approve(ids.approved, `ok for ${PHI.name}`)).status).toBe(200);
    expect((await call('POST', '/Observation', write)).status).toBe(200);

    // A hold nobody answers: it expires (pending TTL 2 s, swept every 500 ms).
    const other = await call('POST', '/Observation', JSON.stringify({ resourceType: 'Observation', status: 'preliminary' }));
    expect(other.status).toBe(403);
    ids.expired = ((await other.json()) as { approvalId: string }).approvalId;
    const deadline = Date.now() + 30_000;
    let status = 'pending';
    while (status === 'pending' && Date.now() < deadline) {
      await sleep(250);
      status = ((await approver.request('GET', `/v1/approvals/${ids.expired}`)).body.approval as { status: string }).status;
    }
    expect(status).toBe('expired');
    // Give the sweep time to record the expiry (the status reads expired as soon as the window ends).
    await sleep(1500);

    // A grant an admin issues directly.
    const grant = await admin.request('POST', '/v1/grants', { subject: { user: 'carol' }, scope: { methods: ['GET'], paths: ['/Patient/*'] }, reason: 'on-call cover', ttl: '10m' });
    expect(grant.status).toBe(201);
    ids.adminGrant = (grant.body.grant as { id: string }).id;

    // A policy reload, then a broken one that is rejected.
    writeFileSync(wardgate.policyFile, stringify({ ...policy, rules: [...policy.rules, { id: 'reload-marker', match: { paths: ['/never'] }, action: 'deny' }] }));
    await wardgate.runtime!.policy.reload();
    writeFileSync(wardgate.policyFile, 'version: 1\nrules:\n  - id: broken\n    action: allow-ish\n');
    await wardgate.runtime!.policy.reload();
    await sleep(3000);

    // Kafka goes away: two reads are spooled, and stay spooled for more than 10 s.
    await stack('kafka-stop');
    kafkaStopped = true;
    outage.from = Date.now();
    for (let i = 0; i < 2; i++) expect((await call('GET', '/Patient/p1')).status).toBe(200);
    await sleep(14_000);
    await stack('kafka-start');
    kafkaStopped = false;
    outage.to = Date.now();
    const runtime = wardgate.runtime!;
    const drained = Date.now() + 90_000;
    while (runtime.audit.health().pending > 0 && Date.now() < drained) await sleep(250);
    expect((await call('GET', '/Patient/p1')).status).toBe(200);
    await wardgate.stop();
  }, 240_000);

  it('the report from the topic has exactly the figures of the mix', async () => {
    const brokers = stackEnv('WARDGATE_TEST_KAFKA_BROKERS');
    const out = path.join(OUT, 'report.json');
    const cli = { stdout: new PassThrough(), stderr: new PassThrough() };
    let err = '';
    cli.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await runAuditCommand(['report', '--brokers', brokers, '--topic', topic, '--key', `e2e-key=${path.join(OUT, 'audit-key.pub')}`, '--format', 'json', '--out', out], cli);
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8')) as AuditReport;
    const events = (await readAuditTopic({ connection: { brokers: brokers.split(','), clientId: 'e2e-check' }, topic, logger: createSilentLogger() })) as Array<{ time: string; kind: string }>;

    expect(report.integrity).toMatchObject({ ok: true, findings: [], keyIds: ['e2e-key'], unsignedEvents: 0, excluded: {} });
    expect(report.integrity.chains).toHaveLength(1);
    expect(report.integrity.eventsInReport).toBe(report.integrity.records - report.integrity.duplicates);

    // 2 reads + metadata + DDL + (held, retried) write + expiring write + 2 spooled reads + 1 read after.
    expect(report.access.total).toBe(10);
    expect(report.access.byDecision).toEqual({ allow: 6, deny: 1, hold: 3, dry_run_allow: 0 });
    expect(report.access.byEnforced).toEqual({ allow: 7, deny: 1, hold: 2 });
    expect(report.access.byUser).toEqual([{ key: 'alice', count: 10 }]);
    expect(report.access.byCommandKind.find((k) => k.key === 'sql:ddl')).toEqual({ key: 'sql:ddl', count: 1 });
    expect(report.access.requests.map((r) => [r.method, r.decision, r.enforced, r.ruleId])).toEqual([
      ['GET', 'allow', 'allow', 'clinician-reads'],
      ['GET', 'allow', 'allow', 'clinician-reads'],
      ['GET', 'allow', 'allow', 'metadata'],
      ['POST', 'deny', 'deny', 'no-ddl'],
      ['POST', 'hold', 'hold', 'writes-held'],
      ['POST', 'hold', 'allow', 'writes-held'],
      ['POST', 'hold', 'hold', 'writes-held'],
      ['GET', 'allow', 'allow', 'clinician-reads'],
      ['GET', 'allow', 'allow', 'clinician-reads'],
      ['GET', 'allow', 'allow', 'clinician-reads'],
    ]);

    // Every allowed request has its session; the PHI reads were masked; /metadata passed unmasked.
    expect(report.masking.sessions).toBe(7);
    expect(report.masking.exceptions.passedUnmasked.total).toBe(1);
    expect(report.masking.exceptions.passedUnmasked.items[0]).toMatchObject({ ruleId: 'metadata', maskingProfile: 'none' });
    for (const list of ['blocked', 'missingSummary', 'decisionWithoutSession', 'sessionWithoutDecision'] as const) expect(report.masking.exceptions[list].total, list).toBe(0);
    const masked = report.masking.sessionList.filter((s) => s.masked > 0);
    expect(masked).toHaveLength(5);
    expect(masked.every((s) => s.categories.name === 1 && s.categories.ssn === 1 && s.categories.email === 1)).toBe(true);
    expect(report.masking.byProfile).toEqual([{ profile: 'none', sessions: 1, maskedValues: 0 }, { profile: 'strict', sessions: 6, maskedValues: report.masking.maskedValues }]);

    expect(report.approvals.holds.total).toBe(2);
    expect(report.approvals.byOutcome).toEqual({ pending: 0, approved: 1, denied: 0, expired: 1 });
    expect(report.approvals.expiredUnanswered).toBe(1);
    const [approved, expired] = report.approvals.holds.items;
    expect(approved).toMatchObject({ approvalId: ids.approved, user: 'alice', outcome: 'approved', decidedBy: 'bob', ruleId: 'writes-held', comment: 'ok for [REDACTED:NAME]' });
    expect(approved!.timeToDecisionMs).toBeGreaterThanOrEqual(0);
    expect(expired).toMatchObject({ approvalId: ids.expired, outcome: 'expired' });
    expect(report.approvals.grants.total).toBe(2);
    expect(report.approvals.directGrants).toBe(1);
    const byId = new Map(report.approvals.grants.items.map((g) => [g.id, g]));
    expect(byId.get(approved!.grantId!)).toMatchObject({ source: 'approval', approvalId: ids.approved, issuedBy: ['bob'], usesAtIssue: 1, useCount: 1, end: 'used_up' });
    expect(byId.get(ids.adminGrant!)).toMatchObject({ source: 'admin', issuedBy: ['dana'], subjectUser: 'carol', useCount: 0, end: 'active' });
    // The TTL is measured from the grant.issued event, sealed a few ms after the grant was made.
    expect(byId.get(approved!.grantId!)!.ttlMs).toBeGreaterThan(299_000);
    expect(byId.get(approved!.grantId!)!.ttlMs).toBeLessThanOrEqual(300_000);
    expect(byId.get(ids.adminGrant!)!.ttlMs).toBeGreaterThan(599_000);
    expect(byId.get(ids.adminGrant!)!.ttlMs).toBeLessThanOrEqual(600_000);

    expect(report.policy.versions.total).toBe(2);
    expect(report.policy.rejected.total).toBe(1);

    // The spooled events: exactly those sealed while Kafka was down, all delivered > 10 s late.
    const sealedInOutage = events.filter((e) => Date.parse(e.time) >= outage.from && Date.parse(e.time) < outage.to - 10_000).length;
    expect(sealedInOutage).toBeGreaterThanOrEqual(4);
    expect(report.exceptions.lateDelivered).toEqual({ count: sealedInOutage, thresholdMs: 10_000, known: true });
    expect(report.exceptions.failOpen.total).toBe(0);
    expect(report.exceptions.starts.total).toBe(1);
    expect(report.exceptions.starts.items[0]!.stoppedAt).toBeDefined();
    expect(report.exceptions.restarts).toBe(0);
    expect(report.exceptions.uncleanStops).toBe(0);
    expect(report.exceptions.keyChanges.total).toBe(0);

    // No PHI in the report, whatever the form.
    const text = JSON.stringify(report);
    for (const value of Object.values(PHI)) for (const form of [value, encodeURIComponent(value)]) expect(text).not.toContain(form);
    await writeFile(path.join(OUT, 'figures.txt'), JSON.stringify({ access: report.access.byDecision, sessions: report.masking.sessions, late: report.exceptions.lateDelivered }, null, 2));
  }, 180_000);

  it('a tampered copy of the topic (one decision edited) gets a report that opens with the failure, exit 1', async () => {
    const brokers = stackEnv('WARDGATE_TEST_KAFKA_BROKERS');
    const events = (await readAuditTopic({ connection: { brokers: brokers.split(','), clientId: 'e2e-copy' }, topic, logger: createSilentLogger() })) as SealedAuditEvent[];
    const victim = events.findIndex((e) => e.kind === 'access.decision' && e.decision?.action === 'deny');
    expect(victim).toBeGreaterThan(0);
    const tampered = events.map((e, i) => (i === victim ? { ...e, decision: { ...e.decision!, action: 'allow' as const, enforced: 'allow' as const } } : e));
    const copyTopic = `${topic}-tampered`;
    await createTopic(brokers.split(','), copyTopic);
    await produceRaw(brokers.split(','), copyTopic, tampered);
    const out = path.join(OUT, 'report-tampered.html');
    const cli = { stdout: new PassThrough(), stderr: new PassThrough() };
    const code = await runAuditCommand(['report', '--brokers', brokers, '--topic', copyTopic, '--key', `e2e-key=${path.join(OUT, 'audit-key.pub')}`, '--out', out], cli);
    expect(code).toBe(1);
    const html = await readFile(out, 'utf8');
    const body = html.slice(html.indexOf('</header>'));
    expect(body.indexOf('<section')).toBe(body.indexOf('<section id="failure" class="failure">'));
    expect(body.slice(0, body.indexOf('id="integrity"'))).toContain('hash_mismatch');
    // The edited decision is not in the report: the DDL deny is neither a deny nor an allow there.
    expect(html).toMatch(/data-figure="access\.total">9</);
    expect(html).toMatch(/data-figure="access\.byDecision\.deny">0</);
    await deleteTopics(brokers.split(','), [copyTopic]);
  }, 180_000);
});
