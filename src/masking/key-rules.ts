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

/** Words that may follow a PHI key word without changing what it holds (`zip_home`, `phoneWork`, `email2`). */
const qualifiers: ReadonlySet<string> = new Set(
  ('home work mobile cell office primary secondary main alt alternate other current previous prev old new personal business private ' +
    'billing shipping mailing postal legal full ext extension value text raw 1 2 3 4').split(' '),
);

/** Words that, before a PHI key word, say it names a thing or an allowed value (`drugName`, `stateName`, `fileName`). */
const thingWords: ReadonlySet<string> = new Set([
  ...nonPersonParents,
  ...('state country region event class group team unit ward site room bed job task step process model vendor brand host server ' +
    'module function method key label section template form report document trial protocol program company business firm practice ' +
    'pharmacy lab specialty language race ethnicity religion title display generic trade chemical product package image photo media ' +
    'queue topic bucket channel workflow pipeline cluster node pod container namespace database index view sheet tab page screen ' +
    'button menu icon color colour font style theme locale time zone timezone format mime content media payer plan coverage').split(' '),
]);

/** Key words too short or too common to mean PHI inside a longer key (`sortLast`, `timeFirst`, `pageAge`). */
const bareOnly: ReadonlySet<string> = new Set(
  'first last middle given family mail cell tel dl tin sin lat lng lon geo plate image picture avatar portrait age city town county district residence identifier identifiers'.split(' '),
);

/** The words of a key: camelCase joints, `_`, `-`, `.` and blanks split it (`homeZIP` -> home, zip). */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/**
 * The rule of a key, bare or compound: the normalised key itself (`workPhone`), else the longest
 * run of its last words that has a rule, unless a word before it names a thing (`homeZip`,
 * `motherMaidenName`; not `drugName`, `stateName`), else the longest run of its first words followed only by
 * qualifiers (`zip_home`, `phone_work_2`; not `phoneType`).
 */
export function ruleForKey(rules: ReadonlyMap<string, KeyRule>, key: string, norm: string): KeyRule | undefined {
  const exact = rules.get(norm);
  if (exact !== undefined || keepKeys.has(norm)) return exact;
  const words = keyWords(key);
  if (words.length < 2) return undefined;
  for (let i = 1; i < words.length; i++) {
    const tail = words.slice(i).join('');
    const rule = rules.get(tail);
    if (rule === undefined || bareOnly.has(tail)) continue;
    if (rule.category === 'name' && words.slice(0, i).some((w) => thingWords.has(w))) return undefined;
    return rule;
  }
  for (let j = words.length - 1; j >= 1; j--) {
    const head = words.slice(0, j).join('');
    const rule = rules.get(head);
    if (rule !== undefined && !bareOnly.has(head) && words.slice(j).every((w) => qualifiers.has(w))) return rule;
  }
  return undefined;
}
