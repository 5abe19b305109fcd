/** One server-sent event as a client sees it; comments (`: heartbeat`) are kept as `comment`. */
export interface SseEvent {
  event: string;
  data: string;
  comment?: string;
}

/**
 * A test's EventSource: opens a stream with fetch (any headers), parses events as they arrive,
 * and lets a test wait for the next one matching a predicate. `ended` resolves when the server
 * closes the stream.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly ended: Promise<void>;
  private readonly waiters: Array<{ match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void; from: number }> = [];
  private closedByServer = false;
  private raw = '';

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.ended = this.pump();
  }

  /** Opens `url`; resolves once the status and headers are in (the body is read in the background). */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    return new SseClient(response, abort);
  }

  get status(): number {
    return this.response.status;
  }

  /** Whether the server ended the stream (rather than the test). */
  get closed(): boolean {
    return this.closedByServer;
  }

  /** The first event from index `from` on (default: any already received) that matches. */
  next(match: (e: SseEvent) => boolean = () => true, timeoutMs = 5_000, from = 0): Promise<SseEvent> {
    const seen = this.events.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`)), timeoutMs);
      this.waiters.push({ match, from, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  /** The whole body as JSON, once the server closed it (for refusals: 401, 429, 503). */
  async json(): Promise<unknown> {
    await this.ended;
    return JSON.parse(this.raw) as unknown;
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(): Promise<void> {
    if (!this.response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of this.response.body) {
        const text = decoder.decode(chunk as Uint8Array, { stream: true });
        this.raw += text;
        buffer += text;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          this.take(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
      this.closedByServer = true;
    } catch {
      // Aborted by the test, or the connection dropped.
    }
  }

  private take(block: string): void {
    const event: SseEvent = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) event.comment = line.slice(1).trim();
      else if (line.startsWith('event:')) event.event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      else if (line.startsWith('retry:')) event.event = 'retry';
    }
    event.data = data.join('\n');
    if (event.comment !== undefined && data.length === 0 && event.event === 'message') event.event = 'comment';
    this.events.push(event);
    const index = this.events.length - 1;
    for (const waiter of [...this.waiters]) {
      if (index >= waiter.from && waiter.match(event)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }
}
