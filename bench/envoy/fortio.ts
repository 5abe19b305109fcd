import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const FORTIO_VERSION = 'v1.68.2';

/** Builds Fortio from the Go module proxy into `.cache/bin` once; later runs reuse it. */
export async function ensureFortio(repoRoot: string): Promise<string> {
  const bin = path.join(repoRoot, '.cache', 'bin');
  const fortio = path.join(bin, 'fortio');
  if (existsSync(fortio)) {
    const { stdout } = await run(fortio, ['version']);
    if (stdout.trim() === FORTIO_VERSION.slice(1)) return fortio;
  }
  await run('go', ['install', `fortio.org/fortio@${FORTIO_VERSION}`], { env: { ...process.env, GOBIN: bin, CGO_ENABLED: '0' }, timeout: 600_000 });
  return fortio;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses by HTTP status; anything but 200 makes the run suspect. */
  codes: Record<string, number>;
}

interface FortioJson {
  ActualQPS: number;
  RetCodes: Record<string, number>;
  DurationHistogram: { Count: number; Percentiles: Array<{ Percentile: number; Value: number }> };
}

/** One Fortio HTTP load run; `qps` 0 means as fast as the connections go. */
export async function fortioLoad(fortio: string, url: string, options: { qps: number; connections: number; seconds: number; headers: string[] }): Promise<LoadResult> {
  const args = ['load', '-quiet', '-allow-initial-errors', '-json', '-', '-qps', String(options.qps), '-c', String(options.connections), '-t', `${options.seconds}s`, '-r', '0.00005', '-p', '50,99'];
  for (const header of options.headers) args.push('-H', header);
  if (options.qps > 0) args.push('-uniform', '-nocatchup');
  args.push(url);
  // Fortio exits non-zero when some requests failed; its JSON still says how many, by code.
  const stdout = await run(fortio, args, { maxBuffer: 64 * 1024 * 1024, timeout: (options.seconds + 60) * 1000 }).then(
    (r) => r.stdout,
    (error: unknown) => {
      const out = (error as { stdout?: unknown }).stdout;
      if (typeof out === 'string' && out.trim().startsWith('{')) return out;
      throw error;
    },
  );
  const result = JSON.parse(stdout) as FortioJson;
  const percentile = (p: number): number => (result.DurationHistogram.Percentiles.find((x) => x.Percentile === p)?.Value ?? Number.NaN) * 1000;
  return { requests: result.DurationHistogram.Count, rps: result.ActualQPS, p50Ms: percentile(50), p99Ms: percentile(99), codes: result.RetCodes };
}
