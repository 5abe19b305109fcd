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

/**
 * What a walk over segment bytes meets:
 * - `record`: a line whose checksum matches (payload from `start + 9` to `end - 1`, the newline);
 * - `corrupt`: a line whose checksum does not match; it stands for one record;
 * - `cut`: bytes that are not zero, ended by a zero byte or by the data: a record cut short;
 * - `zeros`: a run of zero bytes: the preallocated tail, or (between records) a lost page.
 */
export type WalItemKind = 'record' | 'corrupt' | 'cut' | 'zeros';

/**
 * Walks `data` from `from`, one item `[start, end)` at a time, while `visit` returns true.
 * A payload is JSON text, so it holds neither a newline nor a zero byte: a zero inside a line
 * means the line was cut short.
 */
export function walkWalItems(data: Buffer, from: number, visit: (kind: WalItemKind, start: number, end: number) => boolean): void {
  let at = from;
  while (at < data.length) {
    let kind: WalItemKind;
    let end: number;
    if (data[at] === 0) {
      kind = 'zeros';
      end = nextNonZero(data, at);
    } else {
      const newlineAt = data.indexOf(newline, at);
      const lineEnd = newlineAt < 0 ? data.length : newlineAt;
      const zeroAt = data.subarray(at, lineEnd).indexOf(0);
      if (zeroAt >= 0 || newlineAt < 0) {
        kind = 'cut';
        end = zeroAt >= 0 ? at + zeroAt : data.length;
      } else {
        kind = isValidRecord(data, at, newlineAt) ? 'record' : 'corrupt';
        end = newlineAt + 1;
      }
    }
    if (!visit(kind, at, end)) return;
    at = end;
  }
}

/** The payload of a `record` item. */
export function walPayload(data: Buffer, start: number, end: number): string {
  return data.toString('utf8', start + headerBytes, end - 1);
}

export interface WalSegmentScan {
  /** Record slots up to and including the last valid record: valid records and the damaged ones among them. */
  records: number;
  /** Valid records among them. */
  valid: number;
  /** Where the last valid record ends: the segment's logical end. */
  validBytes: number;
  /** Where each damaged item before the last valid record starts (corrupt or cut records, runs of zeros). */
  damage: number[];
}

/**
 * A segment's records from its start: at most `maxRecords` slots (the count its successor's name
 * gives), up to its last valid record. Damage between valid records is stepped over (a corrupt
 * or cut record takes its slot, a run of zeros none); what follows the last valid record is
 * the segment's tail: zeros, or a write cut short.
 */
export function scanWalSegment(data: Buffer, maxRecords = Infinity): WalSegmentScan {
  const scan: WalSegmentScan = { records: 0, valid: 0, validBytes: 0, damage: [] };
  let slots = 0;
  let damage: number[] = [];
  walkWalItems(data, 0, (kind, start, end) => {
    if (kind === 'zeros') {
      damage.push(start);
      return true;
    }
    if (slots >= maxRecords) return false;
    slots++;
    if (kind !== 'record') {
      damage.push(start);
      return true;
    }
    scan.records = slots;
    scan.valid++;
    scan.validBytes = end;
    for (const at of damage) scan.damage.push(at);
    damage = [];
    return true;
  });
  return scan;
}

const zeroBlock = Buffer.alloc(4096);

/** The first byte at or after `from` that is not zero, or data.length. */
export function nextNonZero(data: Buffer, from: number): number {
  let at = from;
  while (at + zeroBlock.length <= data.length && data.compare(zeroBlock, 0, zeroBlock.length, at, at + zeroBlock.length) === 0) at += zeroBlock.length;
  while (at < data.length && data[at] === 0) at++;
  return at;
}

/** The index after the last byte of `data` at or after `from` that is not zero, or `from`. */
export function endOfNonZero(data: Buffer, from: number): number {
  let end = data.length;
  while (end - zeroBlock.length >= from && data.compare(zeroBlock, 0, zeroBlock.length, end - zeroBlock.length, end) === 0) end -= zeroBlock.length;
  while (end > from && data[end - 1] === 0) end--;
  return end;
}

function isValidRecord(data: Buffer, start: number, end: number): boolean {
  if (end - start < headerBytes || data[start + 8] !== space) return false;
  const hex = data.toString('latin1', start, start + 8);
  return /^[0-9a-f]{8}$/.test(hex) && crc32(data.subarray(start + headerBytes, end)) === Number.parseInt(hex, 16);
}
