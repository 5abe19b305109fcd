import { describe, expect, it } from 'vitest';
import { maskingConfigSchema } from './masking-config.js';

describe('maskingConfigSchema', () => {
  it('fills defaults', () => {
    expect(maskingConfigSchema.parse({})).toEqual({ defaultProfile: 'strict', profiles: [], custom: { recognizers: [], denyList: [], allowList: [], keyRules: [] } });
  });

  it('accepts custom profiles and a default that names one', () => {
    const config = maskingConfigSchema.parse({
      defaultProfile: 'analytics',
      profiles: [{ name: 'analytics', categories: { date: 'partial', zip: 'keep' }, tokenScope: 'team-a' }],
      tokenKeyEnv: 'WARDGATE_MASK_TOKEN_KEY',
    });
    expect(config.profiles[0]).toEqual({ name: 'analytics', defaultMode: 'redact', categories: { date: 'partial', zip: 'keep' }, tokenScope: 'team-a' });
  });

  it('accepts recognizer ids to switch off, and refuses an unknown one naming the field', () => {
    const config = maskingConfigSchema.parse({ profiles: [{ name: 'a', disabledRecognizers: ['licence-plate', 'street-name'] }] });
    expect(config.profiles[0]!.disabledRecognizers).toEqual(['licence-plate', 'street-name']);
    const bad = maskingConfigSchema.safeParse({ profiles: [{ name: 'a', disabledRecognizers: ['mrn', 'licence-plates'] }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['profiles.0.disabledRecognizers.1', 'unknown recognizer id licence-plates']]);
  });

  it.each([
    ['unknown default profile', { defaultProfile: 'nope' }],
    ['duplicate profile', { profiles: [{ name: 'a' }, { name: 'a' }] }],
    ['custom recognizer scoped to an unknown profile', { custom: { recognizers: [{ id: 'x', category: 'mrn', patterns: ['X\\d{3}'], profiles: ['ghost'] }] } }],
    ['unknown category', { profiles: [{ name: 'a', categories: { shoe_size: 'keep' } }] }],
    ['unknown mode', { profiles: [{ name: 'a', defaultMode: 'scramble' }] }],
    ['both key sources', { tokenKeyFile: '/k', tokenKeyEnv: 'K' }],
    ['unknown field', { colour: 'blue' }],
  ])('rejects %s', (_label, input) => {
    expect(maskingConfigSchema.safeParse(input).success).toBe(false);
  });
});
