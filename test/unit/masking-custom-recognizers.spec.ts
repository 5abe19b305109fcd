import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadCustomMasking } from '../../src/config/custom-masking-config.js';
import { withMod11 } from '../../src/masking/custom/check-digits.js';
import { fixedCustomMasking } from '../../src/masking/custom/custom-masking.js';
import { createMaskingEngine } from '../../src/masking/masking-engine.js';

/**
 * Custom recognizers from config behave as their declaration says: the block below is read as
 * an operator writes it (YAML, through the config schema), and each declared behaviour is
 * checked on generated text: a valid value is masked whatever stands next to it, an invalid
 * check digit or a missing context word leaves it, a denied term goes in any case, an allowed
 * term stays even where a built-in would take it, and a profile scope is kept.
 */
const block = parseYaml(String.raw`
recognizers:
  - id: hosp-mrn
    category: mrn
    patterns: ['HOSP-\d{7}']
    validate: { checkDigit: mod11 }
  - id: acct
    category: account
    patterns: ['[A-Z]{3}\d{4}']
    context: [ledger, billing ref]
  - id: bed-code
    category: other_id
    patterns: ['zz[a-z]{4}']
  - id: study
    category: other_id
    patterns: ['STUDY(?:-| )(?<value>[a-z]{2}\d{3})']
    ignoreCase: true
    profiles: [research]
denyList:
  - terms: [Quillfeather, Ottoline Brask]
allowList:
  - terms: [Jennifer, Keytruda]
keyRules:
  - category: mrn
    keys: [hospitalNo]
  - category: other_id
    paths: ['$.visit.bed', '$.rows[*].ward']
`) as unknown;

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7), custom: fixedCustomMasking(loadCustomMasking(block, ['strict', 'research', 'joinable'])) });
const plainEngine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7) });
const mask = (text: string, profile = 'strict'): ReturnType<typeof engine.maskText> => engine.maskText(text, profile);

/** Neighbours that cannot extend the value's shape (its edges are `H` and a digit). */
const neighbour = fc.constantFrom(...' _/#,;:()[]"\'|!?\t\n', ...'abcdxyzABCXYZ', 'é', '中');
const filler = fc.constantFrom('seen today', 'note', 'follow-up in clinic', 'per chart', '');
const mod11Body = fc.stringMatching(/^\d{6}$/).filter((b) => withMod11(b) !== undefined);

describe('custom recognizers from config behave as declared', () => {
  it('a value with a valid mod-11 check is masked whatever it is glued to; a wrong check digit is left', () => {
    fc.assert(
      fc.property(mod11Body, neighbour, neighbour, filler, (body, left, right, words) => {
        const mrn = `HOSP-${withMod11(body)!}`;
        const text = `${words} ${left}${mrn}${right} ${words}`;
        const r = mask(text);
        expect(r.output).not.toContain(mrn);
        expect(r.output).toContain('[REDACTED:MRN]');
        // Where no built-in takes it (after "chart #" the labelled MRN detector does), ours does.
        if (plainEngine.maskText(text, 'strict').output.includes(mrn)) expect(r.summary.rules['custom:hosp-mrn/patterns[0]']).toBe(1);
        // A wrong check digit: the custom recognizer adds nothing to what the built-ins do.
        const wrong = `${words} ${left}HOSP-${body}${(Number(withMod11(body)!.at(-1)) + 1) % 10}${right} ${words}`;
        expect(mask(wrong).output).toBe(plainEngine.maskText(wrong, 'strict').output);
      }),
      { numRuns: 300, seed: 1414 },
    );
  });

  it('a value is not cut out of a longer one of its own shape', () => {
    const mrn = `HOSP-${withMod11('123456')!}`;
    expect(mask(`ref ${mrn}9 and H${mrn}`).summary.rules['custom:hosp-mrn/patterns[0]']).toBeUndefined();
  });

  it('a context word within 40 characters is required when declared', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{3}\d{4}$/), fc.constantFrom('ledger', 'Ledger', 'BILLING  REF'), fc.integer({ min: 0, max: 25 }), (value, word, gap) => {
        const near = mask(`${word}${' '.repeat(1 + gap)}${value} ok`);
        expect(near.summary.rules['custom:acct/patterns[0]']).toBe(1);
        expect(near.output).not.toContain(value);
        const far = mask(`${word}${' '.repeat(45)}${value} ok`);
        expect(far.summary.rules['custom:acct/patterns[0]']).toBeUndefined();
        expect(mask(`ref ${value} ok`).summary.rules['custom:acct/patterns[0]']).toBeUndefined();
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a lower-case pattern fires in all-lower-case text (no capital, digit or colon to wake the built-ins)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{4}$/), (tail) => {
        const r = mask(`moved to bed zz${tail} overnight`);
        expect(r.output).toBe('moved to bed [REDACTED:OTHER_ID] overnight');
      }),
      { numRuns: 100, seed: 3 },
    );
    expect(plainEngine.maskText('moved to bed zzabcd overnight', 'strict').output).toBe('moved to bed zzabcd overnight');
  });

  it('denied terms are masked in any case, as whole terms only', () => {
    fc.assert(
      fc.property(fc.constantFrom('Quillfeather', 'Ottoline Brask'), fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }), neighbour, (term, ups, left) => {
        const cased = [...term].map((c, i) => (ups[i] ? c.toUpperCase() : c.toLowerCase())).join('');
        const pre = /[\p{L}]/u.test(left) ? ' ' : left;
        const r = mask(`called${pre}${cased}, then left`);
        expect(r.output).not.toContain(cased);
        expect(r.summary.rules['deny:denyList[0]']).toBe(1);
      }),
      { numRuns: 200, seed: 5 },
    );
    expect(mask('quillfeathers and xquillfeather').summary.total).toBe(0);
  });

  it('allowed terms stay even where a built-in would mask them; what is glued to them is still masked', () => {
    expect(plainEngine.maskText('Patient: Jennifer Smith, on Keytruda', 'strict').output).not.toContain('Jennifer');
    const r = mask('Patient: Jennifer Smith, on Keytruda');
    expect(r.output).toBe('Patient: Jennifer [REDACTED:NAME], on Keytruda');
    expect(mask('Dr. Jennifer').output).toBe('Dr. Jennifer');
  });

  it('a recognizer scoped to a profile fires under that profile only', () => {
    expect(mask('enrolled in Study-ab123', 'research').output).toBe('enrolled in Study-[REDACTED:OTHER_ID]');
    expect(mask('enrolled in Study-ab123', 'strict').output).toBe('enrolled in Study-ab123');
  });

  it('key rules: field names (JSON and CSV columns) and JSON paths', () => {
    const json = engine.maskBody(JSON.stringify({ hospital_no: 'A-77', visit: { bed: 'W4-12', note: 'ok' }, rows: [{ ward: 'B', other: 'x' }] }), 'json', 'strict');
    expect(JSON.parse(json.output)).toEqual({ hospital_no: '[REDACTED:MRN]', visit: { bed: '[REDACTED:OTHER_ID]', note: 'ok' }, rows: [{ ward: '[REDACTED:OTHER_ID]', other: 'x' }] });
    const csv = engine.maskBody('id,HospitalNo,hr\n1,A-77,72\n', 'csv', 'strict');
    expect(csv.output).toBe('id,HospitalNo,hr\n1,[REDACTED:MRN],72\n');
    expect(plainEngine.maskBody('id,HospitalNo,hr\n1,A-77,72\n', 'csv', 'strict').output).toContain('A-77');
  });

  it('a custom recognizer (priority 20 by default) yields to a built-in that claims the same text', () => {
    const other = createMaskingEngine({
      profiles: [],
      tokenKey: Buffer.alloc(32, 7),
      custom: fixedCustomMasking(loadCustomMasking({ recognizers: [{ id: 'mailbox', category: 'other_id', patterns: ['box\\d{2}@'] }] }, ['strict'])),
    });
    expect(other.maskText('write to box12@example.org', 'strict').output).toBe('write to [REDACTED:EMAIL]');
    const high = createMaskingEngine({
      profiles: [],
      tokenKey: Buffer.alloc(32, 7),
      custom: fixedCustomMasking(loadCustomMasking({ recognizers: [{ id: 'ssn-like', category: 'account', patterns: ['\\d{3}-\\d{2}-\\d{4}'], priority: 99 }] }, ['strict'])),
    });
    expect(high.maskText('acct 123-45-6789', 'strict').output).toBe('acct [REDACTED:ACCOUNT]');
  });
});

describe('masking.custom validation names the field and the reason', () => {
  it.each([
    [{ recognizers: [{ id: 'a', category: 'mrn', patterns: ['X\\d{3}', '(a+)+$'] }] }, "masking.custom.recognizers[0].patterns[1]: unbounded repetition '+'"],
    [{ recognizers: [{ id: 'a', category: 'mrn', patterns: ['(?=a)b'] }] }, 'masking.custom.recognizers[0].patterns[0]: lookarounds are not supported'],
    [{ recognizers: [{ id: 'a', category: 'nope', patterns: ['a'] }] }, 'masking.custom.recognizers[0].category'],
    [{ recognizers: [{ id: 'a', category: 'mrn', patterns: ['a'], profiles: ['ghost'] }] }, 'masking.custom.recognizers[0].profiles[0]: unknown profile ghost'],
    [{ recognizers: [{ id: 'a', category: 'mrn', patterns: ['a'] }, { id: 'a', category: 'mrn', patterns: ['b'] }] }, 'masking.custom.recognizers[1].id: duplicate recognizer id a'],
    [{ denyList: [{ terms: ['-Quill'] }] }, 'masking.custom.denyList[0].terms[0]: a term starts and ends with a letter or digit'],
    [{ keyRules: [{ category: 'mrn' }] }, 'masking.custom.keyRules[0]: name at least one key or path'],
    [{ allowList: [{ terms: ['x'], extra: 1 }] }, 'masking.custom.allowList[0]'],
  ])('%j', (raw, message) => {
    expect(() => loadCustomMasking(raw, ['strict'])).toThrow(message);
  });

  it('the message never holds a listed term', () => {
    let message = '';
    try {
      loadCustomMasking({ denyList: [{ terms: ['Ottoline Brask', ''] }] }, ['strict']);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('masking.custom.denyList[0].terms[1]');
    expect(message).not.toContain('Ottoline');
  });
});
