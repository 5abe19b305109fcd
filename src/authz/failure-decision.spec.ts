import { describe, expect, it } from 'vitest';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { decideOnFailure } from './failure-decision.js';

describe('decideOnFailure', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  it.each([
    ['closed + unavailable', refused, 'closed', { enforce: 'deny', status: 503, reason: 'grant_store_unavailable' }],
    ['open + unavailable', refused, 'open', { enforce: 'allow', status: 200, reason: 'grant_store_unavailable' }],
    ['open + internal bug still closes', new TypeError('x'), 'open', { enforce: 'deny', status: 503, reason: 'grant_store_error' }],
    ['closed + deadline', new WardgateError(ErrorCode.DeadlineExceeded, 't'), 'closed', { enforce: 'deny', status: 503, reason: 'grant_store_unavailable' }],
  ] as const)('%s', (_name, err, mode, expected) => {
    expect(decideOnFailure('grant_store', err, mode)).toEqual(expected);
  });

  it.each(['classify_command', 'evaluate_policy', 'resolve_identity'] as const)('a failure inside %s denies, whatever the mode', (step) => {
    for (const mode of ['open', 'closed'] as const) {
      expect(decideOnFailure(step, new WardgateError(ErrorCode.Unavailable, 'x'), mode)).toEqual({ enforce: 'deny', status: 500, reason: 'internal_error' });
    }
  });
});
