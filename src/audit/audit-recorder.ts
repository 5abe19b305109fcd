import type { WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import type { AuditEventInput } from './audit-event.js';
import type { AuditSink } from './audit-sink.js';

/**
 * What hangs on an event being kept:
 * - `phi_request`: a decision or session on a PHI route — refused: the request fails (when fail-closed);
 * - `request`: the same on a PHI-free (passthrough) route — refused: logged and counted, it proceeds;
 * - `admin`: an admin action the caller waits for — refused: the call fails;
 * - `record`: a lifecycle fact or an after-the-fact record — refused: logged and counted.
 */
export type AuditStakes = 'phi_request' | 'request' | 'admin' | 'record';

export interface AuditRecorder {
  /**
   * Emits the event and, in durable mode, waits until it is on local disk. Never rejects:
   * resolves undefined when the caller may go on, or the error its caller must fail with.
   */
  record(event: AuditEventInput, stakes: AuditStakes): Promise<WardgateError | undefined>;
}

export interface SinkAuditRecorderOptions {
  sink: AuditSink;
  /** `durable`: requests and admin calls wait for the fdatasync of their event; `queued`: they do not. */
  durability: 'durable' | 'queued';
  /** Whether a refused `phi_request` event fails its request (`audit.failClosedWhenUndeliverable`). */
  failClosed: boolean;
  logger: Logger;
  /** Counts every refused event. */
  onRefused: (kind: AuditEventInput['kind']) => void;
}

/**
 * The one place that decides what a refused audit event means for its caller (see
 * `AuditStakes`). Every producer goes through it, so none can crash on the sink, and each
 * refusal is logged and counted exactly once.
 */
export class SinkAuditRecorder implements AuditRecorder {
  constructor(private readonly options: SinkAuditRecorderOptions) {}

  async record(event: AuditEventInput, stakes: AuditStakes): Promise<WardgateError | undefined> {
    const waits = stakes !== 'record' && this.options.durability === 'durable';
    const receipt = this.options.sink.emit(event, { awaited: waits });
    if (!waits && receipt.refused === undefined) {
      // Nobody waits, yet a later disk failure must still be seen.
      void receipt.durable.then((error) => error === undefined || this.refused(event, 'record', error));
      return undefined;
    }
    const error = receipt.refused ?? (await receipt.durable);
    return error === undefined ? undefined : this.refused(event, stakes, error);
  }

  private refused(event: AuditEventInput, stakes: AuditStakes, error: WardgateError): WardgateError | undefined {
    this.options.onRefused(event.kind);
    const fails = stakes === 'admin' || (stakes === 'phi_request' && this.options.failClosed);
    this.options.logger.error(
      { err: error, kind: event.kind, correlationId: event.correlationId, stakes, consequence: fails ? 'caller fails' : 'logged only' },
      'audit event could not be kept',
    );
    return fails ? error : undefined;
  }
}
