import type { PhiCategory } from './phi-category.js';

/** What a JSON key (or CSV/SQL column name) says about its value. */
export interface KeyRule {
  readonly category: PhiCategory;
  /** Numbers under this key are PHI too (a numeric SSN or ZIP); a numeric `start` is not. */
  readonly numeric: boolean;
  /** The value is a birth date: a year implying an age over 89 goes too. */
  readonly birth?: boolean;
}

/** Lower-cases and drops `_`, `-`, `.` and blanks: `First_Name`, `first-name`, `firstName` -> `firstname`. */
export function normaliseKey(key: string): string {
  let plain = true;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
      plain = false;
      break;
    }
  }
  return plain ? key : key.toLowerCase().replace(/[-_.\s]/g, '');
}

const table: ReadonlyArray<readonly [PhiCategory, boolean, string]> = [
  ['name', false, 'name fullname firstname lastname givenname familyname given family middlename middleinitial surname forename patientname maidenname nickname mothersmaidenname legalname preferredname displayname first last middle fname lname nextofkin emergencycontactname guarantorname subscribername insuredname employername spousename'],
  ['address', true, 'address street streetaddress address1 address2 addressline addressline1 addressline2 streetline city town county district neighborhood neighbourhood addr homeaddress mailingaddress residence residentialaddress latitude longitude lat lng lon geo geolocation coordinates'],
  ['zip', true, 'zip zipcode postalcode postcode postal zip5 zipplus4'],
  ['date', false, 'birthdate dob dateofbirth birthday birthdatetime deceaseddatetime deceaseddate dateofdeath deathdate dod admissiondate admitdate admitdatetime admissiondatetime admissiontime dischargedate dischargedatetime dischargetime admittedat dischargedat effectivedatetime effectiveinstant issued onsetdatetime abatementdatetime recordeddate authoredon performeddatetime occurrencedatetime servicedate visitdate encounterdate dateofservice appointmentdate surgerydate proceduredate collecteddatetime collectiondate lastvisit lastvisitdate lastseen datetimeofdeath'],
  ['age_over_89', true, 'age ageyears patientage ageatvisit'],
  ['phone', true, 'phone telecom phonenumber phoneno telephone tel mobile mobilephone cell cellphone homephone workphone contactnumber contactphone emergencyphone'],
  ['fax', true, 'fax faxnumber faxno'],
  ['email', false, 'email emailaddress mail contactemail'],
  ['ssn', true, 'ssn socialsecuritynumber socialsecurity socialsecurityno ssnlast4 taxid tin sin nationalinsurancenumber'],
  ['mrn', true, 'mrn medicalrecordnumber medicalrecordno medicalrecord chartnumber mrnumber'],
  ['health_plan_id', true, 'memberid membernumber memberno subscriberid subscribernumber policynumber policyid policyno insuranceid insurancenumber healthplanid planmemberid medicaidid medicaidnumber medicareid medicarenumber beneficiaryid mbi hicn groupnumber'],
  ['account', true, 'account accountnumber accountno accountid acct acctno acctnumber billingaccount bankaccount iban creditcard cardnumber'],
  ['license', true, 'license licence licensenumber licencenumber driverslicense driverlicense driverslicence dl dlnumber licenseno certificatenumber npi dea'],
  ['vehicle_id', false, 'vin vehicleid licenseplate licenceplate plate platenumber vehicleidentificationnumber'],
  ['device_id', true, 'deviceid serialnumber udi udicarrier imei macaddress deviceserial'],
  ['url', false, 'url website homepage webpage profileurl personalurl'],
  ['ip', false, 'ip ipaddress ipv4 ipv6 clientip remoteip remoteaddr sourceip'],
  ['biometric', false, 'fingerprint biometric voiceprint retinascan irisscan faceprint'],
  ['photo', false, 'photo image picture avatar photourl headshot portrait'],
  ['other_id', true, 'identifier identifiers patientid personid nationalid passport passportnumber externalid username'],
];

/** Normalised key -> rule. Built once per engine. */
export function createKeyRules(): ReadonlyMap<string, KeyRule> {
  const rules = new Map<string, KeyRule>();
  for (const [category, numeric, keys] of table) {
    for (const key of keys.split(' ')) {
      const birth = category === 'date' && /birth|dob/.test(key);
      rules.set(key, birth ? { category, numeric: true, birth } : { category, numeric });
    }
  }
  return rules;
}

/** Keys whose values are structure or clinical codes, never PHI: not scanned at all. */
export const keepKeys: ReadonlySet<string> = new Set([
  'resourcetype', 'system', 'code', 'unit', 'status', 'gender', 'language', 'contenttype', 'profile', 'versionid',
  'fullurl', 'reference', 'intent', 'priority', 'mode', 'kind', 'use', 'rank', 'comparator', 'mimetype', 'encoding',
]);

/** FHIR resources whose `name` is a HumanName of a person. */
export const personResourceTypes: ReadonlySet<string> = new Set(['Patient', 'Practitioner', 'RelatedPerson', 'Person']);

/** Parents whose `name` names a thing, not a person (`{"drug": {"name": "Lisinopril"}}`). */
export const nonPersonParents: ReadonlySet<string> = new Set(
  ('medication medications drug drugs organization organizations org orgs facility facilities hospital hospitals clinic clinics ' +
    'location locations test tests lab labs code codes product products device devices procedure procedures condition conditions ' +
    'diagnosis diagnoses allergy allergies substance substances ingredient ingredients manufacturer insurer payer plan plans ' +
    'department departments service services category categories vaccine vaccines immunization immunizations problem problems ' +
    'file files column columns field fields table tables tag tags role roles specialty specialties observation observations ' +
    'result results panel panels component components type types unit units study studies project projects app application ' +
    'resource resources endpoint endpoints rowtype schema meta metadata attribute attributes parameter parameters ' +
    'coverage payor insurance extension extensions').split(' '),
);

/** ContactPoint.system values. */
export const contactSystems: ReadonlySet<string> = new Set(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other']);
