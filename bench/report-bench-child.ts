import { runAuditCommand } from '../src/cli/audit-command.js';

// Runs one `wardgate audit report` and prints its wall time and this process's peak RSS as JSON.
const started = performance.now();
const code = await runAuditCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.stdout.write('\n' + JSON.stringify({ ms: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS, code }) + '\n');
