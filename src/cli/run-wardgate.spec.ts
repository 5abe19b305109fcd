import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runWardgate } from './run-wardgate.js';

function capture(): { io: { stdout: Writable; stderr: Writable }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  return { io: { stdout: sink((t) => (out += t)), stderr: sink((t) => (err += t)) }, out: () => out, err: () => err };
}

// Every command and subcommand the CLI has; each must print its usage on --help and -h and exit 0.
const commandLines: Array<{ argv: string[]; mentions: RegExp }> = [
  { argv: [], mentions: /wardgate <command>/ },
  { argv: ['serve'], mentions: /wardgate serve/ },
  { argv: ['policy'], mentions: /wardgate policy check/ },
  { argv: ['policy', 'check'], mentions: /wardgate policy check/ },
  { argv: ['policy', 'test'], mentions: /wardgate policy test/ },
  { argv: ['mask'], mentions: /wardgate mask/ },
  { argv: ['approvals'], mentions: /wardgate approvals/ },
  ...['list', 'show', 'approve', 'deny'].map((sub) => ({ argv: ['approvals', sub], mentions: new RegExp(`wardgate approvals[\\s\\S]*${sub}`) })),
  { argv: ['grants'], mentions: /wardgate grants/ },
  ...['list', 'show', 'issue', 'revoke'].map((sub) => ({ argv: ['grants', sub], mentions: new RegExp(`wardgate grants[\\s\\S]*${sub}`) })),
  { argv: ['audit'], mentions: /wardgate audit verify/ },
  { argv: ['audit', 'verify'], mentions: /wardgate audit verify/ },
  { argv: ['audit', 'schema'], mentions: /wardgate audit schema/ },
  { argv: ['audit', 'report'], mentions: /wardgate audit report/ },
];

describe('wardgate … --help', () => {
  const cases = commandLines.flatMap(({ argv, mentions }) => ['--help', '-h'].map((flag) => ({ line: [...argv, flag], mentions })));
  it.each(cases)('wardgate $line prints its usage on stdout and exits 0', async ({ line, mentions }) => {
    const { io, out, err } = capture();
    const code = await runWardgate(line, io, {});
    expect({ code, err: err() }).toEqual({ code: 0, err: '' });
    expect(out()).toMatch(/usage/i);
    expect(out()).toMatch(mentions);
  });

  it.each([[['bogus']], [['policy', 'bogus']], [['audit']], [['audit', 'bogus']], [['approvals']]])('wardgate %j is a usage error (exit 2, usage on stderr)', async (line) => {
    const { io, err } = capture();
    expect(await runWardgate(line, io, {})).toBe(2);
    expect(err()).toMatch(/usage/i);
  });

  it('wardgate with no command prints the usage and exits 2', async () => {
    const { io, out } = capture();
    expect(await runWardgate([], io, {})).toBe(2);
    expect(out()).toMatch(/wardgate <command>/);
  });
});
