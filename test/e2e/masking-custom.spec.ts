import { writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { waitFor } from '../support/wait-for.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue #14 part 4 through a real Envoy: a hospital's own MRN format declared in the config
// file masks a FHIR Identifier.value (counted as an MRN) and the same MRN inside a note, which
// the built-ins leave; a deny-list term added to the config file takes effect without a restart;
// a change with a catastrophic pattern is rejected, audited, and the rules in force keep working.
const MRN = 'HOSP-4488121'; // mod 11 check digit 1
const STAFF = 'quillfeather';

const recognizers = [
  { id: 'hosp-mrn', category: 'mrn', patterns: ['HOSP-\\d{7}'], validate: { checkDigit: 'mod11' } },
  // Scoped to the profile a route names in the policy.
  { id: 'study-id', category: 'other_id', patterns: ['stu[a-z]{2}\\d{3}'], profiles: ['research'] },
];

const bundle = {
  resourceType: 'Bundle',
  type: 'searchset',
  entry: [
    { resource: { resourceType: 'Patient', id: 'p1', identifier: [{ system: 'urn:oid:2.16.840.1.113883.3.999.1', value: MRN }], gender: 'female' } },
    {
      resource: {
        resourceType: 'Observation',
        id: 'o1',
        status: 'final',
        valueQuantity: { value: 72, unit: 'beats/minute' },
        note: [{ text: `Reviewed ${MRN} with the team; heart rate 72.` }],
      },
    },
  ],
};

describe('custom recognizers from the config file, through a real Envoy', () => {
  const upstream = new UpstreamServer();
  const wardgate = new TestWardgate({
    policy: {
      version: 1,
      defaults: { action: 'allow', maskingProfile: 'strict' },
      rules: [{ id: 'research', match: { paths: ['/research/**'] }, action: 'allow', maskingProfile: 'research' }],
    },
    config: { policy: { pollInterval: '200ms' }, masking: { custom: { recognizers } } },
    configInFile: true,
  });
  let envoy: EnvoyProcess;

  const send = (contentType: string, body: string) => (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };

  /** Rewrites `masking.custom` in the config file Wardgate was started from. */
  function writeCustom(custom: Record<string, unknown>): void {
    const raw = { ...wardgate.rawConfig, masking: { ...(wardgate.rawConfig.masking as object), custom } };
    writeFileSync(wardgate.configFile, stringify(raw));
  }

  /** Session events of responses of one content type (the session event names no path). */
  async function sessionsFor(contentType: string): Promise<Array<{ session: { masking?: { categories: Record<string, number>; rules: Record<string, number> } } }>> {
    const events = (await wardgate.auditEvents()) as Array<{ kind?: string; session?: { contentType?: string } }>;
    return events.filter((e) => e.kind === 'access.session' && e.session?.contentType?.startsWith(contentType)) as never;
  }

  beforeAll(async () => {
    upstream
      .route('/fhir/Bundle', send('application/fhir+json', JSON.stringify(bundle)))
      .route('/notes', send('text/plain', `the note from ${STAFF} was filed for ${MRN}.`))
      .route('/study', send('text/plain', 'sample stuab123 sent'))
      .route('/research/study', send('text/plain', 'sample stuab123 sent'));
    envoy = await startEnvoyFront(wardgate, upstream);
  });

  afterAll(() => stopEnvoyFront(envoy, wardgate, upstream));

  it('a FHIR Patient identifier.value and the same MRN in a note are masked as MRNs', async () => {
    const res = await fetch(envoy.url('/fhir/Bundle'));
    const raw = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(raw.length);
    const text = raw.toString();
    expect(text).not.toContain(MRN);
    const body = JSON.parse(text) as typeof bundle;
    expect(body.entry[0]!.resource.identifier).toEqual([{ system: 'urn:oid:2.16.840.1.113883.3.999.1', value: '[REDACTED:MRN]' }]);
    expect(body.entry[1]!.resource.note![0]!.text).toBe('Reviewed [REDACTED:MRN] with the team; heart rate 72.');
    expect(body.entry[1]!.resource.valueQuantity).toEqual({ value: 72, unit: 'beats/minute' });
    // The audit record counts both as MRNs, one by the recognizer's own rule.
    let masking: { categories: Record<string, number>; rules: Record<string, number> } | undefined;
    await waitFor('the session event', 5_000, async () => {
      masking = (await sessionsFor('application/fhir+json')).at(-1)?.session.masking;
      return masking !== undefined;
    });
    expect(masking!.categories).toEqual({ mrn: 2 });
    expect(masking!.rules['custom:hosp-mrn/patterns[0]']).toBe(1);
  });

  it('a recognizer scoped to a profile applies on the routes whose policy rule names that profile', async () => {
    expect(await (await fetch(envoy.url('/research/study'))).text()).toBe('sample ****b123 sent');
    expect(await (await fetch(envoy.url('/study'))).text()).toBe('sample stuab123 sent');
  });

  it('a deny-list term added to the config file is masked without a restart', async () => {
    const before = await (await fetch(envoy.url('/notes'))).text();
    expect(before).toBe(`the note from ${STAFF} was filed for [REDACTED:MRN].`);
    writeCustom({ recognizers, denyList: [{ terms: ['Quillfeather'] }] });
    await waitFor('the deny-list in force', 10_000, async () => !(await (await fetch(envoy.url('/notes'))).text()).includes(STAFF));
    expect(await (await fetch(envoy.url('/notes'))).text()).toBe('the note from [REDACTED:NAME] was filed for [REDACTED:MRN].');
    const loaded = (await wardgate.auditEvents()).filter((e) => e.kind === 'policy.loaded' && JSON.stringify(e).includes('#masking.custom'));
    expect(loaded.length).toBeGreaterThanOrEqual(2);
  });

  it('a change with a catastrophic pattern is rejected and audited; the rules in force keep working', async () => {
    writeCustom({ recognizers: [...recognizers, { id: 'bad', category: 'mrn', patterns: ['(a|aa)*b'] }], denyList: [] });
    let rejected: Record<string, unknown> | undefined;
    await waitFor('the rejection in the audit log', 10_000, async () => {
      // The watcher may also catch the file half-written (truncated, then written) and reject that first: the rejection looked for is the pattern's.
      rejected = (await wardgate.auditEvents()).find((e) => e.kind === 'policy.rejected' && JSON.stringify(e).includes('#masking.custom') && JSON.stringify(e).includes('patterns[0]'));
      return rejected !== undefined;
    });
    expect(JSON.stringify(rejected)).toContain("masking.custom.recognizers[2].patterns[0]: unbounded repetition '*'");
    // Neither the dropped deny-list nor the bad recognizer is in force: the previous block is.
    expect(await (await fetch(envoy.url('/notes'))).text()).toBe('the note from [REDACTED:NAME] was filed for [REDACTED:MRN].');
    const fhir = await (await fetch(envoy.url('/fhir/Bundle'))).text();
    expect(fhir).not.toContain(MRN);
    // No term or value in Wardgate's own logs.
    expect(wardgate.logLines.join('\n')).not.toMatch(new RegExp(`${STAFF}|${MRN}`, 'i'));
  });
});
