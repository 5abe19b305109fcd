#!/usr/bin/env node
import { runApprovalsCommand } from './approvals-command.js';
import { runAuditCommand } from './audit-command.js';
import { runGrantsCommand } from './grants-command.js';
import { runMaskCommand } from './mask-command.js';
import { runPolicyCommand } from './policy-command.js';
import { runServeCommand } from './serve-command.js';

const usage = `Usage: wardgate <command> [options]

Commands:
  serve       run the ext_authz / ext_proc server (default config: embedded demo)
  policy      check a policy file, or test a request against it offline
  mask        mask files offline with the same engine as the server
  approvals   list, show, approve or deny held requests (admin API client)
  grants      list, show, issue or revoke just-in-time grants (admin API client)
  audit       verify an audit stream (JSONL file or Kafka topic), or report on it for an auditor

Run \`wardgate <command> --help\` for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { stdout: process.stdout, stderr: process.stderr };
  switch (command) {
    case 'serve':
      return runServeCommand(rest, io, process.env);
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
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`wardgate: unknown command ${JSON.stringify(command)}\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`wardgate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
