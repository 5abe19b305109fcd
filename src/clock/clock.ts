/** Time source, injected so that policy windows, TTLs and expiry are testable. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** A monotonic reading in milliseconds, for measuring durations. */
  monotonic(): number;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  monotonic(): number {
    return performance.now();
  }
}

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: number;
  private mono = 0;
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  monotonic(): number {
    return this.mono;
  }
  advance(ms: number): void {
    this.current += ms;
    this.mono += ms;
  }
  set(epochMs: number): void {
    this.current = epochMs;
  }
}
