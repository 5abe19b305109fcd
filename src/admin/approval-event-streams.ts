import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApprovalRequest } from '../approvals/approval.js';
import type { ApprovalChange, ApprovalService, Approver } from '../approvals/approval-service.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { approvalView, canSeeApproval } from './approval-view.js';

/** 15 s: under the idle timeouts of common proxies and load balancers (often 30–60 s). */
export const DEFAULT_HEARTBEAT_MS = 15_000;
export const DEFAULT_MAX_STREAMS_PER_USER = 5;
export const DEFAULT_MAX_STREAMS = 500;
/** A client that stops reading is cut off before its unsent events grow past this. */
const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

export interface ApprovalEventStreamsOptions {
  approvals: Pick<ApprovalService, 'get' | 'watch'>;
  logger: Logger;
  /** @default 15_000 */
  heartbeatMs?: number;
  /** @default 5 */
  maxPerUser?: number;
  /** @default 500 */
  maxStreams?: number;
  /** @default 1 MiB */
  maxBufferedBytes?: number;
}

/** Who opened a stream, and how to check that their credential still holds. */
export interface StreamCaller {
  caller: Approver;
  isAdmin: boolean;
  /** Rejects when the token or console session the stream was opened with no longer holds. */
  recheck: () => Promise<unknown>;
}

/** Why the server ends a stream (the `end` event's `reason`). */
export type StreamEndReason = 'shutdown' | 'unauthenticated';

interface Stream extends StreamCaller {
  res: ServerResponse;
  checking: boolean;
  ended: boolean;
}

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // Proxies that buffer responses (nginx and kin) would hold events back.
  'x-accel-buffering': 'no',
};

/**
 * The live approvals feed (`GET /v1/approvals/events`): one watch on the approval service fanned
 * out as server-sent events to every open stream, each seeing what `GET /v1/approvals` shows its
 * caller. Events: `approval` (one approval's list view), `resync` (changes may have been missed:
 * re-list), `end` (the server closes the stream: shutdown, or the credential no longer holds).
 * A heartbeat comment every `heartbeatMs` keeps proxies from timing the stream out and re-checks
 * each caller's credential. Streams are bounded per user and in total (429 beyond).
 */
export class ApprovalEventStreams {
  private readonly streams = new Set<Stream>();
  private readonly perUser = new Map<string, number>();
  private readonly heartbeatMs: number;
  private readonly maxPerUser: number;
  private readonly maxStreams: number;
  private readonly maxBufferedBytes: number;
  private unwatch: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  // Changes are read one after another, so one approval's events go out in the order they happened.
  private pending: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: ApprovalEventStreamsOptions) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.maxPerUser = options.maxPerUser ?? DEFAULT_MAX_STREAMS_PER_USER;
    this.maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  }

  /** Subscribes to the approval change feed, so that it is live before the first stream opens. */
  start(): this {
    if (this.stopped || this.unwatch) return this;
    this.unwatch = this.options.approvals.watch((change) => {
      // Caught here: one failed broadcast must not stop the chain (and every later event).
      this.pending = this.pending
        .then(() => this.broadcast(change))
        .catch((err: unknown) => this.options.logger.warn({ err: WardgateError.from(err).message }, 'approval event broadcast failed'));
    });
    return this;
  }

  /** Open streams now (all users). */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Answers `req` with an event stream for `who`. Throws (before anything is sent) ResourceExhausted
   * with HTTP 429 over a limit, Unavailable once stopped.
   */
  open(req: IncomingMessage, res: ServerResponse, who: StreamCaller): void {
    if (this.stopped) throw new WardgateError(ErrorCode.Unavailable, 'the server is shutting down; approval events are closed');
    const subject = who.caller.subject;
    if (this.streams.size >= this.maxStreams) throw tooMany('too many approval event streams on this server; try again later');
    const mine = this.perUser.get(subject) ?? 0;
    if (mine >= this.maxPerUser) throw tooMany(`at most ${this.maxPerUser} approval event streams per user; close another console tab`);
    this.start();
    const stream: Stream = { ...who, res, checking: false, ended: false };
    this.streams.add(stream);
    this.perUser.set(subject, mine + 1);
    res.on('close', () => this.forget(stream));
    req.socket.setKeepAlive(true);
    res.writeHead(200, STREAM_HEADERS);
    // The reconnection delay a browser's EventSource waits after a dropped connection.
    this.write(stream, 'retry: 3000\n\n');
    this.heartbeat ??= setInterval(() => this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends every stream with `end` (reason `shutdown`) and refuses new ones. Idempotent; before the HTTP server closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unwatch?.();
    this.unwatch = undefined;
    const finished = [...this.streams].map((stream) => this.end(stream, 'shutdown'));
    this.stopHeartbeat();
    await Promise.all(finished);
  }

  private async broadcast(change: ApprovalChange): Promise<void> {
    if (this.streams.size === 0) return;
    if (change.kind === 'resync') return this.writeAll(() => event('resync', {}));
    let approval: ApprovalRequest | undefined;
    try {
      approval = await this.options.approvals.get(change.id);
    } catch (err) {
      // The change happened but cannot be read now: the pages re-list (and see the error there).
      this.options.logger.warn({ err: WardgateError.from(err).message }, 'approval event: could not read the changed request');
      return this.writeAll(() => event('resync', {}));
    }
    if (approval === undefined) return;
    const seen = approval;
    const text = event('approval', approvalView(seen));
    this.writeAll((stream) => (canSeeApproval(stream.caller, stream.isAdmin, seen) ? text : undefined));
  }

  private writeAll(textFor: (stream: Stream) => string | undefined): void {
    for (const stream of [...this.streams]) {
      const text = textFor(stream);
      if (text !== undefined) this.write(stream, text);
    }
  }

  private beat(): void {
    for (const stream of [...this.streams]) {
      this.write(stream, ': heartbeat\n\n');
      if (stream.checking || stream.ended) continue;
      stream.checking = true;
      stream.recheck().then(
        () => {
          stream.checking = false;
        },
        // Expired, signed out, or not checkable now: the stream carries approvals, so it fails closed.
        () => void this.end(stream, 'unauthenticated'),
      );
    }
  }

  private write(stream: Stream, text: string): void {
    if (stream.ended) return;
    if (stream.res.writableLength > this.maxBufferedBytes) {
      this.options.logger.warn({ subject: stream.caller.subject }, 'approval event stream not read; closing it');
      stream.res.destroy();
      this.forget(stream);
      return;
    }
    stream.res.write(text);
  }

  private end(stream: Stream, reason: StreamEndReason): Promise<void> {
    if (stream.ended) return Promise.resolve();
    this.write(stream, event('end', { reason }));
    this.forget(stream);
    return finish(stream.res);
  }

  private forget(stream: Stream): void {
    stream.ended = true;
    if (!this.streams.delete(stream)) return;
    const subject = stream.caller.subject;
    const left = (this.perUser.get(subject) ?? 1) - 1;
    if (left > 0) this.perUser.set(subject, left);
    else this.perUser.delete(subject);
    if (this.streams.size === 0) this.stopHeartbeat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}

/** Ends `res`; resolves when it is flushed or gone, and cuts off a client that does not read within `graceMs`. */
function finish(res: ServerResponse, graceMs = 1000): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => res.destroy(), graceMs);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    res.end();
  });
}

/** One server-sent event; JSON never holds a raw newline, so `data` is one line. */
function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function tooMany(message: string): WardgateError {
  return new WardgateError(ErrorCode.ResourceExhausted, message, { details: { httpStatus: 429 } });
}
