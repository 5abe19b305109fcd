import type { Logger } from '../logging/logger.js';
import type { ApprovalRequest } from './approval.js';
import type { ApprovalNotificationKind, ApprovalNotifier } from './approval-notifier.js';

export interface WebhookNotifierOptions {
  /** Slack-compatible incoming webhook URL (treat as a secret: it is never logged). */
  url: string;
  logger: Logger;
  /** Per try. @default 3000 */
  timeoutMs?: number;
  /** Tries in all, first included. @default 5 */
  maxAttempts?: number;
  /** First backoff; doubles per retry up to `maxBackoffMs`. @default 250 */
  initialBackoffMs?: number;
  /** @default 5000 */
  maxBackoffMs?: number;
  /** How `wardgate approvals` is reached, for the hint in the message. */
  serverHint?: string;
  fetch?: typeof fetch;
}

export interface WebhookMessage {
  text: string;
  blocks: Array<{ type: 'section'; text: { type: 'mrkdwn'; text: string } }>;
}

const verbs: Record<ApprovalNotificationKind, string> = {
  requested: 'needs approval',
  approved: 'was approved',
  denied: 'was denied',
  expired: 'expired without a decision',
};

/**
 * The chat message for an event. PHI-free by construction: id, destination, method, rule and
 * who, never the path (may hold identifiers), command or query.
 */
export function webhookMessage(kind: ApprovalNotificationKind, request: ApprovalRequest, actor?: string, serverHint?: string): WebhookMessage {
  const destination = request.recordedDestination ?? request.destination;
  const who = request.requester.user ?? request.requester.agent ?? 'unknown';
  const text = `Wardgate request ${request.id} ${verbs[kind]}${actor ? ` (by ${actor})` : ''}: ${request.method} ${destination}, rule ${request.ruleId}, requested by ${who}`;
  const lines = [
    `*Wardgate request* \`${request.id}\` ${verbs[kind]}${actor ? ` by *${actor}*` : ''}`,
    `*Destination:* ${destination}  *Method:* ${request.method}  *Rule:* ${request.ruleId}`,
    `*Requested by:* ${who}${request.requester.agent && request.requester.user ? ` via ${request.requester.agent}` : ''}`,
  ];
  if (kind === 'requested') {
    lines.push(`*Approvers:* ${request.approverGroups.join(', ')} (${request.approvalsRequired} needed)`);
    // The path may hold identifiers, so it stays out; the scope's shape does not.
    lines.push(`*Approving grants:* exactly this ${request.method} to ${destination} (literal path${request.commandHash ? ' and command' : ''}, no wildcards; one use unless time-boxed)`);
    lines.push(`\`wardgate approvals show ${request.id}${serverHint ? ` --server ${serverHint}` : ''}\``);
  }
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }] };
}

/**
 * Posts approval events to a webhook with bounded exponential backoff and a timeout per try.
 * A failing or hanging webhook never blocks or fails a decision: `notify` only starts a task.
 */
export class WebhookNotifier implements ApprovalNotifier {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly fetchFn: typeof fetch;
  private closed = false;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.initialBackoffMs = options.initialBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.fetchFn = options.fetch ?? fetch;
  }

  notify(kind: ApprovalNotificationKind, request: ApprovalRequest, actor?: string): void {
    if (this.closed) return;
    const message = webhookMessage(kind, request, actor, this.options.serverHint);
    const task = this.deliver(kind, request.id, message).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** Resolves when every delivery in flight has finished (retries included). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Gives deliveries in flight `graceMs` to finish, then aborts them. Idempotent. */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([this.drain(), grace]);
    this.abort.abort();
    await this.drain();
  }

  private async deliver(kind: ApprovalNotificationKind, id: string, message: WebhookMessage): Promise<void> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (this.abort.signal.aborted) return;
      // A plain controller and timer: AbortSignal.any/timeout combinations can be collected early on Node 20.
      const attemptAbort = new AbortController();
      const onClose = (): void => attemptAbort.abort();
      this.abort.signal.addEventListener('abort', onClose, { once: true });
      const timer = setTimeout(() => attemptAbort.abort(), this.timeoutMs);
      try {
        const response = await this.fetchFn(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
          signal: attemptAbort.signal,
        });
        await response.body?.cancel();
        if (response.ok) return;
        // 4xx other than 429 will not get better by retrying.
        if (response.status < 500 && response.status !== 429) {
          this.options.logger.warn({ kind, approvalId: id, status: response.status }, 'approval webhook refused the message');
          return;
        }
        this.options.logger.debug({ kind, approvalId: id, status: response.status, attempt }, 'approval webhook failed; retrying');
      } catch (err) {
        this.options.logger.debug({ kind, approvalId: id, attempt, error: err instanceof Error ? err.name : 'unknown' }, 'approval webhook failed; retrying');
      } finally {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', onClose);
      }
      if (attempt < this.maxAttempts) await this.sleep(Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (attempt - 1)));
    }
    this.options.logger.warn({ kind, approvalId: id, attempts: this.maxAttempts }, 'approval webhook gave up');
  }

  private sleep(ms: number): Promise<void> {
    // The listener goes when the timer fires: the close signal lives as long as the notifier.
    return new Promise((resolve) => {
      const onClose = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onClose);
        resolve();
      }, ms);
      this.abort.signal.addEventListener('abort', onClose, { once: true });
    });
  }
}
