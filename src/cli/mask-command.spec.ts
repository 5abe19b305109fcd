import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMaskCommand } from './mask-command.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wardgate-mask-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const code = await runMaskCommand(args, { stdout, stderr });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe('wardgate mask', () => {
  it('masks a JSON file to stdout, content type from the extension', async () => {
    const file = join(dir, 'p.json');
    await writeFile(file, JSON.stringify({ name: 'Ann Lee', ssn: '123-45-6789', glucose: 5.4 }));
    const r = await run([file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: '[REDACTED:NAME]', ssn: '[REDACTED:SSN]', glucose: 5.4 });
    expect(r.stderr).toBe('');
  });

  it('writes each file under --out with the same name and prints the summary with --summary', async () => {
    const csv = join(dir, 'rows.csv');
    const txt = join(dir, 'note.txt');
    await writeFile(csv, 'name,dob\nAnn Lee,1950-03-04\n');
    await writeFile(txt, 'SSN 123-45-6789');
    // --out is created when missing, parents included.
    const out = join(dir, 'out', 'masked');
    const r = await run(['--profile', 'research', '--out', out, '--summary', csv, txt]);
    expect(r.code).toBe(0);
    expect(await readFile(join(out, 'rows.csv'), 'utf8')).toBe('name,dob\n[REDACTED:NAME],1950\n');
    expect(await readFile(join(out, 'note.txt'), 'utf8')).toBe('SSN ***-**-6789');
    const summaries = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { summary: { categories: Record<string, number> } });
    expect(summaries[0]!.summary.categories).toEqual({ name: 1, date: 1 });
    expect(r.stderr).not.toContain('6789');
  });

  it('uses --content-type over the extension', async () => {
    const file = join(dir, 'data.bin');
    await writeFile(file, '{"email":"a@example.com"}\n');
    const r = await run(['--content-type', 'application/x-ndjson', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"email":"[REDACTED:EMAIL]"}\n');
  });

  it('token keys from a file give the same tokens across runs', async () => {
    const keyFile = join(dir, 'key');
    await writeFile(keyFile, 'k'.repeat(32) + '\n');
    const file = join(dir, 'n.txt');
    await writeFile(file, 'SSN 123-45-6789');
    const a = await run(['--profile', 'joinable', '--token-key-file', keyFile, file]);
    const b = await run(['--profile', 'joinable', '--token-key-file', keyFile, file]);
    expect(a.stdout).toMatch(/^SSN tok_ssn_[0-9a-f]{16}$/);
    expect(b.stdout).toBe(a.stdout);
  });

  it('bad input: clear error, non-zero exit, no output file (not even a partial one)', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"ssn": "123-45-6789"');
    const out = join(dir, 'out');
    await mkdir(out);
    const r = await run(['--out', out, file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.json: body is not valid JSON');
    expect(r.stderr).not.toContain('6789');
    expect(await readdir(out)).toEqual([]);
  });

  it.each([
    ['no files', []],
    ['unknown profile', ['--profile', 'nope', 'x.json']],
    ['unknown option', ['--colour', 'x.json']],
    ['unsupported content type', ['--content-type', 'image/png', 'x.json']],
  ])('usage error: %s', async (_label, args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/wardgate mask: /);
  });

  it('unknown extension without --content-type fails that file', async () => {
    const file = join(dir, 'x.bin');
    await writeFile(file, 'x');
    const r = await run([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--content-type');
  });

  it('missing file', async () => {
    const r = await run([join(dir, 'missing.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ENOENT');
  });

  it('--help mentions the random key caveat', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('consistent only within this run');
  });
});

describe('wardgate mask --config --explain', () => {
  const config = String.raw`
server: { grpc: { port: 9000 } }
masking:
  custom:
    recognizers:
      - id: hosp-mrn
        category: mrn
        patterns: ['HOSP-\d{7}']
        validate: { checkDigit: mod11 }
    denyList:
      - terms: [Quillfeather]
    keyRules:
      - category: mrn
        keys: [hospitalNo]
`;

  it('prints category, recognizer, rule and original for each masked value, and masks with the custom rules', async () => {
    const cfg = join(dir, 'wardgate.yaml');
    await writeFile(cfg, config);
    const note = join(dir, 'note.txt');
    await writeFile(note, 'Seen by quillfeather; ref HOSP-1234560, SSN 123-45-6789.');
    const json = join(dir, 'p.json');
    await writeFile(json, JSON.stringify({ hospitalNo: 'A-77', note: 'HOSP-1234560' }));
    const masked = await run(['--config', cfg, note]);
    expect(masked.stdout).toBe('Seen by [REDACTED:NAME]; ref [REDACTED:MRN], SSN [REDACTED:SSN].');
    const r = await run(['--config', cfg, '--explain', note, json]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${note}\tname\tdeny-list\tdenyList[0]\t"quillfeather"`,
      `${note}\tmrn\tcustom:hosp-mrn\tpatterns[0] HOSP-\\d{7}\t"HOSP-1234560"`,
      `${note}\tssn\tvalue:ssn\tbuilt-in\t"123-45-6789"`,
      `${json}\tmrn\tkey-rule (masking.custom)\t$.hospitalNo\t"A-77"`,
      `${json}\tmrn\tcustom:hosp-mrn\tpatterns[0] HOSP-\\d{7}\t"HOSP-1234560"`,
    ]);
  });

  it('a config whose pattern could backtrack is refused, naming the field', async () => {
    const cfg = join(dir, 'bad.yaml');
    await writeFile(cfg, "masking:\n  custom:\n    recognizers:\n      - { id: x, category: mrn, patterns: ['X\\d{3}', '(a|aa)*b'] }\n");
    const note = join(dir, 'n.txt');
    await writeFile(note, 'x');
    const r = await run(['--config', cfg, note]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("masking.custom.recognizers[0].patterns[1]: unbounded repetition '*'");
    expect(r.stdout).toBe('');
  });
});
