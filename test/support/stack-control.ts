import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/stack/stack.sh');
const run = promisify(execFile);

/** Stops or starts one shared test service, keeping its port and data (for outage tests). */
export async function stack(command: 'kafka-stop' | 'kafka-start' | 'redis-stop' | 'redis-start'): Promise<void> {
  await run('bash', [script, command], { timeout: 120_000 });
}
