import { describe, expect, it } from 'vitest';
import { TermMatcher, termsRegExp } from './term-matcher.js';

function found(terms: string[], text: string): string[] {
  const out: string[] = [];
  new TermMatcher(terms).forEach(text, (s, e) => out.push(text.slice(s, e)));
  return out;
}

describe('TermMatcher', () => {
  it.each([
    [['Quillfeather'], 'Seen by quillfeather and QUILLFEATHER.', ['quillfeather', 'QUILLFEATHER']],
    [['Quill'], 'Quillfeather, Quill_scan, Quill.', ['Quill', 'Quill']],
    [['Mary Jane', 'Mary Jane Quill'], 'Mary  Jane Quill; Mary Jane', ['Mary  Jane Quill', 'Mary Jane']],
    [['Keytruda'], 'xKeytruda Keytruda2 Keytruda', ['Keytruda']],
    [['Zoë Ångström'], 'by zoë ångström today', ['zoë ångström']],
    [['4 West'], 'Ward 4 West, 4 Western', ['4 West']],
  ])('%j in %j', (terms, text, want) => {
    expect(found(terms, text)).toEqual(want);
  });

  it('context words: whole words, any case, blanks as any run of blanks', () => {
    const re = termsRegExp(['mrn', 'chart no']);
    expect(re.test('see MRN: x')).toBe(true);
    expect(re.test('chart   no 12')).toBe(true);
    expect(re.test('mrnx')).toBe(false);
    expect(re.test('charts')).toBe(false);
  });
});
