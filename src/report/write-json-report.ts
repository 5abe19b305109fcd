import { randomUUID } from 'node:crypto';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { BuiltAuditReport } from './build-audit-report.js';

/** Writes text, waiting when the stream asks for it (a million rows must not pile up in memory). */
export async function writeText(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      out.off('drain', onDrain);
      reject(error);
    };
    const onDrain = (): void => {
      out.off('error', onError);
      resolve();
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

/**
 * Writes the report as one JSON document (docs/audit-report.schema.json): the sections as
 * indented JSON, the request and session lists streamed from their spills one row a line.
 */
export async function writeJsonReport(built: BuiltAuditReport, out: NodeJS.WritableStream): Promise<void> {
  // A fresh marker per run: no recorded text can collide with it.
  const requestsMark = `wardgate-report-rows-${randomUUID()}`;
  const sessionsMark = `wardgate-report-rows-${randomUUID()}`;
  const shell = {
    ...built.report,
    access: { ...built.report.access, requests: requestsMark },
    masking: { ...built.report.masking, sessionList: sessionsMark },
  };
  const text = JSON.stringify(shell, null, 2);
  const [head, middle, tail] = splitTwice(text, JSON.stringify(requestsMark), JSON.stringify(sessionsMark));
  await writeText(out, head);
  await writeRows(out, built.requests.rows());
  await writeText(out, middle);
  await writeRows(out, built.sessions.rows());
  await writeText(out, tail + '\n');
}

async function writeRows(out: NodeJS.WritableStream, rows: AsyncIterable<unknown>): Promise<void> {
  let first = true;
  await writeText(out, '[');
  for await (const row of rows) {
    await writeText(out, (first ? '\n    ' : ',\n    ') + JSON.stringify(row));
    first = false;
  }
  await writeText(out, first ? ']' : '\n  ]');
}

function splitTwice(text: string, a: string, b: string): [string, string, string] {
  const i = text.indexOf(a);
  const j = text.indexOf(b, i + a.length);
  if (i < 0 || j < 0) throw new WardgateError(ErrorCode.Internal, 'report shell lost its row markers');
  return [text.slice(0, i), text.slice(i + a.length, j), text.slice(j + b.length)];
}
