import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's files, beside this module in src/ and copied beside it into dist/ by the build. */
export function staticDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Only plain names of the folder's own files: no path, so no traversal. */
const assetName = /^[a-z0-9-]+\.(js|css|svg|html)$/;

export interface StaticAsset {
  body: Buffer;
  contentType: string;
}

/** Files read once and kept: the folder is part of the package, it does not change while running. */
export class StaticAssets {
  private readonly cache = new Map<string, Promise<StaticAsset | undefined>>();

  constructor(private readonly dir: string = staticDir()) {}

  get(name: string): Promise<StaticAsset | undefined> {
    if (!assetName.test(name)) return Promise.resolve(undefined);
    let entry = this.cache.get(name);
    if (entry === undefined) {
      entry = readFile(path.join(this.dir, name)).then(
        (body) => ({ body, contentType: types[path.extname(name)] ?? 'application/octet-stream' }),
        () => undefined,
      );
      this.cache.set(name, entry);
    }
    return entry;
  }
}
