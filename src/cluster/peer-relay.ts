import { isClusterMessage, type ClusterMessage, type PeerQuery } from './cluster-messages.js';

/** The primary's view of one live worker, for relaying. */
export interface RelayWorker {
  readonly slot: number;
  send(message: ClusterMessage): void;
}

interface Pending {
  asker: RelayWorker;
  askerId: number;
  expected: Set<number>;
  answers: Array<{ worker: number; answer: unknown }>;
  timer: NodeJS.Timeout;
}

/**
 * The primary relays a worker's gather to every live worker and sends back what came in time:
 * the primary holds no state of its own to answer with (it serves nothing), so a slow or dead
 * worker shows as `missing` rather than holding up the scrape or the probe.
 */
export class PeerRelay {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly workers: () => readonly RelayWorker[],
    private readonly slots: number,
    private readonly timeoutMs = 1500,
  ) {}

  /** A message from `from` (any message on its channel; not ours is ignored). */
  receive(from: RelayWorker, message: unknown): void {
    if (!isClusterMessage(message)) return;
    if (message.wardgate === 'gather') this.gather(from, message.id, message.query);
    else if (message.wardgate === 'answer') this.answer(message.id, message.worker, message.answer);
  }

  /** A worker left: nothing more will come from it. */
  workerExited(slot: number): void {
    for (const [id, pending] of this.pending) {
      if (pending.expected.delete(slot) && pending.expected.size === 0) this.finish(id);
    }
  }

  close(): void {
    for (const id of [...this.pending.keys()]) this.finish(id);
  }

  private gather(asker: RelayWorker, askerId: number, query: PeerQuery): void {
    const id = this.nextId++;
    const live = this.workers();
    const timer = setTimeout(() => this.finish(id), this.timeoutMs);
    timer.unref();
    this.pending.set(id, { asker, askerId, expected: new Set(live.map((w) => w.slot)), answers: [], timer });
    for (const worker of live) {
      try {
        worker.send({ wardgate: 'collect', id, query });
      } catch {
        this.workerExited(worker.slot);
      }
    }
    if (live.length === 0) this.finish(id);
  }

  private answer(id: number, worker: number, answer: unknown): void {
    const pending = this.pending.get(id);
    if (pending === undefined || !pending.expected.delete(worker)) return;
    pending.answers.push({ worker, answer });
    if (pending.expected.size === 0) this.finish(id);
  }

  private finish(id: number): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const answered = new Set(pending.answers.map((a) => a.worker));
    const missing = Array.from({ length: this.slots }, (_, slot) => slot).filter((slot) => !answered.has(slot));
    pending.answers.sort((a, b) => a.worker - b.worker);
    try {
      pending.asker.send({ wardgate: 'gathered', id: pending.askerId, answers: pending.answers, missing });
    } catch {
      // The asker is gone.
    }
  }
}
