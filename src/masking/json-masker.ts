import type { JsonTapeArena } from './json-tape.js';
import { JsonKeyTable, JsonTape, Tok } from './json-tape.js';
import type { KeyRule } from './key-rules.js';
import { fhirExtensionRules } from './fhir-extensions.js';
import { contactSystems, keepKeys, nonPersonParents, normaliseKey, personResourceTypes, ruleForKey } from './key-rules.js';
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

/** Keys an object's shape is recognised by, one bit each (collected in one pass over its keys). */
const enum Has {
  Name = 1,
  Div = 2,
  ContentType = 4,
  DataOrUrl = 8,
  Reference = 16,
  PostalCode = 32,
  Line = 64,
  CityStateCountry = 128,
  System = 256,
  Value = 512,
  Code = 1024,
  ResourceType = 2048,
  Rows = 4096,
  ExtensionLike = 8192,
}

const nameKeep = new Set(['prefix', 'use', 'id']);
const addressKeep = new Set(['state', 'country', 'use', 'type', 'statecode', 'countrycode', 'region', 'province', 'id']);
const zipKeys = new Set(['postalcode', 'zip', 'zipcode', 'postcode', 'zip5', 'postal', 'zipplus4']);
const attachmentKeep = new Set(['contenttype', 'language', 'size', 'hash', 'height', 'width', 'frames', 'duration', 'pages', 'id']);
const rowsKeys = ['rows', 'data', 'values', 'records', 'dataArray', 'data_array', 'datarows'];
const columnKeys = ['columns', 'fields', 'cols', 'header', 'headers', 'columnNames', 'column_names'];
const metaKeys = ['meta', 'metadata', 'resultSetMetaData', 'manifest', 'schema', 'result'];
const shapeKeys: ReadonlyMap<string, number> = new Map<string, number>([
  ['family', Has.Name], ['given', Has.Name], ['div', Has.Div], ['contentType', Has.ContentType], ['data', Has.DataOrUrl | Has.Rows],
  ['url', Has.DataOrUrl], ['reference', Has.Reference], ['postalCode', Has.PostalCode], ['line', Has.Line], ['city', Has.CityStateCountry],
  ['state', Has.CityStateCountry], ['country', Has.CityStateCountry], ['system', Has.System], ['value', Has.Value],
  ['code', Has.Code], ['resourceType', Has.ResourceType], ['extension', Has.ExtensionLike],
  ...rowsKeys.filter((k) => k !== 'data').map((k): [string, number] => [k, Has.Rows]),
]);
const personReferenceRe = /^(?:[a-z]+:\/\/[^\s]*\/)?(?:Patient|Practitioner|RelatedPerson|Person|PractitionerRole)\//;
const wholeFhirDateRe = /^\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?$/;
const resourceTypeRe = /^[A-Z][A-Za-z]{1,63}$/;
const maxCachedPaths = 10_000;
/** Distinct keys kept from one document to the next (NDJSON lines); past this, they start afresh. */
const maxKeptKeys = 10_000;
const maxMemoChars = 256;
const maxMemoEntries = 20_000;
const noLog: readonly string[] = [];
/** Characters JSON.stringify would escape (lone surrogates included). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const needsJsonEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/** What a normalised key (or column name) says about its value. */
interface KeyFacts {
  /** The key normalised for the rule tables. */
  readonly norm: string;
  /** A key whose value is kept as it is (`keepKeys`). */
  readonly keep: boolean;
  /** The key's rule, if it names a PHI category. */
  readonly rule: KeyRule | undefined;
}

/** What a key says about its value and itself. */
interface KeyInfo extends KeyFacts {
  /** The key's id on the tape (for per-key caches) and the key itself. */
  readonly id: number;
  readonly key: string;
  /** `Has` bits: what the key tells about its object's shape. */
  readonly bits: number;
  /** The key itself holds PHI (a map keyed by MRN or email). */
  readonly holdsPhi: boolean;
}

/** A scanned string's masked form and the replacements it counted (to count them again on reuse). */
interface MemoEntry {
  readonly output: string;
  readonly log: readonly string[];
}

/**
 * Masks JSON text without building objects: the document is read once into a token tape
 * (`JsonTape`), walked (structure first: FHIR datatypes by shape, then the normalised key;
 * values second: free-text detectors on strings under unknown keys), and each masked value is
 * spliced into the original text. Everything else, layout included, is copied as it is.
 * Paths in the summary: `Patient.name.given` inside FHIR resources, `$.rows[].ssn` elsewhere.
 * One instance per body or stream (its caches hold strings of that body only).
 */
/** What operator-declared masking adds to the JSON walk (see custom/custom-scanners.ts). */
export interface JsonCustomRules {
  readonly pathRules?: ReadonlyMap<string, KeyRule>;
  /** The category of an Identifier.value a custom recognizer matches whole, when its type and system say nothing. */
  readonly identifierCategory?: (value: string) => PhiCategory | undefined;
}

export class JsonMasker {
  /** Normalised keys seen in this document (per call, so no PHI outlives the body). */
  private readonly keyCache = new Map<string, string>();
  /**
   * Short free-text strings repeat across a body (displays, templated notes, statuses under
   * unknown keys): each distinct one is scanned once. Per body, bounded, gone with the body.
   */
  private readonly memo = new Map<string, MemoEntry>();
  private readonly memoLog: string[] = [];
  /** The document being masked and its edits: token index -> replacement JSON text. */
  private tape!: JsonTape;
  /**
   * Key ids of this masker's documents: the lines of an NDJSON stream share them, so each line's
   * keys are recognised, not interned and worked out again.
   */
  private keyTable = new JsonKeyTable();
  /** What each key says, by key id. */
  private keys: KeyInfo[] = [];
  /**
   * Parent path -> child path by key id: one string per path, not one concatenation per member.
   * Bounded: past `maxCachedPaths`, paths are built afresh.
   */
  private childPaths = new Map<string, string[]>();
  private pathCount = 0;
  private editTokens: number[] = [];
  /** Replacement -> its JSON string text, for short replacements (placeholders repeat). */
  private readonly jsonTexts = new Map<string, string>();
  private editTexts: string[] = [];

  constructor(
    private readonly rules: ReadonlyMap<string, KeyRule>,
    private readonly scanner: TextScanner,
    private readonly ctx: MaskContext,
    private readonly currentYear: number,
    private readonly arena?: JsonTapeArena,
    /** Operator-declared masking (custom/): JSON paths checked before the key's own rule, identifier values by their shape. */
    private readonly custom?: JsonCustomRules,
  ) {}

  /** Masks one JSON document (text in, text out). Throws WardgateError(Uninspectable) on invalid JSON. */
  maskDocument(text: string): string {
    if (this.keyTable.size > maxKeptKeys) {
      this.keyTable = new JsonKeyTable();
      this.keys = [];
      this.childPaths = new Map();
      this.pathCount = 0;
    }
    const tape = JsonTape.parse(text, this.arena, this.keyTable);
    this.tape = tape;
    this.editTokens = [];
    this.editTexts = [];
    try {
      this.value(0, '$', Ctx.Any, undefined, '');
      return this.splice(text);
    } finally {
      tape.release();
    }
  }

  /** The original text with every edited token replaced (edits applied in document order). */
  private splice(text: string): string {
    const tokens = this.editTokens;
    const texts = this.editTexts;
    if (tokens.length === 0) return text;
    let order: number[] | undefined;
    for (let i = 1; i < tokens.length; i++) {
      if (tokens[i]! < tokens[i - 1]!) {
        // Masked keys are edited after their members: restore document order.
        order = tokens.map((_, j) => j).sort((a, b) => tokens[a]! - tokens[b]!);
        break;
      }
    }
    const tape = this.tape;
    // One join: it sizes and copies the result once. Appending piece by piece builds a tree of
    // thousands of concatenations that whoever reads the result (Envoy's bytes) must flatten.
    const parts: string[] = [];
    let pos = 0;
    for (let j = 0; j < tokens.length; j++) {
      const e = order === undefined ? j : order[j]!;
      const t = tokens[e]!;
      parts.push(text.slice(pos, tape.start(t)), texts[e]!);
      pos = tape.end(t);
    }
    parts.push(text.slice(pos));
    return parts.join('');
  }

  /** Replaces scalar token `t` with the JSON string `replacement`. */
  private edit(t: number, replacement: string): void {
    this.editTokens.push(t);
    if (replacement.length > 32) {
      // Masked free text, mostly distinct: no cache. When its string token had no escapes,
      // neither has the result (the kept text had none, and replacements add none), so it is
      // quoted as it is; otherwise it is encoded (a narrative's quoted attributes need it).
      const plain = this.tape.kind(t) === Tok.String && !this.tape.escaped(t);
      this.editTexts.push(plain ? `"${replacement}"` : JSON.stringify(replacement));
      return;
    }
    // Placeholders and partial forms repeat.
    let json = this.jsonTexts.get(replacement);
    if (json === undefined) {
      json = needsJsonEscape.test(replacement) ? JSON.stringify(replacement) : `"${replacement}"`;
      if (this.jsonTexts.size < 1000) this.jsonTexts.set(replacement, json);
    }
    this.editTexts.push(json);
  }

  private norm(key: string): string {
    let nk = this.keyCache.get(key);
    if (nk === undefined) {
      nk = normaliseKey(key);
      if (this.keyCache.size < 10_000) this.keyCache.set(key, nk);
    }
    return nk;
  }

  private value(t: number, path: string, c: Ctx, rt: string | undefined, pk: string): void {
    const tape = this.tape;
    switch (tape.kind(t)) {
      case Tok.String:
        this.scanToken(t);
        return;
      case Tok.Array: {
        const p = rt === undefined ? `${path}[]` : path;
        for (let e = t + 1, stop = tape.next(t); e < stop; e = tape.next(e)) this.value(e, p, c, rt, pk);
        return;
      }
      case Tok.Object:
        this.object(t, path, c, rt, pk);
        return;
      default:
    }
  }

  private object(obj: number, path: string, c: Ctx, rt: string | undefined, pk: string): void {
    const tape = this.tape;
    const stop = tape.next(obj);
    let has = 0;
    let rtTok = -1;
    for (let k = obj + 1; k < stop; k = tape.next(k + 1)) {
      const bits = this.keyInfo(k).bits;
      has |= bits;
      if ((bits & Has.ResourceType) !== 0) rtTok = k + 1;
    }
    if (rtTok !== -1 && tape.kind(rtTok) === Tok.String) {
      const resourceType = tape.str(rtTok);
      if (resourceTypeRe.test(resourceType)) {
        rt = resourceType;
        path = resourceType;
        c = Ctx.Any;
      }
    }
    if (c === Ctx.Any) c = this.shape(obj, has, pk, rt);
    if (c === Ctx.Any && rt === undefined && (has & Has.Rows) !== 0 && this.maskColumnar(obj, path)) return;
    let renamed = false;
    const paths = this.childPathsOf(path);
    for (let k = obj + 1; k < stop; k = tape.next(k + 1)) {
      const info = this.keyInfo(k);
      this.member(obj, has, info, k + 1, this.childPath(paths, path, info), c, rt);
      if (rt === undefined && info.holdsPhi) renamed = true;
    }
    if (renamed) this.maskKeys(obj);
  }

  /** Child paths of `path` by key id; undefined once the cache is full. */
  private childPathsOf(path: string): string[] | undefined {
    let byId = this.childPaths.get(path);
    if (byId === undefined && this.pathCount < maxCachedPaths) {
      byId = [];
      this.childPaths.set(path, byId);
    }
    return byId;
  }

  /** `path.key` for the key `info` (`paths`: the child paths of `path`). */
  private childPath(paths: string[] | undefined, path: string, info: KeyInfo): string {
    let p = paths?.[info.id];
    if (p === undefined) {
      p = `${path}.${info.key}`;
      if (paths !== undefined && this.pathCount < maxCachedPaths) {
        paths[info.id] = p;
        this.pathCount++;
      }
    }
    return p;
  }

  /** What key token `k` says (worked out once per distinct key of the document). */
  private keyInfo(k: number): KeyInfo {
    const id = this.tape.keyId(k);
    let info = this.keys[id];
    if (info === undefined) {
      const key = this.tape.key(k);
      let bits = shapeKeys.get(key) ?? 0;
      // A FHIR extension carries `extension` or a `value[x]`.
      if (key.startsWith('value')) bits |= Has.ExtensionLike;
      const norm = this.norm(key);
      info = { norm, keep: keepKeys.has(norm), rule: ruleForKey(this.rules, key, norm), id, key, bits, holdsPhi: this.keyNeedsMasking(key) };
      this.keys[id] = info;
    }
    return info;
  }

  private factsOf(key: string): KeyFacts {
    const norm = this.norm(key);
    return { norm, keep: keepKeys.has(norm), rule: ruleForKey(this.rules, key, norm) };
  }

  /** `path.key` for key token `k`. */
  private childByKey(path: string, k: number): string {
    return this.childPath(this.childPathsOf(path), path, this.keyInfo(k));
  }

  /** Infers a FHIR datatype (or its generic look-alike) from an object's keys. */
  private shape(obj: number, has: number, pk: string, rt: string | undefined): Ctx {
    const tape = this.tape;
    if ((has & Has.Name) !== 0) return Ctx.Name;
    if ((has & Has.Div) !== 0 && tape.kind(tape.member(obj, 'div')) === Tok.String) return Ctx.Narrative;
    if ((has & Has.ContentType) !== 0 && (has & Has.DataOrUrl) !== 0) return Ctx.Attachment;
    if ((has & Has.Reference) !== 0 && tape.kind(tape.member(obj, 'reference')) === Tok.String) return Ctx.Reference;
    if ((has & Has.PostalCode) !== 0) return Ctx.Address;
    if ((has & Has.Line) !== 0 && ((has & Has.CityStateCountry) !== 0 || tape.kind(tape.member(obj, 'line')) === Tok.Array)) return Ctx.Address;
    if ((has & Has.System) !== 0) {
      const system = tape.memberString(obj, 'system');
      if (system !== undefined) {
        if ((has & Has.Value) !== 0 && contactSystems.has(system)) return Ctx.Telecom;
        if ((has & Has.Code) !== 0) return Ctx.Coding;
      }
    }
    if ((pk === 'identifier' || pk === 'identifiers') && (has & Has.Value) !== 0) return Ctx.Identifier;
    if (pk === 'telecom') return Ctx.Telecom;
    if (pk === 'address' || pk === 'addresses' || pk === 'homeaddress' || pk === 'mailingaddress') return Ctx.Address;
    if (pk === 'name' && this.personName(rt, '')) return Ctx.Name;
    return Ctx.Any;
  }

  private personName(rt: string | undefined, pk: string): boolean {
    return rt === undefined ? !nonPersonParents.has(pk) : personResourceTypes.has(rt);
  }

  private member(obj: number, has: number, key: KeyFacts, v: number, path: string, c: Ctx, rt: string | undefined): void {
    const tape = this.tape;
    const nk = key.norm;
    switch (c) {
      case Ctx.Name:
        if (nameKeep.has(nk)) return;
        if (nk === 'period' || nk === 'extension') return this.value(v, path, Ctx.Any, rt, nk);
        return this.forced(v, 'name', path);
      case Ctx.Address:
        if (addressKeep.has(nk)) return;
        if (nk === 'period') return this.value(v, path, Ctx.Any, rt, nk);
        return this.forced(v, zipKeys.has(nk) ? 'zip' : 'address', path);
      case Ctx.Telecom:
        if (nk === 'value') return this.forced(v, this.telecomCategory(obj), path);
        if (nk === 'period' || nk === 'extension') return this.value(v, path, Ctx.Any, rt, nk);
        return;
      case Ctx.Identifier:
        if (nk === 'value') return this.forced(v, this.identifierCategory(obj, v), path);
        if (nk === 'assigner' || nk === 'period' || nk === 'extension') return this.value(v, path, Ctx.Any, rt, nk);
        return;
      case Ctx.Attachment:
        if (nk === 'data' || nk === 'url') return this.forced(v, 'photo', path);
        if (attachmentKeep.has(nk)) return;
        return this.value(v, path, Ctx.Any, rt, nk);
      case Ctx.Narrative:
        if (nk === 'div' && tape.kind(v) === Tok.String) return this.maskXhtml(v);
        if (nk === 'status') return;
        return this.value(v, path, Ctx.Any, rt, nk);
      case Ctx.Reference:
        if (nk === 'reference' || nk === 'type') return;
        if (nk === 'display' && tape.kind(v) === Tok.String) {
          const reference = tape.memberString(obj, 'reference');
          const type = reference === undefined ? tape.memberString(obj, 'type') : undefined;
          const target = reference ?? (type !== undefined ? `${type}/` : '');
          return personReferenceRe.test(target) ? this.forced(v, 'name', path) : this.scanToken(v);
        }
        if (nk === 'identifier') return this.value(v, path, Ctx.Identifier, rt, nk);
        return this.value(v, path, Ctx.Any, rt, nk);
      case Ctx.Coding:
        if (nk === 'extension') return this.value(v, path, Ctx.Any, rt, nk);
        return;
      case Ctx.Any:
        // An extension whose definition makes its value PHI: the URL decides, not the value's content.
        if ((has & Has.DataOrUrl) !== 0 && nk.length > 5 && nk.startsWith('value')) {
          const url = tape.memberString(obj, 'url');
          const rule = url === undefined ? undefined : fhirExtensionRules.get(url);
          if (rule !== undefined) return this.extensionValue(v, rule, path, rt, nk);
        }
        return this.anyMember((has & Has.ExtensionLike) !== 0, key, v, path, rt);
    }
  }

  /**
   * A member of an object with no known datatype: the key decides, else the value's own content.
   * `inExtension`: the enclosing object looks like a FHIR extension (its `url` is a definition).
   */
  private anyMember(inExtension: boolean, key: KeyFacts, v: number, path: string, rt: string | undefined): void {
    const tape = this.tape;
    if (key.keep) return;
    const nk = key.norm;
    // Resource.id is a technical, server-assigned id (references need it); see the module README.
    if (nk === 'id' && rt !== undefined) return;
    if (nk === 'url' && rt !== undefined && inExtension) return;
    const kind = tape.kind(v);
    const container = kind === Tok.Object || kind === Tok.Array;
    if (container) {
      if (nk === 'identifier' || nk === 'identifiers') return this.value(v, path, Ctx.Identifier, rt, nk);
      if (nk === 'telecom') return this.value(v, path, Ctx.Telecom, rt, nk);
    }
    let rule = this.custom?.pathRules?.get(path) ?? key.rule;
    if (rule !== undefined && rule.category === 'name' && nk === 'name' && !this.personName(rt, this.parentKeyOf(path))) rule = undefined;
    if (rule === undefined) {
      if (kind === Tok.String) return this.scanToken(v);
      if (!container) return;
      return this.value(v, path, Ctx.Any, rt, nk);
    }
    if (kind === Tok.Null || kind === Tok.True || kind === Tok.False) return;
    if (kind === Tok.Object) {
      if (rule.category === 'name') return this.value(v, path, Ctx.Name, rt, nk);
      if (rule.category === 'address') return this.value(v, path, Ctx.Address, rt, nk);
      return this.value(v, path, Ctx.Any, rt, nk);
    }
    if (kind === Tok.Array) {
      const p = rt === undefined ? `${path}[]` : path;
      for (let e = v + 1, stop = tape.next(v); e < stop; e = tape.next(e)) {
        const ek = tape.kind(e);
        if (ek === Tok.Object || ek === Tok.Array) this.anyMember(false, key, e, p, rt);
        else this.structured(e, rule, p);
      }
      return;
    }
    this.structured(v, rule, path);
  }

  /** `path` ends with `.key`; the parent key is the segment before it. */
  private parentKeyOf(path: string): string {
    const end = path.lastIndexOf('.');
    if (end <= 0) return '';
    let seg = path.slice(path.lastIndexOf('.', end - 1) + 1, end);
    if (seg.endsWith('[]')) seg = seg.slice(0, -2);
    return this.norm(seg);
  }

  /** The value[x] of an extension the catalogue lists: a datatype is masked as its category's shape. */
  private extensionValue(v: number, rule: KeyRule, path: string, rt: string | undefined, nk: string): void {
    const kind = this.tape.kind(v);
    if (kind !== Tok.Object) return this.structured(v, rule, path);
    const c = rule.category === 'name' ? Ctx.Name : rule.category === 'address' ? Ctx.Address : rule.category === 'phone' ? Ctx.Telecom : rule.category === 'other_id' ? Ctx.Identifier : Ctx.Any;
    return this.value(v, path, c, rt, nk);
  }

  /** A scalar whose key names its category. */
  private structured(t: number, rule: KeyRule, path: string): void {
    const kind = this.tape.kind(t);
    if (kind !== Tok.String && kind !== Tok.Number) return;
    const v = kind === Tok.String ? this.tape.str(t) : this.tape.num(t);
    const masked = maskByRule(v, rule, path, this.ctx, this.currentYear);
    if (masked !== v && typeof masked === 'string') this.edit(t, masked);
  }

  /** Every scalar below gets `category` (structural keys such as `system` and `use` aside). */
  private forced(t: number, category: PhiCategory, path: string): void {
    const tape = this.tape;
    switch (tape.kind(t)) {
      case Tok.String: {
        const v = tape.str(t);
        if (isBlankString(v) || isMaskedValue(v)) return;
        if (category === 'date' && v.length <= 16 && /^\s*\d{4}\s*$/.test(v)) return;
        const masked = this.ctx.apply(category, v, path);
        if (masked !== v) this.edit(t, masked);
        return;
      }
      case Tok.Number: {
        const n = tape.num(t);
        if (!Number.isFinite(n)) return;
        const text = String(n);
        const masked = this.ctx.apply(category, text, path);
        if (masked !== text) this.edit(t, masked);
        return;
      }
      case Tok.Array:
        for (let e = t + 1, stop = tape.next(t); e < stop; e = tape.next(e)) this.forced(e, category, path);
        return;
      case Tok.Object:
        for (let k = t + 1, stop = tape.next(t); k < stop; k = tape.next(k + 1)) {
          if (forcedKeep(this.keyInfo(k).norm, category)) continue;
          this.forced(k + 1, category, this.childByKey(path, k));
        }
        return;
      default:
    }
  }

  /** Free-text detectors on one string token. */
  private scanToken(t: number): void {
    const tape = this.tape;
    // Shorter than 3 characters (2 plus quotes): nothing to find.
    if (tape.end(t) - tape.start(t) < 5) return;
    const s = tape.str(t);
    const masked = this.scanString(s);
    if (masked !== s) this.edit(t, masked);
  }

  private scanString(s: string): string {
    if (s.length < 3) return s;
    const c = s.charCodeAt(0);
    // Whole dates (timestamps are nearly all distinct): no memo entry for them.
    if (c >= 48 && c <= 57 && s.length <= 35 && wholeFhirDateRe.test(s)) return this.ctx.apply('date', s, 'value:date');
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
    return maskFreeText(this.scanner, s, this.ctx);
  }

  /**
   * Masks the text of XHTML narrative, never its markup. The tags are blanked with spaces in
   * one pass (they separate words) and only that text is scanned; offsets stay the same.
   */
  private maskXhtml(t: number): void {
    const div = this.tape.str(t);
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
    if (spans.length > 0) this.edit(t, renderSpans(div, spans, this.ctx, 0, div.length, tags));
  }

  /**
   * Column-oriented SQL results (`{"columns": [...], "rows": [[...]]}` and friends): each cell
   * is masked by its column's name, as if it were `{column: cell}`.
   */
  private maskColumnar(obj: number, path: string): boolean {
    const tape = this.tape;
    let rowsKey: string | undefined;
    let rows = -1;
    for (const k of rowsKeys) {
      const r = tape.member(obj, k);
      if (r !== -1 && tape.kind(r) === Tok.Array && tape.next(r) > r + 1 && tape.kind(r + 1) === Tok.Array) {
        rowsKey = k;
        rows = r;
        break;
      }
    }
    if (rowsKey === undefined) return false;
    const names = this.columnNamesOf(obj);
    if (names === undefined) return false;
    const columns = names.map((n) => this.factsOf(n));
    const base = `${path}.${rowsKey}[]`;
    const columnPaths = names.map((name) => `${base}.${name}`);
    for (let row = rows + 1, stop = tape.next(rows); row < stop; row = tape.next(row)) {
      if (tape.kind(row) !== Tok.Array) continue;
      let j = 0;
      for (let cell = row + 1, end = tape.next(row); cell < end; cell = tape.next(cell), j++) {
        const column = columns[j];
        if (column === undefined) this.value(cell, base, Ctx.Any, undefined, '');
        else this.anyMember(false, column, cell, columnPaths[j]!, undefined);
      }
    }
    for (let k = obj + 1, stop = tape.next(obj); k < stop; k = tape.next(k + 1)) {
      if (tape.key(k) !== rowsKey) this.member(obj, 0, this.keyInfo(k), k + 1, this.childByKey(path, k), Ctx.Any, undefined);
    }
    return true;
  }

  private columnNamesOf(obj: number): string[] | undefined {
    const tape = this.tape;
    for (const k of columnKeys) {
      const names = this.namesFrom(tape.member(obj, k));
      if (names !== undefined) return names;
    }
    for (const k of metaKeys) {
      const meta = tape.member(obj, k);
      if (meta === -1 || tape.kind(meta) !== Tok.Object) continue;
      for (const inner of [...columnKeys, 'rowType', 'rowtype']) {
        const names = this.namesFrom(tape.member(meta, inner));
        if (names !== undefined) return names;
      }
      const schema = tape.member(meta, 'schema');
      if (schema !== -1 && tape.kind(schema) === Tok.Object) {
        const names = this.namesFrom(tape.member(schema, 'columns')) ?? this.namesFrom(tape.member(schema, 'fields'));
        if (names !== undefined) return names;
      }
    }
    return undefined;
  }

  /** Column names from `["a", "b"]` or `[{"name": "a"}, ...]` (and the usual aliases of `name`). */
  private namesFrom(list: number): string[] | undefined {
    const tape = this.tape;
    if (list === -1 || tape.kind(list) !== Tok.Array || tape.next(list) === list + 1) return undefined;
    const names: string[] = [];
    for (let el = list + 1, stop = tape.next(list); el < stop; el = tape.next(el)) {
      const kind = tape.kind(el);
      if (kind === Tok.String) names.push(tape.str(el));
      else if (kind === Tok.Object) {
        let name: string | undefined;
        for (const alias of nameAliases) {
          const v = tape.member(el, alias);
          if (v === -1 || tape.kind(v) === Tok.Null) continue;
          if (tape.kind(v) !== Tok.String) return undefined;
          name = tape.str(v);
          break;
        }
        if (name === undefined) return undefined;
        names.push(name);
      } else return undefined;
    }
    return names;
  }

  /** Asked once per distinct key (its answer is kept in the key's `KeyInfo`). */
  private keyNeedsMasking(key: string): boolean {
    return key.length >= 4 && this.scanner.findSpans(key).length > 0;
  }

  /** Object keys can hold PHI too (maps keyed by MRN or email): each key token is masked in place. */
  private maskKeys(obj: number): void {
    const tape = this.tape;
    const taken = new Set<string>();
    for (let k = obj + 1, stop = tape.next(obj); k < stop; k = tape.next(k + 1)) {
      const key = tape.key(k);
      let masked = maskFreeText(this.scanner, key, this.ctx);
      // Two keys masked to the same placeholder must both survive.
      for (let n = 2; masked !== key && taken.has(masked); n++) masked = `${masked}#${n}`;
      taken.add(masked);
      if (masked !== key) this.edit(k, masked);
    }
  }

  private telecomCategory(obj: number): PhiCategory {
    switch (this.tape.memberString(obj, 'system')) {
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
        return this.tape.memberString(obj, 'value')?.includes('@') === true ? 'email' : 'phone';
    }
  }

  /** Identifier.value's category from `type` codes, then `system`. */
  private identifierCategory(obj: number, value: number): PhiCategory {
    const tape = this.tape;
    const type = tape.member(obj, 'type');
    if (type !== -1 && tape.kind(type) === Tok.Object) {
      const coding = tape.member(type, 'coding');
      if (coding !== -1 && tape.kind(coding) === Tok.Array) {
        for (let cd = coding + 1, stop = tape.next(coding); cd < stop; cd = tape.next(cd)) {
          const code = tape.kind(cd) === Tok.Object ? tape.memberString(cd, 'code') : undefined;
          if (code !== undefined && identifierTypeCategory[code] !== undefined) return identifierTypeCategory[code];
        }
      }
    }
    const system = (tape.memberString(obj, 'system') ?? '').toLowerCase();
    if (system.includes('us-ssn') || system.includes('ssn')) return 'ssn';
    if (system.includes('us-npi')) return 'license';
    if (system.includes('mrn') || system.includes('medical-record')) return 'mrn';
    if (/member|subscriber|medicaid|medicare|insurance|payer/.test(system)) return 'health_plan_id';
    if (/licen[cs]e|driver/.test(system)) return 'license';
    if (system.includes('account')) return 'account';
    return (this.custom?.identifierCategory !== undefined && tape.kind(value) === Tok.String ? this.custom.identifierCategory(tape.str(value)) : undefined) ?? 'other_id';
  }
}

const nameAliases = ['name', 'field', 'column', 'columnName', 'column_name', 'label'];

/** `s.trim() === ''` without the copy. */
function isBlankString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || s[i]!.trim() !== '') return false;
  }
  return true;
}

function forcedKeep(nk: string, category: PhiCategory): boolean {
  if (nk === 'system' || nk === 'code' || nk === 'unit' || nk === 'resourcetype' || nk === 'contenttype') return true;
  if (category === 'photo' || category === 'url') return false;
  return nk === 'url' || nk === 'use' || nk === 'status' || nk === 'rank' || nk === 'type';
}

const identifierTypeCategory: Record<string, PhiCategory> = {
  SS: 'ssn', SB: 'ssn', MR: 'mrn', MRT: 'mrn', MB: 'health_plan_id', SN: 'health_plan_id', MA: 'health_plan_id', MC: 'health_plan_id',
  DL: 'license', NPI: 'license', MD: 'license', LN: 'license', AN: 'account', ACSN: 'other_id', PPN: 'other_id', TAX: 'ssn', DR: 'other_id',
};

