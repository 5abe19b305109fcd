import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPolicyCommand } from './policy-command.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (into: string[]) => ({ write: (chunk: string) => into.push(chunk) }) as unknown as NodeJS.WritableStream;
  return { io: { stdout: stream(out), stderr: stream(err) }, out: () => out.join(''), err: () => err.join('') };
}

const goodPolicy = `version: 1
defaults: { action: deny }
rules:
  - id: read
    match: { methods: [GET], paths: ["/Patient/**"], groups: [clinicians] }
    action: allow
  - id: sql-select
    match: { paths: ["/sql"], commands: ["sql:select"] }
    action: allow
`;
const badPolicy = `version: 1
rules:
  - id: a
    action: allow
  - id: b
    action: allow
  - id: c
    action: allow
  - id: d
    action: alow
    match: { methods: [GETT], paths: [nope] }
`;

describe('wardgate policy', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardgate-policy-cli-'));
    await writeFile(file('good.yaml'), goodPolicy);
    await writeFile(file('bad.yaml'), badPolicy);
    await writeFile(file('read.json'), JSON.stringify({ method: 'GET', authority: 'fhir', path: '/Patient/7', user: { sub: 'dr', groups: ['clinicians'] }, agent: 'spiffe://cluster.local/ns/agents/sa/a' }));
    await writeFile(file('sql.json'), JSON.stringify({ method: 'POST', authority: 'db', path: '/sql', body: { sql: 'SELECT 1; DROP TABLE patients' } }));
    await writeFile(file('broken.json'), JSON.stringify({ method: 'GET', path: 'no-slash' }));
    await writeFile(file('notjson.json'), '{');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('check: a valid policy prints the rule count and tree', async () => {
    const c = capture();
    expect(await runPolicyCommand(['check', file('good.yaml')], c.io)).toBe(0);
    expect(c.out()).toContain('OK, 2 rules, sha256 ');
    expect(c.out()).toContain('rule read -> allow masking=strict');
    expect(c.out()).toContain('and(methods[GET], paths[/Patient/**], groups[clinicians])');
  });

  it('check: an invalid policy lists every problem with its path', async () => {
    const c = capture();
    expect(await runPolicyCommand(['check', file('bad.yaml')], c.io)).toBe(1);
    expect(c.err()).toContain('INVALID, 3 problems');
    expect(c.err()).toContain('rules[3].action: invalid action "alow"');
    expect(c.err()).toContain('rules[3].match.methods[0]: invalid method "GETT"');
    expect(c.err()).toContain('rules[3].match.paths[0]: invalid path "nope"');
  });

  it('check: unknown masking profiles are reported when profiles are given', async () => {
    const c = capture();
    expect(await runPolicyCommand(['check', file('good.yaml'), '--masking-profiles', 'research'], c.io)).toBe(1);
    expect(c.err()).toContain('defaults.maskingProfile: unknown masking profile "strict"');
  });

  it('check: a missing file', async () => {
    const c = capture();
    expect(await runPolicyCommand(['check', file('nope.yaml')], c.io)).toBe(1);
    expect(c.err()).toContain('ENOENT');
  });

  it('test: prints decision, rule, reason and trace', async () => {
    const c = capture();
    expect(await runPolicyCommand(['test', '--policy', file('good.yaml'), '--request', file('read.json')], c.io)).toBe(0);
    expect(c.out()).toContain('decision: allow');
    expect(c.out()).toContain('rule:     read');
    expect(c.out()).toContain('reason:   rule read: GET /Patient/** by group clinicians');
    expect(c.out()).toContain('command:  rest:get');
    expect(c.out()).toContain('  1. rule read: matched -> allow');
  });

  it('test --json with SQL paths: a hidden DROP falls to the default deny', async () => {
    const c = capture();
    expect(await runPolicyCommand(['test', '--policy', file('good.yaml'), '--request', file('sql.json'), '--json', '--sql-path', '/sql'], c.io)).toBe(0);
    const result = JSON.parse(c.out());
    expect(result.verdict).toMatchObject({ action: 'deny', ruleId: 'default', deny: { status: 403 } });
    expect(result.command).toMatchObject({ type: 'sql', kinds: ['sql:select', 'sql:ddl'], tables: ['patients'] });
    expect(result.verdict.trace).toContain('rule sql-select: skipped, commands.all[sql:select] did not match');
  });

  it('test --expect exits 3 on a different decision', async () => {
    const c = capture();
    expect(await runPolicyCommand(['test', '--policy', file('good.yaml'), '--request', file('sql.json'), '--sql-path', '/sql', '--expect', 'allow'], c.io)).toBe(3);
    expect(c.err()).toContain('expected allow, got deny');
  });

  it('test: a bad request file names the bad fields', async () => {
    const c = capture();
    expect(await runPolicyCommand(['test', '--policy', file('good.yaml'), '--request', file('broken.json')], c.io)).toBe(1);
    expect(c.err()).toContain('authority: ');
    expect(c.err()).toContain('path: ');
    const d = capture();
    expect(await runPolicyCommand(['test', '--policy', file('good.yaml'), '--request', file('notjson.json')], d.io)).toBe(1);
    expect(d.err()).toContain('as JSON');
  });

  it.each([[[]], [['frobnicate']], [['check']], [['test', '--policy', 'x']], [['check', 'a', '--bogus']]])('usage errors exit 2: %j', async (argv) => {
    const c = capture();
    expect(await runPolicyCommand(argv, c.io)).toBe(2);
    expect(c.err()).toContain('usage:');
  });
});
