import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createAuditChain } from '../src/audit/audit-chain.js';
import type { AuditEventInput } from '../src/audit/audit-event.js';
import { createEd25519Signer } from '../src/audit/audit-signer.js';
import { ManualClock } from '../src/clock/clock.js';

// Issue #15: `wardgate audit report` over a million events in bounded memory. The events are
// generated once (seeded, sealed and signed) into .cache/bench/; each format then runs in a
// child process so its peak RSS is the report's own.
const EVENTS = Number(process.env.REPORT_BENCH_EVENTS ?? 1_000_000);
const DIR = join(import.meta.dirname, '..', '.cache', 'bench');
const VERSION = 'v1';

function* traffic(n: number): Generator<AuditEventInput> {
  for (let i = 0; i < n; i++) {
    const user = `user-${i % 211}@example.org`;
    const agent = `agent-${i % 17}`;
    const id = `c-${i}`;
    const r = i % 100;
    if (r === 99) {
      yield { kind: 'approval.requested', correlationId: id, actor: { user, agent }, target: { destination: 'fhir.prod', method: 'POST', command: `POST /Observation/${i % 5000}`, commandKinds: ['rest:write'] }, approval: { id: `ap-${i}`, status: 'pending', approvalsRequired: 1 }, details: { ruleId: 'writes-held', expiresAt: 0 } };
      continue;
    }
    const deny = r % 9 === 0;
    yield {
      kind: 'access.decision', correlationId: id, actor: { user, groups: ['eng'], agent, sourceAddress: '10.1.2.3' },
      target: { destination: `svc-${i % 23}.prod`, method: deny ? 'POST' : 'GET', path: `/Patient/${i % 5000}/Observation`, command: `GET /Patient/${i % 5000}/Observation?code=8867-4`, commandKinds: [deny ? 'sql:ddl' : 'rest:read'], commandHash: `hmac-sha256:${'a'.repeat(64)}` },
      decision: { action: deny ? 'deny' : 'allow', enforced: deny ? 'deny' : 'allow', ruleId: deny ? 'no-ddl' : 'fhir-read', reason: 'matched', dryRun: false },
    };
    if (!deny) {
      i++;
      yield { kind: 'access.session', correlationId: id, actor: { user, agent }, session: { status: 200, requestBytes: 0, responseBytes: 2400, durationMs: 4, contentType: 'application/fhir+json', maskingProfile: 'strict', masking: { categories: { name: 2, date: 1 }, rules: {}, total: 3 } }, details: { outcome: 'completed', ruleId: 'fhir-read' } };
    }
  }
}

async function generate(path: string): Promise<string> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const chain = createAuditChain({ chainId: 'bench-1', signer: createEd25519Signer('bench', privateKey), clock });
  const temp = `${path}.tmp`;
  const out = createWriteStream(temp);
  let n = 0;
  for (const input of traffic(EVENTS)) {
    clock.advance(2500); // a million events over about a month
    let line = JSON.stringify(chain.seal(input)) + '\n';
    n++;
    if (chain.uncheckpointed >= 1000) line += JSON.stringify(chain.checkpoint('count')) + '\n';
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  const close = chain.checkpoint('close');
  out.end(close === undefined ? '' : JSON.stringify(close) + '\n');
  await finished(out);
  await rename(temp, path);
  await writeFile(`${path}.pub`, publicKey.export({ type: 'spki', format: 'pem' }));
  return `${n} events`;
}

function runChild(args: string[]): Promise<{ ms: number; maxRssKb: number; code: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'report-bench-child.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        resolve({ ...(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { ms: number; maxRssKb: number; code: number }), err });
      } catch {
        reject(new Error(`bench child failed: ${err.slice(-2000)}`));
      }
    });
  });
}

export async function runReportBench(): Promise<void> {
  await mkdir(DIR, { recursive: true });
  const file = join(DIR, `report-${VERSION}-${EVENTS}.jsonl`);
  if (!existsSync(file)) {
    const t = performance.now();
    const what = await generate(file);
    console.log(`generated ${what} in ${((performance.now() - t) / 1000).toFixed(1)} s into ${file}`);
  }
  const records = EVENTS + Math.ceil(EVENTS / 1000);
  console.log(`input: ${records.toLocaleString('en-US')} records, ${((await stat(file)).size / 1e6).toFixed(0)} MB`);
  for (const format of ['json', 'html'] as const) {
    const out = join(DIR, `report-${EVENTS}.${format}`);
    const r = await runChild(['report', '--file', file, '--key', `bench=${file}.pub`, '--format', format, '--out', out]);
    if (r.code !== 0) throw new Error(`report exited ${r.code}: ${r.err.slice(-1000)}`);
    const size = (await stat(out)).size / 1e6;
    console.log(`audit report --format ${format}: ${(r.ms / 1000).toFixed(1)} s = ${Math.round(records / (r.ms / 1000)).toLocaleString('en-US')} events/s ` +
      `(read once, built while verifying), peak RSS ${Math.round(r.maxRssKb / 1024)} MB, output ${size.toFixed(1)} MB`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runReportBench();
