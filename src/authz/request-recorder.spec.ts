import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from '../masking/masking-engine.js';
import { decodeBounded, RequestRecorder } from './request-recorder.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7) });
const recorder = new RequestRecorder((text) => {
  const r = engine.maskText(text, 'strict');
  return { output: r.output, total: r.summary.total };
});

/** A recorder that counts its engine calls (what its caches save). */
function countingRecorder(): { counting: RequestRecorder; calls: () => number } {
  let calls = 0;
  const counting = new RequestRecorder((text) => {
    calls += 1;
    const r = engine.maskText(text, 'strict');
    return { output: r.output, total: r.summary.total };
  });
  return { counting, calls: () => calls };
}

describe('RequestRecorder', () => {
  it.each([
    ['/Patient/Jane%20Testperson', '/Patient/[REDACTED]'],
    ['/Patient/Jane+Testperson', '/Patient/[REDACTED]'],
    ['/patients/jane-testperson', '/patients/[REDACTED]'],
    ['/patients/jane_testperson/chart', '/patients/[REDACTED]/chart'],
    ['/ssn/078051120', '/ssn/[REDACTED]'],
    ['/ssn/078-05-1120', '/ssn/[REDACTED]'],
    ['/x/Jane%2520Testperson', '/x/[REDACTED]'],
    ['/x/%2525252541', '/x/[REDACTED]'],
    ['/mail/jane.testperson%40example.org', '/mail/[REDACTED]'],
    ['/Patient/123/_history/2', '/Patient/123/_history/2'],
    ['/api/notes', '/api/notes'],
    ['/a%2Fb', '/a%2Fb'],
  ])('path %s is recorded as %s', (path, recorded) => {
    expect(recorder.path(path)).toBe(recorded);
  });

  it.each([
    ['name=Ada%20Lovelace&count=5', 'name=[REDACTED]&count=5'],
    ['name=Ada+Lovelace', 'name=[REDACTED]'],
    ['ssn=078051120', 'ssn=[REDACTED]'],
    ['phone=415-555-0132&_sort=date', 'phone=[REDACTED]&_sort=date'],
    ['Jane%20Testperson=1', '[REDACTED]=1'],
    ['078-05-1120', '[REDACTED]'],
    ['status=active', 'status=active'],
  ])('query %s is recorded as %s', (query, recorded) => {
    expect(recorder.query(query)).toBe(recorded);
  });

  it.each([
    ['fhir.clinical.svc.cluster.local:8080', 'fhir.clinical.svc.cluster.local:8080'],
    ['DB.Example', 'db.example'],
    ['[::1]:8443', '[::1]:8443'],
    ['10.0.0.7:5432', '10.0.0.7:5432'],
    ['jane testperson', '[REDACTED]'],
    ['078-05-1120.example:80', '[REDACTED]:80'],
    ['jane-testperson.example', '[REDACTED]'],
    ['a@b.example', '[REDACTED]'],
    ['host:99999999', '[REDACTED]'],
  ])('authority %s is recorded as %s', (authority, recorded) => {
    expect(recorder.authority(authority)).toBe(recorded);
  });

  it('judges each authority once and records it the same way every time after (masked ones stay masked)', () => {
    const { counting, calls } = countingRecorder();
    for (let i = 0; i < 3; i += 1) {
      expect(counting.authority('jane-testperson.example')).toBe('[REDACTED]');
      expect(counting.authority('fhir.clinical.svc:8080')).toBe('fhir.clinical.svc:8080');
    }
    expect(calls()).toBe(2);
    // Past its bound the cache starts again rather than grow: still the same answers.
    for (let i = 0; i < 1_100; i += 1) counting.authority(`svc-${i}.internal`);
    expect(counting.authority('jane-testperson.example')).toBe('[REDACTED]');
  });

  it('keeps whole clean paths for next time, never masked ones: each path is recorded the same way every time', () => {
    const { counting, calls } = countingRecorder();
    for (let i = 0; i < 3; i += 1) {
      expect(counting.path('/Patient/Jane%20Testperson')).toBe('/Patient/[REDACTED]');
      expect(counting.path('/fhir/Observation')).toBe('/fhir/Observation');
    }
    const afterFirstRound = calls();
    expect(counting.path('/fhir/Observation')).toBe('/fhir/Observation');
    expect(calls()).toBe(afterFirstRound);
    // The masked path is judged again each time (its raw form is not kept).
    expect(counting.path('/Patient/Jane%20Testperson')).toBe('/Patient/[REDACTED]');
    expect(calls()).toBeGreaterThan(afterFirstRound);
  });

  it.each([
    ["SELECT * FROM p WHERE name = 'jane_Testperson'", "SELECT * FROM p WHERE name = '[REDACTED]'"],
    ["SELECT * FROM p WHERE ssn = '078051120' OR ssn = 078051120", "SELECT * FROM p WHERE ssn = '[REDACTED]' OR ssn = [REDACTED]"],
    ['{ patient(name: "maria.garcia") { id } }', '{ patient(name: "[REDACTED]") { id } }'],
    ["SELECT id FROM p WHERE status = 'active' LIMIT 10", "SELECT id FROM p WHERE status = 'active' LIMIT 10"],
  ])('command %s is recorded as %s', (masked, recorded) => {
    expect(recorder.command(masked)).toBe(recorded);
  });

  it('decodes a bounded number of times', () => {
    expect(decodeBounded('%2541', false)).toBe('A');
    expect(decodeBounded('a+b', true)).toBe('a b');
    expect(decodeBounded('a+b', false)).toBe('a+b');
    expect(decodeBounded('%25252541', false)).toBeUndefined();
    expect(decodeBounded('%E0%A4%A', false)).toBeUndefined();
  });
});
