import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { isBase64Char, isBase64Payload } from './base64-payload.js';
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
/** A token without blanks is held whole up to this length (URLs, emails, identifiers). */
const TEXT_TOKEN_CAP = 4 * 1024;
/** Beyond this much held text (no safe place to cut) a cut is forced to bound memory. */
const TEXT_MAX_PENDING = 64 * 1024;

function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Where a URL ends (the characters `value-detectors` excludes from one). */
function endsUrl(c: number): boolean {
  return isBlank(c) || c === 60 || c === 62 || c === 34 || c === 39 || c === 96 || c === 123 || c === 125 || c === 124 || c === 92 || c === 94 || c === 91 || c === 93;
}

/** Separators no email, URL or identifier contains: a forced cut inside a long token goes there. */
function isHardSeparator(c: number): boolean {
  return c === 44 || c === 59 || c === 124 || c === 34 || c === 60 || c === 62 || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125;
}

const urlStartRe = /^(?:(?:https?|ftp):\/\/|www\.)/i;
const dataUriRe = /^data:[\w.+/-]{0,100}(?:;[\w=.-]{1,64}){0,4};base64,/i;

/** How a token longer than TEXT_TOKEN_CAP is handled (see TextStreamMasker). */
type OpaqueMode = 'none' | 'url' | 'base64';

/**
 * Free text in chunks. Each push scans (left context + held text), emits up to the last blank
 * that is at least TEXT_MIN_TAIL before the end and not inside a detected value, and holds
 * back the rest, so the trailing token is always held whole: a URL or email split across
 * chunks is seen in one piece. A token without blanks longer than TEXT_TOKEN_CAP is opaque:
 * - one that starts like a URL (`https://`, `www.`) is redacted whole as one URL (stricter
 *   than a whole-body scan, which masks the first 2048 characters of a URL);
 * - a base64 payload (mixed case and digits, only base64 characters) or a `data:...;base64,`
 *   URI passes verbatim while it stays base64, as the whole-body scan skips such tokens;
 * - anything else is scanned and cut at a hard separator (`,;|"<>()[]{}`) outside any value,
 *   or after TEXT_MAX_PENDING characters anywhere.
 */
export class TextStreamMasker implements StreamMasker {
  private pending = '';
  private context = '';
  private opaque: OpaqueMode = 'none';

  constructor(
    private readonly scanner: TextScanner,
    private readonly ctx: MaskContext,
  ) {}

  push(chunk: string): string {
    this.pending += chunk;
    let out = '';
    if (this.opaque !== 'none') {
      out = this.continueOpaque();
      if (this.inOpaque()) return out;
    }
    if (this.pending.length <= TEXT_HOLD) return out;
    const pending = this.pending;
    let cut = -1;
    for (let i = pending.length - TEXT_MIN_TAIL; i > 0; i--) {
      if (isBlank(pending.charCodeAt(i - 1))) {
        cut = i;
        break;
      }
    }
    if (cut === -1) {
      // One token from the start of the held text: hold it whole, up to the cap.
      if (pending.length <= TEXT_TOKEN_CAP) return out;
      const mode = opaqueModeOf(pending);
      if (mode !== 'none') return out + this.startOpaque(mode);
    }
    const buf = this.context + pending;
    const offset = this.context.length;
    const spans = this.scanner.findSpans(buf);
    if (cut === -1) cut = hardCut(pending);
    // Never cut through a value (multi-word names, "March 3, 1950").
    for (let k = spans.length - 1; k >= 0; k--) {
      const s = spans[k]!;
      if (s.start < offset + cut && s.end > offset + cut) cut = s.start - offset;
    }
    if (cut <= 0) {
      if (pending.length <= TEXT_MAX_PENDING) return out;
      cut = pending.length - TEXT_MIN_TAIL;
    }
    out += renderSpans(buf, spans, this.ctx, offset, offset + cut);
    this.context = buf.slice(Math.max(0, offset + cut - TEXT_CONTEXT), offset + cut);
    this.pending = pending.slice(cut);
    return out;
  }

  end(): string {
    const buf = this.context + this.pending;
    const offset = this.context.length;
    const mode = this.opaque;
    this.context = '';
    this.pending = '';
    this.opaque = 'none';
    if (buf.length === offset) return '';
    // The tail of a payload that ran to the end of the body.
    if (mode === 'base64') return buf.slice(offset);
    return renderSpans(buf, this.scanner.findSpans(buf), this.ctx, offset, buf.length);
  }

  summary(): MaskingSummary {
    return this.ctx.summary();
  }

  private inOpaque(): boolean {
    return this.opaque !== 'none';
  }

  private startOpaque(mode: OpaqueMode): string {
    this.opaque = mode;
    let out = '';
    if (mode === 'url') {
      out = this.ctx.apply('url', this.pending.slice(0, TEXT_TOKEN_CAP), 'value:url');
      this.pending = this.pending.slice(TEXT_TOKEN_CAP);
    } else {
      const data = dataUriRe.exec(this.pending);
      if (data !== null) {
        out = data[0];
        this.pending = this.pending.slice(out.length);
      }
    }
    return out + this.continueOpaque();
  }

  /** Swallows the rest of an opaque URL, or passes the rest of a base64 payload; '' back to normal at its end. */
  private continueOpaque(): string {
    const p = this.pending;
    let i = 0;
    if (this.opaque === 'url') {
      while (i < p.length && !endsUrl(p.charCodeAt(i))) i++;
      this.pending = p.slice(i);
      if (i < p.length) this.leaveOpaque('');
      return '';
    }
    while (i < p.length && isBase64Char(p.charCodeAt(i))) i++;
    if (i < p.length) {
      // The payload ended (or turned into something else): the rest is text again.
      const emitted = p.slice(0, i);
      this.pending = p.slice(i);
      this.leaveOpaque(emitted);
      return emitted;
    }
    // Keep a tail, so the payload's end is judged with what follows it.
    const keep = Math.max(0, p.length - TEXT_MIN_TAIL);
    this.pending = p.slice(keep);
    this.context = '';
    return p.slice(0, keep);
  }

  private leaveOpaque(emitted: string): void {
    this.opaque = 'none';
    // The payload is no left context for names or labels: a blank keeps words apart.
    this.context = emitted === '' ? ' ' : emitted.slice(-TEXT_CONTEXT);
  }
}

/** A long blank-free token at the start of `pending`: URL, base64 payload, or neither. */
function opaqueModeOf(pending: string): OpaqueMode {
  if (urlStartRe.test(pending)) return 'url';
  const head = pending.slice(0, TEXT_TOKEN_CAP);
  const data = dataUriRe.exec(head);
  if (data === null) return isBase64Payload(head, 0, head.length) ? 'base64' : 'none';
  // A data: URI's payload need not mix cases (it is declared base64), but must be base64.
  for (let i = data[0].length; i < head.length; i++) if (!isBase64Char(head.charCodeAt(i))) return 'none';
  return 'base64';
}

/** The last hard separator at least TEXT_MIN_TAIL before the end of a long token, or -1. */
function hardCut(pending: string): number {
  for (let i = pending.length - TEXT_MIN_TAIL; i > 0; i--) {
    if (isHardSeparator(pending.charCodeAt(i - 1))) return i;
  }
  return -1;
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
    return this.ctx.summary();
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
    return this.ctx.summary();
  }
}
