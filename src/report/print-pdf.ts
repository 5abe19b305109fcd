import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

/** The Debian package a PDF needs; named in the error when it is missing. */
export const CHROMIUM_PACKAGE = 'chromium';

export interface PrintPdfOptions {
  /** The Chromium binary. @default 'chromium' (Debian's package, on PATH) */
  chromium?: string;
  /** Give up after this long. @default 120000 */
  timeoutMs?: number;
}

/** Flags that keep a headless Chromium from talking to anything (no sync, no updates, no GPU). */
export const HEADLESS_CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-extensions', '--disable-default-apps', '--mute-audio',
] as const;

/**
 * Prints the HTML `writeHtml` writes to `pdfPath` with a headless Chromium (`--print-to-pdf`). The HTML is
 * written to a private temporary file first; the report's own CSS lays the pages out.
 */
export async function printHtmlToPdf(writeHtml: (out: NodeJS.WritableStream) => Promise<void>, pdfPath: string, options: PrintPdfOptions = {}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wardgate-pdf-'));
  try {
    const htmlPath = join(dir, 'report.html');
    const out = createWriteStream(htmlPath, { mode: 0o600 });
    await writeHtml(out);
    out.end();
    await finished(out);
    const args = [...HEADLESS_CHROMIUM_FLAGS, `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${pdfPath}`, pathToFileURL(htmlPath).href];
    await run(options.chromium ?? 'chromium', args, options.timeoutMs ?? 120_000);
    const size = await stat(pdfPath).then((s) => s.size, () => 0);
    if (size === 0) throw new WardgateError(ErrorCode.Internal, 'chromium wrote no PDF');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(binary: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT'
        ? new WardgateError(ErrorCode.FailedPrecondition, `--format pdf needs a headless Chromium: install Debian's \`${CHROMIUM_PACKAGE}\` package (apt-get install ${CHROMIUM_PACKAGE}); ${binary} was not found`)
        : WardgateError.from(error));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new WardgateError(ErrorCode.Internal, `chromium failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
