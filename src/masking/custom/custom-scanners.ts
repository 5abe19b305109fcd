import type { KeyRule } from '../key-rules.js';
import type { PhiCategory } from '../phi-category.js';
import type { CompiledCustomMasking, CustomMaskingSource } from './custom-masking.js';
import type { ExtraRecognizer } from './extra-recognizer.js';

/** What one body is masked with: the scanner and key rules for its profile under the rules in force. */
export interface ScanParts<S> {
  readonly scanner: S;
  readonly rules: ReadonlyMap<string, KeyRule>;
  /** For the JSON walk; undefined when nothing custom applies. */
  readonly json: { readonly pathRules?: ReadonlyMap<string, KeyRule>; readonly identifierCategory?: (value: string) => PhiCategory | undefined } | undefined;
}

/**
 * The engine's hook: for the custom rules in force and a profile, a scanner that also runs the
 * extra recognizers, and the key rules with the operator's laid over the built-ins. Built once
 * per (compiled rules, profile); a hot reload brings new compiled rules and so new parts, while a
 * body or stream already started keeps the parts it began with.
 */
export class CustomScanParts<S> {
  private readonly cache = new WeakMap<CompiledCustomMasking, { rules: ReadonlyMap<string, KeyRule>; byProfile: Map<string, ScanParts<S>> }>();

  /**
   * `base(profile)`: what the profile is masked with when nothing custom applies (the built-in
   * scanner for that profile); `makeScanner(profile, extras)`: the same scanner with the extras added.
   */
  constructor(
    private readonly source: CustomMaskingSource,
    private readonly base: (profile: string) => ScanParts<S>,
    private readonly makeScanner: (profile: string, extras: readonly ExtraRecognizer[]) => S,
  ) {}

  for(profile: string): ScanParts<S> {
    const compiled = this.source.current();
    const base = this.base(profile);
    if (compiled.empty) return base;
    let entry = this.cache.get(compiled);
    if (entry === undefined) {
      const rules = compiled.keyRules.size === 0 ? base.rules : new Map([...base.rules, ...compiled.keyRules]);
      entry = { rules, byProfile: new Map() };
      this.cache.set(compiled, entry);
    }
    let parts = entry.byProfile.get(profile);
    if (parts === undefined) {
      const extras = compiled.extrasFor(profile);
      const recognizers = compiled.recognizers.filter((r) => r.profiles === undefined || r.profiles.includes(profile));
      parts = {
        scanner: extras.length === 0 ? base.scanner : this.makeScanner(profile, extras),
        rules: entry.rules,
        json: {
          ...(compiled.pathRules.size === 0 ? {} : { pathRules: compiled.pathRules }),
          ...(recognizers.length === 0 ? {} : { identifierCategory: (value: string) => recognizers.find((r) => r.matchesWhole(value))?.category }),
        },
      };
      entry.byProfile.set(profile, parts);
    }
    return parts;
  }
}
