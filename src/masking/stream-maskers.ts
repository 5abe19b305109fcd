import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { CsvReader } from './csv-codec.js';
import type { CsvMasker } from './csv-masker.js';
import type { MaskContext } from './mask-context.js';
import type { MaskingSummary } from './masking-summary.js';
import type { TextScanner } from './text-scanner.js';
import { renderSpans } from './text-scanner.js';

/** Chunked masking: `push()` returns what is safe to emit now (may be ''), `end()` the rest. */
export interface StreamMasker {
  push(chunk: string): string;
  end(): string;
  summary(): MaskingSummary;
}

/** Text held back before anything is emitted, so a value split across chunks is seen whole. */
const TEXT_HOLD = 256;
/** Every cut leaves at least this much unemitted text behind it... */
const TEXT_MIN_TAIL = 64;
/** ...and keeps this much emitted text as left context ("Dr.", "MRN:") for the next scan. */
const TEXT_CONTEXT = 64;
/** Beyond this much held text (no blank, or one long PHI value) a cut is forced to bound memory. */
const TEXT_MAX_PENDING = 64 * 1024;

function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Free text in chunks. Each push scans (left context + held text), emits up to the last blank
 * that is at least TEXT_MIN_TAIL before the end and not inside a detected value, and holds
 * back the rest. Values longer than TEXT_MIN_TAIL without blanks may still be cut.
 */
export class TextStreamMasker implements StreamMasker {
  private pending = '';
  private context = '';

  constructor(
    private readonly scanner: TextScanner,
    private readonly ctx: MaskContext,
  ) {}

  push(chunk: string): string {
    this.pending += chunk;
    if (this.pending.length <= TEXT_HOLD) return '';
    const pending = this.pending;
    const buf = this.context + pending;
    const offset = this.context.length;
    const spans = this.scanner.findSpans(buf);
    let cut = -1;
    for (let i = pending.length - TEXT_MIN_TAIL; i > 0; i--) {
      if (isBlank(pending.charCodeAt(i - 1))) {
        cut = i;
        break;
      }
    }
    if (cut === -1) cut = pending.length - TEXT_MIN_TAIL;
    // Never cut through a value (multi-word names, "March 3, 1950").
    for (let k = spans.length - 1; k >= 0; k--) {
      const s = spans[k]!;
      if (s.start < offset + cut && s.end > offset + cut) cut = s.start - offset;
    }
    if (cut <= 0) {
      if (pending.length <= TEXT_MAX_PENDING) return '';
      cut = pending.length - TEXT_MIN_TAIL;
    }
    const out = renderSpans(buf, spans, this.ctx, offset, offset + cut);
    this.context = buf.slice(Math.max(0, offset + cut - TEXT_CONTEXT), offset + cut);
    this.pending = pending.slice(cut);
    return out;
  }

  end(): string {
    const buf = this.context + this.pending;
    const offset = this.context.length;
    this.context = '';
    this.pending = '';
    if (buf.length === offset) return '';
    return renderSpans(buf, this.scanner.findSpans(buf), this.ctx, offset, buf.length);
  }

  summary(): MaskingSummary {
    return this.ctx.summary;
  }
}

/** Masks one complete line (without its `\n`); may throw WardgateError(Uninspectable). */
export type LineMasker = (line: string) => string;

/** NDJSON in chunks: complete lines are masked, the partial last line is carried (bounded). */
export class NdjsonStreamMasker implements StreamMasker {
  private pending = '';

  constructor(
    private readonly maskLine: LineMasker,
    private readonly ctx: MaskContext,
    private readonly maxLineChars: number,
  ) {}

  push(chunk: string): string {
    const nl = chunk.lastIndexOf('\n');
    if (nl === -1) {
      this.pending += chunk;
      this.checkBound();
      return '';
    }
    const text = this.pending + chunk.slice(0, nl);
    this.pending = chunk.slice(nl + 1);
    this.checkBound();
    return maskLines(text, this.maskLine) + '\n';
  }

  end(): string {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? '' : maskLines(rest, this.maskLine);
  }

  summary(): MaskingSummary {
    return this.ctx.summary;
  }

  private checkBound(): void {
    if (this.pending.length > this.maxLineChars) {
      throw new WardgateError(ErrorCode.ResourceExhausted, 'NDJSON line exceeds the maximum line length', {
        details: { maxLineChars: this.maxLineChars },
      });
    }
  }
}

/** Masks `\n`-separated lines, keeping blank lines and `\r` endings as they are. */
export function maskLines(text: string, maskLine: LineMasker): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const cr = line.endsWith('\r');
    const body = cr ? line.slice(0, -1) : line;
    if (body.trim() === '') continue;
    lines[i] = maskLine(body) + (cr ? '\r' : '');
  }
  return lines.join('\n');
}

/** CSV in chunks: complete records are masked (the first one is the header), the rest carried. */
export class CsvStreamMasker implements StreamMasker {
  private readonly reader: CsvReader;

  constructor(
    private readonly masker: CsvMasker,
    private readonly ctx: MaskContext,
    maxRecordChars: number,
  ) {
    this.reader = new CsvReader(maxRecordChars);
  }

  push(chunk: string): string {
    let out = '';
    for (const record of this.reader.push(chunk)) out += this.masker.maskRecord(record);
    return out;
  }

  end(): string {
    let out = '';
    for (const record of this.reader.end()) out += this.masker.maskRecord(record);
    return out;
  }

  summary(): MaskingSummary {
    return this.ctx.summary;
  }
}
