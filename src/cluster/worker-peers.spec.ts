import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterMessage, IpcChannel } from './cluster-messages.js';
import { WorkerPeers } from './worker-peers.js';

class FakeChannel implements IpcChannel {
  readonly sent: ClusterMessage[] = [];
  private listener: ((message: unknown) => void) | undefined;
  send(message: ClusterMessage): void {
    this.sent.push(message);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.listener = listener;
  }
  deliver(message: unknown): void {
    this.listener?.(message);
  }
}

describe('WorkerPeers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a gather and resolves with the primary\'s answers', async () => {
    const channel = new FakeChannel();
    const peers = new WorkerPeers({ worker: 1, channel });
    const gathered = peers.gather('readiness');
    const sent = channel.sent[0]!;
    expect(sent).toMatchObject({ wardgate: 'gather', query: 'readiness' });
    channel.deliver({ wardgate: 'gathered', id: sent.id, answers: [{ worker: 0, answer: { ready: true, state: 'SERVING', failing: [] } }], missing: [1] });
    await expect(gathered).resolves.toEqual({ answers: [{ worker: 0, answer: { ready: true, state: 'SERVING', failing: [] } }], missing: [1] });
  });

  it('fails a gather the primary does not answer in time', async () => {
    const peers = new WorkerPeers({ worker: 0, channel: new FakeChannel(), timeoutMs: 200 });
    const gathered = peers.gather('metrics');
    const settled = expect(gathered).rejects.toThrow(/did not answer a metrics query in 200 ms/);
    await vi.advanceTimersByTimeAsync(200);
    await settled;
  });

  it('answers a collect with its own metrics or readiness, and not at all before it serves', async () => {
    const channel = new FakeChannel();
    const peers = new WorkerPeers({ worker: 2, channel });
    channel.deliver({ wardgate: 'collect', id: 9, query: 'metrics' });
    await vi.advanceTimersByTimeAsync(0);
    expect(channel.sent).toEqual([]);
    peers.answerWith({ metrics: () => [], readiness: () => Promise.resolve({ ready: false, state: 'DRAINING', failing: [] }) });
    channel.deliver({ wardgate: 'collect', id: 10, query: 'readiness' });
    await vi.advanceTimersByTimeAsync(0);
    expect(channel.sent).toEqual([{ wardgate: 'answer', id: 10, worker: 2, answer: { ready: false, state: 'DRAINING', failing: [] } }]);
  });
});
