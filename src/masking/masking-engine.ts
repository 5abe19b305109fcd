import type { Clock } from '../clock/clock.js';
import { SystemClock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { MaskContentKind } from './content-kind.js';
import { CsvReader } from './csv-codec.js';
import { CsvMasker } from './csv-masker.js';
import type { CustomMaskingSource } from './custom/custom-masking.js';
import type { ScanParts } from './custom/custom-scanners.js';
import { CustomScanParts } from './custom/custom-scanners.js';
import type { ExtraRecognizer } from './custom/extra-recognizer.js';
import { JsonMasker } from './json-masker.js';
import { JsonTapeArena } from './json-tape.js';
import type { KeyRule } from './key-rules.js';
import { createKeyRules } from './key-rules.js';
import type { MaskObserver } from './mask-context.js';
import { MaskContext } from './mask-context.js';
import type { CompiledProfile, MaskingProfile } from './masking-profile.js';
import { CATEGORY_MODES, MASK_MODES, builtInMaskingProfiles, compileProfile } from './masking-profile.js';
import type { MaskingSummary } from './masking-summary.js';
import { createNameDictionary } from './name-detector.js';
import { isPhiCategory } from './phi-category.js';
import { createReplacer } from './replacer.js';
import type { StreamMasker } from './stream-maskers.js';
import { CsvStreamMasker, NdjsonStreamMasker, TextStreamMasker, maskLines } from './stream-maskers.js';
import { BUILT_IN_RECOGNIZERS } from './recognizers/built-in-recognizers.js';
import type { RecognizerDeclaration } from './recognizers/recognizer.js';
import { createRecognizerRegistry } from './recognizers/recognizer-registry.js';
import { OWN_OUTPUT_CHARS, TextScanner, maskFreeText } from './text-scanner.js';

export type { StreamMasker } from './stream-maskers.js';

export interface MaskingEngineOptions {
  /** Added to the built-in profiles (`strict`, `research`, `joinable`); a profile with a built-in's name replaces it. */
  profiles: MaskingProfile[];
  /** HMAC key for `token` mode (at least 16 bytes). Copied; never exposed. */
  tokenKey: Buffer;
  /** For the birth-year rule (a year implying an age over 89 is masked). @default SystemClock */
  clock?: Clock;
  /** Longest NDJSON line / CSV record a stream masker will carry. @default 8 MiB of characters */
  maxStreamRecordChars?: number;
  /** Operator-declared recognizers, lists and key rules (`masking.custom`), read per body: hot reload swaps them. */
  custom?: CustomMaskingSource;
  /** Told of every replacement with its original text (`wardgate mask --explain` only; the server never sets it). */
  onMasked?: MaskObserver;
  /**
   * The recognizers free text is scanned with, in order. The seam for an operator's own:
   * `[...BUILT_IN_RECOGNIZERS, ...custom]`. Profiles switch them off by id (`disabledRecognizers`).
   * @default BUILT_IN_RECOGNIZERS
   */
  recognizers?: readonly RecognizerDeclaration[];
}

export interface MaskingEngine {
  profileNames(): string[];
  hasProfile(name: string): boolean;
  /** Whole body at once (BUFFERED). Throws WardgateError(Uninspectable) on unparseable JSON/CSV (never returns raw input on failure). */
  maskBody(input: string, kind: MaskContentKind, profile: string): { output: string; summary: MaskingSummary };
  /** Chunked (STREAMED) masking for ndjson, text and csv, with carry-over so a value split across chunks is still caught. */
  createStreamMasker(kind: 'ndjson' | 'text' | 'csv', profile: string): StreamMasker;
  /** Masks free text (audit command text, SQL literals, URLs). */
  maskText(input: string, profile: string): { output: string; summary: MaskingSummary };
}

const MIN_TOKEN_KEY_BYTES = 16;
const warmUpText =
  'Patient: Zorba Quill, DOB 03/04/1950, March 3, 1950, 3 Mar 1950, May 2020, MRN: 1234567, SSN 123-45-6789, ' +
  '(975) 310-8670, +44 20 7946 0958, a@b.example, https://x.example/a, 10.0.0.1, 2001:db8::1, lives at 985 Bramble Close, ' +
  'Boston, MA 02115, zip 02115-1234, aged 93, 1HGCM82633A004352, Jennifer Smith';

export function createMaskingEngine(options: MaskingEngineOptions): MaskingEngine {
  if (!Buffer.isBuffer(options.tokenKey) || options.tokenKey.length < MIN_TOKEN_KEY_BYTES) {
    throw new WardgateError(ErrorCode.InvalidArgument, `masking token key must be at least ${MIN_TOKEN_KEY_BYTES} bytes`);
  }
  const tokenKey = Buffer.from(options.tokenKey);
  const clock = options.clock ?? new SystemClock();
  const maxRecord = options.maxStreamRecordChars ?? 8 * 1024 * 1024;
  const recognizers = options.recognizers ?? BUILT_IN_RECOGNIZERS;
  // Checks the declarations once (ids, categories) before any profile refers to them.
  const recognizerIds = new Set(createRecognizerRegistry(recognizers, { extraChars: OWN_OUTPUT_CHARS }).ids);
  const profiles = new Map<string, CompiledProfile>();
  for (const p of builtInMaskingProfiles()) profiles.set(p.name, compileProfile(p));
  const seen = new Set<string>();
  for (const p of options.profiles) {
    validateProfile(p, recognizerIds);
    if (seen.has(p.name)) throw new WardgateError(ErrorCode.InvalidArgument, 'duplicate masking profile name', { details: { profile: p.name } });
    seen.add(p.name);
    profiles.set(p.name, compileProfile(p));
  }
  const rules: ReadonlyMap<string, KeyRule> = createKeyRules();
  const names = createNameDictionary();
  // One scanner per set of switched-off recognizers (the built-in profiles share one), each
  // built now: compiling the patterns takes tens of ms, better at start than on a request.
  const scanners = new Map<string, TextScanner>();
  const makeScanner = (disabled: readonly string[], extras?: Parameters<typeof createScannerWithExtras>[3]): TextScanner => createScannerWithExtras(recognizers, disabled, names, extras);
  for (const p of profiles.values()) {
    const key = p.disabledRecognizers.join(',');
    if (!scanners.has(key)) scanners.set(key, makeScanner(p.disabledRecognizers));
  }
  // Masking is synchronous, so one body at a time uses the token cells.
  const arena = new JsonTapeArena();
  const disabledOf = (profileName: string): readonly string[] => profiles.get(profileName)?.disabledRecognizers ?? [];
  const bases = new Map<string, ScanParts<TextScanner>>();
  for (const [key, scanner] of scanners) bases.set(key, { scanner, rules, json: undefined });
  const baseFor = (profileName: string): ScanParts<TextScanner> => bases.get(disabledOf(profileName).join(','))!;
  // Operator-declared recognizers and rules (masking.custom), laid over each profile's scanner.
  const custom =
    options.custom === undefined ? undefined : new CustomScanParts(options.custom, baseFor, (profileName, extras) => makeScanner(disabledOf(profileName), extras));

  function context(profileName: string): { ctx: MaskContext; year: number; parts: ScanParts<TextScanner> } {
    const profile = profiles.get(profileName);
    if (profile === undefined) throw new WardgateError(ErrorCode.InvalidArgument, 'unknown masking profile', { details: { profile: profileName } });
    const year = new Date(clock.now()).getUTCFullYear();
    const parts = custom?.for(profileName) ?? baseFor(profileName);
    return { ctx: new MaskContext(createReplacer(profile, tokenKey, year), options.onMasked), year, parts };
  }

  function jsonLineMasker(ctx: MaskContext, year: number, { rules, scanner, json }: ScanParts<TextScanner>): (line: string) => string {
    // One walker per body or stream: its key and path caches serve every line.
    const masker = new JsonMasker(rules, scanner, ctx, year, arena, json);
    return (line) => masker.maskDocument(line);
  }

  return {
    profileNames: () => [...profiles.keys()],
    hasProfile: (name) => profiles.has(name),

    maskBody(input, kind, profile) {
      const { ctx, year, parts } = context(profile);
      const { rules, scanner } = parts;
      let output: string;
      switch (kind) {
        case 'json':
          output = new JsonMasker(rules, scanner, ctx, year, arena, parts.json).maskDocument(input);
          break;
        case 'ndjson':
          output = maskLines(input, jsonLineMasker(ctx, year, parts));
          break;
        case 'csv': {
          const reader = new CsvReader(Number.MAX_SAFE_INTEGER);
          const masker = new CsvMasker(rules, scanner, ctx, year);
          output = '';
          for (const record of [...reader.push(input), ...reader.end()]) output += masker.maskRecord(record);
          break;
        }
        case 'text':
          output = maskFreeText(scanner, input, ctx);
          break;
        default:
          throw new WardgateError(ErrorCode.InvalidArgument, 'unknown content kind', { details: { kind: String(kind) } });
      }
      return { output, summary: ctx.summary() };
    },

    createStreamMasker(kind, profile) {
      const { ctx, year, parts } = context(profile);
      const { rules, scanner } = parts;
      switch (kind) {
        case 'ndjson':
          return new NdjsonStreamMasker(jsonLineMasker(ctx, year, parts), ctx, maxRecord);
        case 'csv':
          return new CsvStreamMasker(new CsvMasker(rules, scanner, ctx, year), ctx, maxRecord);
        case 'text':
          return new TextStreamMasker(scanner, ctx);
        default:
          throw new WardgateError(ErrorCode.InvalidArgument, 'unknown stream content kind', { details: { kind: String(kind) } });
      }
    },

    maskText(input, profile) {
      const { ctx, parts } = context(profile);
      return { output: maskFreeText(parts.scanner, input, ctx), summary: ctx.summary() };
    },
  };
}

function validateProfile(p: MaskingProfile, recognizerIds: ReadonlySet<string>): void {
  const bad = (why: string): never => {
    throw new WardgateError(ErrorCode.InvalidArgument, `invalid masking profile: ${why}`, { details: { profile: p.name } });
  };
  if (typeof p.name !== 'string' || p.name === '') bad('empty name');
  if (!(MASK_MODES as readonly string[]).includes(p.defaultMode)) bad('unknown default mode');
  for (const [category, mode] of Object.entries(p.categories ?? {})) {
    if (!isPhiCategory(category)) bad(`unknown category ${category}`);
    if (!(CATEGORY_MODES as readonly string[]).includes(mode as string)) bad(`unknown mode for ${category}`);
  }
  for (const id of p.disabledRecognizers ?? []) {
    if (!recognizerIds.has(id)) {
      throw new WardgateError(ErrorCode.InvalidArgument, `invalid masking profile: disabledRecognizers names unknown recognizer ${JSON.stringify(id)}`, {
        details: { profile: p.name, field: 'disabledRecognizers', recognizer: id },
      });
    }
  }
}

/** A scanner over the registry minus `disabled`, with an operator's extra recognizers when given. */
function createScannerWithExtras(
  recognizers: readonly RecognizerDeclaration[],
  disabled: readonly string[],
  names: ReturnType<typeof createNameDictionary>,
  extras?: readonly ExtraRecognizer[],
): TextScanner {
  const scanner = new TextScanner(createRecognizerRegistry(recognizers, { disabled, extraChars: OWN_OUTPUT_CHARS }), names, extras);
  scanner.findSpans(warmUpText);
  return scanner;
}

export type { MaskContentKind } from './content-kind.js';
export { contentKindFromMediaType } from './content-kind.js';
export type { MaskingProfile, MaskMode, CategoryMode } from './masking-profile.js';
export { builtInMaskingProfiles } from './masking-profile.js';
