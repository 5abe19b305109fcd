import type { KeyRule } from './key-rules.js';
import { contactSystems, keepKeys, nonPersonParents, normaliseKey, personResourceTypes } from './key-rules.js';
import type { MaskContext } from './mask-context.js';
import type { PhiCategory } from './phi-category.js';
import { isMaskedValue } from './replacer.js';
import { maskByRule } from './structured-value.js';
import type { TextScanner } from './text-scanner.js';
import { maskFreeText, renderSpans } from './text-scanner.js';

/** What the walker knows about the object it is in (FHIR datatype or a key-derived context). */
const enum Ctx {
  Any,
  Name,
  Address,
  Telecom,
  Identifier,
  Attachment,
  Narrative,
  Reference,
  Coding,
}

type Json = unknown;
type JsonObject = Record<string, Json>;

const nameKeep = new Set(['prefix', 'use', 'id']);
const addressKeep = new Set(['state', 'country', 'use', 'type', 'statecode', 'countrycode', 'region', 'province', 'id']);
const zipKeys = new Set(['postalcode', 'zip', 'zipcode', 'postcode', 'zip5', 'postal', 'zipplus4']);
const attachmentKeep = new Set(['contenttype', 'language', 'size', 'hash', 'height', 'width', 'frames', 'duration', 'pages', 'id']);
const rowsKeys = ['rows', 'data', 'values', 'records', 'dataArray', 'data_array', 'datarows'];
const columnKeys = ['columns', 'fields', 'cols', 'header', 'headers', 'columnNames', 'column_names'];
const metaKeys = ['meta', 'metadata', 'resultSetMetaData', 'manifest', 'schema', 'result'];
const personReferenceRe = /^(?:[a-z]+:\/\/[^\s]*\/)?(?:Patient|Practitioner|RelatedPerson|Person|PractitionerRole)\//;
const wholeFhirDateRe = /^\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?$/;
const resourceTypeRe = /^[A-Z][A-Za-z]{1,63}$/;
const maxCachedPaths = 10_000;
const maxMemoChars = 256;
const maxMemoEntries = 20_000;
const noLog: readonly string[] = [];

/** A scanned string's masked form and the replacements it counted (to count them again on reuse). */
interface MemoEntry {
  readonly output: string;
  readonly log: readonly string[];
}

/**
 * One JSON walk that masks in place. Structure first (FHIR datatypes by shape, then the
 * normalised key), values second (free-text detectors on strings under unknown keys).
 * Paths in the summary: `Patient.name.given` inside FHIR resources, `$.rows[].ssn` elsewhere.
 */
export class JsonMasker {
  /** Normalised keys seen in this document (per call, so no PHI outlives the body). */
  private readonly keyCache = new Map<string, string>();
  private readonly cleanKeys = new Set<string>();
  /** parent path -> key -> child path: one string per path, not one concatenation per member. */
  private readonly paths = new Map<string, Map<string, string>>();
  private pathCount = 0;
  /**
   * Short free-text strings repeat across a body (displays, templated notes, statuses under
   * unknown keys): each distinct one is scanned once. Per body, bounded, gone with the body.
   */
  private readonly memo = new Map<string, MemoEntry>();
  private readonly memoLog: string[] = [];

  constructor(
    private readonly rules: ReadonlyMap<string, KeyRule>,
    private readonly scanner: TextScanner,
    private readonly ctx: MaskContext,
    private readonly currentYear: number,
  ) {}

  maskDocument(doc: Json): Json {
    return this.value(doc, '$', Ctx.Any, undefined, '');
  }

  private norm(key: string): string {
    let nk = this.keyCache.get(key);
    if (nk === undefined) {
      nk = normaliseKey(key);
      if (this.keyCache.size < 10_000) this.keyCache.set(key, nk);
    }
    return nk;
  }

  private child(path: string, key: string): string {
    let byKey = this.paths.get(path);
    if (byKey === undefined) {
      if (this.pathCount >= maxCachedPaths) return `${path}.${key}`;
      byKey = new Map();
      this.paths.set(path, byKey);
    }
    let p = byKey.get(key);
    if (p === undefined) {
      p = `${path}.${key}`;
      if (this.pathCount < maxCachedPaths) {
        byKey.set(key, p);
        this.pathCount++;
      }
    }
    return p;
  }

  private value(v: Json, path: string, c: Ctx, rt: string | undefined, pk: string): Json {
    if (typeof v === 'string') return this.scanString(v);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const p = rt === undefined ? `${path}[]` : path;
      for (let i = 0; i < v.length; i++) v[i] = this.value(v[i], p, c, rt, pk);
      return v;
    }
    return this.object(v as JsonObject, path, c, rt, pk);
  }

  private object(obj: JsonObject, path: string, c: Ctx, rt: string | undefined, pk: string): Json {
    const resourceType = obj.resourceType;
    if (typeof resourceType === 'string' && resourceTypeRe.test(resourceType)) {
      rt = resourceType;
      path = resourceType;
      c = Ctx.Any;
    }
    if (c === Ctx.Any) c = this.shape(obj, pk, rt);
    if (c === Ctx.Any && rt === undefined && this.maskColumnar(obj, path)) return obj;
    let renamed = false;
    for (const key in obj) {
      const nk = this.norm(key);
      const v = obj[key];
      const masked = this.member(obj, nk, v, this.child(path, key), c, rt);
      if (masked !== v) obj[key] = masked;
      if (rt === undefined && !renamed && this.keyNeedsMasking(key)) renamed = true;
    }
    return renamed ? this.maskKeys(obj) : obj;
  }

  /** Infers a FHIR datatype (or its generic look-alike) from an object's keys. */
  private shape(obj: JsonObject, pk: string, rt: string | undefined): Ctx {
    if ('family' in obj || 'given' in obj) return Ctx.Name;
    if (typeof obj.div === 'string') return Ctx.Narrative;
    if ('contentType' in obj && ('data' in obj || 'url' in obj)) return Ctx.Attachment;
    if (typeof obj.reference === 'string') return Ctx.Reference;
    if ('postalCode' in obj || ('line' in obj && (Array.isArray(obj.line) || 'city' in obj || 'state' in obj || 'country' in obj))) return Ctx.Address;
    const system = obj.system;
    if (typeof system === 'string') {
      if ('value' in obj && contactSystems.has(system)) return Ctx.Telecom;
      if ('code' in obj) return Ctx.Coding;
    }
    if ((pk === 'identifier' || pk === 'identifiers') && 'value' in obj) return Ctx.Identifier;
    if (pk === 'telecom') return Ctx.Telecom;
    if (pk === 'address' || pk === 'addresses' || pk === 'homeaddress' || pk === 'mailingaddress') return Ctx.Address;
    if (pk === 'name' && this.personName(rt, '')) return Ctx.Name;
    return Ctx.Any;
  }

  private personName(rt: string | undefined, pk: string): boolean {
    return rt === undefined ? !nonPersonParents.has(pk) : personResourceTypes.has(rt);
  }

  private member(obj: JsonObject, nk: string, child: Json, path: string, c: Ctx, rt: string | undefined): Json {
    switch (c) {
      case Ctx.Name:
        if (nameKeep.has(nk)) return child;
        if (nk === 'period' || nk === 'extension') return this.value(child, path, Ctx.Any, rt, nk);
        return this.forced(child, 'name', path);
      case Ctx.Address:
        if (addressKeep.has(nk)) return child;
        if (nk === 'period') return this.value(child, path, Ctx.Any, rt, nk);
        return this.forced(child, zipKeys.has(nk) ? 'zip' : 'address', path);
      case Ctx.Telecom:
        if (nk === 'value') return this.forced(child, telecomCategory(obj), path);
        if (nk === 'period' || nk === 'extension') return this.value(child, path, Ctx.Any, rt, nk);
        return child;
      case Ctx.Identifier:
        if (nk === 'value') return this.forced(child, identifierCategory(obj), path);
        if (nk === 'assigner' || nk === 'period' || nk === 'extension') return this.value(child, path, Ctx.Any, rt, nk);
        return child;
      case Ctx.Attachment:
        if (nk === 'data' || nk === 'url') return this.forced(child, 'photo', path);
        if (attachmentKeep.has(nk)) return child;
        return this.value(child, path, Ctx.Any, rt, nk);
      case Ctx.Narrative:
        if (nk === 'div' && typeof child === 'string') return this.maskXhtml(child);
        if (nk === 'status') return child;
        return this.value(child, path, Ctx.Any, rt, nk);
      case Ctx.Reference:
        if (nk === 'reference' || nk === 'type') return child;
        if (nk === 'display' && typeof child === 'string') {
          const target = typeof obj.reference === 'string' ? obj.reference : typeof obj.type === 'string' ? `${obj.type}/` : '';
          return personReferenceRe.test(target) ? this.forced(child, 'name', path) : this.scanString(child);
        }
        if (nk === 'identifier') return this.value(child, path, Ctx.Identifier, rt, nk);
        return this.value(child, path, Ctx.Any, rt, nk);
      case Ctx.Coding:
        if (nk === 'extension') return this.value(child, path, Ctx.Any, rt, nk);
        return child;
      case Ctx.Any:
        return this.anyMember(obj, nk, child, path, rt);
    }
  }

  /** A member of an object with no known datatype: the key decides, else the value's own content. */
  private anyMember(obj: JsonObject | undefined, nk: string, child: Json, path: string, rt: string | undefined): Json {
    if (keepKeys.has(nk)) return child;
    // Resource.id is a technical, server-assigned id (references need it); see the module README.
    if (nk === 'id' && rt !== undefined) return child;
    if (nk === 'url' && rt !== undefined && obj !== undefined && isExtension(obj)) return child;
    if (child !== null && typeof child === 'object') {
      if (nk === 'identifier' || nk === 'identifiers') return this.value(child, path, Ctx.Identifier, rt, nk);
      if (nk === 'telecom') return this.value(child, path, Ctx.Telecom, rt, nk);
    }
    let rule = this.rules.get(nk);
    if (rule !== undefined && rule.category === 'name' && nk === 'name' && !this.personName(rt, this.parentKeyOf(path))) rule = undefined;
    if (rule === undefined) {
      if (typeof child === 'string') return this.scanString(child);
      if (child === null || typeof child !== 'object') return child;
      return this.value(child, path, Ctx.Any, rt, nk);
    }
    if (child === null || typeof child === 'boolean') return child;
    if (typeof child === 'object') {
      if (rule.category === 'name' && !Array.isArray(child)) return this.value(child, path, Ctx.Name, rt, nk);
      if (rule.category === 'address' && !Array.isArray(child)) return this.value(child, path, Ctx.Address, rt, nk);
      if (Array.isArray(child)) {
        const p = rt === undefined ? `${path}[]` : path;
        const arr = child as Json[];
        for (let i = 0; i < arr.length; i++) {
          const el = arr[i];
          arr[i] = el !== null && typeof el === 'object' ? this.anyMember(undefined, nk, el, p, rt) : this.structured(el, rule, p);
        }
        return arr;
      }
      return this.value(child, path, Ctx.Any, rt, nk);
    }
    return this.structured(child, rule, path);
  }

  /** `path` ends with `.key`; the parent key is the segment before it. */
  private parentKeyOf(path: string): string {
    const end = path.lastIndexOf('.');
    if (end <= 0) return '';
    let seg = path.slice(path.lastIndexOf('.', end - 1) + 1, end);
    if (seg.endsWith('[]')) seg = seg.slice(0, -2);
    return this.norm(seg);
  }

  private structured(v: Json, rule: KeyRule, path: string): Json {
    return maskByRule(v, rule, path, this.ctx, this.currentYear);
  }

  /** Every scalar below gets `category` (structural keys such as `system` and `use` aside). */
  private forced(v: Json, category: PhiCategory, path: string): Json {
    if (typeof v === 'string') {
      if (isBlankString(v) || isMaskedValue(v)) return v;
      if (category === 'date' && v.length <= 16 && /^\s*\d{4}\s*$/.test(v)) return v;
      return this.ctx.apply(category, v, path);
    }
    if (typeof v === 'number') return Number.isFinite(v) ? this.ctx.apply(category, String(v), path) : v;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.forced(v[i], category, path);
      return v;
    }
    const obj = v as JsonObject;
    for (const key in obj) {
      const nk = this.norm(key);
      if (forcedKeep(nk, category)) continue;
      obj[key] = this.forced(obj[key], category, this.child(path, key));
    }
    return obj;
  }

  private scanString(s: string): string {
    if (s.length < 3) return s;
    if (s.length > maxMemoChars) return this.scanUncached(s);
    const hit = this.memo.get(s);
    if (hit !== undefined) {
      if (hit.log.length > 0) this.ctx.replay(hit.log);
      return hit.output;
    }
    if (this.memo.size >= maxMemoEntries) return this.scanUncached(s);
    const log = this.memoLog;
    log.length = 0;
    this.ctx.record(log);
    let output: string;
    try {
      output = this.scanUncached(s);
    } finally {
      this.ctx.record(undefined);
    }
    this.memo.set(s, { output, log: log.length === 0 ? noLog : log.slice() });
    return output;
  }

  private scanUncached(s: string): string {
    const c = s.charCodeAt(0);
    if (c >= 48 && c <= 57 && wholeFhirDateRe.test(s)) return this.ctx.apply('date', s, 'value:date');
    return maskFreeText(this.scanner, s, this.ctx);
  }

  /**
   * Masks the text of XHTML narrative, never its markup. The tags are blanked with spaces in
   * one pass (they separate words) and only that text is scanned; offsets stay the same.
   */
  private maskXhtml(div: string): string {
    const tags: Array<readonly [number, number]> = [];
    let shadow = '';
    let pos = 0;
    let i = div.indexOf('<');
    while (i !== -1) {
      const close = div.indexOf('>', i + 1);
      if (close === -1) break;
      tags.push([i, close + 1]);
      shadow += div.slice(pos, i) + ' '.repeat(close + 1 - i);
      pos = close + 1;
      i = div.indexOf('<', pos);
    }
    shadow = pos === 0 ? div : shadow + div.slice(pos);
    const spans = this.scanner.findSpans(shadow);
    return spans.length === 0 ? div : renderSpans(div, spans, this.ctx, 0, div.length, tags);
  }

  /**
   * Column-oriented SQL results (`{"columns": [...], "rows": [[...]]}` and friends): each cell
   * is masked by its column's name, as if it were `{column: cell}`.
   */
  private maskColumnar(obj: JsonObject, path: string): boolean {
    let rowsKey: string | undefined;
    for (const k of rowsKeys) {
      const rows = obj[k];
      if (Array.isArray(rows) && rows.length > 0 && Array.isArray(rows[0])) {
        rowsKey = k;
        break;
      }
    }
    if (rowsKey === undefined) return false;
    const names = columnNamesOf(obj);
    if (names === undefined) return false;
    const nks = names.map((n) => this.norm(n));
    const rows = obj[rowsKey] as Json[];
    const base = `${path}.${rowsKey}[]`;
    for (const row of rows) {
      if (!Array.isArray(row)) continue;
      for (let j = 0; j < row.length; j++) {
        const nk = nks[j];
        row[j] = nk === undefined ? this.value(row[j], base, Ctx.Any, undefined, '') : this.anyMember(undefined, nk, row[j], this.child(base, names[j]!), undefined);
      }
    }
    for (const key in obj) {
      if (key !== rowsKey) obj[key] = this.member(obj, this.norm(key), obj[key], this.child(path, key), Ctx.Any, undefined);
    }
    return true;
  }

  private keyNeedsMasking(key: string): boolean {
    if (key.length < 4 || this.cleanKeys.has(key)) return false;
    if (this.scanner.findSpans(key).length > 0) return true;
    if (this.cleanKeys.size < 10_000) this.cleanKeys.add(key);
    return false;
  }

  /** Object keys can hold PHI too (maps keyed by MRN or email); rebuilt in order with masked keys. */
  private maskKeys(obj: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const key in obj) {
      let masked = maskFreeText(this.scanner, key, this.ctx);
      // Two keys masked to the same placeholder must both survive.
      for (let n = 2; masked !== key && masked in out; n++) masked = `${masked}#${n}`;
      out[masked] = obj[key];
    }
    return out;
  }
}

/** `s.trim() === ''` without the copy. */
function isBlankString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || s[i]!.trim() !== '') return false;
  }
  return true;
}

function isExtension(obj: JsonObject): boolean {
  if ('extension' in obj) return true;
  for (const k in obj) if (k.startsWith('value')) return true;
  return false;
}

function columnNamesOf(obj: JsonObject): string[] | undefined {
  for (const k of columnKeys) {
    const names = namesFrom(obj[k]);
    if (names !== undefined) return names;
  }
  for (const k of metaKeys) {
    const meta = obj[k];
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) continue;
    const m = meta as JsonObject;
    for (const inner of [...columnKeys, 'rowType', 'rowtype']) {
      const names = namesFrom(m[inner]);
      if (names !== undefined) return names;
    }
    const schema = m.schema;
    if (schema !== null && typeof schema === 'object' && !Array.isArray(schema)) {
      const names = namesFrom((schema as JsonObject).columns) ?? namesFrom((schema as JsonObject).fields);
      if (names !== undefined) return names;
    }
  }
  return undefined;
}

function namesFrom(v: Json): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const names: string[] = [];
  for (const el of v) {
    if (typeof el === 'string') names.push(el);
    else if (el !== null && typeof el === 'object' && !Array.isArray(el)) {
      const o = el as JsonObject;
      const name = o.name ?? o.field ?? o.column ?? o.columnName ?? o.column_name ?? o.label;
      if (typeof name !== 'string') return undefined;
      names.push(name);
    } else return undefined;
  }
  return names;
}

function forcedKeep(nk: string, category: PhiCategory): boolean {
  if (nk === 'system' || nk === 'code' || nk === 'unit' || nk === 'resourcetype' || nk === 'contenttype') return true;
  if (category === 'photo' || category === 'url') return false;
  return nk === 'url' || nk === 'use' || nk === 'status' || nk === 'rank' || nk === 'type';
}

function telecomCategory(obj: JsonObject): PhiCategory {
  switch (obj.system) {
    case 'fax':
      return 'fax';
    case 'email':
      return 'email';
    case 'url':
      return 'url';
    case 'other':
      return 'other_id';
    case 'phone':
    case 'sms':
    case 'pager':
      return 'phone';
    default:
      return typeof obj.value === 'string' && obj.value.includes('@') ? 'email' : 'phone';
  }
}

const identifierTypeCategory: Record<string, PhiCategory> = {
  SS: 'ssn', SB: 'ssn', MR: 'mrn', MRT: 'mrn', MB: 'health_plan_id', SN: 'health_plan_id', MA: 'health_plan_id', MC: 'health_plan_id',
  DL: 'license', NPI: 'license', MD: 'license', LN: 'license', AN: 'account', ACSN: 'other_id', PPN: 'other_id', TAX: 'ssn', DR: 'other_id',
};

/** Identifier.value's category from `type` codes, then `system`. */
function identifierCategory(obj: JsonObject): PhiCategory {
  const type = obj.type;
  if (type !== null && typeof type === 'object' && !Array.isArray(type)) {
    const coding = (type as JsonObject).coding;
    if (Array.isArray(coding)) {
      for (const cd of coding) {
        const code = cd !== null && typeof cd === 'object' ? (cd as JsonObject).code : undefined;
        if (typeof code === 'string' && identifierTypeCategory[code] !== undefined) return identifierTypeCategory[code];
      }
    }
  }
  const system = typeof obj.system === 'string' ? obj.system.toLowerCase() : '';
  if (system.includes('us-ssn') || system.includes('ssn')) return 'ssn';
  if (system.includes('us-npi')) return 'license';
  if (system.includes('mrn') || system.includes('medical-record')) return 'mrn';
  if (/member|subscriber|medicaid|medicare|insurance|payer/.test(system)) return 'health_plan_id';
  if (/licen[cs]e|driver/.test(system)) return 'license';
  if (system.includes('account')) return 'account';
  return 'other_id';
}
