import { createHash } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { AUDIT_SCHEMA_VERSION, type AuditEventInput } from './audit-event.js';
import type { AuditSigner } from './audit-signer.js';
import { canonicalJson, canonicalJsonWithCopy } from './canonical-json.js';
import { classifyOcsf } from './ocsf-classification.js';
import { GENESIS_PREV_HASH, type SealedAuditEvent } from './sealed-audit-event.js';
import { createUuidV7Generator } from './uuid-v7.js';

export interface AuditChainOptions {
  chainId: string;
  signer: AuditSigner;
  clock: Pick<Clock, 'now'>;
  /** Sortable event ids; UUIDv7 by default. */
  idGenerator?: () => string;
}

export type CheckpointReason = 'count' | 'timer' | 'close';

export interface AuditChain {
  readonly chainId: string;
  /** Seq of the last sealed event (0 before the first). */
  readonly lastSeq: number;
  /** Events sealed since the last checkpoint. */
  readonly uncheckpointed: number;
  /** Seals one event: assigns id, time (`at`, default now), seq and the hash link. In-memory only. */
  seal(input: AuditEventInput, at?: number): SealedAuditEvent;
  /** Seals a signed `chain.checkpoint` event; undefined when no event is pending a checkpoint. */
  checkpoint(reason: CheckpointReason): SealedAuditEvent | undefined;
}

// Only these input fields are copied: anything else a caller smuggles in is not audited.
const inputFields = ['correlationId', 'traceId', 'actor', 'target', 'decision', 'session', 'approval', 'grant', 'policy', 'details'] as const;

/** The hash of a sealed event: SHA-256 over its canonical JSON without `chain.hash` and `checkpoint`. */
export function computeAuditEventHash(event: { chain?: unknown; checkpoint?: unknown }): string {
  const { checkpoint: _checkpoint, chain, ...rest } = event;
  const link = typeof chain === 'object' && chain !== null ? { ...(chain as Record<string, unknown>), hash: undefined } : chain;
  return sha256Hex(canonicalJson({ ...rest, chain: link }));
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function createAuditChain(options: AuditChainOptions): AuditChain {
  const { chainId, signer, clock } = options;
  const nextId = options.idGenerator ?? createUuidV7Generator(clock);
  let seq = 0;
  let prevHash = GENESIS_PREV_HASH;
  let uncheckpointed = 0;

  const sealBody = (input: AuditEventInput, at: number): SealedAuditEvent => {
    const body: Record<string, unknown> = {
      schemaVersion: AUDIT_SCHEMA_VERSION,
      id: nextId(),
      time: new Date(at).toISOString(),
      kind: input.kind,
      ocsf: classifyOcsf(input),
    };
    for (const field of inputFields) body[field] = input[field];
    body.chain = { id: chainId, seq: seq + 1, prevHash };
    // The copy decouples the sealed event from the caller's objects: later changes to them cannot alter it.
    const { json, copy } = canonicalJsonWithCopy(body);
    const sealed = copy as unknown as SealedAuditEvent;
    sealed.chain.hash = sha256Hex(json);
    seq++;
    prevHash = sealed.chain.hash;
    return sealed;
  };

  return {
    chainId,
    get lastSeq() {
      return seq;
    },
    get uncheckpointed() {
      return uncheckpointed;
    },
    seal(input, at = clock.now()) {
      if (input.kind === 'chain.checkpoint') {
        throw new WardgateError(ErrorCode.InvalidArgument, 'chain.checkpoint events are written by the audit chain only');
      }
      const sealed = sealBody(input, at);
      uncheckpointed++;
      return sealed;
    },
    checkpoint(reason) {
      if (uncheckpointed === 0) return undefined;
      const sealed = sealBody({ kind: 'chain.checkpoint', details: { reason, events: uncheckpointed } }, clock.now());
      sealed.checkpoint = {
        keyId: signer.keyId,
        alg: signer.alg,
        signature: signer.sign(Buffer.from(sealed.chain.hash, 'hex')),
        coversSeq: sealed.chain.seq,
      };
      uncheckpointed = 0;
      return sealed;
    },
  };
}
