// Copies the console's static files (src/console/static) beside the compiled router in dist/,
// where static-assets.ts looks for them. Part of `npm run build`.
import { cpSync } from 'node:fs';

cpSync('src/console/static', 'dist/src/console/static', { recursive: true });
