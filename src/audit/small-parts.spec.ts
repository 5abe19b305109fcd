import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import type { AuditEventInput } from './audit-event.js';
import { createCommandHasher } from './command-hasher.js';
import { classifyOcsf } from './ocsf-classification.js';
import { createUuidV7Generator, newChainId } from './uuid-v7.js';

const decision = (method: string | undefined, action: 'allow' | 'deny' | 'hold', enforced: 'allow' | 'deny' | 'hold'): AuditEventInput => ({
  kind: 'access.decision',
  target: method === undefined ? {} : { method },
  decision: { action, enforced, ruleId: 'r', reason: 'x', dryRun: action !== enforced },
});

describe('classifyOcsf', () => {
  it.each([
    ['GET allowed', decision('GET', 'allow', 'allow'), { activityId: 2, typeUid: 600302, severityId: 1, statusId: 1 }],
    ['POST denied', decision('POST', 'deny', 'deny'), { activityId: 1, typeUid: 600301, severityId: 3, statusId: 2 }],
    ['PATCH held', decision('patch', 'hold', 'hold'), { activityId: 3, typeUid: 600303, severityId: 2, statusId: 99 }],
    ['DELETE denied in dry-run', decision('DELETE', 'deny', 'allow'), { activityId: 4, typeUid: 600304, severityId: 3, statusId: 1 }],
    ['no method', decision(undefined, 'allow', 'allow'), { activityId: 0, typeUid: 600300 }],
    ['odd method', decision('PROPFIND', 'allow', 'allow'), { activityId: 99, typeUid: 600399 }],
    ['session 500', { kind: 'access.session', target: { method: 'GET' }, session: { status: 500, durationMs: 1 } }, { activityId: 2, statusId: 2, severityId: 1 }],
    ['blocked session', { kind: 'access.session', target: { method: 'GET' }, session: { status: 200, durationMs: 1, blocked: 'unknown_encoding' } }, { statusId: 2, severityId: 3 }],
    ['policy rejected', { kind: 'policy.rejected', policy: { sha256: 'a'.repeat(64) } }, { activityId: 99, statusId: 2, severityId: 4 }],
    ['approval denied', { kind: 'approval.denied', approval: { id: 'a', status: 'denied' } }, { statusId: 2, severityId: 1 }],
    ['service started', { kind: 'service.started' }, { activityId: 99, statusId: 1, severityId: 1 }],
    ['console sign-in refused', { kind: 'console.session', details: { action: 'refused', source: 'console', reason: 'state_mismatch' } }, { activityId: 99, statusId: 2, severityId: 2 }],
    ['console signed in', { kind: 'console.session', actor: { user: 'alice' }, details: { action: 'signed_in', source: 'console' } }, { activityId: 99, statusId: 1, severityId: 1 }],
  ] as [string, AuditEventInput, object][])('%s', (_name, input, expected) => {
    expect(classifyOcsf(input)).toMatchObject({ classUid: 6003, categoryUid: 6, ...expected });
  });
});

describe('createUuidV7Generator', () => {
  it('makes RFC 9562 v7 ids that sort by creation, within and across milliseconds', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const next = createUuidV7Generator(clock);
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) {
      ids.push(next());
      if (i % 1000 === 0) clock.advance(1);
    }
    clock.set(Date.UTC(2025, 0, 1)); // the clock steps back: ids must still increase
    ids.push(next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 1));
  });

  it('names chains after the host and a fresh uuid', () => {
    expect(newChainId('gw-1')).toMatch(/^gw-1-[0-9a-f-]{36}$/);
    expect(newChainId('gw-1')).not.toBe(newChainId('gw-1'));
  });
});

describe('createCommandHasher', () => {
  it('is a keyed, deterministic HMAC', () => {
    const a = createCommandHasher(Buffer.alloc(32, 1));
    const b = createCommandHasher(Buffer.alloc(32, 2));
    expect(a('SELECT 1')).toBe(a('SELECT 1'));
    expect(a('SELECT 1')).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(a('SELECT 1')).not.toBe(a('SELECT 2'));
    expect(a('SELECT 1')).not.toBe(b('SELECT 1'));
    expect(() => createCommandHasher(Buffer.alloc(8))).toThrow(/16 bytes/);
  });
});
