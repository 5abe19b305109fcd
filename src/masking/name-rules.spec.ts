import { describe, expect, it } from 'vitest';
import { NAME_RULES, createNameDictionary, explainNames } from './name-detector.js';

const dict = createNameDictionary();
const fired = (text: string): Array<[string, string]> => explainNames(text, dict).map((e) => [text.slice(e.start, e.end), e.nameRule]);

/** Each rule's examples: texts with the names it finds (and which rule found them), and texts it leaves alone. */
const examples: Record<string, { names: Array<[string, Array<[string, string]>]>; none: string[] }> = {
  'lone-given-name': {
    names: [
      ['Marisol phoned about her refill.', [['Marisol', 'lone-given-name']]],
      ['Seen today. Ruby called back.', [['Ruby', 'lone-given-name']]],
    ],
    none: ['Pharmacy called about the refill.', 'Cardiology reports no change.'],
  },
  context: {
    names: [
      ['Dr. May reviewed it.', [['May', 'context']]],
      ['Patient: Rose Gray', [['Rose Gray', 'context']]],
      ['his wife, Hope, called', [['Hope', 'context']]],
      ['Dr. van den Heuvel', [['van den Heuvel', 'context']]],
      ['Name: jane doe', [['jane doe', 'context']]],
    ],
    none: ['Dr. the', 'his wife, The'],
  },
  'lower-case': { names: [], none: ['he met van der meulen', 'spoke with ann lee'] },
  'stop-word-given-name': {
    names: [
      ['June Carter arrived.', [['June Carter', 'stop-word-given-name']]],
      ['Jan Kok is here.', [['Jan Kok', 'stop-word-given-name']]],
      ['seen by Will Kok', [['Will Kok', 'stop-word-given-name']]],
    ],
    none: ['Will Zofran help?', 'The plan is fine.', 'May improve.'],
  },
  'soft-context': {
    names: [
      ['Patient Augusta Lovelace was seen.', [['Augusta Lovelace', 'soft-context']]],
      ['seen by Anton Kluwe today', [['Anton Kluwe', 'soft-context']]],
      ['Patient Rose Gray arrived', [['Rose Gray', 'soft-context']]],
    ],
    none: ['Patient Denies chest pain.', 'Patient Will follow up.'],
  },
  'dictionary-or-pattern': {
    names: [
      ['Jennifer Smith was seen.', [['Jennifer Smith', 'dictionary-or-pattern']]],
      ['Xyla Smith arrived.', [['Xyla Smith', 'dictionary-or-pattern']]],
      ['Smith, John', [['Smith, John', 'dictionary-or-pattern']]],
      ['Anton Kluwe arrived.', [['Anton Kluwe', 'dictionary-or-pattern']]],
    ],
    none: ['Addison disease is stable.', 'Hodgkin lymphoma', 'Follow-up Electrophoresis', 'ED visit'],
  },
};

describe('NAME_RULES', () => {
  it('every rule has an id, a reason and examples here, in the order they are asked', () => {
    expect(NAME_RULES.map((r) => r.id)).toEqual(Object.keys(examples));
    for (const r of NAME_RULES) expect(r.reason.length).toBeGreaterThan(40);
  });

  for (const rule of NAME_RULES) {
    describe(`${rule.id}: ${rule.reason.slice(0, 80)}...`, () => {
      const { names, none } = examples[rule.id]!;
      it.each(names.map(([text, want]) => [text, want]))('%j', (text, want) => {
        expect(fired(text)).toEqual(want);
      });
      it.each(none.map((t) => [t]))('finds no name in %j', (text) => {
        expect(fired(text)).toEqual([]);
      });
    });
  }
});
