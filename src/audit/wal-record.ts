import { crc32 } from 'node:zlib';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

const newline = 0x0a;
const space = 0x20;
/** 8 hex digits of CRC-32 and a space. */
const headerBytes = 9;

/**
 * One record of the write-ahead log: a line `<crc32 of payload, 8 hex> <payload>\n`. The payload
 * is JSON (JSON.stringify never writes a raw newline), so a line is a record and a file stays
 * readable with `cut -c10-`; the checksum finds a torn or corrupt record after a crash.
 */
export function encodeWalRecord(payload: string): Buffer {
  if (payload.includes('\n')) throw new WardgateError(ErrorCode.Internal, 'a write-ahead log record cannot hold a newline');
  const body = Buffer.from(payload, 'utf8');
  const record = Buffer.allocUnsafe(headerBytes + body.length + 1);
  record.write(crc32(body).toString(16).padStart(8, '0'), 0, 'latin1');
  record[8] = space;
  body.copy(record, headerBytes);
  record[record.length - 1] = newline;
  return record;
}

export interface DecodedWalRecords {
  payloads: string[];
  /** Bytes of `data` taken by the complete, valid records (a prefix of `data`). */
  validBytes: number;
  /** Why decoding stopped before the end of `data`: a torn (unterminated) or corrupt record. */
  stop?: 'torn' | 'corrupt';
}

/**
 * Decodes records from the start of `data`, stopping at the first torn or corrupt one, or at a
 * zero byte where a record would start: the zeroed, preallocated tail of a segment (a record
 * starts with a hex digit, so a zero there is never a record).
 */
export function decodeWalRecords(data: Buffer, maxRecords = Infinity): DecodedWalRecords {
  const payloads: string[] = [];
  const walked = walkWalRecords(data, maxRecords, (start, end) => payloads.push(data.toString('utf8', start, end)));
  return { payloads, validBytes: walked.validBytes, ...(walked.stop === undefined ? {} : { stop: walked.stop }) };
}

export interface WalRecordExtent {
  records: number;
  validBytes: number;
  stop?: 'torn' | 'corrupt';
}

/** Like `decodeWalRecords` without making strings: how many valid records `data` starts with. */
export function measureWalRecords(data: Buffer, maxRecords = Infinity): WalRecordExtent {
  return walkWalRecords(data, maxRecords, () => undefined);
}

function walkWalRecords(data: Buffer, maxRecords: number, onPayload: (start: number, end: number) => void): WalRecordExtent {
  let records = 0;
  let at = 0;
  while (at < data.length && records < maxRecords) {
    if (data[at] === 0) break;
    const end = data.indexOf(newline, at);
    if (end < 0) return { records, validBytes: at, stop: 'torn' };
    if (!isValidRecord(data, at, end)) return { records, validBytes: at, stop: 'corrupt' };
    onPayload(at + headerBytes, end);
    records++;
    at = end + 1;
  }
  return { records, validBytes: at };
}

function isValidRecord(data: Buffer, start: number, end: number): boolean {
  if (end - start < headerBytes || data[start + 8] !== space) return false;
  const hex = data.toString('latin1', start, start + 8);
  return /^[0-9a-f]{8}$/.test(hex) && crc32(data.subarray(start + headerBytes, end)) === Number.parseInt(hex, 16);
}
