import { describe, expect, it } from 'vitest';
import { fhirExtensionRules } from './fhir-extensions.js';
import { createMaskingEngine } from './masking-engine.js';

const sd = 'http://hl7.org/fhir/StructureDefinition/';
const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 9) });
const mask = (resource: unknown): unknown => JSON.parse(engine.maskBody(JSON.stringify(resource), 'json', 'strict').output);

describe('FHIR extensions that carry PHI by definition', () => {
  it('lists the Patient, HumanName, ContactPoint and address-part extensions, and not the ones Safe Harbor leaves out', () => {
    expect(fhirExtensionRules.get(`${sd}patient-mothersMaidenName`)?.category).toBe('name');
    expect(fhirExtensionRules.get(`${sd}patient-birthPlace`)?.category).toBe('address');
    expect(fhirExtensionRules.get(`${sd}patient-birthTime`)).toEqual({ category: 'date', numeric: true, birth: true });
    expect(fhirExtensionRules.get(`${sd}humanname-partner-name`)?.category).toBe('name');
    expect(fhirExtensionRules.get(`${sd}contactpoint-local`)?.category).toBe('phone');
    expect(fhirExtensionRules.get(`${sd}iso21090-ADXP-streetName`)?.category).toBe('address');
    for (const no of ['patient-nationality', 'patient-citizenship', 'patient-congregation', 'iso21090-ADXP-delimiter', 'patient-religion', 'patient-genderIdentity']) {
      expect(fhirExtensionRules.has(`${sd}${no}`), no).toBe(false);
    }
  });

  it('masks value[x] by the extension URL (a string, an Address, a dateTime), whatever the value looks like', () => {
    const out = mask({
      resourceType: 'Patient',
      extension: [
        { url: `${sd}patient-mothersMaidenName`, valueString: 'okonkwo' },
        { url: `${sd}patient-birthPlace`, valueAddress: { city: 'Lagos', country: 'NG' } },
        { url: `${sd}patient-birthTime`, valueDateTime: '1950-03-04T10:11:00Z' },
        { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' },
        { url: `${sd}patient-congregation`, valueString: 'okonkwo' },
      ],
      name: [{ family: 'Lee', _family: { extension: [{ url: `${sd}humanname-own-name`, valueString: 'wexford' }] } }],
      address: [{ line: ['12 Elm St'], _line: [{ extension: [{ url: `${sd}iso21090-ADXP-houseNumber`, valueString: '12' }] }] }],
    }) as { extension: Array<Record<string, unknown>>; name: Array<{ _family: { extension: Array<{ valueString: string }> } }>; address: Array<{ _line: Array<{ extension: Array<{ valueString: string }> }> }> };
    expect(out.extension[0]!.valueString).toBe('[REDACTED:NAME]');
    expect(out.extension[1]!.valueAddress).toEqual({ city: '[REDACTED:ADDRESS]', country: 'NG' });
    expect(out.extension[2]!.valueDateTime).not.toContain('03-04');
    expect(out.extension[3]!.valueCode).toBe('F');
    // Same text, no PHI definition: the free-text rules decide (a lower-case word is left).
    expect(out.extension[4]!.valueString).toBe('okonkwo');
    expect(out.name[0]!._family.extension[0]!.valueString).toBe('[REDACTED:NAME]');
    expect(out.address[0]!._line[0]!.extension[0]!.valueString).toBe('[REDACTED:ADDRESS]');
  });
});
