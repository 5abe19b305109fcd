import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WardgateError } from '../errors/wardgate-error.js';
import { compilePolicyText } from '../policy/load-policy.js';
import { formatIssues } from '../policy/policy-schema.js';
import { buildPolicyInput, policyTestRequestSchema } from '../policy/policy-test-request.js';
import type { CompiledPolicy } from '../policy/policy-types.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';

const usage = `usage:
  wardgate policy check FILE [--masking-profiles strict,relaxed]
      Validates a policy; prints the rule count and the compiled rule tree, or every problem with its field path.
  wardgate policy test --policy FILE --request REQUEST.json [--json] [--expect ACTION]
                       [--sql-path GLOB]... [--graphql-path GLOB]...
      Evaluates one request offline. REQUEST.json:
        { "method", "authority", "path", "query"?, "headers"?, "body"?, "contentType"?,
          "agent"?: "<SPIFFE ID>", "user"?: { "sub", "groups"? }, "time"?: "<ISO 8601>" }
      The user is taken as verified (no JWKS). --expect exits 3 when the decision differs.
`;

/** `wardgate policy ...` (argv after `policy`). Exit codes: 0 ok, 1 invalid input, 2 usage, 3 unexpected decision. */
export async function runPolicyCommand(argv: string[], io: CliIo): Promise<number> {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  const [subcommand, ...rest] = argv;
  try {
    switch (subcommand) {
      case 'check':
        return await check(rest, out, err);
      case 'test':
        return await test(rest, out, err);
      case 'help':
      case '--help':
      case '-h':
        out(usage);
        return 0;
      default:
        err(subcommand === undefined ? 'missing subcommand' : `unknown subcommand "${subcommand}"`);
        err(usage);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(error.message);
      err(usage);
      return 2;
    }
    throw error;
  }
}

function splitList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter(Boolean);
}

function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function loadPolicy(path: string, knownMaskingProfiles: string[] | undefined, err: (text: string) => void): Promise<CompiledPolicy | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    err(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return undefined;
  }
  try {
    return compilePolicyText(text, { knownMaskingProfiles });
  } catch (error) {
    if (!(error instanceof WardgateError)) throw error;
    const problems = (error.details['problems'] as string[] | undefined) ?? [error.message];
    err(`${path}: INVALID, ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
    for (const problem of problems) err(`  ${problem}`);
    return undefined;
  }
}

async function check(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse({ args, allowPositionals: true, strict: true, options: { 'masking-profiles': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help === true) {
    out(usage);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('policy check takes exactly one FILE');
  const path = positionals[0]!;
  const profiles = splitList(values['masking-profiles']);
  const policy = await loadPolicy(path, profiles, err);
  if (!policy) return 1;
  out(`${path}: OK, ${policy.ruleCount} rule${policy.ruleCount === 1 ? '' : 's'}, sha256 ${policy.sha256}`);
  out(policy.toString());
  return 0;
}

async function test(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      policy: { type: 'string' },
      request: { type: 'string' },
      json: { type: 'boolean' },
      expect: { type: 'string' },
      'sql-path': { type: 'string', multiple: true },
      'graphql-path': { type: 'string', multiple: true },
      'masking-profiles': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    out(usage);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const policyPath = values['policy'];
  const requestPath = values['request'];
  if (typeof policyPath !== 'string' || typeof requestPath !== 'string') throw new UsageError('policy test needs --policy FILE and --request REQUEST.json');
  const expected = values['expect'];
  if (expected !== undefined && !['allow', 'deny', 'hold', 'require_grant'].includes(expected)) {
    throw new UsageError(`--expect must be allow, deny, hold or require_grant`);
  }
  const profiles = splitList(values['masking-profiles']);
  const policy = await loadPolicy(policyPath, profiles, err);
  if (!policy) return 1;

  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(requestPath, 'utf8'));
  } catch (error) {
    err(`cannot read ${requestPath} as JSON: ${error instanceof SyntaxError ? error.message : ((error as NodeJS.ErrnoException).code ?? 'error')}`);
    return 1;
  }
  const parsed = policyTestRequestSchema.safeParse(raw);
  if (!parsed.success) {
    err(`${requestPath}: INVALID request:`);
    for (const problem of formatIssues(parsed.error.issues)) err(`  ${problem}`);
    return 1;
  }
  const { input, notes } = buildPolicyInput(parsed.data, {
    sqlPaths: values['sql-path'],
    graphqlPaths: values['graphql-path'],
  });
  const verdict = policy.evaluate(input);
  const command = input.command;
  const tables = command.type === 'sql' ? [...new Set(command.statements.flatMap((s) => s.tables))] : [];
  const fields = command.type === 'graphql' ? command.fields : [];
  const partial = command.type !== 'rest' && command.partial;
  const commandSummary = { type: command.type, kinds: input.commandKinds, tables, fields, partial };

  if (values['json'] === true) {
    out(JSON.stringify({ verdict, command: commandSummary, notes, policySha256: policy.sha256 }, null, 2));
  } else {
    out(`decision: ${verdict.action}${verdict.dryRun ? ' (dry-run: record only, the request is allowed)' : ''}`);
    out(`rule:     ${verdict.ruleId}`);
    out(`reason:   ${verdict.reason}`);
    out(`masking:  ${verdict.maskingProfile}`);
    if (verdict.deny) out(`deny:     ${verdict.deny.status} ${verdict.deny.message}`);
    if (verdict.requireGrant) out(`grant:    required; otherwise ${verdict.requireGrant.otherwise}`);
    if (verdict.hold) {
      const h = verdict.hold;
      out(`hold:     ${h.mode}, ${h.approvalsRequired} approval(s) from ${h.approverGroups.join(', ')}, valid ${h.approvalValidityMs} ms, pending ttl ${h.pendingTtlMs} ms, wait ${h.waitTimeoutMs} ms`);
    }
    if (verdict.shadow) out(`shadow:   dry-run rule ${verdict.shadow.ruleId} would ${verdict.shadow.action}`);
    let commandLine = `command:  ${input.commandKinds.join(', ') || command.type}`;
    if (tables.length > 0) commandLine += ` on ${tables.join(', ')}`;
    if (fields.length > 0) commandLine += ` fields ${fields.join(', ')}`;
    if (partial) commandLine += ' (partial)';
    out(commandLine);
    for (const note of notes) out(`note:     ${note}`);
    out('trace:');
    verdict.trace.forEach((line, i) => out(`  ${i + 1}. ${line}`));
  }
  if (expected !== undefined && verdict.action !== expected) {
    err(`expected ${expected}, got ${verdict.action}`);
    return 3;
  }
  return 0;
}
