import { parseArgs } from 'node:util';
import { approvalGrantScope } from '../approvals/approval-decision.js';
import type { ApprovalRequest } from '../approvals/approval.js';
import { formatTable, relativeTime } from '../admin/admin-client.js';
import { clientFrom, commonOptions, commonOptionsUsage, printJson, runCli, type AdminCliIo } from '../admin/admin-cli-support.js';
import { UsageError } from './usage-error.js';
import { approvalStatusSchema } from '../admin/admin-schemas.js';

export const approvalsUsage = `Usage: wardgate approvals <command> [options]

Commands:
  list [--status pending|approved|denied|expired]
  show ID
  approve ID --comment "..." [--for 30m]    (--for: time-boxed grant instead of one-time)
  deny ID --comment "..."

${commonOptionsUsage}`;

/** `wardgate approvals ...`: an HTTP client of the admin API. Returns the exit code. */
export function runApprovalsCommand(argv: string[], io: AdminCliIo): Promise<number> {
  return runCli(io, approvalsUsage, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...commonOptions, status: { type: 'string' }, comment: { type: 'string' }, for: { type: 'string' } },
    });
    const [command, id, ...extra] = positionals;
    if (values.help || command === undefined) {
      io.stdout.write(approvalsUsage);
      if (command === undefined && !values.help) throw new UsageError('missing command');
      return;
    }
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const needId = (): string => {
      if (!id) throw new UsageError(`${command} needs an approval ID`);
      return id;
    };
    const needComment = (): string => {
      if (!values.comment?.trim()) throw new UsageError(`${command} needs --comment "why"`);
      return values.comment;
    };
    const now = io.now ?? Date.now;
    switch (command) {
      case 'list': {
        if (id) throw new UsageError('list takes no ID');
        const status = values.status === undefined ? undefined : approvalStatusSchema.safeParse(values.status);
        if (status && !status.success) throw new UsageError(`--status must be one of ${approvalStatusSchema.options.join(', ')}`);
        const client = await clientFrom(values, io);
        const approvals = await client.listApprovals(status?.data);
        if (values.json) return printJson(io, approvals);
        io.stdout.write(
          formatTable(
            ['ID', 'STATUS', 'REQUESTER', 'METHOD', 'DESTINATION', 'RULE', 'VOTES', 'EXPIRES'],
            approvals.map((a) => [
              a.id, a.status, a.requester.user ?? a.requester.agent ?? '-', a.method, a.destination, a.ruleId,
              `${a.votes.filter((v) => v.verdict === 'approve').length}/${a.approvalsRequired}`,
              a.status === 'pending' ? relativeTime(a.expiresAt, now()) : '-',
            ]),
          ),
        );
        return;
      }
      case 'show': {
        const client = await clientFrom(values, io);
        const approval = await client.getApproval(needId());
        if (values.json) return printJson(io, approval);
        io.stdout.write(describeApproval(approval, now()));
        return;
      }
      case 'approve':
      case 'deny': {
        const target = needId();
        const comment = needComment();
        if (command === 'deny' && values.for !== undefined) throw new UsageError('--for only applies to approve');
        const client = await clientFrom(values, io);
        const approval = command === 'approve' ? await client.approve(target, comment, values.for) : await client.deny(target, comment);
        if (values.json) return printJson(io, approval);
        const needed = approval.approvalsRequired - approval.votes.filter((v) => v.verdict === 'approve').length;
        io.stdout.write(
          approval.status === 'pending'
            ? `vote recorded; ${needed} more approval(s) needed for ${approval.id}\n`
            : `${approval.id} ${approval.status}${approval.grantId ? `; grant ${approval.grantId}` : ''}\n`,
        );
        return;
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  });
}

/** What approving creates, spelled out: the literal request, never a pattern. */
function approvingText(a: ApprovalRequest): string {
  const scope = approvalGrantScope(a);
  const hash = scope.commandHash ? ', same command' : '';
  return `a grant for exactly ${scope.methods[0]} ${scope.destinations[0]} ${JSON.stringify(scope.paths[0])} (literal match${hash}; one use, or --for DURATION)`;
}

function describeApproval(a: ApprovalRequest, now: number): string {
  const lines: Array<[string, string]> = [
    ['ID', a.id],
    ['Status', a.status],
    ['Requester', [a.requester.user, a.requester.agent].filter(Boolean).join(' via ') || '-'],
    ['Request', `${a.method} ${a.destination}${a.path}`],
    ['Command', `${a.command} [${a.commandKinds.join(', ')}]`],
    ['Rule', `${a.ruleId}: ${a.reason}`],
    ['Approvers', `${a.approverGroups.join(', ')} (${a.approvalsRequired} needed)`],
    ['Approving', approvingText(a)],
    ['Created', `${new Date(a.createdAt).toISOString()} (${relativeTime(a.createdAt, now)})`],
    ['Expires', `${new Date(a.expiresAt).toISOString()} (${relativeTime(a.expiresAt, now)})`],
    ...a.votes.map((v): [string, string] => ['Vote', `${v.verdict} by ${v.approver} at ${new Date(v.at).toISOString()}: ${v.comment}`]),
    ...(a.grantId ? [['Grant', a.grantId] as [string, string]] : []),
  ];
  return lines.map(([k, v]) => `${`${k}:`.padEnd(11)}${v}`).join('\n') + '\n';
}
