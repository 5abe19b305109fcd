import { runApprovalsCommand } from './approvals-command.js';
import { runAuditCommand } from './audit-command.js';
import type { CliIo } from './cli-io.js';
import { runGrantsCommand } from './grants-command.js';
import { runMaskCommand } from './mask-command.js';
import { runPolicyCommand } from './policy-command.js';
import { runServeCommand } from './serve-command.js';

export const wardgateUsage = `Usage: wardgate <command> [options]

Commands:
  serve       run the ext_authz / ext_proc server (default config: embedded demo)
  policy      check a policy file, or test a request against it offline
  mask        mask files offline with the same engine as the server
  approvals   list, show, approve or deny held requests (admin API client)
  grants      list, show, issue or revoke just-in-time grants (admin API client)
  audit       verify an audit stream (JSONL file or Kafka topic), or report on it for an auditor

Run \`wardgate <command> --help\` for a command's options.
`;

/** The command line router (argv without node and the script); resolves with the exit code. */
export async function runWardgate(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServeCommand(rest, io, env);
    case 'policy':
      return runPolicyCommand(rest, io);
    case 'mask':
      return runMaskCommand(rest, io);
    case 'approvals':
      return runApprovalsCommand(rest, io);
    case 'grants':
      return runGrantsCommand(rest, io);
    case 'audit':
      return runAuditCommand(rest, io);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout.write(wardgateUsage);
      return command === undefined ? 2 : 0;
    default:
      io.stderr.write(`wardgate: unknown command ${JSON.stringify(command)}\n${wardgateUsage}`);
      return 2;
  }
}
