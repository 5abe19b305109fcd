import { computeAuditEventHash } from '../audit/audit-chain.js';
import type { ChainVerification, VerificationReport } from '../audit/audit-verifier.js';

export type ExclusionReason =
  /** Not an audit event (the verifier reports it as malformed). */
  | 'malformed'
  | 'out_of_range'
  /** Its content does not match its hash: edited. */
  | 'altered'
  /** A neighbour does not link to it (replaced or inserted), or it has a rival with the same seq. */
  | 'unlinked'
  /** An exact re-delivery of an event already taken. */
  | 'duplicate'
  /** Not seen by the verification pass (appended to the topic after it). */
  | 'unverified';

interface ChainWindow {
  firstSeq: number;
  lastSeq: number;
  /** One bit per seq in [firstSeq, lastSeq]: taken already. */
  taken: Uint8Array;
  suspect: Set<number>;
}

/**
 * Decides, record by record on a second read of the stream, which events the report may use:
 * those the verification pass saw, whose own hash holds, that both neighbours link to, and
 * that are not a rival or a re-delivery of another. Keeps one bit per verified event.
 */
export class VerifiedEventFilter {
  private readonly chains = new Map<string, ChainWindow>();
  private readonly from: number;
  private readonly to: number;
  /** As the verifier: without a range, the time is not looked at. */
  private readonly ranged: boolean;
  readonly excluded: Record<ExclusionReason, number> = { malformed: 0, out_of_range: 0, altered: 0, unlinked: 0, duplicate: 0, unverified: 0 };

  constructor(verification: VerificationReport, range: { from?: number; to?: number }) {
    this.from = range.from ?? -Infinity;
    this.to = range.to ?? Infinity;
    this.ranged = range.from !== undefined || range.to !== undefined;
    for (const chain of verification.chains) this.chains.set(chain.chainId, windowOf(chain));
  }

  /** The event when the report may use it, else undefined (and the reason is counted). */
  accept(raw: unknown): Record<string, unknown> | undefined {
    const link = linkOf(raw);
    if (link === undefined) return this.reject('malformed');
    const event = raw as Record<string, unknown>;
    const t = Date.parse(String(event.time));
    if (this.ranged && !(t >= this.from && t <= this.to)) return this.reject('out_of_range');
    const chain = this.chains.get(link.id);
    if (chain === undefined || link.seq < chain.firstSeq || link.seq > chain.lastSeq) return this.reject('unverified');
    if (computeAuditEventHash(event) !== link.hash) return this.reject('altered');
    if (chain.suspect.has(link.seq)) return this.reject('unlinked');
    const bit = link.seq - chain.firstSeq;
    const byte = bit >>> 3;
    const mask = 1 << (bit & 7);
    if ((chain.taken[byte]! & mask) !== 0) return this.reject('duplicate');
    chain.taken[byte]! |= mask;
    return event;
  }

  private reject(reason: ExclusionReason): undefined {
    this.excluded[reason]++;
    return undefined;
  }
}

function windowOf(chain: ChainVerification): ChainWindow {
  const suspect = new Set<number>();
  for (const f of chain.findings) {
    if (f.seq === undefined) continue;
    switch (f.kind) {
      case 'hash_mismatch':
      case 'conflicting_duplicate':
      case 'bad_genesis':
        suspect.add(f.seq);
        break;
      case 'broken_link':
        // Which side was forged cannot be told: neither is used.
        suspect.add(f.seq);
        suspect.add(f.seq - 1);
        break;
      default:
        break;
    }
  }
  const span = Math.max(0, chain.lastSeq - chain.firstSeq + 1);
  return { firstSeq: chain.firstSeq, lastSeq: chain.lastSeq, taken: new Uint8Array(Math.ceil(span / 8)), suspect };
}

function linkOf(raw: unknown): { id: string; seq: number; hash: string } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { chain, time, kind } = raw as { chain?: unknown; time?: unknown; kind?: unknown };
  if (typeof time !== 'string' || typeof kind !== 'string' || typeof chain !== 'object' || chain === null) return undefined;
  const { id, seq, hash } = chain as { id?: unknown; seq?: unknown; hash?: unknown };
  if (typeof id !== 'string' || typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || typeof hash !== 'string') return undefined;
  return { id, seq, hash };
}
