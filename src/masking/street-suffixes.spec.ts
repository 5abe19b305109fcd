import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STREET_SUFFIX_ABBREVIATIONS, STREET_SUFFIX_WORDS } from './word-lists.js';

const root = resolve(import.meta.dirname, '../..');
const script = resolve(root, 'scripts/masking/generate-street-suffixes.ts');
const data = resolve(root, 'src/masking/data/street-suffixes.json');
const run = (...args: string[]): { ok: boolean; output: string } => {
  try {
    return { ok: true, output: execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    return { ok: false, output: String((e as { stderr?: unknown }).stderr) };
  }
};

describe('street suffixes (data/street-suffixes.json)', () => {
  it('match what scripts/masking/generate-street-suffixes.ts makes from street-types and the British list', () => {
    const r = run('--check');
    expect(r.output).toContain('street suffixes match their sources');
    expect(r.ok).toBe(true);
  });
  it('--check fails on a stale file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'street-suffixes-'));
    try {
      const copy = join(dir, 'street-suffixes.json');
      copyFileSync(data, copy);
      expect(run('--check', '--file', copy).ok).toBe(true);
      writeFileSync(copy, readFileSync(copy, 'utf8').replace('"Wharf",\n', ''));
      const r = run('--check', '--file', copy);
      expect(r.ok).toBe(false);
      expect(r.output).toContain('differs from what its sources give');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('holds the USPS suffixes, their abbreviations and the British ones, as a street name writes them', () => {
    for (const w of ['Street', 'Avenue', 'Pike', 'Key', 'Pass', 'Center', 'Close', 'Wharf', 'Rise']) expect(STREET_SUFFIX_WORDS).toContain(w);
    for (const w of ['St', 'Ave', 'Blvd', 'Cntr', 'Xing']) expect(STREET_SUFFIX_ABBREVIATIONS).toContain(w);
    expect(STREET_SUFFIX_ABBREVIATIONS.filter((w) => STREET_SUFFIX_WORDS.includes(w))).toEqual([]);
  });
});
