import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { loadWardgateConfig } from '../config/wardgate-config.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { AuditEventInput } from '../audit/audit-event.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import { auditCustomMasking, commandHasher, connectRedis, createGrantStore, createTracer, customMaskingRules, openAudit, readinessChecks, watchPolicy, type StartContext } from './start-steps.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-start-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(raw: Record<string, unknown>): StartContext {
  return { config: loadWardgateConfig({ raw, env: {} }), logger: createSilentLogger(), clock: new ManualClock(), metrics: createWardgateMetrics() };
}

describe('start steps', () => {
  it('createTracer gives the no-op tracer with tracing off, and loads the OpenTelemetry tracer only when it is on', async () => {
    expect((await createTracer(context({}))).enabled).toBe(false);
    const tracer = await createTracer(context({ tracing: { enabled: true, endpoint: 'http://127.0.0.1:1/v1/traces' } }));
    expect(tracer.enabled).toBe(true);
    expect(tracer.constructor.name).toBe('OtelRequestTracer');
    await tracer.shutdown();
  });

  it('commandHasher uses the key config/ read from audit.commandHashKeyFile, without its trailing newline', () => {
    const dir = tempDir();
    const key = 'k'.repeat(32);
    const keyFile = path.join(dir, 'command-hash.key');
    writeFileSync(keyFile, `${key}\n`);
    const hash = commandHasher(context({ audit: { commandHashKeyFile: keyFile } }))('SELECT 1');
    expect(hash).toBe(`hmac-sha256:${createHmac('sha256', key).update('SELECT 1').digest('hex')}`);
    writeFileSync(keyFile, 'short\n');
    expect(() => context({ audit: { commandHashKeyFile: keyFile } })).toThrow(/commandHashKeyFile: the key must hold at least 16 bytes/);
  });

  it('openAudit: the file sink is durable before a record resolves, and the sync latency is a histogram', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    const ctx = context({ audit: { file: { path: file } } });
    const { audit, recorder } = await openAudit(ctx);
    expect(await recorder.record({ kind: 'access.decision', correlationId: 'r-1' }, 'phi_request')).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toContain('"correlationId":"r-1"');
    expect(ctx.metrics.auditSyncSeconds.render()).toMatch(/wardgate_audit_sync_seconds_count 1/);
    await audit.close();
  });

  it('openAudit: a PHI request fails when its event cannot be kept; with failClosedWhenUndeliverable off it goes on', async () => {
    for (const [failClosed, expected] of [[true, ErrorCode.Unavailable], [false, undefined]] as const) {
      const ctx = context({ audit: { file: { path: '/dev/full' }, failClosedWhenUndeliverable: failClosed } });
      const { audit, recorder } = await openAudit(ctx);
      expect((await recorder.record({ kind: 'access.decision' }, 'phi_request'))?.code).toBe(expected);
      expect(ctx.metrics.auditUndeliverable.get()).toBe(1);
      await audit.close();
    }
  });

  it('watchPolicy: a reload while the audit sink refuses events records nothing, throws nothing, and the new policy is in force', async () => {
    const dir = tempDir();
    const policyFile = path.join(dir, 'policy.yaml');
    const rules = (ids: string[]): string => `version: 1\nrules:\n${ids.map((id) => `  - id: ${id}\n    match: { methods: [GET] }\n    action: allow\n`).join('')}`;
    writeFileSync(policyFile, rules(['a']));
    const refused: AuditEventInput[] = [];
    const recorder = {
      record: (event: AuditEventInput) => {
        refused.push(event);
        return Promise.resolve(new WardgateError(ErrorCode.ResourceExhausted, 'audit log full'));
      },
    };
    const ctx = context({ policy: { file: policyFile, pollInterval: '1h' } });
    const policy = await watchPolicy(ctx, { recorder, masking: { profileNames: () => ['strict'] } });
    writeFileSync(policyFile, rules(['a', 'b']));
    expect(await policy.reload()).toBe(true);
    writeFileSync(policyFile, 'version: 1\nrules: [{ id: x, action: permit }]\n');
    expect(await policy.reload()).toBe(false);
    expect(policy.current().ruleIds).toEqual(['a', 'b']);
    expect(refused.map((e) => e.kind)).toEqual(['policy.loaded', 'policy.loaded', 'policy.rejected']);
    policy.close();
  });

  it('customMaskingRules + auditCustomMasking: the config file\'s masking.custom is hot-reloaded; loads and rejections are audited as policy reloads', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'wardgate.yaml');
    const block = (pattern: string): string => `policy: { pollInterval: 1h }\nmasking:\n  custom:\n    recognizers:\n      - { id: mrn, category: mrn, patterns: ['${pattern}'] }\n`;
    writeFileSync(file, block('HOSP-\\d{7}'));
    const ctx: StartContext = { config: loadWardgateConfig({ file, env: {} }), logger: createSilentLogger(), clock: new ManualClock(), metrics: createWardgateMetrics() };
    const events: AuditEventInput[] = [];
    const recorder = { record: (event: AuditEventInput) => (events.push(event), Promise.resolve(undefined)) };
    const rules = customMaskingRules(ctx);
    auditCustomMasking(ctx, { rules, recorder });
    writeFileSync(file, block('MRN-\\d{6}'));
    expect(await rules.reload()).toBe(true);
    writeFileSync(file, block('(a+)+$'));
    expect(await rules.reload()).toBe(false);
    expect(rules.current().recognizers[0]!.patternSource(0)).toBe('MRN-\\d{6}');
    expect(events.map((e) => `${e.kind} ${e.policy?.source ?? ''}`)).toEqual([
      `policy.loaded ${file}#masking.custom`,
      `policy.loaded ${file}#masking.custom`,
      `policy.rejected ${file}#masking.custom`,
    ]);
    rules.close();
  });

  it('without a redis section: no Redis client and in-memory grants', () => {
    const ctx = context({});
    expect(connectRedis(ctx)).toBeUndefined();
    expect(createGrantStore(ctx, undefined)).toBeInstanceOf(InMemoryGrantStore);
  });

  it('readinessChecks: audit is not ready while its sink says so, and its pending count is a gauge', async () => {
    const ctx = context({});
    let health = { ready: true, pending: 3 } as { ready: boolean; pending: number; detail?: string };
    const checks = readinessChecks(ctx, { grants: { ping: () => Promise.resolve() }, approvals: { ping: () => Promise.resolve() }, audit: { health: () => health } });
    expect(checks.map((c) => c.name)).toEqual(['grants', 'approvals', 'audit']);
    const audit = checks.find((c) => c.name === 'audit')!;
    await expect(audit.check()).resolves.toBeUndefined();
    expect(ctx.metrics.auditPending.render()).toMatch(/wardgate_audit_pending_events 3/);
    health = { ready: false, pending: 9, detail: 'audit log full' };
    await expect(audit.check()).rejects.toThrow('audit log full');
  });
});
