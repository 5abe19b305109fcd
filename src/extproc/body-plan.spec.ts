import { describe, expect, it } from 'vitest';
import { planBody } from './body-plan.js';
import type { ExtprocSettings } from './extproc-settings.js';

const settings: ExtprocSettings = {
  defaultProfile: 'strict', passthroughProfile: 'none', stripAcceptEncoding: true,
  maxBufferedBytes: 1000, maxAccumulatedBytes: 10_000, maxDecompressedBytes: 100_000,
  unknownContentType: 'block', uninspectable: 'block',
};

describe('planBody', () => {
  it.each([
    ['small JSON with length', { mask: 'json', encoding: 'identity', contentLength: 500 }, { kind: 'buffered', mask: 'json', encoding: 'identity' }],
    ['chunked JSON is held with its headers', { mask: 'json', encoding: 'identity', contentLength: undefined }, { kind: 'held', mask: 'json', encoding: 'identity' }],
    ['large JSON within the accumulate limit', { mask: 'json', encoding: 'identity', contentLength: 5000 }, { kind: 'accumulate', mask: 'json', encoding: 'identity' }],
    ['JSON above every limit', { mask: 'json', encoding: 'identity', contentLength: 50_000 }, { refuse: 'body_too_large' }],
    ['chunked NDJSON', { mask: 'ndjson', encoding: 'identity', contentLength: undefined }, { kind: 'stream', mask: 'ndjson' }],
    ['large CSV streams whatever its length', { mask: 'csv', encoding: 'identity', contentLength: 50_000 }, { kind: 'stream', mask: 'csv' }],
    ['small gzip text', { mask: 'text', encoding: 'gzip', contentLength: 100 }, { kind: 'buffered', mask: 'text', encoding: 'gzip' }],
    ['chunked gzip NDJSON is held and decoded whole', { mask: 'ndjson', encoding: 'gzip', contentLength: undefined }, { kind: 'held', mask: 'ndjson', encoding: 'gzip' }],
    ['unknown encoding', { mask: 'json', encoding: undefined, contentLength: 10 }, { refuse: 'unsupported_content_encoding' }],
    ['unknown type blocked', { mask: undefined, encoding: 'identity', contentLength: 10 }, { refuse: 'unsupported_content_type' }],
  ] as const)('%s', (_name, input, expected) => {
    expect(planBody(input, settings)).toEqual(expected);
  });

  it('unknown types follow the setting', () => {
    expect(planBody({ mask: undefined, encoding: 'identity', contentLength: 10 }, { ...settings, unknownContentType: 'pass' })).toEqual({ kind: 'pass' });
    expect(planBody({ mask: undefined, encoding: 'identity', contentLength: undefined }, { ...settings, unknownContentType: 'mask_text' })).toEqual({ kind: 'stream', mask: 'text' });
  });
});
