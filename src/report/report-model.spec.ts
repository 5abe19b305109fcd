import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditReportJsonSchema } from './report-model.js';

const repoRoot = join(import.meta.dirname, '..', '..');

describe('published audit report schema', () => {
  it('docs/audit-report.schema.json is the generated schema (regenerate: wardgate audit schema --report > docs/audit-report.schema.json)', async () => {
    const published = JSON.parse(await readFile(join(repoRoot, 'docs', 'audit-report.schema.json'), 'utf8')) as Record<string, unknown>;
    expect(published).toEqual(auditReportJsonSchema());
    expect(published.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(published.$id).toBe('https://wardgate.dev/schemas/audit-report/v1.json');
  });
});
