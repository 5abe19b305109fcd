import type { MaskingSummary } from '../masking/masking-summary.js';

export type MaskKind = 'json' | 'ndjson' | 'csv' | 'text';

export interface StreamMaskerPort {
  push(chunk: string): string;
  end(): string;
  summary(): MaskingSummary;
}

/** The part of the masking engine ext_proc uses (structurally satisfied by `MaskingEngine`). */
export interface MaskingPort {
  hasProfile(name: string): boolean;
  maskBody(input: string, kind: MaskKind, profile: string): { output: string; summary: MaskingSummary };
  createStreamMasker(kind: 'ndjson' | 'text' | 'csv', profile: string): StreamMaskerPort;
}
