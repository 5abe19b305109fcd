import { describe, expect, it } from 'vitest';
import { createNameDictionary, detectNames } from './name-detector.js';
import type { Span } from './span.js';

const dict = createNameDictionary();
function names(text: string): string[] {
  const out: Span[] = [];
  detectNames(text, dict, out);
  return out.map((s) => text.slice(s.start, s.end));
}

describe('detectNames', () => {
  const cases: Array<[string, string, string[]]> = [
    ['title', 'Seen by Dr. Xylander today.', ['Xylander']],
    ['title without period', 'Mr Quibbleworth called', ['Quibbleworth']],
    ['title keeps ambiguous names', 'Dr. Grant reviewed', ['Grant']],
    ['label', 'Patient: Zorba Quill\nDOB', ['Zorba Quill']],
    ['name label takes lower case', 'Name: zorba quill', ['zorba quill']],
    ['relation with comma', 'her daughter, Wilhelmina Xu, visited', ['Wilhelmina Xu']],
    ['relation without comma', 'his wife Zelda called', ['Zelda']],
    ['employer', 'employer: Acme Widgets', ['Acme Widgets']],
    ['dictionary given + family', 'Jennifer Smith was seen', ['Jennifer Smith']],
    ['dictionary given + unknown family', 'Jennifer Quackenbush was seen', ['Jennifer Quackenbush']],
    ['unknown given + unambiguous family', 'Zephyrine Gonzalez called', ['Zephyrine Gonzalez']],
    ['lone unambiguous given name', 'spoke with Margaret about meds', ['Margaret']],
    ['family, given', 'Smith, Jennifer', ['Smith, Jennifer']],
    ['initial', 'J. Smith signed', ['J. Smith']],
    ['three-part name', 'Mary Ann Smith arrived', ['Mary Ann Smith']],
    ['hyphenated', 'Dr. Smith-Jones', ['Smith-Jones']],
    ['apostrophe', "Mrs. O'Brien", ["O'Brien"]],
    ['all caps', 'PATIENT: JOHN SMITH', ['JOHN SMITH']],
    ['unicode', 'Sra. Zoë Müller', ['Zoë Müller']],
    ['given name before particles', 'Julia van der Meulen agreed', ['Julia van der Meulen']],
    ['capitalised particle inside a name', 'Empirio La Porta agreed', ['Empirio La Porta']],
    ['capitalised particle as the surname', 'Anna Le agreed; Mary Du called', ['Anna Le', 'Mary Du']],
    ['capitalised particle before a word', 'Acrisio Di Maria agreed', ['Acrisio Di Maria']],
    ['eponym surname after a given name', 'Oliver Sjögren agreed', ['Oliver Sjögren']],
    ['double surname with a particle', 'Miguel Córdova de Xairo Belmonte agreed', ['Miguel Córdova de Xairo Belmonte']],
    ['particles after a title', 'Dr. van den Heuvel and Dr. de la Cruz', ['van den Heuvel', 'de la Cruz']],
    ['particles after a label', 'Contact: de Groot', ['de Groot']],
    ['ambiguous given + name-like surname', 'Results reviewed and Iris Nijland agreed', ['Iris Nijland']],
    ['month-named given + listed surname', 'June Gonzalez called', ['June Gonzalez']],
    ['month-named given after soft context', 'Reviewed with April Nguyen today', ['April Nguyen']],
    ['verb-named given + listed surname', 'Will Smith agreed', ['Will Smith']],
    ['month-named given + name-like surname', 'Jan Kok and August Kowalczyk agreed', ['Jan Kok', 'August Kowalczyk']],
    ['verb-named given + name-like surname after context', 'seen by Will Kok', ['Will Kok']],
    ['given name before a lab word', 'Max Troponin was 0.4', ['Max']],
  ];
  it.each(cases)('finds %s', (_label, text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  const none: Array<[string, string]> = [
    ['modal verbs and months', 'Will continue. May improve by June.'],
    ['ambiguous given alone', 'Grant application. Bill sent. Mark it. Rose slightly.'],
    ['ambiguous pair', 'Grace Brown'],
    ['sentence starts', 'The patient reports pain. She denies fever.'],
    ['eponymous disease', "Wilson's disease and Parkinson disease"],
    ['lone family name', 'took Johnson to task'],
    ['drugs and units', 'Lisinopril 10 mg; Metformin 500 mg twice daily'],
    ['lower case names without context', 'mary smith'],
    ['particles without a name', 'The van was late; Dr. van der berg'],
    ['month before an ordinary word', 'Return in June Visit and Jan Follow-up'],
    ['modal verb before an unknown word', 'Will Zofran help? May Xeljanz be held?'],
    ['ambiguous given before odd capitals', 'Universally Unique IDentifier'],
    ['ambiguous given before a nationality', 'KLM Royal Dutch Airlines'],
  ];
  it.each(none)('ignores %s', (_label, text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('context beats the ambiguity lists', () => {
  it.each([
    ['Dr. May examined', ['May']],
    ['Patient: Will Grant', ['Will Grant']],
    ['Mrs. The', []],
  ])('%s', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });
});

describe('hyphenated ordinary words', () => {
  it('an ambiguous part keeps the word ambiguous', () => {
    expect(names('Faith-based counseling offered')).toEqual([]);
  });
});

describe('context words without a colon', () => {
  it.each([
    ['Patient Augusta Lovelace (SSN 219-09-9999) called', ['Augusta Lovelace']],
    ['Pt Zorba Quill arrived', ['Zorba Quill']],
    ['seen by Anton Kluwe in clinic', ['Anton Kluwe']],
    ['Spoke with Xylia Quorn about labs', ['Xylia Quorn']],
    ['talked to Zelda on the phone', ['Zelda']],
    ['called Wilhelmina back', ['Wilhelmina']],
    ['guarantor Quintus Arbogast signed', ['Quintus Arbogast']],
    // An ordinary first word counts when a dictionary family name follows it.
    ['Patient Rose Gray was seen', ['Rose Gray']],
    ['Spoke with Douglas Walker today', ['Douglas Walker']],
  ])('%s', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['Patient Denies chest pain'],
    ['Patient Will follow up in May'],
    ['Patient Education provided'],
    ['Patient Portal message sent'],
    ['seen by Cardiology and Nephrology'],
    ['Spoke with Pharmacy about dosing'],
    ['called EMS'],
    ['Seen by Dr. Xylander today.'],
  ])('ignores %s (or finds only the titled name)', (text) => {
    expect(names(text).filter((n) => n !== 'Xylander')).toEqual([]);
  });
});

describe('unknown names by pattern (two name-like capitalised words)', () => {
  it.each([
    ['Results were reviewed and Anton Kluwe agreed.', ['Anton Kluwe']],
    ['Then Thijs de Graaf signed the form.', ['Thijs de Graaf']],
    ['Timoteo Merino Vaca agreed to the plan.', ['Timoteo Merino Vaca']],
  ])('%s', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['Chief Complaint: chest pain'],
    ['Systolic Blood Pressure'],
    ['Amoxicillin Clavulanate 875 mg'],
    ['Hemoglobin Electrophoresis pending'],
    ['Emergency Department visit'],
    ['Guillain Barre Syndrome workup'],
    ['ICU BMP CBC'],
  ])('ignores %s', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('disease eponyms are not names', () => {
  it.each([['Addison disease'], ['Wilson disease was excluded'], ["Bell's palsy"], ['Hodgkin Lymphoma'], ["Parkinson's disease"], ['Positive Babinski sign']])(
    '%s',
    (text) => {
      expect(names(text)).toEqual([]);
    },
  );

  it('an explicit title still wins', () => {
    expect(names('Dr. Parkinson reviewed')).toEqual(['Parkinson']);
  });
});

describe('payers and health systems are not names', () => {
  it.each(['Kaiser Permanente approved the claim.', 'UnitedHealthcare approved the claim.', 'Humana denied it; Cigna paid.', 'Medicare approved.'])('%s', (text) => {
    expect(names(text)).toEqual([]);
  });
  it('Kaiser is still a surname', () => {
    expect(names('Anna Kaiser phoned.')).toEqual(['Anna Kaiser']);
  });
});

describe('rule: a lone given name opening a sentence before a person verb', () => {
  it.each([
    ['Marisol phoned about her refill.', ['Marisol']],
    ['Ruby called. She is fine.', ['Ruby']],
    ['Ok. Zelphine reports less pain.', ['Zelphine']],
    ['Refill sent.\nOlive denies dizziness.', ['Olive']],
  ])('%s', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });
  it.each(['Pharmacy called back.', 'Cardiology reports no change.', 'Patient denies pain.', 'She denies pain.', 'Nursing reports stable vitals.', 'Mom called.', 'Lasix given; Wound left open.'])(
    'keeps %s',
    (text) => {
      expect(names(text)).toEqual([]);
    },
  );
});
