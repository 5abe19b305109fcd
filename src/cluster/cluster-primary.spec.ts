import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSilentLogger } from '../logging/logger.js';
import { ClusterPrimary, type WorkerProcess } from './cluster-primary.js';
import type { ClusterMessage } from './cluster-messages.js';

/** A worker process that exits when told to (or refuses to, for the SIGKILL case). */
class FakeWorker implements WorkerProcess {
  readonly signals: string[] = [];
  readonly sent: ClusterMessage[] = [];
  private exitListener: ((code: number | null, signal: string | null) => void) | undefined;
  private messageListener: ((message: unknown) => void) | undefined;
  alive = true;

  constructor(
    readonly slot: number,
    private readonly ignoresTerm = false,
  ) {}

  send(message: ClusterMessage): void {
    this.sent.push(message);
  }
  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    if (signal === 'SIGKILL') this.exit(null, 'SIGKILL');
    else if (!this.ignoresTerm) this.exit(0, null);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListener = listener;
  }
  exit(code: number | null, signal: string | null): void {
    if (!this.alive) return;
    this.alive = false;
    this.exitListener?.(code, signal);
  }
  message(message: unknown): void {
    this.messageListener?.(message);
  }
}

describe('ClusterPrimary', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function primary(processes: number, options: { ignoresTerm?: number[] } = {}) {
    const spawned: FakeWorker[] = [];
    const cluster = new ClusterPrimary({
      processes,
      logger: createSilentLogger(),
      shutdownGraceMs: 1000,
      restart: { initialDelayMs: 100, maxDelayMs: 1000, maxCrashes: 3, windowMs: 60_000 },
      now: () => Date.now(),
      spawn: (slot) => {
        expect(slot.count).toBe(processes);
        const worker = new FakeWorker(slot.index, options.ignoresTerm?.includes(slot.index) ?? false);
        spawned.push(worker);
        return worker;
      },
    });
    return { cluster, spawned, live: () => spawned.filter((w) => w.alive) };
  }

  it('starts one worker per slot, and on stop sends SIGTERM to each and exits 0 once all drained', async () => {
    const { cluster, spawned } = primary(3);
    const exited = cluster.run();
    expect(spawned.map((w) => w.slot)).toEqual([0, 1, 2]);
    cluster.stop();
    expect(spawned.map((w) => w.signals)).toEqual([['SIGTERM'], ['SIGTERM'], ['SIGTERM']]);
    await expect(exited).resolves.toBe(0);
  });

  it('restarts a crashed worker in its own slot after a backoff, and the others keep running', async () => {
    const { cluster, spawned, live } = primary(2);
    const exited = cluster.run();
    spawned[1]!.exit(137, 'SIGKILL');
    expect(live().map((w) => w.slot)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(99);
    expect(spawned).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(spawned.map((w) => w.slot)).toEqual([0, 1, 1]);
    expect(live().map((w) => w.slot)).toEqual([0, 1]);
    cluster.stop();
    await expect(exited).resolves.toBe(0);
  });

  it('gives up when one slot keeps crashing: stops the others and exits 1', async () => {
    const { cluster, spawned, live } = primary(2);
    const exited = cluster.run();
    for (let crash = 0; crash < 2; crash += 1) {
      spawned.filter((w) => w.slot === 0 && w.alive)[0]!.exit(1, null);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(live()).toHaveLength(2);
    spawned.filter((w) => w.slot === 0 && w.alive)[0]!.exit(1, null);
    await expect(exited).resolves.toBe(1);
    expect(live()).toHaveLength(0);
    expect(spawned.find((w) => w.slot === 1)!.signals).toEqual(['SIGTERM']);
  });

  it('does not restart a worker that exits while the cluster stops, and cancels a pending restart', async () => {
    const { cluster, spawned } = primary(2);
    const exited = cluster.run();
    spawned[0]!.exit(1, null);
    cluster.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(spawned).toHaveLength(2);
    await expect(exited).resolves.toBe(0);
  });

  it('kills a worker still running after the grace period and reports the exit as failed', async () => {
    const { cluster, spawned } = primary(2, { ignoresTerm: [1] });
    const exited = cluster.run();
    cluster.stop();
    await vi.advanceTimersByTimeAsync(1000 + 4999);
    expect(spawned[1]!.alive).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(spawned[1]!.signals).toEqual(['SIGTERM', 'SIGKILL']);
    await expect(exited).resolves.toBe(1);
  });

  it('relays a worker\'s gather to every live worker and sends the answers back to the asker', async () => {
    const { cluster, spawned } = primary(2);
    const exited = cluster.run();
    spawned[0]!.message({ wardgate: 'gather', id: 7, query: 'readiness' });
    const collects = spawned.map((w) => w.sent.find((m) => m.wardgate === 'collect'));
    expect(collects.every((m) => m?.wardgate === 'collect' && m.query === 'readiness')).toBe(true);
    const id = collects[0]!.id;
    spawned[1]!.message({ wardgate: 'answer', id, worker: 1, answer: { ready: false } });
    spawned[0]!.message({ wardgate: 'answer', id, worker: 0, answer: { ready: true } });
    expect(spawned[0]!.sent.at(-1)).toEqual({ wardgate: 'gathered', id: 7, answers: [{ worker: 0, answer: { ready: true } }, { worker: 1, answer: { ready: false } }], missing: [] });
    expect(spawned[1]!.sent.some((m) => m.wardgate === 'gathered')).toBe(false);
    cluster.stop();
    await exited;
  });
});
