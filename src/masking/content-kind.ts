import { mediaTypeOf } from '../http/media-type.js';

/** The body formats masking understands. */
export type MaskContentKind = 'json' | 'ndjson' | 'csv' | 'text';

const ndjsonTypes = new Set(['application/x-ndjson', 'application/ndjson', 'application/fhir+ndjson', 'application/jsonl', 'application/x-jsonlines']);

/** Maps a Content-Type header to a content kind; undefined for anything masking cannot read. */
export function contentKindFromMediaType(contentType: string): MaskContentKind | undefined {
  const type = mediaTypeOf(contentType);
  if (type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))) return 'json';
  if (ndjsonTypes.has(type)) return 'ndjson';
  if (type === 'text/csv') return 'csv';
  if (type === 'text/plain') return 'text';
  return undefined;
}
