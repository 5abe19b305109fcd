import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditChain } from '../audit/audit-chain.js';
import { createEd25519Signer } from '../audit/audit-signer.js';
import { auditTamperings } from '../audit/audit-tampering.js';
import type { SealedAuditEvent } from '../audit/sealed-audit-event.js';
import { ManualClock } from '../clock/clock.js';
import { runAuditCommand } from './audit-command.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  return { io: { stdout, stderr }, out, err };
}

describe('wardgate audit', () => {
  let dir: string;
  let events: SealedAuditEvent[];
  let goodFile: string;
  let keyArg: string;
  const start = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardgate-audit-cli-'));
    const clock = new ManualClock(start);
    const chain = createAuditChain({ chainId: 'gw-1', signer: createEd25519Signer('prod', privateKey), clock });
    events = [];
    for (let i = 0; i < 12; i++) {
      events.push(chain.seal({ kind: 'grant.used', grant: { id: `g${i}` } }));
      if (i % 4 === 3) events.push(chain.checkpoint('count')!);
      clock.advance(60_000);
    }
    goodFile = join(dir, 'audit.jsonl');
    await writeFile(goodFile, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const keyFile = join(dir, 'prod.pub.pem');
    await writeFile(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    keyArg = `prod=${keyFile}`;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies an intact file: exit 0 and a per-chain report', async () => {
    const { io, out } = capture();
    expect(await runAuditCommand(['verify', '--file', goodFile, '--key', keyArg], io)).toBe(0);
    expect(out.join('')).toMatch(/^chain gw-1: 15 event\(s\), seq 1\.\.15, .*3 valid checkpoint\(s\), signed through seq 15: OK$/m);
    expect(out.join('')).toMatch(/summary: 1 chain\(s\), 15 event\(s\) verified of 15 record\(s\) read, 0 finding\(s\): OK/);
  });

  it.each(auditTamperings(5).map((t) => [t.name, t] as const))('exit 1 when the file was tampered with: %s', async (_name, tampering) => {
    const file = join(dir, `tampered-${tampering.expected}-${Math.random()}.jsonl`);
    await writeFile(file, tampering.apply(events).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const { io, out } = capture();
    expect(await runAuditCommand(['verify', '--file', file, '--key', keyArg, '--json'], io)).toBe(1);
    const report = JSON.parse(out.join('')) as { ok: boolean; chains: { findings: { kind: string }[] }[] };
    expect(report.ok).toBe(false);
    expect(report.chains[0]!.findings.map((f) => f.kind)).toContain(tampering.expected);
  });

  it('a time window starts the chain mid-way without a gap, and --strict fails the unsigned tail', async () => {
    const from = new Date(start + 5 * 60_000).toISOString();
    const to = new Date(start + 9 * 60_000 + 1).toISOString();
    const { io, out } = capture();
    expect(await runAuditCommand(['verify', '--file', goodFile, '--key', keyArg, '--from', from, '--to', to], io)).toBe(0);
    expect(out.join('')).toContain('starts at seq 7 (time filter');
    expect(out.join('')).toMatch(/warning: 2 event\(s\) after the last valid checkpoint are not signed/);
    expect(await runAuditCommand(['verify', '--file', goodFile, '--key', keyArg, '--from', from, '--to', to, '--strict'], capture().io)).toBe(1);
  });

  it.each([
    [['verify'], 2],
    [['verify', '--file', 'x', '--topic', 't'], 2],
    [['verify', '--brokers', 'h:1'], 2],
    [['verify', '--file', 'x', '--from', 'yesterday'], 2],
    [['verify', '--file', 'x', '--key', 'nopath'], 2],
    [['verify', '--file', 'x', '--bogus'], 2],
    [['frobnicate'], 2],
    [['verify', '--file', '/nonexistent/audit.jsonl'], 3],
  ])('%j exits %i', async (argv, code) => {
    const { io, err } = capture();
    expect(await runAuditCommand(argv, io)).toBe(code);
    expect(err.join('')).not.toBe('');
  });

  it('prints the JSON Schema', async () => {
    const { io, out } = capture();
    expect(await runAuditCommand(['schema'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'Wardgate sealed audit event' });
  });
});
