import { parseArgs } from 'node:util';
import { verifyAuditEvents, type ChainVerification, type VerificationReport } from '../audit/audit-verifier.js';
import { readJsonlAuditFile } from '../audit/jsonl-audit-reader.js';
import { AUDIT_TOPIC_CLOCK_SLACK_MS, streamAuditTopic } from '../audit/kafka-audit-reader.js';
import { auditEventJsonSchema } from '../audit/sealed-audit-event-schema.js';
import { createSilentLogger, type Logger } from '../logging/logger.js';
import { auditReportJsonSchema } from '../report/report-model.js';
import { auditSourceOptions, describeError as describe, kafkaConnection, loadKeyOptions, parseTime } from './audit-cli-options.js';
import { auditReportUsage, runAuditReport } from './audit-report-command.js';
import type { CliIo } from './cli-io.js';

export interface AuditCommandIo extends CliIo {
  /** Where kafkajs' own complaints go. @default silent */
  logger?: Logger;
}

/** Exit codes: 0 verified, 1 findings, 2 usage, 3 input unreadable. */
export const AuditExit = { Ok: 0, Findings: 1, Usage: 2, Unreadable: 3 } as const;

const usage = `usage:
  wardgate audit verify (--file PATH | --brokers HOST:PORT[,...] --topic TOPIC)
                        [--from TIME] [--to TIME] [--key KEY_ID=PATH ...] [--json] [--strict]
                        [--ssl] [--sasl-mechanism plain|scram-sha-256|scram-sha-512 --sasl-username U --sasl-password-file PATH]
  wardgate audit schema [--report] print the JSON Schema of audit events (of the report)
${auditReportUsage}

  --key       verification key by key id: an Ed25519 public key (PEM) or an HMAC secret file
  --from/--to ISO-8601 time or epoch ms (inclusive); the first event in range starts its chain;
              from a topic, records sent more than 5 minutes before --from are not read
  --strict    also fail on events not yet covered by a checkpoint signature
exit codes: 0 verified, 1 findings, 2 usage error, 3 input unreadable`;

/** `wardgate audit …`; `argv` excludes the leading `audit`. */
export async function runAuditCommand(argv: readonly string[], cli: AuditCommandIo): Promise<number> {
  const io = { out: (text: string) => cli.stdout.write(text), err: (text: string) => cli.stderr.write(text) };
  const [sub, ...rest] = argv;
  const asksHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');
  if (sub === 'help' || (sub !== undefined && asksHelp([sub])) || ((sub === 'schema' || sub === 'verify' || sub === 'report') && asksHelp(rest))) {
    io.out(usage + '\n');
    return AuditExit.Ok;
  }
  if (sub === 'schema') {
    io.out(JSON.stringify(rest[0] === '--report' ? auditReportJsonSchema() : auditEventJsonSchema(), null, 2) + '\n');
    return AuditExit.Ok;
  }
  if (sub === 'report') return runAuditReport(rest, cli);
  if (sub !== 'verify') {
    io.err(usage + '\n');
    return AuditExit.Usage;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string' },
        ...auditSourceOptions,
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
      },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}\n`);
    return AuditExit.Usage;
  }
  const fromKafka = values.brokers !== undefined || values.topic !== undefined;
  if ((values.file === undefined) === !fromKafka || (fromKafka && (values.brokers === undefined || values.topic === undefined))) {
    io.err(`give either --file or both --brokers and --topic\n${usage}\n`);
    return AuditExit.Usage;
  }
  const from = parseTime(values.from);
  const to = parseTime(values.to);
  if (from === null || to === null) {
    io.err('--from/--to must be ISO-8601 times or epoch milliseconds\n');
    return AuditExit.Usage;
  }
  const loaded = await loadKeyOptions(values.key ?? []);
  if ('usage' in loaded) {
    io.err(`${loaded.usage}\n`);
    return AuditExit.Usage;
  }
  if ('unreadable' in loaded) {
    io.err(`${loaded.unreadable}\n`);
    return AuditExit.Unreadable;
  }
  const { keys } = loaded;
  if (keys.size === 0) io.err('warning: no --key given: checkpoint signatures cannot be checked and will be reported\n');

  let report: VerificationReport;
  try {
    const events = values.file !== undefined
      ? readJsonlAuditFile(values.file)
      : streamAuditTopic({
        // Records sent long before --from hold no event in range: they are not read.
        ...(from === undefined ? {} : { fromTimestamp: from - AUDIT_TOPIC_CLOCK_SLACK_MS }),
        connection: await kafkaConnection(values, 'wardgate-audit-verify'),
        topic: values.topic!,
        logger: cli.logger ?? createSilentLogger(),
      });
    report = await verifyAuditEvents(events, { keys, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  } catch (error) {
    io.err(`cannot read audit events: ${describe(error)}\n`);
    return AuditExit.Unreadable;
  }
  const strictFailure = values.strict === true && report.chains.some((c) => c.unsignedTail > 0);
  const ok = report.ok && !strictFailure;
  io.out(values.json === true ? JSON.stringify({ ...report, ok }, null, 2) + '\n' : formatReport(report, ok));
  return ok ? AuditExit.Ok : AuditExit.Findings;
}

/** The human-readable report. */
export function formatReport(report: VerificationReport, ok = report.ok): string {
  const lines: string[] = [];
  for (const chain of report.chains) lines.push(...formatChain(chain));
  for (const finding of report.findings) lines.push(`FINDING ${finding.kind}: ${finding.message}`);
  const findings = report.findings.length + report.chains.reduce((n, c) => n + c.findings.length, 0);
  const events = report.chains.reduce((n, c) => n + c.events, 0);
  lines.push(`summary: ${report.chains.length} chain(s), ${events} event(s) verified of ${report.records} record(s) read, ${findings} finding(s): ${ok ? 'OK' : 'FAILED'}`);
  return lines.join('\n') + '\n';
}

function formatChain(chain: ChainVerification): string[] {
  const lines = [
    `chain ${chain.chainId}: ${chain.events} event(s), seq ${chain.firstSeq}..${chain.lastSeq}, ${chain.firstTime} .. ${chain.lastTime}, ` +
    `${chain.checkpoints} valid checkpoint(s), signed through seq ${chain.lastSignedSeq}: ${chain.ok ? 'OK' : 'FAILED'}`,
  ];
  if (chain.startsAtSeq !== undefined) lines.push(`  starts at seq ${chain.startsAtSeq} (time filter; its predecessor was not checked)`);
  for (const finding of chain.findings) lines.push(`  FINDING ${finding.kind}: ${finding.message}`);
  if (chain.duplicates > 0) lines.push(`  note: ${chain.duplicates} exact re-delivery(ies) ignored`);
  if (chain.unsignedTail > 0) lines.push(`  warning: ${chain.unsignedTail} event(s) after the last valid checkpoint are not signed`);
  return lines;
}
