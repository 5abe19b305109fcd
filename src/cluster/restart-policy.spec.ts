import { describe, expect, it } from 'vitest';
import { CrashHistory } from './restart-policy.js';

describe('CrashHistory', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000, maxCrashes: 4, windowMs: 10_000 };

  it('doubles the delay with each crash in the window, up to the cap, then gives up', () => {
    const history = new CrashHistory(policy);
    expect(history.crashed(0)).toBe(100);
    expect(history.crashed(1)).toBe(200);
    expect(history.crashed(2)).toBe(400);
    expect(history.crashed(3)).toBeUndefined();
  });

  it('forgets crashes older than the window (a worker that crashed once a day is restarted at once)', () => {
    const history = new CrashHistory({ ...policy, maxCrashes: 10 });
    for (let i = 0; i < 5; i += 1) history.crashed(i);
    expect(history.crashed(5)).toBe(1000);
    expect(history.crashed(20_000)).toBe(100);
  });
});
