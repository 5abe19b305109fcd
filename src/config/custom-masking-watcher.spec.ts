import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, createSilentLogger } from '../logging/logger.js';
import { createMaskingEngine } from '../masking/masking-engine.js';
import type { WardgateError } from '../errors/wardgate-error.js';
import type { CustomMaskingLoad, CustomMaskingWatcher } from './custom-masking-watcher.js';
import { createCustomMaskingWatcher } from './custom-masking-watcher.js';
import { customMaskingSchema } from './custom-masking-config.js';

const config = (custom: string): string => `server: { grpc: { port: 9000 } }\nmasking:\n  custom:\n${custom}`;
const denyQuill = '    denyList:\n      - terms: [Quillfeather]\n';
const denyBoth = '    denyList:\n      - terms: [Quillfeather, Brask]\n';

let dir: string;
let file: string;
let watcher: CustomMaskingWatcher;
const loads: CustomMaskingLoad[] = [];
const rejections: WardgateError[] = [];
const logLines: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wardgate-custom-'));
  file = join(dir, 'wardgate.yaml');
  writeFileSync(file, config(denyQuill));
  loads.length = 0;
  rejections.length = 0;
  logLines.length = 0;
  watcher = createCustomMaskingWatcher({
    file,
    initial: customMaskingSchema.parse({ denyList: [{ terms: ['Quillfeather'] }] }),
    knownProfiles: ['strict'],
    logger: createLogger({ level: 'info' }, { write: (l: string) => void logLines.push(l) }),
    watch: false,
    pollIntervalMs: 60_000,
  });
  watcher.start({ onLoaded: (l) => loads.push(l), onRejected: (e) => rejections.push(e) });
});
afterEach(() => {
  watcher.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('masking.custom hot reload', () => {
  it('a change to the block takes effect on the next body; the same content again is no reload', async () => {
    const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 2), custom: watcher });
    expect(engine.maskText('called brask and quillfeather', 'strict').output).toBe('called brask and [REDACTED:NAME]');
    expect(await watcher.reload()).toBe(false);
    writeFileSync(file, config(denyBoth));
    expect(await watcher.reload()).toBe(true);
    expect(engine.maskText('called brask and quillfeather', 'strict').output).toBe('called [REDACTED:NAME] and [REDACTED:NAME]');
    expect(loads).toHaveLength(2);
    expect(loads[1]!.rules).toBe(1);
  });

  it('a block with a catastrophic pattern is rejected, naming the field; the rules in force stay', async () => {
    const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 2), custom: watcher });
    writeFileSync(file, config(`${denyBoth}    recognizers:\n      - { id: bad, category: mrn, patterns: ['(\\w+\\s?)*$'] }\n`));
    expect(await watcher.reload()).toBe(false);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.message).toContain("masking.custom.recognizers[0].patterns[0]: unbounded repetition '+'");
    expect(engine.maskText('called brask and quillfeather', 'strict').output).toBe('called brask and [REDACTED:NAME]');
    // A term is never in the log.
    expect(logLines.join('\n')).not.toMatch(/brask|quillfeather/i);
  });

  it('unreadable YAML and unknown profiles are rejected too', async () => {
    writeFileSync(file, 'masking:\n  custom:\n    denyList:\n      - terms: [Ottoline Brask\n  x: : y');
    expect(await watcher.reload()).toBe(false);
    expect(`${rejections[0]?.message} ${logLines.join(' ')}`).not.toContain('Ottoline');
    writeFileSync(file, config("    allowList:\n      - { terms: [Keytruda], profiles: [ghost] }\n"));
    expect(await watcher.reload()).toBe(false);
    expect(rejections.map((e) => e.message)).toEqual([expect.stringContaining('cannot be read as YAML'), expect.stringContaining('masking.custom.allowList[0].profiles[0]: unknown profile ghost')]);
  });

  it('without a config file there is nothing to watch', async () => {
    const fixed = createCustomMaskingWatcher({ initial: customMaskingSchema.parse({}), knownProfiles: ['strict'], logger: createSilentLogger() });
    fixed.start({ onLoaded: (l) => loads.push(l), onRejected: (e) => rejections.push(e) });
    expect(await fixed.reload()).toBe(false);
    expect(fixed.current().empty).toBe(true);
    fixed.close();
  });
});
