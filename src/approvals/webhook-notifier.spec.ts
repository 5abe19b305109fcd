import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logging/logger.js';
import type { ApprovalRequest } from './approval.js';
import { WebhookNotifier, webhookMessage } from './webhook-notifier.js';

const request: ApprovalRequest = {
  id: 'k3J9x0aQ2mZp8rT5vW1yBc',
  status: 'pending',
  requester: { user: 'dev@example.org', userGroups: ['eng'], agent: 'spiffe://cluster.local/ns/agents/sa/coder' },
  command: "SELECT * FROM patients WHERE name = '***'",
  commandKinds: ['sql:select'],
  destination: 'sql.clinical.svc',
  method: 'POST',
  path: '/Patient/MRN-778899',
  fingerprint: 'fp',
  ruleId: 'sql-read',
  reason: 'needs approval',
  approverGroups: ['phi-approvers'],
  approvalsRequired: 2,
  grantTtlMs: 60_000,
  correlationId: 'corr',
  createdAt: 0,
  expiresAt: 1,
  votes: [],
};

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  servers = [];
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
}

describe('webhookMessage', () => {
  it('names id, destination, method, rule and who, and nothing that may hold PHI', () => {
    const message = webhookMessage('requested', request);
    const all = JSON.stringify(message);
    for (const fact of [request.id, 'sql.clinical.svc', 'POST', 'sql-read', 'dev@example.org', 'phi-approvers']) expect(all).toContain(fact);
    for (const secret of ['MRN-778899', 'SELECT', 'patients', '/Patient']) expect(all).not.toContain(secret);
    expect(webhookMessage('approved', request, 'alice').text).toContain('approved (by alice)');
  });

  it('says what approving grants: exactly this request, and records the masked destination', () => {
    const message = JSON.stringify(webhookMessage('requested', { ...request, commandHash: 'h', recordedDestination: '[REDACTED]', destination: 'jane testperson' }));
    expect(message).toContain('*Approving grants:* exactly this POST to [REDACTED] (literal path and command, no wildcards');
    expect(message).not.toContain('testperson');
  });
});

describe('WebhookNotifier', () => {
  it('retries with backoff until the webhook accepts: fails twice, then succeeds', async () => {
    const received: string[] = [];
    const url = await serve((req, res, n) => {
      void body(req).then((text) => {
        received.push(text);
        res.statusCode = n <= 2 ? 503 : 200;
        res.end();
      });
    });
    const notifier = new WebhookNotifier({ url, logger: createSilentLogger(), initialBackoffMs: 20, timeoutMs: 1000 });
    const started = Date.now();
    notifier.notify('requested', request);
    expect(Date.now() - started).toBeLessThan(250);
    await notifier.drain();
    expect(received).toHaveLength(3);
    expect(JSON.parse(received[2]!)).toEqual(webhookMessage('requested', request));
    expect(Date.now() - started).toBeGreaterThanOrEqual(60); // 20 + 40 ms of backoff
    await notifier.close();
  });

  it('leaves no listener on its close signal once retries are over', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const notifier = new WebhookNotifier({ url, logger: createSilentLogger(), maxAttempts: 3, initialBackoffMs: 5 });
    for (let i = 0; i < 4; i++) notifier.notify('requested', request);
    await notifier.drain();
    const closeSignal = (notifier as unknown as { abort: AbortController }).abort.signal;
    expect(getEventListeners(closeSignal, 'abort')).toHaveLength(0);
    await notifier.close();
  });

  it('gives up on a hanging webhook after its bounded tries, without blocking the caller', async () => {
    let hits = 0;
    const url = await serve(() => {
      hits++; // never answers
    });
    const notifier = new WebhookNotifier({ url, logger: createSilentLogger(), timeoutMs: 100, maxAttempts: 3, initialBackoffMs: 10 });
    const started = Date.now();
    notifier.notify('denied', request, 'bob');
    expect(Date.now() - started).toBeLessThan(250);
    await notifier.drain();
    expect(hits).toBe(3);
    expect(Date.now() - started).toBeLessThan(1500);
    await notifier.close();
  });

  it('does not retry a 4xx refusal, and close() aborts deliveries still in flight', async () => {
    let hits = 0;
    const refusing = await serve((_req, res) => {
      hits++;
      res.statusCode = 400;
      res.end();
    });
    const notifier = new WebhookNotifier({ url: refusing, logger: createSilentLogger(), initialBackoffMs: 10 });
    notifier.notify('expired', request);
    await notifier.drain();
    expect(hits).toBe(1);

    const hanging = await serve(() => undefined);
    const slow = new WebhookNotifier({ url: hanging, logger: createSilentLogger(), timeoutMs: 60_000 });
    slow.notify('requested', request);
    const started = Date.now();
    await slow.close(50);
    expect(Date.now() - started).toBeLessThan(1000);
    slow.notify('requested', request); // ignored after close
    await slow.drain();
  });
});
