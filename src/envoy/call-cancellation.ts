import type { CheckCancellation } from '../authz/authorizer.js';

/**
 * The cancellation of one Check call. grpc-js emits `cancelled` on most unary calls, also after
 * the reply has gone; aborting a signal then builds a DOMException on every Check. So the
 * AbortController is made only when a waiting hold asks for its signal.
 */
export class CallCancellation implements CheckCancellation {
  private controller: AbortController | undefined;
  private cancelled = false;

  signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.cancelled) this.controller.abort();
    }
    return this.controller.signal;
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.controller?.abort();
  }

  /** Whether anything asked for the signal; for tests of the allocation this class avoids. */
  get signalled(): boolean {
    return this.controller !== undefined;
  }
}
