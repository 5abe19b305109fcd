import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterMessage } from './cluster-messages.js';
import { PeerRelay, type RelayWorker } from './peer-relay.js';

describe('PeerRelay', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const worker = (slot: number): RelayWorker & { sent: ClusterMessage[] } => {
    const sent: ClusterMessage[] = [];
    return { slot, sent, send: (m) => sent.push(m) };
  };

  it('answers with what came in time and names the slots that did not answer (a slow or restarting worker)', async () => {
    const workers = [worker(0), worker(1)];
    const relay = new PeerRelay(() => workers, 3, 500);
    relay.receive(workers[0]!, { wardgate: 'gather', id: 1, query: 'metrics' });
    const id = workers[0]!.sent[0]!.id;
    relay.receive(workers[0]!, { wardgate: 'answer', id, worker: 0, answer: ['m0'] });
    await vi.advanceTimersByTimeAsync(500);
    expect(workers[0]!.sent.at(-1)).toEqual({ wardgate: 'gathered', id: 1, answers: [{ worker: 0, answer: ['m0'] }], missing: [1, 2] });
    // A late answer changes nothing.
    relay.receive(workers[1]!, { wardgate: 'answer', id, worker: 1, answer: ['m1'] });
    expect(workers[0]!.sent.filter((m) => m.wardgate === 'gathered')).toHaveLength(1);
  });

  it('does not wait for a worker that exits, and ignores messages that are not its own or answers twice', () => {
    const workers = [worker(0), worker(1)];
    const relay = new PeerRelay(() => workers, 2, 500);
    relay.receive(workers[1]!, { wardgate: 'gather', id: 4, query: 'readiness' });
    const id = workers[1]!.sent[0]!.id;
    relay.receive(workers[1]!, 'not ours');
    relay.receive(workers[1]!, { wardgate: 'answer', id, worker: 1, answer: { ready: true } });
    relay.receive(workers[1]!, { wardgate: 'answer', id, worker: 1, answer: { ready: false } });
    relay.workerExited(0);
    expect(workers[1]!.sent.at(-1)).toEqual({ wardgate: 'gathered', id: 4, answers: [{ worker: 1, answer: { ready: true } }], missing: [0] });
  });
});
