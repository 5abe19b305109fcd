import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { AUDIT_TOPIC_CLOCK_SLACK_MS } from '../audit/kafka-audit-reader.js';
import { createSilentLogger, type Logger } from '../logging/logger.js';
import { createMaskingEngine } from '../masking/masking-engine.js';
import { buildAuditReport, type BuiltAuditReport, type ReportSource } from '../report/build-audit-report.js';
import { createFreeTextRemasker } from '../report/free-text-remasker.js';
import { printHtmlToPdf } from '../report/print-pdf.js';
import { writeHtmlReport } from '../report/render-html-report.js';
import { fileReportSource, kafkaReportSource } from '../report/report-sources.js';
import { writeJsonReport } from '../report/write-json-report.js';
import { auditSourceOptions, describeError, kafkaConnection, loadKeyOptions, parseTime } from './audit-cli-options.js';
import type { CliIo } from './cli-io.js';

/** Exit codes: 0 verified, 1 findings (the report is still written), 2 usage, 3 input unreadable, 4 report not written. */
export const ReportExit = { Ok: 0, Findings: 1, Usage: 2, Unreadable: 3, NotWritten: 4 } as const;

export const auditReportUsage = `  wardgate audit report (--file PATH ... | --brokers HOST:PORT[,...] --topic TOPIC)
                        [--from TIME] [--to TIME] [--key KEY_ID=PATH ...]
                        [--format html|json|pdf] [--out PATH] [--chromium PATH]
              the auditor's evidence pack, built from the verified events only (docs/audit-report.md);
              html (default) and json go to stdout without --out; pdf needs --out and Debian's chromium;
              exit 1 (report still written, failure first) when the stream does not verify`;

export interface AuditReportIo extends CliIo {
  logger?: Logger;
  /** For tests: the report's "now". @default Date.now */
  now?: () => number;
}

/** `wardgate audit report …`; `argv` excludes `audit report`. */
export async function runAuditReport(argv: readonly string[], cli: AuditReportIo): Promise<number> {
  const err = (text: string): void => void cli.stderr.write(text + '\n');
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string', multiple: true },
        ...auditSourceOptions,
        format: { type: 'string' },
        out: { type: 'string' },
        chromium: { type: 'string' },
      },
    }));
  } catch (error) {
    err(`${(error as Error).message}\nusage:\n${auditReportUsage}`);
    return ReportExit.Usage;
  }
  const files = values.file ?? [];
  const fromKafka = values.brokers !== undefined || values.topic !== undefined;
  if ((files.length === 0) === !fromKafka || (fromKafka && (values.brokers === undefined || values.topic === undefined))) {
    err(`give either --file (one or more) or both --brokers and --topic\nusage:\n${auditReportUsage}`);
    return ReportExit.Usage;
  }
  const format = values.format ?? 'html';
  if (format !== 'html' && format !== 'json' && format !== 'pdf') {
    err(`--format must be html, json or pdf, got ${JSON.stringify(format)}`);
    return ReportExit.Usage;
  }
  if (format === 'pdf' && values.out === undefined) {
    err('--format pdf needs --out PATH');
    return ReportExit.Usage;
  }
  const from = parseTime(values.from);
  const to = parseTime(values.to);
  if (from === null || to === null) {
    err('--from/--to must be ISO-8601 times or epoch milliseconds');
    return ReportExit.Usage;
  }
  const loaded = await loadKeyOptions(values.key ?? []);
  if ('usage' in loaded) {
    err(loaded.usage);
    return ReportExit.Usage;
  }
  if ('unreadable' in loaded) {
    err(loaded.unreadable);
    return ReportExit.Unreadable;
  }
  if (loaded.keys.size === 0) err('warning: no --key given: checkpoint signatures cannot be checked and the report will show the stream as failed');

  // The current engine re-masks recorded text; the record profile redacts, so the token key is never seen.
  const remasker = createFreeTextRemasker(createMaskingEngine({ profiles: [], tokenKey: randomBytes(32) }));
  let built: BuiltAuditReport;
  try {
    const source: ReportSource = files.length > 0
      ? fileReportSource(files)
      : kafkaReportSource({
        ...(from === undefined ? {} : { fromTimestamp: from - AUDIT_TOPIC_CLOCK_SLACK_MS }),
        connection: await kafkaConnection(values, 'wardgate-audit-report'),
        topic: values.topic!,
        logger: cli.logger ?? createSilentLogger(),
      });
    built = await buildAuditReport({
      source,
      keys: loaded.keys,
      remasker,
      now: (cli.now ?? Date.now)(),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
  } catch (error) {
    err(`cannot read audit events: ${describeError(error)}`);
    return ReportExit.Unreadable;
  }
  try {
    const write = format === 'json' ? writeJsonReport : writeHtmlReport;
    if (format === 'pdf') await printHtmlToPdf((out) => writeHtmlReport(built, out), values.out!, values.chromium === undefined ? {} : { chromium: values.chromium });
    else if (values.out === undefined) await write(built, cli.stdout);
    else await writeFileAtomically(values.out, (out) => write(built, out));
  } catch (error) {
    err(`report not written: ${describeError(error)}`);
    return ReportExit.NotWritten;
  } finally {
    built.dispose();
  }
  const { integrity } = built.report;
  if (!integrity.ok) err(`verification FAILED: ${integrity.findings.length} finding(s); the report starts with them`);
  return integrity.ok ? ReportExit.Ok : ReportExit.Findings;
}

/** Writes to a sibling temporary file and renames it: a reader never sees half a report. */
async function writeFileAtomically(path: string, write: (out: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const out = createWriteStream(temp, { mode: 0o600 });
  try {
    await write(out);
    out.end();
    await finished(out);
    await rename(temp, path);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
