import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../clock/clock.js';

/**
 * Returns a UUIDv7 generator (RFC 9562) that is strictly increasing within this instance:
 * the 12-bit `rand_a` field is a counter within one millisecond (method 1 of RFC 9562 §6.2).
 */
export function createUuidV7Generator(clock: Pick<Clock, 'now'>): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = clock.now();
    if (ms <= lastMs) {
      counter++;
      // The counter overflowed (4096 ids in one ms) or the clock went back: borrow from the next ms.
      if (counter > 0xfff) {
        lastMs++;
        counter = 0;
      }
      ms = lastMs;
    } else {
      lastMs = ms;
      counter = Math.floor(Math.random() * 0x40); // a random start leaves headroom for the counter
    }
    // randomUUID draws from Node's cached entropy pool: far cheaper than randomBytes per id.
    // Its v4 layout already has the RFC 9562 variant bits in the 4th group; the rest is random.
    const random = randomUUID();
    const time = ms.toString(16).padStart(12, '0');
    const randA = (0x7000 | counter).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8)}-${randA}-${random.slice(19)}`;
  };
}

/** The chain id for this process lifetime: `<hostname>-<startup uuid>`. */
export function newChainId(host: string = hostname()): string {
  return `${host}-${randomUUID()}`;
}
