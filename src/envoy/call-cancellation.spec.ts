import { describe, expect, it } from 'vitest';
import { CallCancellation } from './call-cancellation.js';

describe('CallCancellation', () => {
  it('aborts a signal handed out before the call is cancelled', () => {
    const cancellation = new CallCancellation();
    const signal = cancellation.signal();
    expect(signal.aborted).toBe(false);
    cancellation.cancel();
    expect(signal.aborted).toBe(true);
    expect(cancellation.signal()).toBe(signal);
  });

  it('hands out an aborted signal when asked after the cancellation', () => {
    const cancellation = new CallCancellation();
    cancellation.cancel();
    expect(cancellation.signal().aborted).toBe(true);
  });

  it('makes no controller when nothing asks for the signal', () => {
    const cancellation = new CallCancellation();
    cancellation.cancel();
    cancellation.cancel();
    expect(cancellation.signalled).toBe(false);
  });
});
