import { Priority } from '../span.js';
import { contextLedMatcher, countDigits } from './context-led.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * Device identifiers and serial numbers (Safe Harbor category 13) in free text: a meter's or an
 * implant's serial, lot or UDI after "serial", "S/N", "SN", "device ID", "lot", "UDI",
 * "model/serial". A value has a digit and at least four characters; "SN" counts only in capitals
 * (lower-case "sn" is prose or a chemical symbol).
 */
const labels = String.raw`model/serial|serial(?: (?:number|no\.?|#))?|s/n|sn|device (?:id|serial|number|#)|lot(?: (?:number|no\.?|#))?|udi(?: (?:di|pi))?`;
// GS1 (`(01)00884838…(17)…`) and HIBCC (`+H123…/$$…`) UDIs keep their brackets, `+`, `/` and `$`.
const value = String.raw`[A-Za-z0-9(+][A-Za-z0-9()+/$.-]{2,79}`;
const trailing = /[.\-/]+$/;

export function validateDeviceSerial(v: string, label: string): readonly [number, number] | undefined {
  const end = v.length - (trailing.exec(v)?.[0].length ?? 0);
  const kept = v.slice(0, end);
  if (kept.length < 4 || countDigits(kept) === 0) return undefined;
  if (label.length === 2 && label !== 'SN') return undefined;
  return [0, end];
}

export const deviceSerial: RecognizerDeclaration = {
  id: 'device-serial',
  category: 'device_id',
  priority: Priority.labelled,
  rule: 'recognizer:device-serial',
  prefilter: { digits: 1, tokenRun: 4, words: { list: ['model', 'serial', 's/n', 'sn', 'device', 'lot', 'udi'] } },
  create: () => contextLedMatcher({ id: 'device-serial', category: 'device_id', priority: Priority.labelled, labels, value, validate: validateDeviceSerial }),
};
