import { computeAuditEventHash } from '../audit/audit-chain.js';
import type { VerificationReport } from '../audit/audit-verifier.js';
import type { ExclusionReason } from './verified-event-filter.js';

/** Findings that only the whole stream reveals and that take events out of the report. */
const LATE_EXCLUDING = new Set(['hash_mismatch', 'broken_link', 'conflicting_duplicate', 'bad_genesis']);

/**
 * The events the report may use, decided while the verifier reads the stream for the first
 * time: those whose own hash holds and that are the first of their seq. That is exactly what
 * the second read would take unless verification finds an edited, replaced or forged event
 * (`needsSecondRead`): then the report is built again from a second read.
 */
export class FirstReadFilter {
  private readonly seen = new Map<string, SeqSet>();
  private readonly from: number;
  private readonly to: number;
  /** As the verifier: without a range, the time is not looked at. */
  private readonly ranged: boolean;
  readonly excluded: Record<ExclusionReason, number> = { malformed: 0, out_of_range: 0, altered: 0, unlinked: 0, duplicate: 0, unverified: 0 };

  constructor(range: { from?: number; to?: number }) {
    this.from = range.from ?? -Infinity;
    this.to = range.to ?? Infinity;
    this.ranged = range.from !== undefined || range.to !== undefined;
  }

  static needsSecondRead(verification: VerificationReport): boolean {
    return verification.chains.some((c) => c.findings.some((f) => LATE_EXCLUDING.has(f.kind)));
  }

  accept(raw: unknown): Record<string, unknown> | undefined {
    if (typeof raw !== 'object' || raw === null) return this.reject('malformed');
    const event = raw as Record<string, unknown>;
    const chain = event.chain as { id?: unknown; seq?: unknown; hash?: unknown } | undefined;
    if (typeof event.time !== 'string' || typeof event.kind !== 'string' || typeof chain !== 'object' || chain === null) return this.reject('malformed');
    const { id, seq, hash } = chain;
    if (typeof id !== 'string' || id === '' || typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || typeof hash !== 'string') return this.reject('malformed');
    const t = Date.parse(event.time);
    if (this.ranged && !(t >= this.from && t <= this.to)) return this.reject('out_of_range');
    if (computeAuditEventHash(event) !== hash) return this.reject('altered');
    let seqs = this.seen.get(id);
    if (seqs === undefined) {
      seqs = new SeqSet();
      this.seen.set(id, seqs);
    }
    if (!seqs.add(seq)) return this.reject('duplicate');
    return event;
  }

  private reject(reason: ExclusionReason): undefined {
    this.excluded[reason]++;
    return undefined;
  }
}

/** Seqs seen on one chain: a bitset from the first seq seen, growing; lower ones aside. */
class SeqSet {
  private base = -1;
  private bits = new Uint8Array(1024);
  private readonly below = new Set<number>();

  /** False when `seq` was there already. */
  add(seq: number): boolean {
    if (this.base < 0) this.base = seq;
    if (seq < this.base) {
      if (this.below.has(seq)) return false;
      this.below.add(seq);
      return true;
    }
    const bit = seq - this.base;
    const byte = bit >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, byte + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (bit & 7);
    if ((this.bits[byte]! & mask) !== 0) return false;
    this.bits[byte]! |= mask;
    return true;
  }
}
