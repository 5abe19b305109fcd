import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from '../masking-engine.js';
import { validateDeviceSerial } from './device-serial.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7) });
const mask = (s: string): string => engine.maskText(s, 'strict').output;

describe('device-serial recognizer (Safe Harbor 13)', () => {
  it.each([
    ['Glucometer serial 4XK-99812 replaced.', 'Glucometer serial [REDACTED:DEVICE_ID] replaced.'],
    ['Pump S/N: ZX4410-A, checked.', 'Pump S/N: [REDACTED:DEVICE_ID], checked.'],
    ['Implant SN 88123 in place', 'Implant SN [REDACTED:DEVICE_ID] in place'],
    ['device ID AB12-3344', 'device ID [REDACTED:DEVICE_ID]'],
    ['Lot 22A918 expired', 'Lot [REDACTED:DEVICE_ID] expired'],
    ['lot number: 7731-B', 'lot number: [REDACTED:DEVICE_ID]'],
    ['UDI (01)00884838050239(17)141120(10)7654321D', 'UDI [REDACTED:DEVICE_ID]'],
    ['model/serial XR-220/8841.', 'model/serial [REDACTED:DEVICE_ID].'],
    ['visit_serial_99812345_scan', 'visit_serial_[REDACTED:DEVICE_ID]_scan'],
    ['deviceSerial: 4471-22', 'deviceSerial: [REDACTED:DEVICE_ID]'],
  ])('%s', (input, output) => {
    expect(mask(input)).toBe(output);
  });

  it.each(['a lot of pain', 'Lot 5 mg', 'serial imaging shows no change', 'sn 2 h', 'serial 12 hours apart', 'the SN node', 'Lsn 12345'])('keeps %s', (input) => {
    expect(mask(input)).toBe(input);
  });

  it('a value needs a digit and four characters; lower-case "sn" is no label', () => {
    expect(validateDeviceSerial('AB1', 'serial')).toBeUndefined();
    expect(validateDeviceSerial('ABCDE', 'serial')).toBeUndefined();
    expect(validateDeviceSerial('AB12-', 'serial')).toEqual([0, 4]);
    expect(validateDeviceSerial('12345', 'sn')).toBeUndefined();
    expect(validateDeviceSerial('12345', 'SN')).toEqual([0, 5]);
  });
});
