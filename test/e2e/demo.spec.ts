import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 17: `npm run demo` runs the whole path (real Envoy, Wardgate, FHIR server, OIDC issuer);
// this walks the tour it prints, command by command exactly as printed, then Ctrl-Cs it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
const DEMO_PORT = 10000;

type Json = Record<string, unknown>;
interface Patient { id: string; name: Array<{ family: string; given: string[] }>; identifier: Array<{ value: string }>; telecom: Array<{ value: string }>; birthDate: string; gender: string; address: Array<{ line: string[]; city: string }> }

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The `--key ID=FILE` argument of a printed tour command. */
function keyArgument(command: string): string {
  return /--key (\S+)/.exec(command)![1]!;
}

/** The PHI values of a patient, as a needle list for "none of this may appear". */
function phiOf(p: Patient): string[] {
  return [p.name[0]!.family, p.name[0]!.given[0]!, p.birthDate, p.address[0]!.line[0]!, ...p.identifier.map((i) => i.value), ...p.telecom.map((t) => t.value)];
}

describe('npm run demo: the tour works as printed, and Ctrl-C stops everything', () => {
  let demo: ChildProcess;
  let stdout = '';
  let stderr = '';
  let commands: string[] = [];
  let fhirUrl = '';
  let patientCount = 0;
  let ports: number[] = [];
  let exited: Promise<number | null>;

  const tour = async (step: number): Promise<{ code: number; out: string }> => {
    const command = commands[step - 1];
    if (!command) throw new Error(`the tour has no step ${step}:\n${stdout}`);
    try {
      const { stdout: out } = await run('bash', ['-c', command], { cwd: repoRoot, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
      return { code: 0, out };
    } catch (err: unknown) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  };
  /** A curl step: the body, and the status from the `HTTP nnn` line curl's -w prints last. */
  const httpStep = async (step: number): Promise<{ status: number; body: string }> => {
    const { code, out } = await tour(step);
    expect(code, out).toBe(0);
    const m = /\n?HTTP (\d{3})\n$/.exec(out);
    expect(m, out).not.toBeNull();
    return { status: Number(m![1]), body: out.slice(0, m!.index) };
  };
  const raw = async (pathAndQuery: string): Promise<Response> => fetch(`${fhirUrl}${pathAndQuery}`);

  beforeAll(async () => {
    expect(await bindable(DEMO_PORT), `127.0.0.1:${DEMO_PORT} is taken: the demo listens there`).toBe(true);
    // Its own process group, like a terminal's foreground job, so Ctrl-C can be sent to all of it.
    demo = spawn('bash', ['scripts/demo.sh'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
    demo.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    demo.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const deadline = Date.now() + 300_000;
    while (!stdout.includes('\nReady.\n')) {
      if (demo.exitCode !== null) throw new Error(`the demo exited (${demo.exitCode}):\n${stdout}\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`the demo did not get ready:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    commands = stdout.split('\n').filter((l) => l.startsWith('  $ ')).map((l) => l.slice(4));
    fhirUrl = /FHIR R4 \+ SQL server +(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    patientCount = Number(/\((\d+) synthetic patients/.exec(stdout)![1]);
    ports = [...stdout.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  }, 320_000);

  afterAll(async () => {
    // Whatever happened above, leave nothing running.
    if (demo?.pid && groupAlive(demo.pid)) {
      process.kill(-demo.pid, 'SIGKILL');
      await exited;
    }
  });

  it('prints the services, the two tokens and ten tour commands', () => {
    expect(stdout).toContain(`Envoy, the agent's way in     http://127.0.0.1:${DEMO_PORT}`);
    expect(stdout).toMatch(/agent token: +eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(stdout).toMatch(/approver token: +eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(commands).toHaveLength(10);
    expect(new Set(ports).size).toBeGreaterThanOrEqual(6);
  });

  it('1: a Patient read through Envoy comes back masked', async () => {
    const { status, body } = await httpStep(1);
    expect(status).toBe(200);
    const upstream = (await (await raw('/fhir/Patient/pat-0001')).json()) as Patient;
    const masked = JSON.parse(body) as Patient;
    expect(masked.id).toBe('pat-0001');
    for (const value of phiOf(upstream)) expect(body).not.toContain(value);
    expect(masked.name[0]!.family).toMatch(/^\[REDACTED:/);
    expect(masked.gender).toBe(upstream.gender);
  });

  it('2: the streamed NDJSON export is masked on every line', async () => {
    const { code, out } = await tour(2);
    expect(code, out).toBe(0);
    expect(out).toMatch(/^HTTP 200, \d+ bytes\n/);
    const lines = readFileSync(path.join(repoRoot, '.cache/demo/export.ndjson'), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(patientCount);
    const upstream = (await (await raw('/fhir/Patient/$export')).text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Patient);
    const text = lines.join('\n');
    for (const p of upstream) for (const value of phiOf(p)) expect(text).not.toContain(value);
    for (const line of lines) expect((JSON.parse(line) as Patient).name[0]!.family).toMatch(/^\[REDACTED:/);
  });

  it('3: a SELECT over SQL-over-HTTP passes with its rows masked', async () => {
    const { status, body } = await httpStep(3);
    expect(status).toBe(200);
    const { rows } = JSON.parse(body) as { rows: Array<Record<string, string>> };
    expect(rows).toHaveLength(2);
    for (const row of rows) for (const column of ['family_name', 'ssn', 'phone', 'birth_date']) expect(row[column]).toMatch(/^\[REDACTED:/);
  });

  it('4: DROP TABLE is denied by the sql-destructive rule', async () => {
    const { status, body } = await httpStep(4);
    expect(status).toBe(403);
    expect(JSON.parse(body)).toMatchObject({ status: 'denied', rule: 'sql-destructive' });
  });

  it('5: the write is held and nothing reaches the FHIR server', async () => {
    const { code, out } = await tour(5);
    expect(code, out).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ status: 'held', approvalId: expect.stringMatching(/^[\w-]{22}$/) });
    expect((await raw('/fhir/Patient/pat-new-1')).status).toBe(404);
  });

  it('6: the approver lists it with the CLI', async () => {
    const { approvalId } = JSON.parse(readFileSync(path.join(repoRoot, '.cache/demo/held.json'), 'utf8')) as { approvalId: string };
    const { code, out } = await tour(6);
    expect(code, out).toBe(0);
    expect(out).toContain(approvalId);
    expect(out).toMatch(/pending.*coding-agent.*POST.*writes-need-approval/);
  });

  it('7: wardgate approvals approve approves it', async () => {
    const { approvalId } = JSON.parse(readFileSync(path.join(repoRoot, '.cache/demo/held.json'), 'utf8')) as { approvalId: string };
    const { code, out } = await tour(7);
    expect(code, out).toBe(0);
    expect(out).toMatch(new RegExp(`^${approvalId} approved; grant \\S+\\n$`));
  });

  it('8: the retry passes to the FHIR server, and its echo comes back masked', async () => {
    const { status, body } = await httpStep(8);
    expect(status).toBe(201);
    expect(body).not.toContain('Okonkwo');
    const created = (await (await raw('/fhir/Patient/pat-new-1')).json()) as Patient;
    expect(created.name[0]!.family).toBe('Okonkwo');
  });

  it('9: wardgate audit verify verifies the audit file', async () => {
    const { code, out } = await tour(9);
    expect(code, out).toBe(0);
    expect(out).toMatch(/summary: 1 chain\(s\), \d+ event\(s\) verified of \d+ record\(s\) read, 0 finding\(s\): OK/);
    const kinds = readFileSync(path.join(repoRoot, '.cache/demo/audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Json).kind);
    expect(kinds).toEqual(expect.arrayContaining(['approval.requested', 'approval.approved']));
  });

  it('10: wardgate audit report writes the verified HTML evidence report of the demo, and says where to open it', async () => {
    const reportFile = path.join(repoRoot, '.cache/demo/audit-report.html');
    rmSync(reportFile, { force: true });
    const { code, out } = await tour(10);
    expect(code, out).toBe(0);
    expect(out).toContain(`report written: open file://${reportFile} in a browser`);
    const html = readFileSync(reportFile, 'utf8');
    expect(html).toContain('<h1>Wardgate audit report</h1>');
    expect(html).toContain('id="verified"');
    expect(html).not.toContain('Verification FAILED');
    // The same events as JSON: verified, and holding the tour's own decisions and approval.
    const { stdout: json } = await run('node', ['bin/wardgate.mjs', 'audit', 'report', '--format', 'json', '--file', '.cache/demo/audit.jsonl', '--key', keyArgument(commands[9]!)], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(json) as { integrity: { ok: boolean; eventsInReport: number }; access: { byEnforced: Record<string, number> }; approvals: { byOutcome: Record<string, number> } };
    expect(report.integrity.ok).toBe(true);
    // Steps 1-3 and 8 allowed, 4 denied, 5 held (the tour's own requests).
    expect(report.access.byEnforced.allow).toBeGreaterThanOrEqual(4);
    expect(report.access.byEnforced.deny).toBeGreaterThanOrEqual(1);
    expect(report.access.byEnforced.hold).toBeGreaterThanOrEqual(1);
    expect(report.approvals.byOutcome).toMatchObject({ approved: 1 });
    // No PHI the demo served is in the report.
    const upstream = (await (await raw('/fhir/Patient/pat-0001')).json()) as Patient;
    for (const value of [...phiOf(upstream), 'Okonkwo']) expect(html).not.toContain(value);
  });

  it('keeps the PHI it served out of the Wardgate log', async () => {
    const upstream = (await (await raw('/fhir/Patient/pat-0001')).json()) as Patient;
    const log = readFileSync(path.join(repoRoot, '.cache/demo/wardgate.log'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const value of [...phiOf(upstream), 'Okonkwo', '512-44-7301']) expect(log).not.toContain(value);
  });

  it('Ctrl-C stops everything it started and frees every port', async () => {
    process.kill(-demo.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
    expect(code, stdout.slice(-500)).toBe(0);
    expect(stdout).toContain('Demo stopped.');
    for (const name of ['Envoy', 'Wardgate', 'FHIR server', 'OIDC issuer']) expect(stdout).toContain(`stopped ${name}`);
    await new Promise((r) => setTimeout(r, 500));
    expect(groupAlive(demo.pid!)).toBe(false);
    for (const port of new Set(ports)) expect(await bindable(port), `port ${port}`).toBe(true);
  });
});
