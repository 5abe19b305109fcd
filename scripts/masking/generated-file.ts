import { readFileSync } from 'node:fs';

/** A generated file differs from what its sources give now (a missing file counts as stale). */
export function isStale(file: string, text: string): boolean {
  try {
    return readFileSync(file, 'utf8') !== text;
  } catch {
    return true;
  }
}
