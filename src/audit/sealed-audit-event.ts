import type { AuditEventInput } from './audit-event.js';

/** The genesis `prevHash` of every chain (seq 1). */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/** OCSF API Activity (class 6003) classification of an event; see docs/audit.md. */
export interface OcsfClassification {
  classUid: 6003;
  categoryUid: 6;
  /** 0 Unknown, 1 Create, 2 Read, 3 Update, 4 Delete, 99 Other. */
  activityId: 0 | 1 | 2 | 3 | 4 | 99;
  /** classUid * 100 + activityId. */
  typeUid: number;
  /** 1 Informational, 2 Low, 3 Medium, 4 High. */
  severityId: 1 | 2 | 3 | 4;
  /** 0 Unknown, 1 Success, 2 Failure, 99 Other. */
  statusId: 0 | 1 | 2 | 99;
}

/** Position of an event in its hash chain. */
export interface AuditChainLink {
  /** One chain per Wardgate process lifetime: `<hostname>-<startup uuid>`. */
  id: string;
  /** 1, 2, 3, … without gaps. */
  seq: number;
  /** `hash` of the previous event; 64 zeros for seq 1. */
  prevHash: string;
  /** Hex SHA-256 over the canonical JSON of the event without `chain.hash` and `checkpoint`. */
  hash: string;
}

export type CheckpointAlg = 'Ed25519' | 'HMAC-SHA256';

/** A signature over the raw 32 bytes of the carrying event's `chain.hash`. */
export interface AuditCheckpoint {
  keyId: string;
  alg: CheckpointAlg;
  /** Base64. */
  signature: string;
  /** The seq of the carrying event: the signature covers seq 1..coversSeq transitively. */
  coversSeq: number;
}

/** What is written to the file or topic. */
export interface SealedAuditEvent extends AuditEventInput {
  schemaVersion: string;
  /** UUIDv7: sortable by creation time. */
  id: string;
  /** ISO-8601 UTC with milliseconds. */
  time: string;
  ocsf: OcsfClassification;
  chain: AuditChainLink;
  checkpoint?: AuditCheckpoint;
}
