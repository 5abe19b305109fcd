import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StaticAssets, staticDir } from './static-assets.js';

describe('StaticAssets', () => {
  const assets = new StaticAssets();

  it('serves the page files with their types', async () => {
    expect((await assets.get('index.html'))?.contentType).toBe('text/html; charset=utf-8');
    expect((await assets.get('console.js'))?.contentType).toBe('text/javascript; charset=utf-8');
    expect((await assets.get('console.css'))?.contentType).toBe('text/css; charset=utf-8');
  });

  it.each(['../console-router.ts', '..%2fconsole-router.ts', '/etc/passwd', 'Console.js', 'console.js.map', '', '.hidden.js'])('refuses %j', async (name) => {
    expect(await assets.get(name)).toBeUndefined();
  });

  it('has every file the page and its modules load, and no inline script or style', async () => {
    const html = readFileSync(path.join(staticDir(), 'index.html'), 'utf8');
    for (const ref of html.matchAll(/(?:src|href)="\/console\/assets\/([^"]+)"/g)) expect(await assets.get(ref[1]!), ref[1]).toBeDefined();
    for (const name of ['console.js', 'evidence-view.js', 'live-approvals.js']) {
      const js = readFileSync(path.join(staticDir(), name), 'utf8');
      for (const ref of js.matchAll(/from '\.\/([^']+)'/g)) expect(await assets.get(ref[1]!), ref[1]).toBeDefined();
      expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    }
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="|<style/);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
