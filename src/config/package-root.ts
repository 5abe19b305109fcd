import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding Wardgate's package.json, whether running from src/ (tsx) or dist/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'examples'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot locate the Wardgate package root');
}

/** The policy `npm start` runs with when none is configured. */
export function embeddedDefaultPolicyPath(): string {
  return path.join(packageRoot(), 'examples', 'policies', 'default.yaml');
}
