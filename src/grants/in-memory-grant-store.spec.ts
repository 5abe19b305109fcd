import { ManualClock } from '../clock/clock.js';
import { describeGrantStoreContract } from '../../test/support/grant-store-contract.js';
import { InMemoryGrantStore } from './in-memory-grant-store.js';

describeGrantStoreContract('in-memory', () => {
  const clock = new ManualClock();
  const maxTtlMs = 8 * 3_600_000;
  return Promise.resolve({
    store: new InMemoryGrantStore({ clock, maxTtlMs }),
    maxTtlMs,
    shortTtlMs: 3_600_000,
    elapse: (ms: number) => {
      clock.advance(ms);
      return Promise.resolve();
    },
    cleanup: () => Promise.resolve(),
  });
});
