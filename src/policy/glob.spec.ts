import { describe, expect, it } from 'vitest';
import { compileGlob } from './glob.js';

describe('compileGlob', () => {
  const path = { separator: '/' };
  const cases: Array<{ pattern: string; options?: Parameters<typeof compileGlob>[1]; yes: string[]; no: string[] }> = [
    { pattern: '/Patient/**', options: path, yes: ['/Patient', '/Patient/', '/Patient/1', '/Patient/1/_history/2'], no: ['/Patients', '/Observation/1', '/patient/1'] },
    { pattern: '/Observation*', options: path, yes: ['/Observation', '/Observation123'], no: ['/Observation/1'] },
    { pattern: '/Patient/*', options: path, yes: ['/Patient/1'], no: ['/Patient/1/x', '/Patient'] },
    { pattern: '/a/**/b', options: path, yes: ['/a/b', '/a/x/b', '/a/x/y/b'], no: ['/a/xb', '/a/b/c'] },
    { pattern: '**', options: path, yes: ['', '/', '/x/y'], no: [] },
    { pattern: '/$export', options: path, yes: ['/$export'], no: ['/$exports', '/x/$export'] },
    { pattern: '/**/$export', options: path, yes: ['/$export', '/Patient/$export', '/Group/1/$export'], no: ['/Patient/$export/x'] },
    { pattern: '/x?', options: path, yes: ['/x1'], no: ['/x', '/x/', '/x12'] },
    { pattern: 'fhir.*', options: { caseInsensitive: true }, yes: ['fhir.clinical.svc.cluster.local', 'FHIR.x'], no: ['fhir', 'xfhir.y'] },
    { pattern: 'spiffe://cluster.local/ns/agents/sa/*', options: path, yes: ['spiffe://cluster.local/ns/agents/sa/coder'], no: ['spiffe://cluster.local/ns/agents/sa/a/b', 'spiffe://cluster.local/ns/other/sa/coder'] },
    { pattern: 'a.(b)+[c]', options: path, yes: ['a.(b)+[c]'], no: ['ax(b)+[c]'] },
    { pattern: 'a.(b)*', options: path, yes: ['a.(b)', 'a.(b)zz'], no: ['ax(b)'] },
  ];
  it.each(cases)('$pattern', ({ pattern, options, yes, no }) => {
    const glob = compileGlob(pattern, options);
    for (const value of yes) expect(glob.test(value), `${pattern} ~ ${value}`).toBe(true);
    for (const value of no) expect(glob.test(value), `${pattern} !~ ${value}`).toBe(false);
  });
});
