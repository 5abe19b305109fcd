#!/usr/bin/env node
// The `wardgate` bin. It is a checked-in file, not the build output, so that npm links it even
// before the first build: npx caches the link it makes on first use, and a link made while
// dist/ was missing would stay bin-less after building.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(`wardgate is not built: run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
  process.exit(1);
}
await import(main.href);
