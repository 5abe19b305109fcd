import { afterEach, describe, expect, it } from 'vitest';
import type { PeerAnswers, PeerQuery } from '../cluster/cluster-messages.js';
import type { LocalAnswers, ProcessPeers } from '../cluster/worker-peers.js';
import { createSilentLogger } from '../logging/logger.js';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { OpsHttpServer, type ReadinessCheck } from './http-server.js';

/** The other process of a two-process pod, answering as told; this process answers for itself. */
class TwoProcessPeers implements ProcessPeers {
  readonly worker = 0;
  local: LocalAnswers | undefined;
  other: { metrics: ReturnType<MetricsRegistry['snapshot']>; ready: boolean } | 'missing' | 'primary-gone' = 'missing';

  answerWith(local: LocalAnswers): void {
    this.local = local;
  }

  async gather<Q extends PeerQuery>(query: Q): Promise<PeerAnswers<Q>> {
    if (this.other === 'primary-gone') throw new Error('no IPC channel to the cluster primary');
    const own = query === 'metrics' ? this.local!.metrics() : await this.local!.readiness();
    const answers: Array<{ worker: number; answer: unknown }> = [{ worker: 0, answer: own }];
    if (this.other !== 'missing') answers.push({ worker: 1, answer: query === 'metrics' ? this.other.metrics : { ready: this.other.ready, state: 'SERVING', failing: this.other.ready ? [] : ['grants'] } });
    return { answers, missing: this.other === 'missing' ? [1] : [] } as PeerAnswers<Q>;
  }
}

describe('OpsHttpServer with peers (server.processes > 1)', () => {
  const servers: OpsHttpServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  async function start(peers: TwoProcessPeers, readiness: ReadinessCheck[] = []) {
    const registry = new MetricsRegistry();
    registry.counter('wardgate_checks_total', 'checks').inc({}, 3);
    const server = new OpsHttpServer({ host: '127.0.0.1', port: 0, logger: createSilentLogger(), registry, state: () => 'SERVING', readiness, readinessTimeoutMs: 500, peers });
    servers.push(server);
    const port = await server.listen();
    return { url: `http://127.0.0.1:${port}`, registry };
  }

  it('serves the pod\'s metrics: counters summed across processes, gauges per worker', async () => {
    const peers = new TwoProcessPeers();
    const { url } = await start(peers);
    const other = new MetricsRegistry();
    other.counter('wardgate_checks_total', 'checks').inc({}, 4);
    peers.other = { metrics: other.snapshot(), ready: true };
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('wardgate_checks_total 7');
  });

  it('refuses to serve a scrape when the other processes cannot be asked (a partial one would read as a counter reset)', async () => {
    const peers = new TwoProcessPeers();
    peers.other = 'primary-gone';
    const { url } = await start(peers);
    expect((await fetch(`${url}/metrics`)).status).toBe(503);
  });

  it('is ready only when every process is: a missing or failing process makes the pod not ready', async () => {
    const peers = new TwoProcessPeers();
    const { url } = await start(peers);
    peers.other = { metrics: [], ready: true };
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { workers: unknown[] }).workers).toEqual([
      { worker: 0, ready: true, state: 'SERVING', failing: [] },
      { worker: 1, ready: true, state: 'SERVING', failing: [] },
    ]);
    peers.other = { metrics: [], ready: false };
    const failing = await fetch(`${url}/readyz`);
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ status: 'not_ready', failing: ['grants'] });
    peers.other = 'missing';
    const missing = await fetch(`${url}/readyz`);
    expect(missing.status).toBe(503);
    expect(await missing.json()).toMatchObject({ workers: [{ worker: 0, ready: true }, { worker: 1, ready: false, state: 'UNREACHABLE' }] });
    peers.other = 'primary-gone';
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  });

  it('is not ready when its own dependency fails, whatever the others say', async () => {
    const peers = new TwoProcessPeers();
    peers.other = { metrics: [], ready: true };
    const { url } = await start(peers, [{ name: 'audit', check: () => Promise.reject(new Error('spool full')) }]);
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ failing: ['audit'] });
  });
});
