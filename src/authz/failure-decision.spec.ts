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
});
