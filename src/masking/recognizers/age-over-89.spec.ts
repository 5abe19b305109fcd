import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'age-over-89',
  [
    ['a 92-year-old man', 'a [REDACTED:AGE_OVER_89]-year-old man'],
    ['age 93, stable', 'age [REDACTED:AGE_OVER_89], stable'],
    ['aged 91 years', 'aged [REDACTED:AGE_OVER_89] years'],
    ['95 yo female', '[REDACTED:AGE_OVER_89] yo female'],
    ['93 y/o', '[REDACTED:AGE_OVER_89] y/o'],
    ['pt_age_97', 'pt_age_[REDACTED:AGE_OVER_89]'],
  ],
  ['a 45-year-old, aged 89', 'age 131', 'page 93', 'aged 93.5', '1093 yo'],
);
