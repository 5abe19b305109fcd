import { createHash } from 'node:crypto';
import { computeAuditEventHash } from './audit-chain.js';
import { verifyCheckpointSignature, type AuditVerificationKey } from './audit-signer.js';
import { auditEnvelopeSchema } from './sealed-audit-event-schema.js';
import { GENESIS_PREV_HASH, type CheckpointAlg } from './sealed-audit-event.js';

export type AuditFindingKind =
  /** Not an audit event at all (unparseable line, missing chain fields). */
  | 'malformed'
  /** Seqs missing between two present events (or before the first, without a time filter). */
  | 'gap'
  /** An event arrived after a higher seq of its chain. */
  | 'reordered'
  /** The event's content does not match its own hash: it was edited. */
  | 'hash_mismatch'
  /** `prevHash` does not match the previous event's hash: an event was replaced or inserted. */
  | 'broken_link'
  /** Seq 1 does not start from the genesis hash. */
  | 'bad_genesis'
  /** Two different events claim the same seq: one is forged. */
  | 'conflicting_duplicate'
  | 'bad_signature'
  | 'missing_signature'
  | 'unknown_key';

export interface AuditFinding {
  kind: AuditFindingKind;
  chainId?: string;
  seq?: number;
  /** Last missing seq of a gap. */
  toSeq?: number;
  /** 1-based position of the record in the input. */
  record?: number;
  message: string;
}

export interface ChainVerification {
  chainId: string;
  /** Distinct events (exact duplicates counted once). */
  events: number;
  firstSeq: number;
  lastSeq: number;
  firstTime: string;
  lastTime: string;
  /** Set when a time filter starts the chain mid-way: its predecessor is unknown, not missing. */
  startsAtSeq?: number;
  /** Valid checkpoint signatures. */
  checkpoints: number;
  /** Highest seq covered by a valid signature (0 if none). */
  lastSignedSeq: number;
  /** Events after the last valid signature: intact links, but not yet provably from Wardgate. */
  unsignedTail: number;
  /** Exact re-deliveries (same seq, same hash): expected after a spool replay, not tampering. */
  duplicates: number;
  findings: AuditFinding[];
  ok: boolean;
}

export interface VerificationReport {
  ok: boolean;
  /** Records read (in the time range or not). */
  records: number;
  /** Records in the time range. */
  inRange: number;
  chains: ChainVerification[];
  /** Findings not tied to a chain (malformed records). */
  findings: AuditFinding[];
}

export interface VerifyAuditOptions {
  /** Verification keys by key id (Ed25519 public KeyObjects or HMAC secrets). */
  keys: ReadonlyMap<string, AuditVerificationKey>;
  /** Inclusive time range on the event `time` (epoch ms or Date). */
  from?: number | Date;
  to?: number | Date;
}

interface Checkpoint {
  keyId: string;
  alg: string;
  signature: string;
  coversSeq: number;
}

/** A kept event as the final walk sees it. */
interface KeptEvent {
  seq: number;
  record: number;
  hash: Buffer;
  prevHash: Buffer;
}

interface ChainState {
  chainId: string;
  events: ChainEvents;
  /** Highest seq seen so far (a lower one arriving later is reordered). */
  maxSeq: number;
  firstSeq: number;
  firstTime: string;
  lastTime: string;
  duplicates: number;
  /** Checkpoints of kept events by seq, and checkpoint events that came without a signature. */
  checkpoints: Map<number, { hash: string; checkpoint: Checkpoint }>;
  unsignedCheckpoints: Set<number>;
  findings: AuditFinding[];
}

/**
 * Verifies audit events as read from the file or topic (in that order). Streams the input once
 * and keeps 80 bytes per distinct event (seq, record number, hash and previous hash in typed
 * columns that double as they grow; events arriving out of order are kept aside), so a million
 * events take 80 to 160 MB.
 */
export async function verifyAuditEvents(events: AsyncIterable<unknown> | Iterable<unknown>, options: VerifyAuditOptions): Promise<VerificationReport> {
  const from = options.from === undefined ? -Infinity : +options.from;
  const to = options.to === undefined ? Infinity : +options.to;
  const filtered = options.from !== undefined || options.to !== undefined;
  const chains = new Map<string, ChainState>();
  const loose: AuditFinding[] = [];
  let records = 0;
  let inRange = 0;

  for await (const raw of events) {
    records++;
    const parsed = auditEnvelopeSchema.safeParse(raw);
    if (!parsed.success) {
      const chainId = chainIdOf(raw);
      loose.push({ kind: 'malformed', chainId, record: records, message: `record ${records} is not an audit event` });
      continue;
    }
    const event = parsed.data;
    const time = Date.parse(event.time);
    if (filtered && !(time >= from && time <= to)) continue;
    inRange++;
    let chain = chains.get(event.chain.id);
    if (chain === undefined) {
      chain = {
        chainId: event.chain.id, events: new ChainEvents(), maxSeq: 0, firstSeq: Infinity, firstTime: '', lastTime: '', duplicates: 0,
        checkpoints: new Map(), unsignedCheckpoints: new Set(), findings: [],
      };
      chains.set(event.chain.id, chain);
    }
    const { seq } = event.chain;
    const at = { chainId: chain.chainId, seq, record: records };
    // Hash the record as read, not zod's copy of it, so nothing is added or dropped on the way.
    const actualHash = computeAuditEventHash(raw as Record<string, unknown>);
    if (actualHash !== event.chain.hash) {
      chain.findings.push({ ...at, kind: 'hash_mismatch', message: `seq ${seq} was altered: its content does not match its hash` });
    }
    const claimed = hashBytes(event.chain.hash);
    const seen = chain.events.find(seq);
    if (seen !== undefined) {
      if (seen.hash.equals(claimed) && actualHash === event.chain.hash) chain.duplicates++;
      else chain.findings.push({ ...at, kind: 'conflicting_duplicate', message: `seq ${seq} appears twice with different content (first at record ${seen.record})` });
      continue;
    }
    if (seq < chain.maxSeq) {
      chain.findings.push({ ...at, kind: 'reordered', message: `seq ${seq} arrived after seq ${chain.maxSeq}` });
    }
    if (seq > chain.maxSeq) {
      chain.maxSeq = seq;
      chain.lastTime = event.time;
    }
    if (seq < chain.firstSeq) {
      chain.firstSeq = seq;
      chain.firstTime = event.time;
    }
    chain.events.add(seq, records, claimed, hashBytes(event.chain.prevHash));
    if (event.checkpoint !== undefined) chain.checkpoints.set(seq, { hash: event.chain.hash, checkpoint: event.checkpoint });
    else if (event.kind === 'chain.checkpoint') chain.unsignedCheckpoints.add(seq);
  }

  const reports = [...chains.values()].map((chain) => finishChain(chain, filtered, options.keys));
  return {
    ok: loose.length === 0 && reports.every((r) => r.ok),
    records,
    inRange,
    chains: reports,
    findings: loose,
  };
}

function finishChain(chain: ChainState, filtered: boolean, keys: ReadonlyMap<string, AuditVerificationKey>): ChainVerification {
  const findings = chain.findings;
  const chainId = chain.chainId;
  let startsAtSeq: number | undefined;
  let lastSignedSeq = 0;
  let checkpoints = 0;
  let previous: KeptEvent | undefined;
  for (const current of chain.events.inOrder()) {
    if (previous === undefined) {
      if (current.seq === 1) {
        if (!current.prevHash.equals(genesisBytes)) findings.push({ kind: 'bad_genesis', chainId, seq: 1, record: current.record, message: 'seq 1 does not start from the genesis hash' });
      } else if (filtered) {
        startsAtSeq = current.seq;
      } else {
        findings.push({ kind: 'gap', chainId, seq: 1, toSeq: current.seq - 1, message: `seq 1..${current.seq - 1} missing before the first event` });
      }
    } else if (current.seq !== previous.seq + 1) {
      const range = current.seq - previous.seq === 2 ? `seq ${previous.seq + 1}` : `seq ${previous.seq + 1}..${current.seq - 1}`;
      findings.push({ kind: 'gap', chainId, seq: previous.seq + 1, toSeq: current.seq - 1, message: `${range} missing` });
    } else if (!current.prevHash.equals(previous.hash)) {
      findings.push({ kind: 'broken_link', chainId, seq: current.seq, record: current.record, message: `seq ${current.seq} does not link to seq ${previous.seq}: an event was replaced or inserted` });
    }
    previous = current;
    const signed = chain.checkpoints.get(current.seq);
    if (signed === undefined) {
      if (chain.unsignedCheckpoints.has(current.seq)) findings.push({ kind: 'missing_signature', chainId, seq: current.seq, record: current.record, message: `checkpoint seq ${current.seq} carries no signature` });
      continue;
    }
    const problem = checkSignature(current.seq, signed.hash, signed.checkpoint, keys);
    if (problem === undefined) {
      checkpoints++;
      lastSignedSeq = Math.max(lastSignedSeq, current.seq);
    } else {
      findings.push({ ...problem, chainId, seq: current.seq, record: current.record });
    }
  }
  findings.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return {
    chainId,
    events: chain.events.size,
    firstSeq: chain.firstSeq,
    lastSeq: chain.maxSeq,
    firstTime: chain.firstTime,
    lastTime: chain.lastTime,
    ...(startsAtSeq === undefined ? {} : { startsAtSeq }),
    checkpoints,
    lastSignedSeq,
    unsignedTail: chain.events.countAbove(lastSignedSeq),
    duplicates: chain.duplicates,
    findings,
    ok: findings.length === 0,
  };
}

function checkSignature(seq: number, hash: string, checkpoint: Checkpoint, keys: ReadonlyMap<string, AuditVerificationKey>): Pick<AuditFinding, 'kind' | 'message'> | undefined {
  const key = keys.get(checkpoint.keyId);
  if (key === undefined) return { kind: 'unknown_key', message: `checkpoint seq ${seq} is signed with unknown key id ${JSON.stringify(checkpoint.keyId)}` };
  if (checkpoint.coversSeq !== seq) return { kind: 'bad_signature', message: `checkpoint seq ${seq} claims to cover seq ${checkpoint.coversSeq}` };
  if (checkpoint.alg !== 'Ed25519' && checkpoint.alg !== 'HMAC-SHA256') return { kind: 'bad_signature', message: `checkpoint seq ${seq} uses unsupported alg` };
  const ok = hex64.test(hash) && verifyCheckpointSignature(checkpoint.alg as CheckpointAlg, key, Buffer.from(hash, 'hex'), checkpoint.signature);
  return ok ? undefined : { kind: 'bad_signature', message: `checkpoint seq ${seq} has an invalid signature for key ${JSON.stringify(checkpoint.keyId)}` };
}

const hex64 = /^[0-9a-f]{64}$/;
const genesisBytes = Buffer.from(GENESIS_PREV_HASH, 'hex');

/**
 * 32 bytes standing for a claimed hash: the hash itself when it is one (64 hex digits), else a
 * digest of the text, so equal claims stay equal and a malformed one equals no real hash.
 */
function hashBytes(claimed: string): Buffer {
  return hex64.test(claimed) ? Buffer.from(claimed, 'hex') : createHash('sha256').update('not-a-hash:').update(claimed).digest();
}

const HASH = 32;

/**
 * The kept (first-seen) events of one chain. Events arriving in seq order, the normal case, go
 * into typed columns (about 80 bytes each, searched by binary search); one arriving below the
 * highest seq so far is kept aside in a map.
 */
class ChainEvents {
  private seqs = new Float64Array(256);
  private records = new Float64Array(256);
  private hashes = Buffer.alloc(256 * HASH);
  private prevHashes = Buffer.alloc(256 * HASH);
  private n = 0;
  private readonly late = new Map<number, KeptEvent>();

  get size(): number {
    return this.n + this.late.size;
  }

  find(seq: number): { record: number; hash: Buffer } | undefined {
    const i = this.indexOf(seq);
    if (i !== -1) return { record: this.records[i]!, hash: this.hashes.subarray(i * HASH, (i + 1) * HASH) };
    return this.late.get(seq);
  }

  add(seq: number, record: number, hash: Buffer, prevHash: Buffer): void {
    if (this.n > 0 && seq <= this.seqs[this.n - 1]!) {
      this.late.set(seq, { seq, record, hash, prevHash });
      return;
    }
    if (this.n === this.seqs.length) this.grow();
    const i = this.n++;
    this.seqs[i] = seq;
    this.records[i] = record;
    hash.copy(this.hashes, i * HASH);
    prevHash.copy(this.prevHashes, i * HASH);
  }

  /** Kept events above `seq`. */
  countAbove(seq: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! <= seq) lo = mid + 1;
      else hi = mid;
    }
    let count = this.n - lo;
    for (const s of this.late.keys()) if (s > seq) count++;
    return count;
  }

  /** Every kept event in seq order (the in-order columns merged with the late ones). */
  *inOrder(): Generator<KeptEvent> {
    const late = [...this.late.values()].sort((a, b) => a.seq - b.seq);
    let j = 0;
    for (let i = 0; i < this.n; i++) {
      while (j < late.length && late[j]!.seq < this.seqs[i]!) yield late[j++]!;
      yield {
        seq: this.seqs[i]!,
        record: this.records[i]!,
        hash: this.hashes.subarray(i * HASH, (i + 1) * HASH),
        prevHash: this.prevHashes.subarray(i * HASH, (i + 1) * HASH),
      };
    }
    while (j < late.length) yield late[j++]!;
  }

  private indexOf(seq: number): number {
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.seqs[mid]!;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private grow(): void {
    const size = this.seqs.length * 2;
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    const records = new Float64Array(size);
    records.set(this.records);
    const hashes = Buffer.alloc(size * HASH);
    this.hashes.copy(hashes);
    const prevHashes = Buffer.alloc(size * HASH);
    this.prevHashes.copy(prevHashes);
    this.seqs = seqs;
    this.records = records;
    this.hashes = hashes;
    this.prevHashes = prevHashes;
  }
}

function chainIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const chain = (raw as { chain?: unknown }).chain;
  if (typeof chain !== 'object' || chain === null) return undefined;
  const id = (chain as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
