import { describe, expect, it } from 'vitest';
import { recognizerCases, rulesOf } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'street-in-prose',
  [
    ['She walks along Vozke Pike with her sister.', 'She walks along [REDACTED:ADDRESS] with her sister.'],
    ['Home visit at 6206 Nobaw Key went well.', 'Home visit at [REDACTED:ADDRESS] went well.'],
    ['Home visit to 4444 Izuleg Pass, Apt 4B is on Tuesday.', 'Home visit to [REDACTED:ADDRESS] is on Tuesday.'],
    ['moved to Sesmi Center last year', 'moved to [REDACTED:ADDRESS] last year'],
    ['Met her at 12 Elm Street today.', 'Met her at [REDACTED:ADDRESS] today.'],
    ['He lives at Marylebone Road.', 'He lives at [REDACTED:ADDRESS].'],
    ['The flat is off Wexford Close.', 'The flat is off [REDACTED:ADDRESS].'],
    ['walked down Main Street alone', 'walked down [REDACTED:ADDRESS] alone'],
    ['Drove to 77 Kinsale Cntr today', 'Drove to [REDACTED:ADDRESS] today'],
    ['at 350 5th Ave. near the park', 'at [REDACTED:ADDRESS] near the park'],
    ['near 18 Harrow Wharf', 'near [REDACTED:ADDRESS]'],
    ['at 12 Oak View (care home)', 'at [REDACTED:ADDRESS] (care home)'],
  ],
  [
    'Main findings: no acute process.',
    "Park's disease was ruled out.",
    'Court-ordered evaluation on Monday.',
    'Admitted to Cancer Center for chemotherapy.',
    'Pain along Chest Wall, worse on Inspiration.',
    'Figure 2 Lateral View shows no effusion.',
    'Referred to Family Court by social work.',
    'Seen on Ward 4 by the Heart Failure Team.',
    'Taking Atorvastatin 20 mg at night.',
    'She lives on her own near the Park.',
    'Transferred to Intensive Care Unit at 10:30.',
    'Carpal Tunnel release planned.',
    'Bed Rest advised; Bone Spur on imaging.',
  ],
);

describe('street-in-prose rule', () => {
  it('names itself in the summary', () => {
    expect(rulesOf('She walks along Vozke Pike daily.')).toEqual({ 'recognizer:street-in-prose': 1 });
  });
});
