import type { MetricSnapshot } from '../metrics/metrics-registry.js';
import { isClusterMessage, type IpcChannel, type PeerAnswers, type PeerQuery, type ReadinessAnswer } from './cluster-messages.js';

/** How this process answers the others (its own metrics and readiness). */
export interface LocalAnswers {
  metrics(): MetricSnapshot[];
  readiness(): Promise<ReadinessAnswer>;
}

/** The other processes of the pod, as one process sees them. */
export interface ProcessPeers {
  readonly worker: number;
  /** Asks every process, this one included (through the primary), bounded by the primary's timeout. */
  gather<Q extends PeerQuery>(query: Q): Promise<PeerAnswers<Q>>;
  answerWith(local: LocalAnswers): void;
}

export interface WorkerPeersOptions {
  worker: number;
  channel: IpcChannel;
  /** A gather the primary has not answered in this time fails (the primary is gone or stuck). @default 3000 */
  timeoutMs?: number;
}

/** A worker's side of the cluster IPC: sends gathers, answers collects. */
export class WorkerPeers implements ProcessPeers {
  readonly worker: number;
  private readonly channel: IpcChannel;
  private readonly timeoutMs: number;
  private readonly waiting = new Map<number, (answers: PeerAnswers<PeerQuery>) => void>();
  private nextId = 1;
  private local: LocalAnswers | undefined;

  constructor(options: WorkerPeersOptions) {
    this.worker = options.worker;
    this.channel = options.channel;
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.channel.onMessage((message) => this.receive(message));
  }

  answerWith(local: LocalAnswers): void {
    this.local = local;
  }

  gather<Q extends PeerQuery>(query: Q): Promise<PeerAnswers<Q>> {
    const id = this.nextId++;
    return new Promise<PeerAnswers<Q>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the cluster primary did not answer a ${query} query in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      timer.unref();
      this.waiting.set(id, (answers) => {
        clearTimeout(timer);
        resolve(answers as PeerAnswers<Q>);
      });
      try {
        this.channel.send({ wardgate: 'gather', id, query });
      } catch (err: unknown) {
        clearTimeout(timer);
        this.waiting.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private receive(message: unknown): void {
    if (!isClusterMessage(message)) return;
    if (message.wardgate === 'gathered') {
      const settle = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      settle?.({ answers: message.answers as PeerAnswers<PeerQuery>['answers'], missing: message.missing });
      return;
    }
    if (message.wardgate === 'collect') void this.answer(message.id, message.query);
  }

  private async answer(id: number, query: PeerQuery): Promise<void> {
    const local = this.local;
    // Not serving yet: no answer, so the primary counts this process as missing (not ready).
    if (local === undefined) return;
    let answer: unknown;
    try {
      answer = query === 'metrics' ? local.metrics() : await local.readiness();
    } catch {
      return;
    }
    try {
      this.channel.send({ wardgate: 'answer', id, worker: this.worker, answer });
    } catch {
      // The channel closed (the primary is gone): nobody is waiting for this answer.
    }
  }
}

/** The real channel: this worker's `process` (forked by node:cluster). */
export function processChannel(proc: NodeJS.Process = process): IpcChannel {
  return {
    send: (message) => {
      if (proc.send === undefined || !proc.connected) throw new Error('no IPC channel to the cluster primary');
      proc.send(message);
    },
    onMessage: (listener) => {
      proc.on('message', listener);
    },
  };
}
