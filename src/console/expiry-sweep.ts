import type { Logger } from '../logging/logger.js';
import type { ConsoleSessions } from './console-sessions.js';

export interface ExpirySweepOptions {
  sessions: Pick<ConsoleSessions, 'sweep'>;
  everyMs: number;
  logger: Logger;
}

/**
 * Runs `ConsoleSessions.sweep` on a timer, so that a session nobody comes back to still gets its
 * `expired_idle` / `expired_absolute` event. A failed sweep (Redis down) is logged; the next retries.
 */
export class ExpirySweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: ExpirySweepOptions) {}

  start(): this {
    if (this.timer !== undefined || this.stopped) return this;
    this.timer = setInterval(() => void this.runOnce(), this.options.everyMs);
    // The sweep alone must not keep a process alive.
    this.timer.unref();
    return this;
  }

  /** One sweep now (also what the timer runs); a sweep still running is joined, not doubled. */
  runOnce(): Promise<void> {
    this.running ??= this.options.sessions.sweep().then(
      (ended) => {
        if (ended > 0) this.options.logger.info({ ended }, 'console sessions expired');
      },
      (err: unknown) => this.options.logger.warn({ err }, 'console session sweep failed'),
    ).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Idempotent; waits for a sweep under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
