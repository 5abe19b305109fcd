import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMaskingSection } from '../config/mask-cli-config.js';
import { WardgateError } from '../errors/wardgate-error.js';
import type { MaskContentKind } from '../masking/content-kind.js';
import { contentKindFromMediaType } from '../masking/content-kind.js';
import type { CompiledCustomMasking } from '../masking/custom/custom-masking.js';
import { fixedCustomMasking } from '../masking/custom/custom-masking.js';
import type { Explanation } from '../masking/custom/explain.js';
import { explainMasked, formatExplanation } from '../masking/custom/explain.js';
import { createMaskingEngine } from '../masking/masking-engine.js';
import type { MaskingSummary } from '../masking/masking-summary.js';
import type { MaskingProfile } from '../masking/masking-profile.js';
import { DEFAULT_MASKING_PROFILE } from '../masking/masking-profile.js';
import type { CliIo } from './cli-io.js';

const usage = `Usage: wardgate mask [options] FILE...

Masks PHI (HIPAA Safe Harbor identifiers) in files, offline.

Options:
  --profile NAME          strict (default), research, joinable or one from --config
  --config PATH           a Wardgate config file: its masking section (profiles and
                          masking.custom: recognizers, deny/allow-lists, key rules) is used
  --explain               print, for each masked value, its category, the recognizer,
                          the rule and the original text (tab-separated), instead of the
                          masked content (with --out the files are still written). For
                          the operator's own test files: it prints the values it masks.
  --content-type TYPE     json, ndjson, csv, text or a media type; default: from the
                          file extension (.json, .ndjson/.jsonl, .csv, .txt/.log)
  --out DIR               write each masked file to DIR (created if missing) under the
                          same name (otherwise print to stdout)
  --summary               print the masking summary (counts, never values) as JSON to stderr
  --token-key-file PATH   HMAC key for token mode (at least 16 bytes). Without it a random
                          key is used, so tokens are consistent only within this run.
  -h, --help              show this help

Exit codes: 0 ok, 1 a file could not be masked, 2 usage error.
`;

const kindByExtension: Record<string, MaskContentKind> = {
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
  '.txt': 'text',
  '.log': 'text',
  '.text': 'text',
};
const kindNames = new Set<string>(['json', 'ndjson', 'csv', 'text']);

/** `wardgate mask`: returns the exit code. Writes nothing partial: output files appear whole or not at all. */
export async function runMaskCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        profile: { type: 'string' },
        'content-type': { type: 'string' },
        out: { type: 'string' },
        summary: { type: 'boolean' },
        'token-key-file': { type: 'string' },
        config: { type: 'string' },
        explain: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr.write(`wardgate mask: ${err instanceof Error ? err.message : 'bad arguments'}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout.write(usage);
    return 0;
  }
  if (positionals.length === 0) {
    io.stderr.write(`wardgate mask: no input files\n\n${usage}`);
    return 2;
  }
  let forcedKind: MaskContentKind | undefined;
  if (values['content-type'] !== undefined) {
    const t = values['content-type'];
    forcedKind = kindNames.has(t) ? (t as MaskContentKind) : contentKindFromMediaType(t);
    if (forcedKind === undefined) {
      io.stderr.write(`wardgate mask: unsupported content type ${JSON.stringify(t)}\n`);
      return 2;
    }
  }

  let tokenKey: Buffer;
  if (values['token-key-file'] !== undefined) {
    try {
      tokenKey = await readFile(values['token-key-file']);
    } catch (err) {
      io.stderr.write(`wardgate mask: cannot read token key file: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`);
      return 2;
    }
    // A trailing newline from `echo > keyfile` is not part of the key.
    while (tokenKey.length > 0 && (tokenKey[tokenKey.length - 1] === 0x0a || tokenKey[tokenKey.length - 1] === 0x0d)) tokenKey = tokenKey.subarray(0, -1);
  } else {
    tokenKey = randomBytes(32);
  }

  let profiles: MaskingProfile[] = [];
  let custom: CompiledCustomMasking | undefined;
  if (values.config !== undefined) {
    try {
      ({ profiles, custom } = loadMaskingSection(values.config));
    } catch (err) {
      io.stderr.write(`wardgate mask: ${err instanceof WardgateError ? err.message : 'cannot read --config'}\n`);
      return 2;
    }
  }
  const explained: Explanation[] = [];
  let engine;
  try {
    engine = createMaskingEngine({
      profiles,
      tokenKey,
      ...(custom ? { custom: fixedCustomMasking(custom) } : {}),
      ...(values.explain === true ? { onMasked: (category, rule, original) => explained.push(explainMasked(category, rule, original, custom)) } : {}),
    });
  } catch (err) {
    io.stderr.write(`wardgate mask: ${err instanceof WardgateError ? err.message : 'cannot create the masking engine'}\n`);
    return 2;
  }
  const profile = values.profile ?? DEFAULT_MASKING_PROFILE;
  if (!engine.hasProfile(profile)) {
    io.stderr.write(`wardgate mask: unknown profile ${JSON.stringify(profile)} (have: ${engine.profileNames().join(', ')})\n`);
    return 2;
  }

  if (values.out !== undefined) {
    try {
      await mkdir(values.out, { recursive: true });
    } catch (err) {
      io.stderr.write(`wardgate mask: cannot create --out ${values.out}: ${describe(err)}\n`);
      return 1;
    }
  }
  let failed = false;
  for (const file of positionals) {
    const kind = forcedKind ?? kindByExtension[extname(file).toLowerCase()];
    if (kind === undefined) {
      io.stderr.write(`wardgate mask: ${file}: cannot tell the content type from the extension; use --content-type\n`);
      failed = true;
      continue;
    }
    let result: { output: string; summary: MaskingSummary };
    explained.length = 0;
    try {
      const input = await readFile(file, 'utf8');
      result = engine.maskBody(input, kind, profile);
    } catch (err) {
      io.stderr.write(`wardgate mask: ${file}: ${describe(err)}\n`);
      failed = true;
      continue;
    }
    try {
      if (values.out !== undefined) await writeAtomically(join(values.out, basename(file)), result.output);
      if (values.explain === true) await write(io.stdout, explained.map((e) => formatExplanation(file, e)).join(''));
      else if (values.out === undefined) await write(io.stdout, result.output);
    } catch (err) {
      io.stderr.write(`wardgate mask: ${file}: cannot write output: ${describe(err)}\n`);
      failed = true;
      continue;
    }
    if (values.summary === true) io.stderr.write(`${JSON.stringify({ file, profile, summary: result.summary })}\n`);
  }
  return failed ? 1 : 0;
}

/** Error text without the input: WardgateError messages are PHI-free, file errors are reduced to their code. */
function describe(err: unknown): string {
  if (err instanceof WardgateError) return err.message;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'failed';
}

async function writeAtomically(target: string, content: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
