import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases('zip-plus4', [['zip 02115-1234', 'zip [REDACTED:ZIP]'], ['ref02115-1234z', 'ref[REDACTED:ZIP]z']], ['02115-12345', '102115-1234', '02115-123']);
