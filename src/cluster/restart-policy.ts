/** When a crashed worker is started again, and when the primary stops trying. */
export interface RestartPolicy {
  /** First restart delay; doubles with each crash in the window. @default 250 */
  initialDelayMs: number;
  /** @default 10000 */
  maxDelayMs: number;
  /** Crashes of one slot within `windowMs` after which the primary gives up and stops. @default 5 */
  maxCrashes: number;
  /** @default 60000 */
  windowMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { initialDelayMs: 250, maxDelayMs: 10_000, maxCrashes: 5, windowMs: 60_000 };

/**
 * One slot's crash history. A worker that keeps crashing (a bad disk, a broken dependency it
 * cannot start without) is not restarted forever: the pod fails, and Kubernetes shows why.
 */
export class CrashHistory {
  private readonly crashes: number[] = [];

  constructor(private readonly policy: RestartPolicy) {}

  /** Records a crash at `now`; the delay before the restart, or undefined to give up. */
  crashed(now: number): number | undefined {
    this.crashes.push(now);
    while (this.crashes.length > 0 && this.crashes[0]! <= now - this.policy.windowMs) this.crashes.shift();
    const recent = this.crashes.length;
    if (recent >= this.policy.maxCrashes) return undefined;
    return Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** (recent - 1));
  }
}
