import type { Logger } from '../logging/logger.js';
import type { WorkerSlot } from '../config/worker-slot.js';
import type { ClusterMessage } from './cluster-messages.js';
import { PeerRelay } from './peer-relay.js';
import { CrashHistory, defaultRestartPolicy, type RestartPolicy } from './restart-policy.js';

/** A forked worker process, as the primary handles it. */
export interface WorkerProcess {
  send(message: ClusterMessage): void;
  kill(signal: NodeJS.Signals): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
}

/** Starts one worker process for a slot (node:cluster in production). */
export type SpawnWorker = (slot: WorkerSlot) => WorkerProcess;

export interface ClusterPrimaryOptions {
  processes: number;
  spawn: SpawnWorker;
  logger: Logger;
  /** Workers get this long to drain after SIGTERM, then a margin, then SIGKILL. */
  shutdownGraceMs: number;
  restart?: RestartPolicy;
  now?: () => number;
}

interface Slot {
  index: number;
  worker: WorkerProcess | undefined;
  history: CrashHistory;
  restartTimer: NodeJS.Timeout | undefined;
}

/** Time past `shutdownGrace` before a worker that has not exited is killed. */
const KILL_MARGIN_MS = 5_000;

/**
 * The cluster's primary: starts one worker per slot, restarts a worker that dies (with backoff;
 * gives up when one slot keeps crashing), relays the workers' peer queries, and on stop sends
 * SIGTERM to every worker and SIGKILL to any still running after the grace period. It serves
 * nothing itself: the workers share the ports.
 */
export class ClusterPrimary {
  private readonly slots: Slot[];
  private readonly relay: PeerRelay;
  private readonly now: () => number;
  private stopping = false;
  private failed = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly exited: Promise<number>;
  private settle!: (code: number) => void;

  constructor(private readonly options: ClusterPrimaryOptions) {
    const policy = options.restart ?? defaultRestartPolicy;
    this.now = options.now ?? Date.now;
    this.slots = Array.from({ length: options.processes }, (_, index) => ({ index, worker: undefined, history: new CrashHistory(policy), restartTimer: undefined }));
    this.relay = new PeerRelay(
      () => this.slots.flatMap((slot) => (slot.worker === undefined ? [] : [{ slot: slot.index, send: (m: ClusterMessage) => slot.worker!.send(m) }])),
      options.processes,
    );
    this.exited = new Promise((resolve) => (this.settle = resolve));
  }

  /** Starts every worker; resolves with the exit code once every worker has exited after `stop` (or a give-up). */
  run(): Promise<number> {
    for (const slot of this.slots) this.start(slot);
    this.options.logger.info({ processes: this.options.processes }, 'cluster primary started its workers');
    return this.exited;
  }

  /** SIGTERM to every worker; SIGKILL to those still running after the grace period. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const slot of this.slots) {
      clearTimeout(slot.restartTimer);
      slot.restartTimer = undefined;
      slot.worker?.kill(signal);
    }
    this.killTimer = setTimeout(() => {
      for (const slot of this.slots) {
        if (slot.worker === undefined) continue;
        this.options.logger.error({ worker: slot.index }, 'worker did not exit within the shutdown grace period: killing it');
        slot.worker.kill('SIGKILL');
      }
    }, this.options.shutdownGraceMs + KILL_MARGIN_MS);
    this.killTimer.unref();
    this.settleWhenAllExited();
  }

  private start(slot: Slot): void {
    slot.restartTimer = undefined;
    const worker = this.options.spawn({ index: slot.index, count: this.options.processes });
    slot.worker = worker;
    const relayWorker = { slot: slot.index, send: (m: ClusterMessage) => worker.send(m) };
    worker.onMessage((message) => this.relay.receive(relayWorker, message));
    worker.onExit((code, signal) => this.exitedWorker(slot, worker, code, signal));
  }

  private exitedWorker(slot: Slot, worker: WorkerProcess, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    this.relay.workerExited(slot.index);
    if (this.stopping) {
      if (code !== 0) this.failed = true;
      this.settleWhenAllExited();
      return;
    }
    const delay = slot.history.crashed(this.now());
    if (delay === undefined) {
      this.options.logger.fatal({ worker: slot.index, code, signal }, 'worker keeps crashing: giving up and stopping the cluster');
      this.failed = true;
      this.stop();
      return;
    }
    this.options.logger.error({ worker: slot.index, code, signal, restartInMs: delay }, 'worker exited unexpectedly: restarting it');
    slot.restartTimer = setTimeout(() => this.start(slot), delay);
  }

  private settleWhenAllExited(): void {
    if (this.slots.some((slot) => slot.worker !== undefined)) return;
    clearTimeout(this.killTimer);
    this.relay.close();
    this.options.logger.info({ failed: this.failed }, 'every worker has exited');
    this.settle(this.failed ? 1 : 0);
  }
}
