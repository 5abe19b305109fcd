import { deviceSerial } from './device-serial.js';
import { licencePlate } from './licence-plate.js';
import { streetName } from './street-name.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * The recognizers declared one per file, in the order they run. The value detectors derive the
 * word cues from their context words and call each one whose pre-filter passes.
 */
export const RECOGNIZERS: readonly RecognizerDeclaration[] = [deviceSerial, licencePlate, streetName];
