import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';
import { isPhiCategory } from '../phi-category.js';
import type { Span } from '../span.js';
import type { RecognizerDeclaration, RecognizerGroup, RecognizerMatcher } from './recognizer.js';
import type { CompiledPrefilter, PrefilterNeeds, TextFacts } from './text-facts.js';
import { TextFactsPass } from './text-facts.js';

export interface RecognizerRegistryOptions {
  /** Ids left out (a profile's `disabledRecognizers`). Unknown ids are refused. */
  readonly disabled?: readonly string[];
  /** Characters the caller wants counted in the facts too (the scanner's own `[`, `_`, `*`). */
  readonly extraChars?: string;
  /** @default true. False runs every recognizer on every string (the pre-filter property test). */
  readonly prefilters?: boolean;
}

/** The recognizers of one engine (or one profile), compiled, with the pre-filter pass derived from them. */
export interface RecognizerRegistry {
  /** Every declared id, in order (disabled ones included). */
  readonly ids: readonly string[];
  /** The enabled ids, in order. */
  readonly enabled: readonly string[];
  /** The one pre-filter pass over `text`. */
  facts(text: string): TextFacts;
  /** The slot of a character counted in `facts().chars` (one of `extraChars` or a declared one). */
  charSlot(ch: string): number;
  /** True when some enabled recognizer's pre-filter passes. */
  anyCanFire(text: string, facts: TextFacts): boolean;
  /** Runs every enabled recognizer whose pre-filter passes, in order, appending raw spans to `out`. */
  detect(text: string, facts: TextFacts, out: Span[]): void;
}

interface Compiled {
  readonly ids: readonly string[];
  readonly needs: PrefilterNeeds;
  readonly prefilter: CompiledPrefilter;
  readonly find: RecognizerMatcher;
}

const idRe = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Builds a registry from declarations (`BUILT_IN_RECOGNIZERS`, then any extra ones appended:
 * `createRecognizerRegistry([...BUILT_IN_RECOGNIZERS, ...custom])`). Declarations are checked
 * here: ids unique and kebab-case, a known category (or `null` for kept look-alikes), `create` or `group`.
 */
export function createRecognizerRegistry(declarations: readonly RecognizerDeclaration[], options: RecognizerRegistryOptions = {}): RecognizerRegistry {
  const ids = declarations.map((d) => d.id);
  const seen = new Set<string>();
  for (const d of declarations) {
    const bad = (why: string): never => {
      throw new WardgateError(ErrorCode.InvalidArgument, `invalid recognizer ${JSON.stringify(d.id)}: ${why}`, { details: { recognizer: d.id } });
    };
    if (typeof d.id !== 'string' || !idRe.test(d.id)) bad('ids are kebab-case');
    if (seen.has(d.id)) bad('duplicate id');
    seen.add(d.id);
    if (d.category !== null && !isPhiCategory(d.category)) bad('unknown category');
    if ((d.create === undefined) === (d.group === undefined)) bad('declares exactly one of create and group');
  }
  const disabled = new Set(options.disabled ?? []);
  for (const id of disabled) {
    if (!seen.has(id)) throw new WardgateError(ErrorCode.InvalidArgument, `unknown recognizer id ${JSON.stringify(id)}`, { details: { recognizer: id } });
  }
  const enabledDeclarations = declarations.filter((d) => !disabled.has(d.id));
  const pass = new TextFactsPass();
  for (const ch of options.extraChars ?? '') pass.slot(ch);
  const prefilters = options.prefilters ?? true;

  // Groups compile their enabled members together and run where the first of them stands.
  const compiled: Compiled[] = [];
  const groups = new Map<RecognizerGroup, RecognizerDeclaration[]>();
  for (const d of enabledDeclarations) {
    if (d.group === undefined) continue;
    const members = groups.get(d.group);
    if (members === undefined) groups.set(d.group, [d]);
    else members.push(d);
  }
  const placed = new Set<RecognizerGroup>();
  for (const d of enabledDeclarations) {
    if (d.group === undefined) {
      const { test, needs } = pass.compile(d.prefilter);
      compiled.push({ ids: [d.id], needs, prefilter: test, find: d.create!() });
      continue;
    }
    if (placed.has(d.group)) continue;
    placed.add(d.group);
    const members = groups.get(d.group)!;
    const each = members.map((m) => pass.compile(m.prefilter));
    const tests = each.map((e) => e.test);
    compiled.push({
      ids: members.map((m) => m.id),
      needs: each.map((e) => e.needs).reduce((a, b) => ({ flags: a.flags & b.flags, shapes: a.shapes & b.shapes, cues: a.cues & b.cues, substrings: a.substrings & b.substrings })),
      prefilter: (f, t) => tests.some((test) => test(f, t)),
      find: d.group.create(members),
    });
  }
  const runs = (r: Compiled, f: TextFacts, text: string): boolean => {
    const n = r.needs;
    return (f.flags & n.flags) === n.flags && (f.cues & n.cues) === n.cues && (f.shapes & n.shapes) === n.shapes && (f.substrings & n.substrings) === n.substrings && r.prefilter(f, text);
  };

  return {
    ids,
    enabled: enabledDeclarations.map((d) => d.id),
    facts: prefilters ? (text) => pass.facts(text) : (text) => pass.open(text),
    charSlot: (ch) => pass.slot(ch),
    anyCanFire(text, facts) {
      for (const r of compiled) if (runs(r, facts, text)) return true;
      return false;
    },
    detect(text, facts, out) {
      for (const r of compiled) if (runs(r, facts, text)) r.find(text, out);
    },
  };
}
