import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadCustomMasking } from '../../config/custom-masking-config.js';
import type { MaskContentKind } from '../content-kind.js';
import { createMaskingEngine } from '../masking-engine.js';
import { fixedCustomMasking } from './custom-masking.js';

// The "Custom recognizers" section of src/masking/README.md: its config block, read as written
// there, masks what its table says.
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

function between(start: string, end: string): string {
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README markers ${start} .. ${end} missing`);
  return readme.slice(a + start.length, b);
}

const yaml = /```yaml\n([\s\S]*?)```/.exec(between('<!-- custom-example:start -->', '<!-- custom-example:end -->'))![1]!;
const doc = parseYaml(yaml) as { masking: { custom: unknown } };
const profiles = ['strict', 'research', 'joinable'];
const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1), custom: fixedCustomMasking(loadCustomMasking(doc.masking.custom, profiles)) });
const plain = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1) });

const cell = (c: string): string => c.trim().replace(/^`|`$/g, '').split('` + `').join('\n');
const rows = between('<!-- custom-example-cases:start -->', '<!-- custom-example-cases:end -->')
  .split('\n')
  .filter((l) => l.startsWith('| ') && !l.startsWith('| profile') && !l.startsWith('| ---'))
  .map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '')))
  .map(([profile, kind, input, output]) => ({ profile: profile!.trim(), kind: kind!.trim() as MaskContentKind, input: cell(input!), output: cell(output!) }));

describe('src/masking/README.md, "Custom recognizers"', () => {
  it('has its cases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(9);
  });

  it.each(rows)('$profile $kind: $input', ({ profile, kind, input, output }) => {
    const nl = kind === 'csv' ? '\n' : '';
    expect(engine.maskBody(input + nl, kind, profile).output).toBe(output + nl);
  });

  it('without the block, the allow-listed names would have been masked', () => {
    const out = plain.maskText('Started Keytruda at Addison Clinic, then Rowan House.', 'strict').output;
    expect(out).not.toContain('Addison');
    expect(out).not.toContain('Rowan House');
  });

  it('the error it quotes is the one a backtracking pattern gets', () => {
    const quoted = /errors name the field: `([^`]+)`/.exec(readme)![1]!;
    expect(() => loadCustomMasking({ recognizers: [{ id: 'x', category: 'mrn', patterns: ['X\\d{3}', '(a+)+$'] }] }, profiles)).toThrow(quoted);
  });

  it('a FHIR Identifier.value the recognizer matches whole counts as its category', () => {
    const body = JSON.stringify({ resourceType: 'Patient', identifier: [{ system: 'urn:oid:1.2.3', value: 'HOSP-4488121' }] });
    expect(engine.maskBody(body, 'json', 'strict').summary.categories).toEqual({ mrn: 1 });
    expect(plain.maskBody(body, 'json', 'strict').summary.categories).toEqual({ other_id: 1 });
  });
});
