import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSync } from '@grpc/proto-loader';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { createSilentLogger } from '../logging/logger.js';
import { createAuditChain } from './audit-chain.js';
import type { AuditEventInput } from './audit-event.js';
import { createHmacSigner } from './audit-signer.js';
import { createCommandHasher } from './command-hasher.js';
import { JsonlFileAuditSink } from './jsonl-file-audit-sink.js';
import { auditEventJsonSchema, sealedAuditEventSchema } from './sealed-audit-event-schema.js';
import { validateJsonSchemaSubset as validate, type JsonSchema as Schema } from '../../test/support/json-schema-subset.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const hash = createCommandHasher(Buffer.alloc(32, 7));
/** Every kind, with every optional field somewhere. */
const inputs: AuditEventInput[] = [
  { kind: 'service.started', details: { version: '0.1.0', dryRun: false, workers: 4 } },
  { kind: 'policy.loaded', policy: { sha256: 'a'.repeat(64), rules: 12, source: 'policy.yaml' } },
  { kind: 'policy.rejected', policy: { sha256: 'b'.repeat(64), error: 'rule r3: unknown field' } },
  {
    kind: 'access.decision', correlationId: 'req-1',
    actor: { user: 'alice', groups: ['oncall'], agent: 'claude-code', sourceAddress: '10.0.0.7' },
    target: { destination: 'fhir.prod', method: 'POST', path: '/sql', command: 'SELECT * FROM patient WHERE ssn = ***', commandKinds: ['sql.select'], commandHash: hash('SELECT 1') },
    decision: { action: 'hold', enforced: 'hold', ruleId: 'sql-prod', reason: 'needs approval', dryRun: false, approvalId: 'ap-1' },
  },
  { kind: 'approval.requested', correlationId: 'req-1', approval: { id: 'ap-1', status: 'pending', approvalsRequired: 2 } },
  { kind: 'approval.approved', approval: { id: 'ap-1', status: 'approved', approver: 'bob', comment: 'ticket 42' } },
  { kind: 'approval.denied', approval: { id: 'ap-2', status: 'denied', approver: 'carol' } },
  { kind: 'approval.expired', approval: { id: 'ap-3', status: 'expired' } },
  { kind: 'grant.issued', grant: { id: 'g-1', subjectUser: 'alice', subjectAgent: 'claude-code', expiresAt: 1767225600000, usesLeft: 5, approvedBy: ['bob'] } },
  { kind: 'grant.used', grant: { id: 'g-1', usesLeft: 4 } },
  { kind: 'grant.revoked', grant: { id: 'g-1' } },
  { kind: 'grant.expired', grant: { id: 'g-2' } },
  {
    kind: 'access.session', correlationId: 'req-1', target: { method: 'GET', path: '/Patient' },
    session: { status: 200, requestBytes: 0, responseBytes: 5120, durationMs: 12.5, contentType: 'application/fhir+json', maskingProfile: 'safe-harbor', masking: { categories: { name: 3 }, rules: { 'Patient.name.given': 3 }, total: 3 }, blocked: 'unknown_encoding' },
  },
  { kind: 'console.session', actor: { user: 'alice', groups: ['approvers'] }, details: { action: 'signed_in', source: 'console', session: 'h:0123456789abcdef0123456789abcdef' } },
  { kind: 'service.stopped' },
];

async function emittedEvents(): Promise<unknown[]> {
  const dir = await mkdtemp(join(tmpdir(), 'wardgate-audit-schema-'));
  try {
    const path = join(dir, 'audit.jsonl');
    const clock = new ManualClock();
    const chain = createAuditChain({ chainId: 'test-host-1', signer: createHmacSigner('h1', Buffer.alloc(32, 1)), clock });
    const sink = await JsonlFileAuditSink.create({ chain, clock, path, queueMaxEvents: 1000, checkpointEveryEvents: 5, checkpointEveryMs: 60_000, logger: createSilentLogger() });
    for (const input of inputs) sink.emit(input);
    await sink.close();
    return (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('published audit event schema', () => {
  it('docs/audit-event.schema.json is the generated schema (regenerate: wardgate audit schema > docs/audit-event.schema.json)', async () => {
    const published = JSON.parse(await readFile(join(repoRoot, 'docs', 'audit-event.schema.json'), 'utf8')) as Schema;
    expect(published).toEqual(auditEventJsonSchema());
    expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts every event a sink really writes, checkpoints included', async () => {
    const published = JSON.parse(await readFile(join(repoRoot, 'docs', 'audit-event.schema.json'), 'utf8')) as Schema;
    const events = await emittedEvents();
    expect(events.length).toBe(inputs.length + 3);
    expect(events.filter((e) => (e as { kind: string }).kind === 'chain.checkpoint')).toHaveLength(3);
    for (const event of events) {
      expect(validate(published, event)).toEqual([]);
      expect(sealedAuditEventSchema.safeParse(event).success).toBe(true);
    }
  });

  it.each([
    ['an unknown field', (e: Record<string, unknown>) => ({ ...e, extra: 1 }), /extra: not allowed/],
    ['an unknown kind', (e: Record<string, unknown>) => ({ ...e, kind: 'access.other' }), /kind: not in enum/],
    ['a short hash', (e: Record<string, unknown>) => ({ ...e, chain: { ...(e.chain as object), hash: 'abc' } }), /chain.hash: does not match/],
    ['seq 0', (e: Record<string, unknown>) => ({ ...e, chain: { ...(e.chain as object), seq: 0 } }), /chain.seq: below minimum/],
    ['a local time', (e: Record<string, unknown>) => ({ ...e, time: '2026-01-01T01:00:00+01:00' }), /time: does not match/],
    ['a non-flat detail', (e: Record<string, unknown>) => ({ ...e, details: { nested: { a: 1 } } }), /details.nested: matches no anyOf/],
  ])('rejects %s', async (_name, mutate, message) => {
    const published = JSON.parse(await readFile(join(repoRoot, 'docs', 'audit-event.schema.json'), 'utf8')) as Schema;
    const [event] = await emittedEvents();
    const errors = validate(published, mutate(event as Record<string, unknown>));
    expect(errors.join('\n')).toMatch(message);
    expect(sealedAuditEventSchema.safeParse(mutate(event as Record<string, unknown>)).success).toBe(false);
  });

  it('protos/wardgate/audit/v1/audit_event.proto has the same fields as the schema', () => {
    const def = loadSync('wardgate/audit/v1/audit_event.proto', { includeDirs: [join(repoRoot, 'protos')] });
    const fields = (message: string) => ((def[`wardgate.audit.v1.${message}`] as unknown as { type: { field: { name: string }[] } }).type.field.map((f) => f.name)).sort();
    const shape = sealedAuditEventSchema.shape;
    const keys = (schema: unknown) => Object.keys(unwrapObject(schema).shape).sort();
    const pairs: [string, unknown][] = [
      ['AuditEvent', sealedAuditEventSchema], ['Actor', shape.actor], ['Target', shape.target], ['Decision', shape.decision],
      ['Session', shape.session], ['MaskingSummary', unwrapObject(shape.session).shape.masking], ['Approval', shape.approval],
      ['Grant', shape.grant], ['Policy', shape.policy], ['Ocsf', shape.ocsf], ['ChainLink', shape.chain], ['Checkpoint', shape.checkpoint],
    ];
    for (const [message, schema] of pairs) expect([message, fields(message)]).toEqual([message, keys(schema)]);
  });
});

function unwrapObject(schema: unknown): { shape: Record<string, unknown> } {
  let current = schema as { shape?: Record<string, unknown>; unwrap?: () => unknown };
  while (current.shape === undefined && current.unwrap !== undefined) current = current.unwrap() as typeof current;
  if (current.shape === undefined) throw new Error('not an object schema');
  return current as { shape: Record<string, unknown> };
}
