import { describe, expect, it } from 'vitest';
import { recognizerCases } from '../../../test/support/recognizer-cases.js';
import { isValidVin } from './vin.js';

recognizerCases(
  'vin',
  [
    ['car 1HGCM82633A004352 parked', 'car [REDACTED:VEHICLE_ID] parked'],
    ['VIN: YTA3NE4G1XFM35519', 'VIN: [REDACTED:VEHICLE_ID]'],
    ['x_1HGCM82633A004352_y', 'x_[REDACTED:VEHICLE_ID]_y'],
  ],
  ['1HGCM82633A004353', '1HGCM82633A0043521', 'ABCDEFGHJKLMNPRST'],
);

describe('isValidVin', () => {
  it('checks the check digit', () => {
    expect(isValidVin('1HGCM82633A004352')).toBe(true);
    expect(isValidVin('1HGCM82633A004353')).toBe(false);
    expect(isValidVin('1HGCM82633A00435')).toBe(false);
  });
});
