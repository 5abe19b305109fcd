import { mkdtemp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WardgateError } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import type { CompiledPolicy } from './policy-types.js';
import { createPolicyWatcher, type PolicyWatcher, type PolicyWatcherOptions } from './policy-watcher.js';

const policyWith = (ids: string[]) =>
  `version: 1\nrules:\n${ids.map((id) => `  - id: ${id}\n    match: { methods: [GET] }\n    action: allow\n`).join('')}`;

/** Writes like kubectl/editors that replace files atomically, so a reader never sees half a file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** Collects callbacks and lets a test wait for the next one. */
class Events {
  loaded: CompiledPolicy[] = [];
  rejected: WardgateError[] = [];
  private waiters: Array<() => void> = [];
  onLoaded = (policy: CompiledPolicy) => {
    this.loaded.push(policy);
    this.wake();
  };
  onRejected = (error: WardgateError) => {
    this.rejected.push(error);
    this.wake();
  };
  private wake() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
  async until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a policy watcher event');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

describe('createPolicyWatcher', () => {
  let dir: string;
  let watcher: PolicyWatcher | undefined;
  let events: Events;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardgate-policy-'));
    events = new Events();
  });
  afterEach(async () => {
    watcher?.close();
    watcher = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const start = (path: string, extra: Partial<PolicyWatcherOptions> = {}) =>
    createPolicyWatcher({ path, logger: createSilentLogger(), onLoaded: events.onLoaded, onRejected: events.onRejected, pollIntervalMs: 60_000, ...extra });

  it('throws when the first load fails', async () => {
    await expect(start(join(dir, 'missing.yaml'))).rejects.toMatchObject({ code: 'not_found' });
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'version: 1\nrules: [{ id: x, action: permit }]\n');
    await expect(start(bad)).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('reloads a rewritten file, rejects a broken one and keeps the old policy', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyWith(['a']));
    watcher = await start(path);
    expect(events.loaded.map((p) => p.ruleIds)).toEqual([['a']]);

    await writeAtomically(path, policyWith(['a', 'b']));
    await events.until(() => events.loaded.length === 2);
    expect(watcher.current().ruleIds).toEqual(['a', 'b']);

    await writeAtomically(path, 'version: 1\nrules:\n  - id: c\n    action: allow\n    match: { methods: [GETT] }\n');
    await events.until(() => events.rejected.length === 1);
    expect(events.rejected[0]!.message).toContain('rules[0].match.methods[0]: invalid method "GETT"');
    expect(watcher.current().ruleIds).toEqual(['a', 'b']);

    // The same broken content again is not reported twice.
    expect(await watcher.reload()).toBe(false);
    expect(events.rejected).toHaveLength(1);
  });

  it('keeps reloading when its callbacks throw (an audit sink refusing): nothing escapes', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyWith(['a']));
    const calls: string[] = [];
    const throwing = {
      onLoaded: (p: CompiledPolicy) => {
        calls.push(`loaded ${p.ruleIds.join(',')}`);
        throw new Error('audit log full');
      },
      onRejected: () => {
        calls.push('rejected');
        throw new Error('audit log full');
      },
    };
    watcher = await start(path, { ...throwing, watch: false });
    await writeFile(path, policyWith(['a', 'b']));
    expect(await watcher.reload()).toBe(true);
    expect(watcher.current().ruleIds).toEqual(['a', 'b']);
    await writeFile(path, 'version: 1\nrules: [{ id: x, action: permit }]\n');
    expect(await watcher.reload()).toBe(false);
    expect(watcher.current().ruleIds).toEqual(['a', 'b']);
    expect(calls).toEqual(['loaded a', 'loaded a,b', 'rejected']);
  });

  it('follows a ConfigMap-style ..data symlink swap', async () => {
    // Layout kubelet creates: policy.yaml -> ..data/policy.yaml, ..data -> ..<timestamp>/
    await mkdir(join(dir, '..2026_01_01_v1'));
    await writeFile(join(dir, '..2026_01_01_v1', 'policy.yaml'), policyWith(['v1']));
    await symlink('..2026_01_01_v1', join(dir, '..data'));
    await symlink(join('..data', 'policy.yaml'), join(dir, 'policy.yaml'));
    watcher = await start(join(dir, 'policy.yaml'));
    expect(watcher.current().ruleIds).toEqual(['v1']);

    await mkdir(join(dir, '..2026_01_02_v2'));
    await writeFile(join(dir, '..2026_01_02_v2', 'policy.yaml'), policyWith(['v2']));
    await symlink('..2026_01_02_v2', join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
    await rm(join(dir, '..2026_01_01_v1'), { recursive: true });

    await events.until(() => events.loaded.length === 2);
    expect(watcher.current().ruleIds).toEqual(['v2']);
    expect(events.rejected).toEqual([]);
  });

  it('falls back to polling the content hash when no watch event arrives', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyWith(['a']));
    watcher = await start(path, { watch: false, pollIntervalMs: 50 });
    await writeAtomically(path, policyWith(['polled']));
    await events.until(() => events.loaded.length === 2);
    expect(watcher.current().ruleIds).toEqual(['polled']);
  });

  it('stops everything on close', async () => {
    const path = join(dir, 'policy.yaml');
    await writeFile(path, policyWith(['a']));
    watcher = await start(path, { pollIntervalMs: 20 });
    watcher.close();
    watcher.close();
    await writeFile(path, policyWith(['b']));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.loaded).toHaveLength(1);
    expect(await watcher.reload()).toBe(false);
  });
});
