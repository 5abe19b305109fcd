import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';
import type { KeyRule } from '../key-rules.js';
import { normaliseKey } from '../key-rules.js';
import type { PhiCategory } from '../phi-category.js';
import type { CustomRecognizerDeclaration } from './custom-recognizer.js';
import { CustomRecognizer } from './custom-recognizer.js';
import type { ExtraRecognizer } from './extra-recognizer.js';
import type { AllowListDeclaration, DenyListDeclaration } from './operator-rules.js';
import { AllowListRecognizer, DenyListRecognizer } from './operator-rules.js';

/** Field names, CSV column names or JSON paths whose values are PHI of a category. */
export interface KeyRuleDeclaration {
  readonly category: PhiCategory;
  /** JSON keys and CSV/SQL column names, compared normalised (`hospital_no` = `hospitalNo`). */
  readonly keys?: readonly string[];
  /** JSON paths as the summary and `--explain` print them: `$.patient.localId`, `$.rows[].bed`, `Patient.extension.valueString`. */
  readonly paths?: readonly string[];
  /** Numbers under these keys are PHI too. @default true */
  readonly numeric?: boolean;
}

/** The `masking.custom` block as the config schema leaves it. */
export interface CustomMaskingDeclaration {
  readonly recognizers?: readonly CustomRecognizerDeclaration[];
  readonly denyList?: readonly DenyListDeclaration[];
  readonly allowList?: readonly AllowListDeclaration[];
  readonly keyRules?: readonly KeyRuleDeclaration[];
}

interface Scoped extends ExtraRecognizer {
  readonly profiles: readonly string[] | undefined;
}

/** The block compiled once: every pattern checked and built, lists indexed; frozen. */
export interface CompiledCustomMasking {
  readonly recognizers: readonly CustomRecognizer[];
  /** Allow-lists first, then deny-lists, then recognizers, for the profile. Empty: nothing to add. */
  extrasFor(profile: string): readonly ExtraRecognizer[];
  /** Normalised key -> rule, laid over the built-in key rules. */
  readonly keyRules: ReadonlyMap<string, KeyRule>;
  /** Normalised JSON path -> rule, checked before the key's own rule. */
  readonly pathRules: ReadonlyMap<string, KeyRule>;
  /** Nothing declared at all. */
  readonly empty: boolean;
}

/** `[*]`, `[0]` and `[]` all mean "any element"; a leading `$` may be omitted for FHIR resource paths. */
export function normaliseJsonPath(path: string): string {
  return path.trim().replace(/\[(?:\*|\d+)?\]/g, '[]');
}

/**
 * Compiles the block. A bad part throws a WardgateError whose `details.path` names it relative
 * to the block (`recognizers[0].patterns[1]`) and whose message says why and where.
 */
export function compileCustomMasking(declaration: CustomMaskingDeclaration): CompiledCustomMasking {
  const recognizers = (declaration.recognizers ?? []).map((r, i) => {
    try {
      return new CustomRecognizer(r);
    } catch (err) {
      const e = WardgateError.from(err);
      const index = e.details['patternIndex'];
      const path = typeof index === 'number' ? `recognizers[${i}].patterns[${index}]` : `recognizers[${i}]`;
      throw new WardgateError(ErrorCode.InvalidArgument, `${path}: ${e.message}`, { details: { path, reason: e.message } });
    }
  });
  const ids = new Set<string>();
  recognizers.forEach((r, i) => {
    if (ids.has(r.id)) throw new WardgateError(ErrorCode.InvalidArgument, `recognizers[${i}].id: duplicate recognizer id ${r.id}`, { details: { path: `recognizers[${i}].id` } });
    ids.add(r.id);
  });
  const allow = (declaration.allowList ?? []).map((d, i) => new AllowListRecognizer(d, i));
  const deny = (declaration.denyList ?? []).map((d, i) => new DenyListRecognizer(d, i));
  const scoped: readonly Scoped[] = [...allow, ...deny, ...recognizers];

  const keyRules = new Map<string, KeyRule>();
  const pathRules = new Map<string, KeyRule>();
  for (const k of declaration.keyRules ?? []) {
    const rule: KeyRule = Object.freeze({ category: k.category, numeric: k.numeric ?? true });
    for (const key of k.keys ?? []) keyRules.set(normaliseKey(key), rule);
    for (const path of k.paths ?? []) pathRules.set(normaliseJsonPath(path), rule);
  }

  const byProfile = new Map<string, readonly ExtraRecognizer[]>();
  const compiled: CompiledCustomMasking = {
    recognizers: Object.freeze(recognizers),
    extrasFor(profile) {
      let list = byProfile.get(profile);
      if (list === undefined) {
        list = Object.freeze(scoped.filter((r) => r.profiles === undefined || r.profiles.includes(profile)));
        byProfile.set(profile, list);
      }
      return list;
    },
    keyRules,
    pathRules,
    empty: scoped.length === 0 && keyRules.size === 0 && pathRules.size === 0,
  };
  return Object.freeze(compiled);
}

/** Where the engine gets the custom rules in force (hot reload swaps them underneath). */
export interface CustomMaskingSource {
  current(): CompiledCustomMasking;
}

/** A source that never changes (the CLI, tests, a config without hot reload). */
export function fixedCustomMasking(compiled: CompiledCustomMasking): CustomMaskingSource {
  return { current: () => compiled };
}
