import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from '../masking-engine.js';
import { validatePlate } from './licence-plate.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7) });
const mask = (s: string): string => engine.maskText(s, 'strict').output;

describe('licence-plate recognizer (Safe Harbor 12)', () => {
  it.each([
    ['licence plate 7XKD221 was seen', 'licence plate [REDACTED:VEHICLE_ID] was seen'],
    ['License plate: ABC 1234.', 'License plate: [REDACTED:VEHICLE_ID].'],
    ['plate number KX-4521', 'plate number [REDACTED:VEHICLE_ID]'],
    ['plate abc1234 on the report', 'plate [REDACTED:VEHICLE_ID] on the report'],
    ['tag 8GHT 221', 'tag [REDACTED:VEHICLE_ID]'],
    ['reg AB12 CDE', 'reg [REDACTED:VEHICLE_ID]'],
    ['vehicle KX-4521 parked', 'vehicle [REDACTED:VEHICLE_ID] parked'],
    ['registration number WX19 ABC', 'registration number [REDACTED:VEHICLE_ID]'],
    ['car_plate_7XKD221', 'car_plate_[REDACTED:VEHICLE_ID]'],
  ])('%s', (input, output) => {
    expect(mask(input)).toBe(output);
  });

  it.each(['skin tag 12 mm', 'reg insulin 10 units', 'vehicle 2 days ago', 'tag x3', 'car 4 hours', 'growth plate 2', 'Vehicle Accident Report'])('keeps %s', (input) => {
    expect(mask(input)).toBe(input);
  });

  it('weak words need capitals with a letter and a digit; a trailing word is no part of the plate', () => {
    expect(validatePlate('12 mm', 'tag')).toBeUndefined();
    expect(validatePlate('ABC 1234 was', 'plate')).toEqual([0, 8]);
    expect(validatePlate('abc1234', 'tag')).toBeUndefined();
    expect(validatePlate('abc1234', 'plate')).toEqual([0, 7]);
  });
});
