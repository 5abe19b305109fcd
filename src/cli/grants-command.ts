import { parseArgs } from 'node:util';
import type { Grant } from '../grants/grant.js';
import { formatTable, relativeTime } from '../admin/admin-client.js';
import { clientFrom, commonOptions, commonOptionsUsage, printJson, runCli, type AdminCliIo } from '../admin/admin-cli-support.js';
import { UsageError } from './usage-error.js';

export const grantsUsage = `Usage: wardgate grants <command> [options]

Commands:
  list [--user U] [--agent A]
  show ID
  issue --user U [--agent A] --destination D --method GET --path '/Patient/**'
        --command rest:get --ttl 30m --reason "..." [--max-uses 1]
        (--destination, --method, --path and --command may repeat; omitted = any)
  revoke ID

${commonOptionsUsage}`;

/** `wardgate grants ...`: an HTTP client of the admin API. Returns the exit code. */
export function runGrantsCommand(argv: string[], io: AdminCliIo): Promise<number> {
  return runCli(io, grantsUsage, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...commonOptions,
        user: { type: 'string' },
        agent: { type: 'string' },
        destination: { type: 'string', multiple: true },
        method: { type: 'string', multiple: true },
        path: { type: 'string', multiple: true },
        command: { type: 'string', multiple: true },
        ttl: { type: 'string' },
        reason: { type: 'string' },
        'max-uses': { type: 'string' },
      },
    });
    const [command, id, ...extra] = positionals;
    if (values.help || command === undefined) {
      io.stdout.write(grantsUsage);
      if (command === undefined && !values.help) throw new UsageError('missing command');
      return;
    }
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const needId = (): string => {
      if (!id) throw new UsageError(`${command} needs a grant ID`);
      return id;
    };
    const now = (io.now ?? Date.now)();
    switch (command) {
      case 'list': {
        const client = await clientFrom(values, io);
        const grants = await client.listGrants({ ...(values.user ? { user: values.user } : {}), ...(values.agent ? { agent: values.agent } : {}) });
        if (values.json) return printJson(io, grants);
        io.stdout.write(
          formatTable(
            ['ID', 'USER', 'AGENT', 'USES LEFT', 'EXPIRES', 'SCOPE', 'REASON'],
            grants.map((g) => [g.id, g.subject.user ?? '*', g.subject.agent ?? '*', g.usesLeft === undefined ? 'unlimited' : String(g.usesLeft), relativeTime(g.expiresAt, now), scopeText(g), g.reason]),
          ),
        );
        return;
      }
      case 'show': {
        const client = await clientFrom(values, io);
        const grant = await client.getGrant(needId());
        if (values.json) return printJson(io, grant);
        io.stdout.write(describeGrant(grant, now));
        return;
      }
      case 'issue': {
        if (id) throw new UsageError('issue takes no ID');
        if (!values.user && !values.agent) throw new UsageError('issue needs --user and/or --agent');
        if (!values.ttl) throw new UsageError('issue needs --ttl (e.g. 30m)');
        if (!values.reason?.trim()) throw new UsageError('issue needs --reason "why"');
        let maxUses: number | undefined;
        if (values['max-uses'] !== undefined) {
          maxUses = Number(values['max-uses']);
          if (!Number.isInteger(maxUses) || maxUses < 1) throw new UsageError('--max-uses must be a whole number of at least 1');
        }
        const client = await clientFrom(values, io);
        const grant = await client.issueGrant({
          subject: { ...(values.user ? { user: values.user } : {}), ...(values.agent ? { agent: values.agent } : {}) },
          scope: { destinations: values.destination ?? [], methods: values.method ?? [], paths: values.path ?? [], commandKinds: values.command ?? [] },
          reason: values.reason,
          ttl: values.ttl,
          ...(maxUses !== undefined ? { maxUses } : {}),
        });
        if (values.json) return printJson(io, grant);
        io.stdout.write(`issued grant ${grant.id}, expires ${new Date(grant.expiresAt).toISOString()} (${relativeTime(grant.expiresAt, now)})\n`);
        return;
      }
      case 'revoke': {
        const target = needId();
        const client = await clientFrom(values, io);
        await client.revokeGrant(target);
        if (values.json) return printJson(io, { revoked: target });
        io.stdout.write(`revoked grant ${target}\n`);
        return;
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  });
}

function scopeText(g: Grant): string {
  const any = (list: string[]): string => (list.length === 0 ? '*' : list.join(','));
  if (g.scope.match === 'exact') return `exactly ${g.scope.methods.join(',')} ${g.scope.destinations.join(',')} ${JSON.stringify(g.scope.paths[0] ?? '')}${g.fingerprint ? ' (one request)' : ''}`;
  return `${any(g.scope.methods)} ${any(g.scope.destinations)} ${any(g.scope.paths)}${g.scope.commandKinds.length ? ` [${g.scope.commandKinds.join(',')}]` : ''}${g.fingerprint ? ' (one request)' : ''}`;
}

function describeGrant(g: Grant, now: number): string {
  const lines: Array<[string, string]> = [
    ['ID', g.id],
    ['User', g.subject.user ?? '* (any)'],
    ['Agent', g.subject.agent ?? '* (any)'],
    ['Scope', scopeText(g)],
    ['Uses left', g.usesLeft === undefined ? 'unlimited' : String(g.usesLeft)],
    ['Reason', g.reason],
    ['Approved by', g.approvedBy.join(', ')],
    ['Created', `${new Date(g.createdAt).toISOString()} (${relativeTime(g.createdAt, now)})`],
    ['Expires', `${new Date(g.expiresAt).toISOString()} (${relativeTime(g.expiresAt, now)})`],
    ...(g.approvalId ? [['Approval', g.approvalId] as [string, string]] : []),
  ];
  return lines.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`).join('\n') + '\n';
}
