import type { AdminCliIo } from '../../src/admin/admin-cli-support.js';

/** An AdminCliIo that keeps what the command writes; token files come from a map. */
export function captureIo(files: Record<string, string> = {}): AdminCliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    readFile: (path: string) => (path in files ? Promise.resolve(files[path]!) : Promise.reject(new Error(`ENOENT: ${path}`))),
    out: () => out,
    err: () => err,
  };
}
