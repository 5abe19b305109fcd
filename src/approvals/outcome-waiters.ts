import type { ApprovalOutcome } from './approval.js';

/** A registered wait: settle it, or arm its expiry once the request's expiry is known. */
export interface OutcomeWait {
  outcome: Promise<ApprovalOutcome>;
  resolve(outcome: ApprovalOutcome): void;
  /** Drops the wait without resolving it (the caller throws instead). */
  cancel(): void;
  /** At `ms` from now ask `atExpiry` for the outcome (normally 'expired'; a decision may race). */
  expireIn(ms: number, atExpiry: () => Promise<ApprovalOutcome>): void;
}

interface Waiter {
  resolve(outcome: ApprovalOutcome): void;
}

/**
 * Waiting `waitForOutcome` calls per request id, each with its own timeout, expiry timer and
 * abort signal. Registered BEFORE the current status is read, so a decision announced between
 * the read and the registration cannot be missed.
 */
export class OutcomeWaiters {
  private readonly waiters = new Map<string, Set<Waiter>>();

  register(id: string, timeoutMs: number, signal?: AbortSignal): OutcomeWait {
    const timers: NodeJS.Timeout[] = [];
    let settle!: (outcome: ApprovalOutcome | undefined) => void;
    const outcome = new Promise<ApprovalOutcome>((resolve) => {
      settle = (value) => {
        const set = this.waiters.get(id);
        if (!set?.delete(waiter)) return;
        if (set.size === 0) this.waiters.delete(id);
        for (const timer of timers) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (value !== undefined) resolve(value);
      };
    });
    const waiter: Waiter = { resolve: (value) => settle(value) };
    const onAbort = (): void => settle('timeout');
    let set = this.waiters.get(id);
    if (!set) this.waiters.set(id, (set = new Set()));
    set.add(waiter);
    if (signal?.aborted) settle('timeout');
    else {
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(setTimeout(() => settle('timeout'), Math.max(0, timeoutMs)));
    }
    return {
      outcome,
      resolve: (value) => settle(value),
      cancel: () => settle(undefined),
      expireIn: (ms, atExpiry) => {
        if (!this.waiters.get(id)?.has(waiter)) return;
        timers.push(
          setTimeout(() => {
            atExpiry().then(
              (value) => settle(value),
              () => settle('expired'),
            );
          }, Math.max(0, ms)),
        );
      },
    };
  }

  settle(id: string, outcome: ApprovalOutcome): void {
    for (const waiter of [...(this.waiters.get(id) ?? [])]) waiter.resolve(outcome);
  }

  ids(): string[] {
    return [...this.waiters.keys()];
  }

  get size(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  /** On shutdown: nobody waits forever. */
  settleAll(outcome: ApprovalOutcome): void {
    for (const id of this.ids()) this.settle(id, outcome);
  }
}
