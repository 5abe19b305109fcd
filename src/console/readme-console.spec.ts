import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../config/package-root.js';
import { loadWardgateConfig } from '../config/wardgate-config.js';

// The README says three lines of config turn the console on (with admin.publicUrl set).
describe('README "Web console" configuration', () => {
  const readme = readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Web console'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

  it('is three lines under console:', () => {
    const lines = block.trim().split('\n');
    expect(lines[0]).toBe('console:');
    expect(lines.slice(1)).toHaveLength(3);
  });

  it('turns the console on, with the redirect URL from admin.publicUrl', () => {
    const raw = parse(block) as { console: Record<string, unknown> };
    const secret = path.join(mkdtempSync(path.join(tmpdir(), 'wardgate-readme-console-')), 'secret');
    writeFileSync(secret, 'client-secret\n');
    const config = loadWardgateConfig({ raw: { console: { ...raw.console, clientSecretFile: secret }, admin: { publicUrl: 'https://wardgate.example.org' } }, env: {} });
    expect(config.console).toMatchObject({ issuer: 'https://idp.example.org', clientId: 'wardgate-console', redirectUrl: 'https://wardgate.example.org/console/callback' });
  });

  it('shows a screenshot that is in the repository', () => {
    const image = /!\[[^\]]*\]\((docs\/[^)]+\.png)\)/.exec(section)?.[1];
    expect(image).toBeDefined();
    expect(readFileSync(path.join(packageRoot(), image!)).subarray(1, 4).toString()).toBe('PNG');
  });
});
