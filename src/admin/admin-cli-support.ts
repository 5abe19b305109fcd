import { readFile } from 'node:fs/promises';
import { WardgateError } from '../errors/wardgate-error.js';
import { AdminClient } from './admin-client.js';
import { UsageError } from '../cli/usage-error.js';

/** What a CLI command needs from its process; injected so tests can capture output. */
export interface AdminCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  fetch?: typeof fetch;
  readFile?: (path: string) => Promise<string>;
  now?: () => number;
}

export const DEFAULT_ADMIN_SERVER = 'http://127.0.0.1:9090';

/** Help text for `commonOptions`, shared by every admin CLI command's usage. */
export const commonOptionsUsage = `Options:
  --server URL         admin API (default ${DEFAULT_ADMIN_SERVER})
  --token-file PATH    file holding your OIDC bearer token
  --token TOKEN        the token itself (lands in shell history: prefer --token-file)
  --json               raw JSON instead of a table
`;

export const commonOptions = {
  server: { type: 'string' },
  'token-file': { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function clientFrom(values: { server?: string; 'token-file'?: string; token?: string }, io: AdminCliIo): Promise<AdminClient> {
  let token: string | undefined;
  if (values['token-file'] !== undefined) {
    const read = io.readFile ?? ((path: string) => readFile(path, 'utf8'));
    token = (await read(values['token-file'])).trim();
  } else if (values.token !== undefined) {
    io.stderr.write('warning: --token ends up in your shell history and process list; prefer --token-file\n');
    token = values.token;
  }
  if (!token) throw new UsageError('a bearer token is needed: --token-file PATH (or --token TOKEN)');
  return new AdminClient({ server: values.server ?? DEFAULT_ADMIN_SERVER, token, ...(io.fetch ? { fetch: io.fetch } : {}) });
}

/** Runs a command body and maps failures to exit codes: 2 usage, 1 anything else. */
export async function runCli(io: AdminCliIo, usage: string, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`error: ${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof WardgateError) {
      io.stderr.write(`error: ${err.message} (${err.code})\n`);
      return 1;
    }
    io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

export function printJson(io: AdminCliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
