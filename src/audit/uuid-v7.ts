import { randomBytes, randomUUID } from 'node:crypto';
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
      counter = randomBytes(1)[0]! & 0x3f; // a random start leaves headroom for the counter
    }
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** The chain id for this process lifetime: `<hostname>-<startup uuid>`. */
export function newChainId(host: string = hostname()): string {
  return `${host}-${randomUUID()}`;
}
