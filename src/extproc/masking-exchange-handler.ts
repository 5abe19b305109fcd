import type { AuditEventInput } from '../audit/audit-event.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { ExchangeMetadata } from '../authz/authz-outcome.js';
import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { mediaTypeOf } from '../http/media-type.js';
import type { Logger } from '../logging/logger.js';
import { emptyMaskingSummary, mergeMaskingSummaries, type MaskingSummary } from '../masking/masking-summary.js';
import type { WardgateMetrics } from '../metrics/wardgate-metrics.js';
import { categoryCountAttributes, type CategoryCountAttributes, type SpanAttributes } from '../tracing/span-attributes.js';
import { planBody, type BodyPlan } from './body-plan.js';
import { declaredCharsetOf, type DeclaredCharset } from './charset/body-charset.js';
import { UNSUPPORTED_CHARSET } from './charset/body-text-decoder.js';
import { BodyTranscoder, transcodeWhole } from './charset/body-transcoder.js';
import { decodeBody, parseContentEncoding, type DecodableEncoding } from '../http/content-encoding.js';
import type {
  BodyVerdict,
  ExchangeHandler,
  ExchangeHandlerFactory,
  HeadersVerdict,
  HeadersView,
  RejectVerdict,
  TrailersVerdict,
} from './exchange-handler.js';
import type { ExtprocSettings } from './extproc-settings.js';
import { contentKindFromMediaType, type MaskContentKind, type MaskingEngine, type StreamMasker } from '../masking/masking-engine.js';

export interface MaskingExchangeDeps {
  masking: Pick<MaskingEngine, 'hasProfile' | 'maskBody' | 'createStreamMasker' | 'maskText'>;
  audit: AuditRecorder;
  logger: Logger;
  clock: Clock;
  metrics: WardgateMetrics;
  settings: ExtprocSettings;
}

type BlockReason =
  | 'unsupported_content_encoding'
  | 'unsupported_content_type'
  | 'unsupported_charset'
  | 'body_too_large'
  | 'uninspectable_body'
  | 'audit_unavailable'
  | 'trailers_after_partial_body'
  | 'masking_failed';

const blockStatus: Record<BlockReason, number> = {
  unsupported_content_encoding: 502,
  unsupported_content_type: 502,
  unsupported_charset: 502,
  body_too_large: 502,
  uninspectable_body: 502,
  audit_unavailable: 503,
  trailers_after_partial_body: 502,
  masking_failed: 500,
};

export function createMaskingExchangeHandlers(deps: MaskingExchangeDeps): ExchangeHandlerFactory {
  return { create: () => new MaskingExchangeHandler(deps) };
}

/**
 * One HTTP exchange through ext_proc: strips accept-encoding upstream, decides how the
 * response body is inspected, masks it, and records a session summary. Anything it cannot
 * inspect is blocked rather than passed (configurable where the settings say so).
 */
class MaskingExchangeHandler implements ExchangeHandler {
  private readonly started: number;
  private metadata: ExchangeMetadata | undefined;
  private profile: string;
  private status: number | undefined;
  private contentType: string | undefined;
  private requestPlan: BodyPlan = { kind: 'pass' };
  private responsePlan: BodyPlan = { kind: 'pass' };
  private requestCharset: DeclaredCharset = { kind: 'undeclared' };
  private responseCharset: DeclaredCharset = { kind: 'undeclared' };
  private readonly summary: MaskingSummary = emptyMaskingSummary();
  private accumulated: Buffer[] = [];
  private accumulatedBytes = 0;
  private streamMasker: StreamMasker | undefined;
  private transcoder: BodyTranscoder | undefined;
  /** Undefined while Wardgate has not seen the body (none, or not sent to it): its size is unknown, not 0. */
  private responseBytes: number | undefined;
  private requestBytes: number | undefined;
  private blocked: BlockReason | undefined;
  private pendingOutput = false;
  private sessionRecorded = false;

  constructor(private readonly deps: MaskingExchangeDeps) {
    this.started = deps.clock.monotonic();
    this.profile = deps.settings.defaultProfile;
  }

  requestHeaders(view: HeadersView): Promise<HeadersVerdict> {
    this.adopt(view.metadata);
    const removeHeaders = this.deps.settings.stripAcceptEncoding ? ['accept-encoding'] : [];
    if (view.endOfStream) this.requestBytes = 0;
    if (view.endOfStream || !this.metadata?.maskRequestBody || this.profile === this.deps.settings.passthroughProfile) {
      return Promise.resolve({ kind: 'continue', removeHeaders, bodyMode: 'none', bodyMayChange: false });
    }
    const { plan, charset } = this.plan(view.headers);
    if ('refuse' in plan) return Promise.resolve(this.block(plan.refuse));
    this.requestCharset = charset;
    this.requestPlan = plan.kind === 'pass' ? plan : { kind: 'buffered', mask: plan.mask, encoding: 'identity' };
    if (plan.kind !== 'pass') this.requestBytes = 0;
    // Request bodies are masked whole: Envoy buffers them (bounded by its buffer limit).
    return Promise.resolve({ kind: 'continue', removeHeaders, bodyMode: plan.kind === 'pass' ? 'none' : 'buffered', bodyMayChange: true });
  }

  requestBody(chunk: Buffer, _endOfStream: boolean): Promise<BodyVerdict> {
    this.requestBytes = (this.requestBytes ?? 0) + chunk.length;
    const plan = this.requestPlan;
    if (plan.kind !== 'buffered') return Promise.resolve({ kind: 'continue' });
    return Promise.resolve(this.maskWhole(chunk, plan.mask, 'identity', this.requestCharset, false));
  }

  requestTrailers(): Promise<TrailersVerdict> {
    return Promise.resolve({ kind: 'continue' });
  }

  responseHeaders(view: HeadersView): Promise<HeadersVerdict> {
    this.adopt(view.metadata);
    const statusText = view.headers[':status'];
    this.status = statusText === undefined ? undefined : Number(statusText);
    const contentType = view.headers['content-type'];
    this.contentType = contentType === undefined ? undefined : mediaTypeOf(contentType);
    if (view.endOfStream) this.responseBytes = 0;
    if (view.endOfStream || this.profile === this.deps.settings.passthroughProfile) return this.lastReply();
    const { plan, charset } = this.plan(view.headers);
    if ('refuse' in plan) return Promise.resolve(this.block(plan.refuse));
    this.responsePlan = plan;
    this.responseCharset = charset;
    if (plan.kind === 'pass') return this.lastReply();
    const removeHeaders: string[] = [];
    if (plan.kind === 'stream' || plan.kind === 'accumulate') {
      if (plan.kind === 'stream') {
        this.transcoder = new BodyTranscoder(charset, this.valueCounter());
        this.streamMasker = this.deps.masking.createStreamMasker(plan.mask, this.profile);
      }
      // We send the body decoded; the length is unknown until the end, so Envoy must chunk it.
      removeHeaders.push('content-encoding', 'content-length', 'etag');
    } else {
      // Buffered or held: encoding and length are fixed up in the body reply, when the new body is known.
      removeHeaders.push('etag');
    }
    const bodyMode = plan.kind === 'buffered' ? 'buffered' : plan.kind === 'held' ? 'buffered_partial' : 'streamed';
    this.responseBytes = 0;
    return Promise.resolve({ kind: 'continue', removeHeaders, bodyMode, bodyMayChange: true });
  }

  async responseBody(chunk: Buffer, endOfStream: boolean): Promise<BodyVerdict> {
    const verdict = await this.maskResponseBody(chunk, endOfStream);
    if (!endOfStream || verdict.kind === 'reject') return verdict;
    // The last chunk goes out only once its session is recorded (durable mode): a completed response always has its event.
    return (await this.recordSession('completed')) ? this.block('audit_unavailable') : verdict;
  }

  private maskResponseBody(chunk: Buffer, endOfStream: boolean): Promise<BodyVerdict> {
    this.responseBytes = (this.responseBytes ?? 0) + chunk.length;
    const plan = this.responsePlan;
    switch (plan.kind) {
      case 'pass':
        return Promise.resolve({ kind: 'continue' });
      case 'buffered':
        return Promise.resolve(this.maskWhole(chunk, plan.mask, plan.encoding, this.responseCharset, true));
      case 'held':
        // Envoy sends a held body before its end only when its buffer limit is reached; what
        // followed would pass unprocessed, so it is refused (the headers are still held).
        if (!endOfStream || chunk.length > this.deps.settings.maxAccumulatedBytes) return Promise.resolve(this.block('body_too_large'));
        return Promise.resolve(this.maskWhole(chunk, plan.mask, plan.encoding, this.responseCharset, true));
      case 'accumulate': {
        this.accumulatedBytes += chunk.length;
        if (this.accumulatedBytes > this.deps.settings.maxAccumulatedBytes) {
          this.accumulated = [];
          return Promise.resolve(this.block('body_too_large'));
        }
        this.accumulated.push(chunk);
        if (!endOfStream) {
          this.pendingOutput = true;
          return Promise.resolve({ kind: 'continue', replace: Buffer.alloc(0) });
        }
        this.pendingOutput = false;
        const whole = Buffer.concat(this.accumulated);
        this.accumulated = [];
        return Promise.resolve(this.maskWhole(whole, plan.mask, plan.encoding, this.responseCharset, false));
      }
      case 'stream':
        return Promise.resolve(this.maskChunk(chunk, endOfStream));
    }
  }

  responseTrailers(): Promise<TrailersVerdict> {
    // A trailer reply cannot carry body bytes: if we still hold some, refuse rather than drop them.
    if (this.pendingOutput) return Promise.resolve(this.block('trailers_after_partial_body'));
    return Promise.resolve({ kind: 'continue' });
  }

  close(outcome: 'completed' | 'cancelled' | 'error'): void {
    const durationMs = this.deps.clock.monotonic() - this.started;
    const decision = this.blocked ? 'blocked' : this.summary.total > 0 ? 'masked' : 'passed';
    this.deps.metrics.requests.inc({ service: 'extproc', decision });
    this.deps.metrics.latency.observe(durationMs / 1000, { service: 'extproc', decision });
    for (const [category, count] of Object.entries(this.summary.categories)) {
      this.deps.metrics.maskedValues.inc({ category }, count);
    }
    // The response is already on its way (or gone): a refusal is logged and counted by the recorder.
    void this.recordSession(outcome);
  }

  traceAttributes(): { attributes: SpanAttributes; categoryCounts: CategoryCountAttributes } {
    const attributes: SpanAttributes = {
      'wardgate.decision': this.blocked ? 'blocked' : this.summary.total > 0 ? 'masked' : 'passed',
      'wardgate.masking.profile': this.profile,
      'wardgate.masking.total': this.summary.total,
      'wardgate.masking.categories': Object.keys(categoryCountAttributes(this.summary.categories)).length,
    };
    if (this.metadata?.ruleId) attributes['wardgate.rule_id'] = this.metadata.ruleId;
    if (this.blocked) attributes['wardgate.extproc.blocked'] = this.blocked;
    if (this.status !== undefined && Number.isInteger(this.status)) attributes['http.response.status_code'] = this.status;
    return { attributes, categoryCounts: categoryCountAttributes(this.summary.categories) };
  }

  /**
   * The headers reply after which Wardgate sees nothing more of the response (no body, or a body
   * not sent to it): the session is recorded first, so in durable mode a headers-only response
   * reaches the client only once its session event is on disk, as the last body chunk does.
   */
  private async lastReply(): Promise<HeadersVerdict> {
    if (await this.recordSession('completed')) return this.block('audit_unavailable');
    return { kind: 'continue', bodyMode: 'none', bodyMayChange: false };
  }

  /** Records the session once; true when its refusal must fail the response. */
  private async recordSession(outcome: 'completed' | 'cancelled' | 'error'): Promise<boolean> {
    if (this.sessionRecorded) return false;
    this.sessionRecorded = true;
    const durationMs = this.deps.clock.monotonic() - this.started;
    const event: AuditEventInput = {
      kind: 'access.session',
      correlationId: this.metadata?.correlationId,
      ...(this.metadata?.traceId ? { traceId: this.metadata.traceId } : {}),
      actor: { user: this.metadata?.user, agent: this.metadata?.agent },
      session: {
        status: this.status,
        ...(this.requestBytes === undefined ? {} : { requestBytes: this.requestBytes }),
        ...(this.responseBytes === undefined ? {} : { responseBytes: this.responseBytes }),
        durationMs: Math.round(durationMs * 1000) / 1000,
        contentType: this.contentType,
        maskingProfile: this.profile,
        masking: this.summary,
        blocked: this.blocked,
      },
      details: { outcome, ruleId: this.metadata?.ruleId ?? '' },
    };
    const refusal = await this.deps.audit.record(event, this.profile === this.deps.settings.passthroughProfile ? 'request' : 'phi_request');
    return refusal !== undefined;
  }

  private adopt(metadata: ExchangeMetadata | undefined): void {
    if (!metadata || this.metadata) return;
    this.metadata = metadata;
    if (metadata.maskingProfile === this.deps.settings.passthroughProfile || this.deps.masking.hasProfile(metadata.maskingProfile)) {
      this.profile = metadata.maskingProfile;
    } else {
      // An unknown profile must not weaken masking: fall back to the default (strict) one.
      this.deps.logger.warn({ profile: metadata.maskingProfile, ruleId: metadata.ruleId }, 'unknown masking profile; using default');
      this.profile = this.deps.settings.defaultProfile;
    }
  }

  private plan(headers: Readonly<Record<string, string>>): { plan: ReturnType<typeof planBody>; charset: DeclaredCharset } {
    const contentType = headers['content-type'] ?? '';
    const lengthText = headers['content-length'];
    const length = lengthText === undefined || !/^\d+$/.test(lengthText) ? undefined : Number(lengthText);
    const charset = declaredCharsetOf(contentType);
    const plan = planBody(
      {
        mask: contentType === '' && length === 0 ? 'text' : contentKindFromMediaType(contentType),
        encoding: parseContentEncoding(headers['content-encoding']),
        contentLength: length,
        charsetDecodable: charset !== undefined,
      },
      this.deps.settings,
    );
    return { plan, charset: charset ?? { kind: 'undeclared' } };
  }

  private maskWhole(body: Buffer, kind: MaskContentKind, encoding: DecodableEncoding, charset: DeclaredCharset, buffered: boolean): BodyVerdict {
    try {
      const decoded = decodeBody(body, encoding, this.deps.settings.maxDecompressedBytes);
      const replace = transcodeWhole(decoded, charset, (text) => this.maskText(text, kind), this.valueCounter());
      const verdict: BodyVerdict = { kind: 'continue', replace };
      if (buffered && encoding !== 'identity') verdict.removeHeaders = ['content-encoding'];
      return verdict;
    } catch (err: unknown) {
      return this.failure(err);
    }
  }

  /** For the misreading guard: how many values the free-text masker finds (never merged into the summary). */
  private valueCounter(): (text: string) => number {
    return (text) => this.deps.masking.maskText(text, this.profile).summary.total;
  }

  private maskText(text: string, kind: MaskContentKind): string {
    try {
      const { output, summary } = this.deps.masking.maskBody(text, kind, this.profile);
      mergeMaskingSummaries(this.summary, summary);
      return output;
    } catch (err: unknown) {
      if (err instanceof WardgateError && err.code === ErrorCode.Uninspectable && this.deps.settings.uninspectable === 'mask_as_text' && kind !== 'text') {
        return this.maskText(text, 'text');
      }
      throw err;
    }
  }

  private maskChunk(chunk: Buffer, endOfStream: boolean): BodyVerdict {
    const masker = this.streamMasker;
    const codec = this.transcoder;
    if (!masker || !codec) return this.block('masking_failed');
    try {
      let out = codec.encode(masker.push(codec.decode(chunk)));
      if (endOfStream) {
        const tail = masker.push(codec.decodeEnd()) + masker.end();
        out = Buffer.concat([out, codec.encode(tail), codec.encodeEnd()]);
        mergeMaskingSummaries(this.summary, masker.summary());
        this.pendingOutput = false;
      } else {
        this.pendingOutput = true;
      }
      return { kind: 'continue', replace: out };
    } catch (err: unknown) {
      return this.failure(err);
    }
  }

  private failure(err: unknown): RejectVerdict {
    const error = WardgateError.from(err);
    this.deps.logger.warn({ err: error, code: error.code, correlationId: this.metadata?.correlationId }, 'response not inspectable; blocked');
    if (error.code === ErrorCode.ResourceExhausted) return this.block('body_too_large');
    if (error.code === ErrorCode.Uninspectable && error.details.reason === UNSUPPORTED_CHARSET) return this.block('unsupported_charset');
    if (error.code === ErrorCode.Uninspectable) return this.block('uninspectable_body');
    return this.block('masking_failed');
  }

  private block(reason: BlockReason): RejectVerdict {
    this.blocked = reason;
    this.pendingOutput = false;
    return {
      kind: 'reject',
      status: blockStatus[reason],
      body: { status: 'blocked', reason: `wardgate_${reason}`, requestId: this.metadata?.correlationId ?? null },
      details: `wardgate_${reason}`,
    };
  }
}
