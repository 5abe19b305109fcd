import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'ipv6-address',
  [
    ['client fa40:bfaa:172c:d716:7aed:a2fa:caab:9020 connected', 'client [REDACTED:IP] connected'],
    ['peer 2001:db8::1 ok', 'peer [REDACTED:IP] ok'],
  ],
  ['at 10:30:00 today', 'ratio a:b:c', 'dead:beef'],
);
