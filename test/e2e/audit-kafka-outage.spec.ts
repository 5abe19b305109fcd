import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { createTopicIfMissing } from '../../src/audit/audit-topic.js';
import { readAuditTopic } from '../../src/audit/kafka-audit-reader.js';
import { verifyAuditEvents } from '../../src/audit/audit-verifier.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { EnvoyProcess, buildBootstrap } from '../support/envoy-process.js';
import { stack } from '../support/stack-control.js';
import { stackEnv } from '../support/stack-env.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue #6: under steady load through a real Envoy, Kafka goes away for 20+ seconds and comes
// back; every request's events end up in the topic, in a chain that verifies.
const PHI_NAME = 'Hildegard Oosterhuis';
const PHI_SSN = '219-09-9999';

describe('audit to Kafka survives a broker outage', () => {
  const upstream = new UpstreamServer();
  const topic = `wardgate-audit-e2e-${randomUUID()}`;
  const keys = generateKeyPairSync('ed25519');
  let wardgate: TestWardgate;
  let envoy: EnvoyProcess;
  let kafkaStopped = false;

  beforeAll(async () => {
    // The harness creates the topic the way operators are told to (docs/audit.md).
    const admin = new Kafka({ clientId: 'e2e-setup', brokers: stackEnv('WARDGATE_TEST_KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await createTopicIfMissing(admin, { topic, partitions: 3, replicationFactor: 1 });
    await admin.disconnect();
    upstream.route('/Patient/p1', (_req, res) => {
      const body = JSON.stringify({ resourceType: 'Patient', name: [{ text: PHI_NAME }], identifier: [{ system: 'urn:ssn', value: PHI_SSN }], gender: 'other' });
      res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await upstream.start();
    wardgate = new TestWardgate({
      policy: { version: 1, defaults: { action: 'allow', maskingProfile: 'strict' }, rules: [] },
      config: {},
    });
    const keyFile = path.join(wardgate.dir, 'audit-signing.pem');
    writeFileSync(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    (wardgate as unknown as { options: { config: Record<string, unknown> } }).options.config = {
      audit: {
        sink: 'kafka',
        kafka: { brokers: stackEnv('WARDGATE_TEST_KAFKA_BROKERS').split(','), topic, sendTimeoutMs: '3s', lingerMs: '10ms' },
        signing: { alg: 'ed25519', keyId: 'e2e-key', keyFile },
        checkpoint: { everyEvents: 25, everyMs: '2s' },
      },
    };
    await wardgate.start();
    envoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: wardgate.grpcPort, upstreamPort: upstream.port })).start();
  });

  afterAll(async () => {
    if (kafkaStopped) await stack('kafka-start');
    await envoy?.stop();
    await wardgate?.cleanup();
    await upstream.stop();
  });

  it('loses no event: requests before, during and after a 20 s outage are all in the topic', async () => {
    let ok = 0;
    let failed = 0;
    const load = async (ms: number): Promise<void> => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const res = await fetch(envoy.url('/Patient/p1'));
        const text = await res.text();
        if (res.status === 200 && !text.includes(PHI_NAME)) ok += 1;
        else failed += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    await load(3_000);
    await stack('kafka-stop');
    kafkaStopped = true;
    const outageStarted = Date.now();
    await load(20_000);
    const duringOutage = ok;
    await stack('kafka-start');
    kafkaStopped = false;
    expect(Date.now() - outageStarted).toBeGreaterThanOrEqual(20_000);
    await load(3_000);
    expect(failed).toBe(0);
    expect(duringOutage).toBeGreaterThan(50);

    // Wait for the spool to drain to Kafka.
    const runtime = wardgate.runtime!;
    const deadline = Date.now() + 90_000;
    while (runtime.audit.health().pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await runtime.audit.flush();

    const events = (await readAuditTopic({
      connection: { brokers: stackEnv('WARDGATE_TEST_KAFKA_BROKERS').split(','), clientId: 'e2e-verify' },
      topic,
      logger: createSilentLogger(),
    })) as Array<Record<string, unknown>>;
    const decisions = events.filter((e) => e.kind === 'access.decision');
    const sessions = events.filter((e) => e.kind === 'access.session');
    // eslint-disable-next-line no-console
    console.log(`requests ${ok}, decision events ${decisions.length}, session events ${sessions.length}, all events ${events.length}`);
    expect(decisions).toHaveLength(ok);
    expect(sessions).toHaveLength(ok);

    const report = await verifyAuditEvents(events, { keys: new Map([['e2e-key', keys.publicKey]]) });
    expect(report.findings).toEqual([]);
    expect(report.chains.every((c) => c.ok)).toBe(true);
    expect(report.ok).toBe(true);

    const everything = JSON.stringify(events) + wardgate.logLines.join('\n');
    expect(everything).not.toContain(PHI_NAME);
    expect(everything).not.toContain(PHI_SSN);
  }, 240_000);
});
