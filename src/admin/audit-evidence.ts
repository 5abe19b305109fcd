import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { AuditVerificationKey } from '../audit/audit-signer.js';
import { loadVerificationKey } from '../audit/audit-keys.js';
import { verifyAuditEvents } from '../audit/audit-verifier.js';
import type { Clock } from '../clock/clock.js';
import type { AuditConfig } from '../config/audit-config.js';
import { readSecretFile } from '../config/secret-file.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { createMaskingEngine } from '../masking/masking-engine.js';
import { buildAuditReport, type ReportSource } from '../report/build-audit-report.js';
import { createFreeTextRemasker } from '../report/free-text-remasker.js';
import { fileReportSource, kafkaReportSource } from '../report/report-sources.js';
import { writeHtmlReport } from '../report/render-html-report.js';
import { writeJsonReport } from '../report/write-json-report.js';
import { AgentRunIndex, type AgentRun, type AgentTimeline, type AgentTimelineQuery } from './agent-runs.js';

/** What the Evidence page reads: the audit report and one session's events, from the verified stream. */
export interface AuditEvidence {
  /** The `wardgate audit report --format json` document for the period. */
  report(range: { from?: number; to?: number }): Promise<unknown>;
  /** The same report as `--format html` writes it (the CLI's renderer), into `out`. */
  reportHtml(range: { from?: number; to?: number }, out: NodeJS.WritableStream): Promise<void>;
  /** Every event of one correlation id, in the order read, and whether the stream verifies. */
  timeline(correlationId: string): Promise<{ correlationId: string; events: unknown[]; chain: { ok: boolean; findings: number } }>;
  /** One agent's runs (correlation ids it acted on) in a window, newest first, a page at a time. */
  agentTimeline(query: AgentTimelineQuery): Promise<AgentTimeline>;
}

/** A report bigger than this is refused here (the CLI streams any size). */
const maxReportBytes = 32 * 1024 * 1024;
const maxTimelineEvents = 10_000;

export interface AuditEvidenceOptions {
  source: ReportSource;
  /** Read on first use (a key file), so that building the evidence needs no await at start. */
  keys: () => Promise<ReadonlyMap<string, AuditVerificationKey>>;
  clock: Clock;
}

/** The report is built exactly as the CLI builds it (same builder, same JSON writer, same re-masking). */
export function createAuditEvidence(options: AuditEvidenceOptions): AuditEvidence {
  // As in the CLI: the record profile redacts, so the token key is never seen.
  const remasker = createFreeTextRemasker(createMaskingEngine({ profiles: [], tokenKey: randomBytes(32) }));
  return {
    async report(range) {
      const built = await buildAuditReport({ source: options.source, keys: await options.keys(), remasker, now: options.clock.now(), ...range });
      try {
        const chunks: Buffer[] = [];
        let size = 0;
        const out = new Writable({
          write(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            if (size > maxReportBytes) return done(new WardgateError(ErrorCode.ResourceExhausted, 'the report for this period is too large for the console; narrow the period or use wardgate audit report'));
            chunks.push(Buffer.from(chunk));
            done();
          },
        });
        await writeJsonReport(built, out);
        return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      } finally {
        built.dispose();
      }
    },
    async reportHtml(range, out) {
      const built = await buildAuditReport({ source: options.source, keys: await options.keys(), remasker, now: options.clock.now(), ...range });
      try {
        await writeHtmlReport(built, out);
      } finally {
        built.dispose();
      }
    },
    async timeline(correlationId) {
      const events: unknown[] = [];
      async function* tapped(): AsyncGenerator<unknown> {
        for await (const record of options.source.open()) {
          const value = record.value as { correlationId?: unknown } | null;
          if (value !== null && typeof value === 'object' && value.correlationId === correlationId && events.length < maxTimelineEvents) events.push(value);
          yield record.value;
        }
      }
      return { correlationId, events, chain: await verified(tapped()) };
    },
    async agentTimeline(query) {
      // Two reads: the first (verified) finds the page's runs, the second collects their events,
      // so memory holds one page, not every event of every run.
      const index = new AgentRunIndex(query);
      async function* tapped(): AsyncGenerator<unknown> {
        for await (const record of options.source.open()) {
          index.add(record.value);
          yield record.value;
        }
      }
      const chain = await verified(tapped());
      const { keys, nextCursor } = index.page();
      const runs = new Map<string, AgentRun>(keys.map((k) => [k.correlationId, { ...k, events: [] }]));
      let kept = 0;
      if (runs.size > 0) {
        for await (const record of options.source.open()) {
          const value = record.value as { correlationId?: unknown } | null;
          const run = value !== null && typeof value === 'object' && typeof value.correlationId === 'string' ? runs.get(value.correlationId) : undefined;
          if (run !== undefined && kept < maxTimelineEvents) {
            run.events.push(value);
            kept++;
          }
        }
      }
      return { agent: query.agent, runs: [...runs.values()], ...(nextCursor === undefined ? {} : { nextCursor }), chain };
    },
  };

  async function verified(events: AsyncIterable<unknown>): Promise<{ ok: boolean; findings: number }> {
    const verification = await verifyAuditEvents(events, { keys: await options.keys() });
    const findings = verification.findings.length + verification.chains.reduce((n, c) => n + c.findings.length, 0);
    return { ok: verification.ok, findings };
  }
}

/** The configured audit sink read back (the JSONL file, or the topic), with the configured signing key as the verification key. */
export function auditEvidenceFromConfig(audit: Readonly<AuditConfig>, deps: { clock: Clock; logger: Logger }): AuditEvidence {
  const { keyFile, keyId } = audit.signing;
  if (keyFile === undefined) deps.logger.warn('audit.signing.keyFile not set: the console evidence shows the chain as unverifiable');
  let keys: Promise<ReadonlyMap<string, AuditVerificationKey>> | undefined;
  const loadKeys = (): Promise<ReadonlyMap<string, AuditVerificationKey>> => {
    keys ??= keyFile === undefined ? Promise.resolve(new Map()) : loadVerificationKey(keyFile).then((key) => new Map([[keyId, key]]));
    return keys;
  };
  const { kafka } = audit;
  const source = audit.sink === 'file'
    ? fileReportSource([audit.file.path])
    : kafkaReportSource({
      connection: {
        brokers: kafka.brokers,
        clientId: `${kafka.clientId}-evidence`,
        ...(kafka.ssl === true ? { ssl: true } : {}),
        ...(kafka.sasl ? { sasl: { mechanism: kafka.sasl.mechanism, username: kafka.sasl.username, password: readSecretFile(kafka.sasl.passwordFile, 'audit.kafka.sasl.passwordFile') } } : {}),
      },
      topic: kafka.topic,
      logger: deps.logger,
    });
  return createAuditEvidence({ source, keys: loadKeys, clock: deps.clock });
}
