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

interface ChainRecord {
  record: number;
  seq: number;
  hash: string;
  prevHash: string;
  time: string;
  kind: string;
  checkpoint?: { keyId: string; alg: string; signature: string; coversSeq: number };
}

interface ChainState {
  chainId: string;
  bySeq: Map<number, ChainRecord>;
  maxSeq: number;
  duplicates: number;
  findings: AuditFinding[];
}

/**
 * Verifies audit events as read from the file or topic (in that order). Streams the input once;
 * keeps one small record per event, so memory grows with the number of events verified.
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
      chain = { chainId: event.chain.id, bySeq: new Map(), maxSeq: 0, duplicates: 0, findings: [] };
      chains.set(event.chain.id, chain);
    }
    const { seq } = event.chain;
    const at = { chainId: chain.chainId, seq, record: records };
    // Hash the record as read, not zod's copy of it, so nothing is added or dropped on the way.
    const actualHash = computeAuditEventHash(raw as Record<string, unknown>);
    if (actualHash !== event.chain.hash) {
      chain.findings.push({ ...at, kind: 'hash_mismatch', message: `seq ${seq} was altered: its content does not match its hash` });
    }
    const seen = chain.bySeq.get(seq);
    if (seen !== undefined) {
      if (seen.hash === event.chain.hash && actualHash === event.chain.hash) chain.duplicates++;
      else chain.findings.push({ ...at, kind: 'conflicting_duplicate', message: `seq ${seq} appears twice with different content (first at record ${seen.record})` });
      continue;
    }
    if (seq < chain.maxSeq) {
      chain.findings.push({ ...at, kind: 'reordered', message: `seq ${seq} arrived after seq ${chain.maxSeq}` });
    }
    chain.maxSeq = Math.max(chain.maxSeq, seq);
    chain.bySeq.set(seq, {
      record: records, seq, hash: event.chain.hash, prevHash: event.chain.prevHash, time: event.time, kind: event.kind,
      ...(event.checkpoint === undefined ? {} : { checkpoint: event.checkpoint }),
    });
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
  const sorted = [...chain.bySeq.values()].sort((a, b) => a.seq - b.seq);
  const findings = chain.findings;
  const chainId = chain.chainId;
  const first = sorted[0]!;
  let startsAtSeq: number | undefined;
  if (first.seq === 1) {
    if (first.prevHash !== GENESIS_PREV_HASH) findings.push({ kind: 'bad_genesis', chainId, seq: 1, record: first.record, message: 'seq 1 does not start from the genesis hash' });
  } else if (filtered) {
    startsAtSeq = first.seq;
  } else {
    findings.push({ kind: 'gap', chainId, seq: 1, toSeq: first.seq - 1, message: `seq 1..${first.seq - 1} missing before the first event` });
  }
  let lastSignedSeq = 0;
  let checkpoints = 0;
  sorted.forEach((current, i) => {
    const previous = i > 0 ? sorted[i - 1] : undefined;
    if (previous !== undefined) {
      if (current.seq !== previous.seq + 1) {
        const range = current.seq - previous.seq === 2 ? `seq ${previous.seq + 1}` : `seq ${previous.seq + 1}..${current.seq - 1}`;
        findings.push({ kind: 'gap', chainId, seq: previous.seq + 1, toSeq: current.seq - 1, message: `${range} missing` });
      } else if (current.prevHash !== previous.hash) {
        findings.push({ kind: 'broken_link', chainId, seq: current.seq, record: current.record, message: `seq ${current.seq} does not link to seq ${previous.seq}: an event was replaced or inserted` });
      }
    }
    if (current.checkpoint === undefined) {
      if (current.kind === 'chain.checkpoint') findings.push({ kind: 'missing_signature', chainId, seq: current.seq, record: current.record, message: `checkpoint seq ${current.seq} carries no signature` });
      return;
    }
    const problem = checkSignature(current, keys);
    if (problem === undefined) {
      checkpoints++;
      lastSignedSeq = Math.max(lastSignedSeq, current.seq);
    } else {
      findings.push({ ...problem, chainId, seq: current.seq, record: current.record });
    }
  });
  const last = sorted[sorted.length - 1]!;
  findings.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return {
    chainId,
    events: sorted.length,
    firstSeq: first.seq,
    lastSeq: last.seq,
    firstTime: first.time,
    lastTime: last.time,
    ...(startsAtSeq === undefined ? {} : { startsAtSeq }),
    checkpoints,
    lastSignedSeq,
    unsignedTail: sorted.filter((r) => r.seq > lastSignedSeq).length,
    duplicates: chain.duplicates,
    findings,
    ok: findings.length === 0,
  };
}

function checkSignature(record: ChainRecord, keys: ReadonlyMap<string, AuditVerificationKey>): Pick<AuditFinding, 'kind' | 'message'> | undefined {
  const checkpoint = record.checkpoint!;
  const key = keys.get(checkpoint.keyId);
  if (key === undefined) return { kind: 'unknown_key', message: `checkpoint seq ${record.seq} is signed with unknown key id ${JSON.stringify(checkpoint.keyId)}` };
  if (checkpoint.coversSeq !== record.seq) return { kind: 'bad_signature', message: `checkpoint seq ${record.seq} claims to cover seq ${checkpoint.coversSeq}` };
  if (checkpoint.alg !== 'Ed25519' && checkpoint.alg !== 'HMAC-SHA256') return { kind: 'bad_signature', message: `checkpoint seq ${record.seq} uses unsupported alg` };
  const ok = /^[0-9a-f]{64}$/.test(record.hash)
    && verifyCheckpointSignature(checkpoint.alg as CheckpointAlg, key, Buffer.from(record.hash, 'hex'), checkpoint.signature);
  return ok ? undefined : { kind: 'bad_signature', message: `checkpoint seq ${record.seq} has an invalid signature for key ${JSON.stringify(checkpoint.keyId)}` };
}

function chainIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const chain = (raw as { chain?: unknown }).chain;
  if (typeof chain !== 'object' || chain === null) return undefined;
  const id = (chain as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
