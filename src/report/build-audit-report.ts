import type { AuditVerificationKey } from '../audit/audit-signer.js';
import { verifyCheckpointSignature } from '../audit/audit-signer.js';
import { verifyAuditEvents, type AuditFinding, type VerificationReport } from '../audit/audit-verifier.js';
import type { CheckpointAlg } from '../audit/sealed-audit-event.js';
import type { FreeTextRemasker } from './free-text-remasker.js';
import { DEFAULT_REPORT_LIMITS, ReportAggregator, type ReportLimits } from './report-aggregator.js';
import { AUDIT_REPORT_VERSION, type AuditReport, type ReportRequest, type ReportSession } from './report-model.js';
import type { RowSpill } from './row-spill.js';
import { FirstReadFilter } from './first-read-filter.js';
import { VerifiedEventFilter } from './verified-event-filter.js';

/** One record as a transport hands it over: the parsed value, and when the transport got it. */
export interface SourcedRecord {
  value: unknown;
  /** Epoch ms the transport stamped the record with (Kafka's timestamp); absent for files. */
  deliveredAt?: number;
}

/** Where the events are read from; `open()` may be called twice and must give the same records. */
export interface ReportSource {
  /** What the report names as the source (file paths, kafka://brokers/topic). */
  labels: string[];
  deliveryTimesKnown: boolean;
  open(): AsyncIterable<SourcedRecord>;
}

export interface BuildReportOptions {
  source: ReportSource;
  keys: ReadonlyMap<string, AuditVerificationKey>;
  from?: number;
  to?: number;
  remasker: FreeTextRemasker;
  /** Now (epoch ms), for `generatedAt` and grant expiry. */
  now: number;
  limits?: Partial<ReportLimits>;
}

/** A built report: the document without its two long lists, which are read from their spills. */
export interface BuiltAuditReport {
  report: Omit<AuditReport, 'access' | 'masking'> & {
    access: Omit<AuditReport['access'], 'requests'>;
    masking: Omit<AuditReport['masking'], 'sessionList'>;
  };
  requests: RowSpill<ReportRequest>;
  sessions: RowSpill<ReportSession>;
  verification: VerificationReport;
  /** Removes the temporary files of the spilled rows. */
  dispose(): void;
}

/**
 * Verifies the stream exactly as `audit verify` does and builds the report from the events that
 * verification vouches for. One read when the stream holds no edited, replaced or forged event
 * (the report is built while verifying, see FirstReadFilter); otherwise a second read builds it
 * again without them (VerifiedEventFilter). Memory stays bounded: the verifier's columns, one
 * bit per event, counters and capped lists.
 */
export async function buildAuditReport(options: BuildReportOptions): Promise<BuiltAuditReport> {
  const range = { ...(options.from === undefined ? {} : { from: options.from }), ...(options.to === undefined ? {} : { to: options.to }) };
  const referenceTime = Math.min(options.to ?? options.now, options.now);
  const limits = { ...DEFAULT_REPORT_LIMITS, ...options.limits };
  const newBuild = (): Build => ({
    aggregator: new ReportAggregator({
      remasker: options.remasker,
      referenceTime,
      deliveryTimesKnown: options.source.deliveryTimesKnown,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    }),
    keyIds: new Set<string>(),
    accepted: 0,
  });

  // First read: verify, and build the report meanwhile from the events that look sound.
  const first = new FirstReadFilter(range);
  let build = newBuild();
  let excluded: Record<string, number> = first.excluded;
  let verification: VerificationReport;
  try {
    const speculative = build;
    async function* tapped(): AsyncGenerator<unknown> {
      for await (const record of options.source.open()) {
        const event = first.accept(record.value);
        if (event !== undefined) await take(speculative, event, record.deliveredAt, options.keys);
        yield record.value;
      }
    }
    verification = await verifyAuditEvents(tapped(), { keys: options.keys, ...range });
    if (FirstReadFilter.needsSecondRead(verification) || verification.findings.length > 0) {
      // An edited, replaced or forged event: build again from a second read that leaves it out.
      build.aggregator.dispose();
      build = newBuild();
      const filter = new VerifiedEventFilter(verification, range);
      excluded = filter.excluded;
      for await (const record of options.source.open()) {
        const event = filter.accept(record.value);
        if (event !== undefined) await take(build, event, record.deliveredAt, options.keys);
      }
    }
  } catch (error) {
    build.aggregator.dispose();
    throw error;
  }
  const { aggregator, keyIds: verifiedKeyIds, accepted } = build;
  const sections = aggregator.finish();
  const findings: AuditFinding[] = [...verification.findings, ...verification.chains.flatMap((c) => c.findings)];
  const { firstEvent, lastEvent, chainKeyIds, ...rest } = sections;
  const report: BuiltAuditReport['report'] = {
    reportVersion: AUDIT_REPORT_VERSION,
    generatedAt: new Date(options.now).toISOString(),
    scope: {
      ...(options.from === undefined ? {} : { from: new Date(options.from).toISOString() }),
      ...(options.to === undefined ? {} : { to: new Date(options.to).toISOString() }),
      sources: options.source.labels,
      ...(firstEvent === undefined ? {} : { firstEvent }),
      ...(lastEvent === undefined ? {} : { lastEvent }),
    },
    integrity: {
      ok: verification.ok,
      records: verification.records,
      inRange: verification.inRange,
      eventsInReport: accepted,
      excluded: Object.fromEntries(Object.entries(excluded).filter(([reason, n]) => n > 0 && reason !== 'out_of_range')),
      chains: verification.chains.map((c) => ({
        chainId: c.chainId,
        events: c.events,
        firstSeq: c.firstSeq,
        lastSeq: c.lastSeq,
        firstTime: c.firstTime,
        lastTime: c.lastTime,
        ...(c.startsAtSeq === undefined ? {} : { startsAtSeq: c.startsAtSeq }),
        checkpoints: c.checkpoints,
        keyIds: chainKeyIds.get(c.chainId) ?? [],
        lastSignedSeq: c.lastSignedSeq,
        unsignedTail: c.unsignedTail,
        duplicates: c.duplicates,
        ok: c.ok,
      })),
      findings: findings.map((f) => ({
        kind: f.kind,
        ...(f.chainId === undefined ? {} : { chainId: f.chainId }),
        ...(f.seq === undefined ? {} : { seq: f.seq }),
        ...(f.toSeq === undefined ? {} : { toSeq: f.toSeq }),
        // The verifier's messages name seqs, records and key ids only; still, masked like any text.
        message: options.remasker.remask(f.message),
      })),
      keyIds: [...verifiedKeyIds].sort(),
      unsignedEvents: verification.chains.reduce((n, c) => n + c.unsignedTail, 0),
      duplicates: verification.chains.reduce((n, c) => n + c.duplicates, 0),
    },
    ...rest,
    limits: { listItems: limits.listItems, breakdownKeys: limits.breakdownKeys, htmlRows: limits.htmlRows },
  };
  return {
    report,
    requests: aggregator.requests,
    sessions: aggregator.sessions,
    verification,
    dispose: () => aggregator.dispose(),
  };
}

interface Build {
  aggregator: ReportAggregator;
  keyIds: Set<string>;
  accepted: number;
}

async function take(build: Build, event: Record<string, unknown>, deliveredAt: number | undefined, keys: ReadonlyMap<string, AuditVerificationKey>): Promise<void> {
  build.accepted++;
  if (event.kind === 'chain.checkpoint') noteSignature(event, keys, build.keyIds);
  build.aggregator.add(event, deliveredAt);
  if ((build.accepted & 1023) === 0) {
    await build.aggregator.requests.drain();
    await build.aggregator.sessions.drain();
  }
}

function noteSignature(event: Record<string, unknown>, keys: ReadonlyMap<string, AuditVerificationKey>, into: Set<string>): void {
  const checkpoint = event.checkpoint as { keyId?: unknown; alg?: unknown; signature?: unknown } | undefined;
  const hash = (event.chain as { hash?: unknown } | undefined)?.hash;
  if (checkpoint === undefined || typeof checkpoint.keyId !== 'string' || typeof checkpoint.signature !== 'string' || typeof hash !== 'string') return;
  const key = keys.get(checkpoint.keyId);
  if (key === undefined || (checkpoint.alg !== 'Ed25519' && checkpoint.alg !== 'HMAC-SHA256') || !/^[0-9a-f]{64}$/.test(hash)) return;
  if (verifyCheckpointSignature(checkpoint.alg as CheckpointAlg, key, Buffer.from(hash, 'hex'), checkpoint.signature)) into.add(checkpoint.keyId);
}
