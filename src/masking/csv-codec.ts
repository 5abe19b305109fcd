import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

/** One CSV field as read: quoting is remembered so unchanged fields are written back byte for byte. */
export interface CsvField {
  value: string;
  quoted: boolean;
}

/** One CSV record (RFC 4180) and the line ending that closed it (`''` for a last line without one). */
export interface CsvRecord {
  fields: CsvField[];
  eol: string;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * Incremental RFC 4180 reader: push text, get back the records completed so far. Quoted
 * fields may span lines and chunks; the unfinished record is carried, up to `maxRecordChars`.
 */
export class CsvReader {
  private buf = '';
  private scanned = 0;
  private state = FIELD_START;

  constructor(private readonly maxRecordChars: number) {}

  push(chunk: string): CsvRecord[] {
    this.buf += chunk;
    const records: CsvRecord[] = [];
    let recordStart = 0;
    const buf = this.buf;
    let state = this.state;
    for (let i = this.scanned; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (state === QUOTED) {
        if (c === 34) state = QUOTE_IN_QUOTED;
        continue;
      }
      if (c === 10) {
        records.push(parseRecord(buf.slice(recordStart, i)));
        recordStart = i + 1;
        state = FIELD_START;
      } else if (c === 44) {
        state = FIELD_START;
      } else if (c === 34) {
        if (state === FIELD_START || state === QUOTE_IN_QUOTED) state = QUOTED;
      } else if (state === FIELD_START || (state === QUOTE_IN_QUOTED && c !== 13)) {
        state = UNQUOTED;
      }
    }
    this.state = state;
    this.buf = buf.slice(recordStart);
    this.scanned = this.buf.length;
    if (this.buf.length > this.maxRecordChars) {
      throw new WardgateError(ErrorCode.ResourceExhausted, 'CSV record exceeds the maximum record length', {
        details: { maxRecordChars: this.maxRecordChars },
      });
    }
    return records;
  }

  end(): CsvRecord[] {
    if (this.state === QUOTED) throw new WardgateError(ErrorCode.Uninspectable, 'CSV body has an unterminated quoted field');
    const rest = this.buf;
    this.buf = '';
    this.scanned = 0;
    this.state = FIELD_START;
    if (rest === '') return [];
    const record = parseRecord(rest);
    record.eol = '';
    return [record];
  }
}

/** Parses one record's text (without its `\n`; a trailing `\r` becomes the `\r\n` ending). */
function parseRecord(line: string): CsvRecord {
  let eol = '\n';
  if (line.endsWith('\r')) {
    line = line.slice(0, -1);
    eol = '\r\n';
  }
  const fields: CsvField[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) throw new WardgateError(ErrorCode.Uninspectable, 'CSV body has an unterminated quoted field');
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Text after a closing quote is not RFC 4180; keep it rather than guess.
      const comma = line.indexOf(',', i);
      const trailing = comma === -1 ? line.slice(i) : line.slice(i, comma);
      if (trailing !== '') throw new WardgateError(ErrorCode.Uninspectable, 'CSV body has text after a closing quote');
      fields.push({ value, quoted: true });
      if (comma === -1) break;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      fields.push({ value: comma === -1 ? line.slice(i) : line.slice(i, comma), quoted: false });
      if (comma === -1) break;
      i = comma + 1;
    }
  }
  return { fields, eol };
}

/** Writes a record back; a field is quoted if it was, or if its new value needs it. */
export function writeCsvRecord(fields: readonly CsvField[], eol: string): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) out += ',';
    out += f.quoted || /[",\r\n]/.test(f.value) ? `"${f.value.replaceAll('"', '""')}"` : f.value;
  }
  return out + eol;
}
