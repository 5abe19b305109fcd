import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'ip-address',
  [
    ['from 10.0.0.12 at login', 'from [REDACTED:IP] at login'],
    ['host_192.168.1.254_log', 'host_[REDACTED:IP]_log'],
    ['srv10.1.2.3 down', 'srv[REDACTED:IP] down'],
  ],
  ['release 1.2.3', '256.1.1.1', '1.2.3.4.5', 'v10.0.0.1234', 'firmware v1.2.3.4 ok', 'release V6.8.57.211'],
);
