import { describe, expect, it } from 'vitest';
import { WardgateError } from '../errors/wardgate-error.js';
import { compilePolicy } from './compile-policy.js';
import { compilePolicyText } from './load-policy.js';
import { buildPolicyInput, type PolicyTestRequest } from './policy-test-request.js';

const policyYaml = `
version: 1
defaults: { action: deny, status: 403, message: "Not allowed", maskingProfile: strict, hold: { approverGroups: [phi-approvers] } }
rules:
  - id: no-anonymous
    match: { authenticated: false }
    action: deny
    deny: { status: 401, message: "Log in" }
  - id: shadow-exports
    dryRun: true
    match: { paths: ["/**/$export"] }
    action: deny
  - id: sql-deny-destructive
    match: { paths: ["/sql"], commands: ["sql:delete", "sql:ddl", "sql:grant", "sql:revoke"], commandsMatch: any }
    action: deny
  - id: sql-patients
    match: { paths: ["/sql"], tables: [patients, "phi.*"] }
    action: require_grant
    requireGrant: { otherwise: hold }
    hold: { approvalsRequired: 2, mode: respond, pendingTtl: 1h }
  - id: sql-select
    match: { paths: ["/sql"], commands: ["sql:select"], tables: ["*", "*.*"], tablesMatch: all }
    action: allow
    maskingProfile: relaxed
  - id: graphql-read
    match: { paths: ["/graphql"], commands: ["graphql:query"], fields: [patient, observations], fieldsMatch: all }
    action: allow
  - id: clinician-read
    match:
      destinations: ["fhir.*"]
      methods: [GET, HEAD]
      paths: ["/Patient/**", "/Observation*"]
      groups: [clinicians]
      agents: ["spiffe://cluster.local/ns/agents/sa/*"]
    action: allow
  - id: patient-write
    match: { methods: [PUT, POST, PATCH], paths: ["/Patient/**"], not: { users: ["svc-*"] } }
    action: hold
    hold: { waitTimeout: 30s }
  - id: office-hours
    match:
      paths: ["/reports/**"]
      timeWindow: { days: [mon, tue, wed, thu, fri], from: "07:00", to: "19:00", timezone: "America/New_York" }
    action: allow
  - id: night-batch
    match:
      paths: ["/batch/**"]
      any: [{ groups: [ops] }, { users: ["batch-*"] }]
      timeWindow: { from: "22:00", to: "06:00", timezone: "Asia/Tokyo" }
    action: allow
`;

const clinician = { sub: 'dr-who', groups: ['clinicians'] };
const agent = 'spiffe://cluster.local/ns/agents/sa/coder';
// 2026-03-04 is a Wednesday.
const wedNoonNewYork = '2026-03-04T17:00:00Z';

interface Case {
  name: string;
  request: Partial<PolicyTestRequest>;
  action: string;
  ruleId: string;
  dryRun?: boolean;
  shadow?: string;
  check?: (verdict: ReturnType<ReturnType<typeof compilePolicyText>['evaluate']>) => void;
}

const cases: Case[] = [
  { name: 'unauthenticated is denied first with its own status', request: { path: '/Patient/1', user: undefined }, action: 'deny', ruleId: 'no-anonymous', check: (v) => expect(v.deny).toEqual({ status: 401, message: 'Log in' }) },
  { name: 'clinician reads a patient', request: { path: '/Patient/1' }, action: 'allow', ruleId: 'clinician-read', check: (v) => expect(v.maskingProfile).toBe('strict') },
  { name: 'clinician reads observations by prefix', request: { path: '/Observation?code=1' }, action: 'allow', ruleId: 'clinician-read' },
  { name: 'destination port is ignored, case-insensitive', request: { authority: 'FHIR.clinical.svc:8443', path: '/Patient/1' }, action: 'allow', ruleId: 'clinician-read' },
  { name: 'other destination falls to default', request: { authority: 'billing.svc', path: '/Patient/1' }, action: 'deny', ruleId: 'default', check: (v) => expect(v.deny).toEqual({ status: 403, message: 'Not allowed' }) },
  { name: 'wrong group', request: { path: '/Patient/1', user: { sub: 'x', groups: ['billing'] } }, action: 'deny', ruleId: 'default' },
  { name: 'wrong agent namespace', request: { path: '/Patient/1', agent: 'spiffe://cluster.local/ns/other/sa/coder' }, action: 'deny', ruleId: 'default' },
  { name: 'no agent at all', request: { path: '/Patient/1', agent: undefined }, action: 'deny', ruleId: 'default' },
  { name: 'path traversal cannot escape a glob', request: { path: '/Patient/../admin/1' }, action: 'deny', ruleId: 'default' },
  { name: 'percent-encoding is decoded before matching', request: { path: '/%50atient/1' }, action: 'allow', ruleId: 'clinician-read' },
  { name: 'method not listed', request: { method: 'DELETE', path: '/Patient/1' }, action: 'deny', ruleId: 'default' },
  {
    name: 'patient write is held with merged hold settings',
    request: { method: 'PUT', path: '/Patient/1', body: { resourceType: 'Patient' } },
    action: 'hold',
    ruleId: 'patient-write',
    check: (v) => expect(v.hold).toEqual({ mode: 'wait', approverGroups: ['phi-approvers'], approvalsRequired: 1, approvalValidityMs: 1_800_000, pendingTtlMs: 900_000, waitTimeoutMs: 30_000 }),
  },
  { name: 'not: service users skip the hold', request: { method: 'PUT', path: '/Patient/1', user: { sub: 'svc-sync', groups: [] } }, action: 'deny', ruleId: 'default' },
  { name: 'sql select on non-PHI tables', request: { path: '/sql', body: { sql: 'SELECT * FROM labs JOIN public.codes USING (id)' } }, action: 'allow', ruleId: 'sql-select', check: (v) => expect(v.maskingProfile).toBe('relaxed') },
  {
    name: 'sql select touching patients needs a grant',
    request: { path: '/sql', body: { sql: 'SELECT * FROM labs l JOIN Public.Patients p ON p.id = l.pid' } },
    action: 'require_grant',
    ruleId: 'sql-patients',
    check: (v) => {
      expect(v.requireGrant).toEqual({ otherwise: 'hold' });
      expect(v.hold).toMatchObject({ mode: 'respond', approvalsRequired: 2, pendingTtlMs: 3_600_000, approverGroups: ['phi-approvers'] });
    },
  },
  { name: 'schema glob phi.*', request: { path: '/sql', body: { sql: 'SELECT * FROM phi.notes' } }, action: 'require_grant', ruleId: 'sql-patients' },
  { name: 'multi-statement hides a drop: denied', request: { path: '/sql', body: { sql: 'SELECT 1 FROM labs; DROP TABLE labs' } }, action: 'deny', ruleId: 'sql-deny-destructive' },
  { name: 'select with an update is not a plain select', request: { path: '/sql', body: { sql: 'SELECT 1 FROM labs; UPDATE labs SET a = 1' } }, action: 'deny', ruleId: 'default' },
  { name: 'select without tables does not satisfy tablesMatch all', request: { path: '/sql', body: { sql: 'SELECT 1' } }, action: 'deny', ruleId: 'default' },
  { name: 'cut SQL body cannot be allowed', request: { path: '/sql', body: '{"sql": "SELECT * FROM labs; SELECT * FROM lab', contentType: 'application/json', partialBody: true }, action: 'deny', ruleId: 'default' },
  { name: 'graphql query with listed fields', request: { path: '/graphql', body: { query: '{ patient(id: 1) { name } o: observations { code } }' } }, action: 'allow', ruleId: 'graphql-read' },
  { name: 'graphql with an extra field', request: { path: '/graphql', body: { query: '{ patient(id: 1) { name } billing { total } }' } }, action: 'deny', ruleId: 'default' },
  { name: 'graphql mutation', request: { path: '/graphql', body: { query: 'mutation { patient(id: 1) { name } }' } }, action: 'deny', ruleId: 'default' },
  {
    name: 'dry-run rule with an enforced deny after it: deny wins, shadow reported',
    request: { path: '/Group/$export' },
    action: 'deny',
    ruleId: 'default',
    dryRun: false,
    check: (v) => expect(v.shadow).toMatchObject({ ruleId: 'shadow-exports', action: 'deny' }),
  },
  {
    name: 'dry-run rule where enforcement would allow: shadow verdict in dry-run',
    request: { path: '/Patient/$export' },
    action: 'deny',
    ruleId: 'shadow-exports',
    dryRun: true,
  },
  { name: 'time window: Wednesday noon in New York', request: { path: '/reports/daily', time: wedNoonNewYork }, action: 'allow', ruleId: 'office-hours' },
  { name: 'time window: 20:00 in New York is outside', request: { path: '/reports/daily', time: '2026-03-05T01:00:00Z' }, action: 'deny', ruleId: 'default' },
  { name: 'time window: Saturday is outside', request: { path: '/reports/daily', time: '2026-03-07T17:00:00Z' }, action: 'deny', ruleId: 'default' },
  { name: 'time window: DST shift (07:30 EDT in summer)', request: { path: '/reports/daily', time: '2026-07-01T11:30:00Z' }, action: 'allow', ruleId: 'office-hours' },
  { name: 'time window: 06:30 EST in winter is outside', request: { path: '/reports/daily', time: '2026-01-07T11:30:00Z' }, action: 'deny', ruleId: 'default' },
  { name: 'wrapping window: 23:00 Tokyo by group', request: { path: '/batch/run', time: '2026-03-04T14:00:00Z', user: { sub: 'x', groups: ['ops'] } }, action: 'allow', ruleId: 'night-batch' },
  { name: 'wrapping window: 05:00 Tokyo by user glob', request: { path: '/batch/run', time: '2026-03-03T20:00:00Z', user: { sub: 'batch-7', groups: [] } }, action: 'allow', ruleId: 'night-batch' },
  { name: 'wrapping window: noon Tokyo', request: { path: '/batch/run', time: '2026-03-04T03:00:00Z', user: { sub: 'x', groups: ['ops'] } }, action: 'deny', ruleId: 'default' },
  { name: 'any: neither alternative', request: { path: '/batch/run', time: '2026-03-04T14:00:00Z', user: { sub: 'x', groups: [] } }, action: 'deny', ruleId: 'default' },
];

describe('compilePolicy: evaluation', () => {
  const policy = compilePolicyText(policyYaml);

  it.each(cases)('$name', ({ request, action, ruleId, dryRun, shadow, check }) => {
    const full = { method: 'GET', authority: 'fhir.clinical.svc.cluster.local', path: '/', agent, user: clinician, time: wedNoonNewYork, ...request } as PolicyTestRequest;
    const { input } = buildPolicyInput(full, { sqlPaths: ['/sql'], graphqlPaths: ['/graphql'] });
    const verdict = policy.evaluate(input);
    expect({ action: verdict.action, ruleId: verdict.ruleId }).toEqual({ action, ruleId });
    expect(verdict.dryRun).toBe(dryRun ?? false);
    if (shadow !== undefined) expect(verdict.shadow?.ruleId).toBe(shadow);
    expect(verdict.trace.length).toBeGreaterThan(0);
    check?.(verdict);
  });

  it('explains itself without echoing the request', () => {
    const { input } = buildPolicyInput({ method: 'GET', authority: 'fhir.x', path: '/Patient/SECRET-MRN-123', agent, user: clinician });
    const verdict = policy.evaluate(input);
    expect(verdict.reason).toBe('rule clinician-read: GET|HEAD /Patient/** /Observation* to fhir.* from agent spiffe://cluster.local/ns/agents/sa/* by group clinicians');
    expect(verdict.trace[0]).toBe('rule no-anonymous: skipped, authenticated[false] did not match');
    expect(verdict.trace.at(-1)).toBe('rule clinician-read: matched -> allow');
    expect(JSON.stringify(verdict)).not.toContain('SECRET');
  });

  it('can skip the trace', () => {
    const { input } = buildPolicyInput({ method: 'GET', authority: 'fhir.x', path: '/Patient/1', agent, user: clinician });
    expect(policy.evaluate(input, { trace: false }).trace).toEqual([]);
  });

  it('global dry-run marks every verdict, including rule dry-runs', () => {
    const dry = compilePolicyText(policyYaml.replace('maskingProfile: strict,', 'maskingProfile: strict, dryRun: true,'));
    expect(dry.dryRun).toBe(true);
    const { input } = buildPolicyInput({ method: 'GET', authority: 'fhir.x', path: '/Patient/$export', agent, user: clinician });
    const verdict = dry.evaluate(input);
    expect(verdict).toMatchObject({ action: 'deny', ruleId: 'shadow-exports', dryRun: true });
    const { input: anonymous } = buildPolicyInput({ method: 'GET', authority: 'fhir.x', path: '/x' });
    expect(dry.evaluate(anonymous)).toMatchObject({ action: 'deny', ruleId: 'no-anonymous', dryRun: true });
  });

  it('first matching rule wins (order matters)', () => {
    const doc = (first: string, second: string) => ({
      version: 1,
      rules: [
        { id: first, match: { methods: ['GET'] }, action: first },
        { id: second, match: { methods: ['GET'] }, action: second },
      ],
    });
    const { input } = buildPolicyInput({ method: 'GET', authority: 'a', path: '/' });
    expect(compilePolicy(doc('allow', 'deny')).evaluate(input).action).toBe('allow');
    expect(compilePolicy(doc('deny', 'allow')).evaluate(input).action).toBe('deny');
  });

  it('defaults apply when no rule matches, and a default hold uses defaults.hold', () => {
    const { input } = buildPolicyInput({ method: 'GET', authority: 'a', path: '/' });
    const allowAll = compilePolicy({ version: 1, defaults: { action: 'allow', maskingProfile: 'lenient' } });
    expect(allowAll.evaluate(input)).toMatchObject({ action: 'allow', ruleId: 'default', reason: 'no rule matched: default allow', maskingProfile: 'lenient' });
    expect(allowAll.evaluate(input).deny).toBeUndefined();
    const holdAll = compilePolicy({ version: 1, defaults: { action: 'hold', hold: { approverGroups: ['a'], approvalsRequired: 2 } } });
    expect(holdAll.evaluate(input).hold).toMatchObject({ approverGroups: ['a'], approvalsRequired: 2 });
  });

  it('require_grant without otherwise denies with the default status', () => {
    const policy2 = compilePolicy({ version: 1, rules: [{ id: 'g', action: 'require_grant', deny: { message: 'Get a grant' } }] });
    const { input } = buildPolicyInput({ method: 'GET', authority: 'a', path: '/' });
    expect(policy2.evaluate(input)).toMatchObject({ action: 'require_grant', requireGrant: { otherwise: 'deny' }, deny: { status: 403, message: 'Get a grant' } });
  });

  it('matches commands with globs and tables by bare name in any schema', () => {
    const p = compilePolicy({
      version: 1,
      rules: [
        { id: 'rest', match: { commands: ['rest:*'] }, action: 'allow' },
        { id: 'tables', match: { tables: ['patients'] }, action: 'hold', hold: { approverGroups: ['x'] } },
      ],
    });
    const rest = buildPolicyInput({ method: 'PATCH', authority: 'a', path: '/' }).input;
    expect(p.evaluate(rest).ruleId).toBe('rest');
    const sql = buildPolicyInput({ method: 'POST', authority: 'a', path: '/', body: 'DELETE FROM clinic."PATIENTS"', contentType: 'application/sql' }).input;
    expect(p.evaluate(sql).ruleId).toBe('tables');
  });

  it('prints the rule tree', () => {
    const text = policy.toString();
    expect(text).toMatch(/^policy sha256=[0-9a-f]{12} rules=10 default=deny\(403\) masking=strict/);
    expect(text).toContain('rule clinician-read -> allow masking=strict');
    expect(text).toContain('and(destinations[fhir.*], methods[GET, HEAD], paths[/Patient/**, /Observation*], agents[spiffe://cluster.local/ns/agents/sa/*], groups[clinicians])');
    expect(text).toContain('any(and(groups[ops]), and(users[batch-*]))');
    expect(text).toContain('not(and(users[svc-*]))');
    expect(text).toContain('rule shadow-exports -> deny(403) masking=strict dryRun');
    expect(text).toContain('rule sql-patients -> require_grant otherwise hold(respond, approvers phi-approvers x2) masking=strict');
    expect(text).toContain('rule patient-write -> hold(wait, approvers phi-approvers x1) masking=strict');
    expect(policy.ruleCount).toBe(10);
    expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('compilePolicy: broken policies name the bad field', () => {
  const rule = (extra: Record<string, unknown>) => ({ version: 1, rules: [{ id: 'r1', action: 'allow', ...extra }] });
  const cases: Array<{ name: string; doc: unknown; problems: string[]; options?: { knownMaskingProfiles: string[] } }> = [
    { name: 'not an object', doc: 'hello', problems: ['(document): '] },
    { name: 'missing version', doc: { rules: [] }, problems: ['version: missing version'] },
    { name: 'wrong version', doc: { version: 2 }, problems: ['version: invalid version 2'] },
    { name: 'unknown top-level field', doc: { version: 1, rulez: [] }, problems: ['rulez: unknown field "rulez"'] },
    { name: 'bad method', doc: { version: 1, rules: [{}, {}, {}, { id: 'x', action: 'allow', match: { methods: ['GETT'] } }] }, problems: ['rules[3].match.methods[0]: invalid method "GETT"', 'rules[0].id: missing id', 'rules[0].action: missing action'] },
    { name: 'bad action', doc: rule({ action: 'permit' }), problems: ['rules[0].action: invalid action "permit"'] },
    { name: 'duplicate ids', doc: { version: 1, rules: [{ id: 'a', action: 'allow' }, { id: 'a', action: 'deny' }] }, problems: ['rules[1].id: duplicate rule id "a" (also rules[0])'] },
    { name: 'bad id', doc: rule({ id: 'has space' }), problems: ['rules[0].id: invalid id "has space"'] },
    { name: 'unknown match field', doc: rule({ match: { method: ['GET'] } }), problems: ['rules[0].match.method: unknown field "method"'] },
    { name: 'path without slash', doc: rule({ match: { paths: ['Patient/**'] } }), problems: ['rules[0].match.paths[0]: invalid path "Patient/**"'] },
    { name: 'bad command kind', doc: rule({ match: { commands: ['sql:selct', 'soap:get', 'rest:*'] } }), problems: ['rules[0].match.commands[0]: invalid command kind "sql:selct"', 'rules[0].match.commands[1]: invalid command kind "soap:get"'] },
    { name: 'empty list', doc: rule({ match: { groups: [] } }), problems: ['rules[0].match.groups: expected at least one group'] },
    { name: 'non-string group', doc: rule({ match: { groups: [42] } }), problems: ['rules[0].match.groups[0]: invalid group 42'] },
    { name: 'bad tablesMatch', doc: rule({ match: { tables: ['a'], tablesMatch: 'some' } }), problems: ['rules[0].match.tablesMatch: invalid match mode "some"'] },
    { name: 'tablesMatch without tables', doc: rule({ match: { tablesMatch: 'all' } }), problems: ['rules[0].match.tablesMatch: only valid with tables'] },
    { name: 'bad authenticated', doc: rule({ match: { authenticated: 'yes' } }), problems: ['rules[0].match.authenticated: invalid authenticated "yes"'] },
    { name: 'bad day, time and timezone', doc: rule({ match: { timeWindow: { days: ['monday'], from: '7:00', to: '25:00', timezone: 'Mars/Olympus' } } }), problems: ['rules[0].match.timeWindow.days[0]: invalid day "monday"', 'rules[0].match.timeWindow.from: invalid time "7:00"', 'rules[0].match.timeWindow.to: invalid time "25:00"', 'rules[0].match.timeWindow.timezone: unknown timezone "Mars/Olympus"'] },
    { name: 'empty time window', doc: rule({ match: { timeWindow: { from: '07:00', to: '07:00' } } }), problems: ['rules[0].match.timeWindow: from and to are equal'] },
    { name: 'nested combinator errors keep their path', doc: rule({ match: { any: [{ methods: ['GET'] }, { not: { paths: ['x'] } }] } }), problems: ['rules[0].match.any[1].not.paths[0]: invalid path "x"'] },
    { name: 'hold without approvers', doc: rule({ action: 'hold' }), problems: ['rules[0].hold.approverGroups: required when the action can hold'] },
    { name: 'bad hold fields', doc: rule({ action: 'hold', hold: { approverGroups: ['a'], approvalsRequired: 3, mode: 'later', pendingTtl: 'soon' } }), problems: ['rules[0].hold.approvalsRequired: approvalsRequired must be 1 or 2', 'rules[0].hold.mode: invalid hold mode "later"', 'rules[0].hold.pendingTtl: invalid duration "soon"'] },
    { name: 'wait longer than pending ttl', doc: rule({ action: 'hold', hold: { approverGroups: ['a'], waitTimeout: '20m', pendingTtl: '10m' } }), problems: ['rules[0].hold.waitTimeout: longer than pendingTtl'] },
    { name: 'hold settings on an allow rule', doc: rule({ hold: { approverGroups: ['a'] } }), problems: ['rules[0].hold: only valid with action hold'] },
    { name: 'deny settings on an allow rule', doc: rule({ deny: { status: 403 } }), problems: ['rules[0].deny: only valid with action deny'] },
    { name: 'requireGrant on an allow rule', doc: rule({ requireGrant: { otherwise: 'deny' } }), problems: ['rules[0].requireGrant: only valid with action require_grant'] },
    { name: 'bad otherwise', doc: rule({ action: 'require_grant', requireGrant: { otherwise: 'maybe' } }), problems: ['rules[0].requireGrant.otherwise: invalid otherwise "maybe"'] },
    { name: 'bad status', doc: rule({ action: 'deny', deny: { status: 200 } }), problems: ['rules[0].deny.status: status must be between 400 and 599'] },
    { name: 'default hold without approvers', doc: { version: 1, defaults: { action: 'hold' } }, problems: ['defaults.hold.approverGroups: required'] },
    { name: 'unknown masking profile', doc: { version: 1, defaults: { maskingProfile: 'strict' }, rules: [{ id: 'a', action: 'allow', maskingProfile: 'none' }] }, options: { knownMaskingProfiles: ['strict', 'relaxed'] }, problems: ['rules[0].maskingProfile: unknown masking profile "none"'] },
    { name: 'bad destination', doc: rule({ match: { destinations: ['https://fhir/x'] } }), problems: ['rules[0].match.destinations[0]: invalid destination "https://fhir/x"'] },
    { name: 'triple star', doc: rule({ match: { paths: ['/***'] } }), problems: ['rules[0].match.paths[0]: invalid glob "/***"'] },
  ];

  it.each(cases)('$name', ({ doc, problems, options }) => {
    let thrown: unknown;
    try {
      compilePolicy(doc, options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WardgateError);
    const error = thrown as WardgateError;
    expect(error.code).toBe('invalid_argument');
    const listed = error.details['problems'] as string[];
    for (const problem of problems) expect(listed.some((line) => line.startsWith(problem)), `${problem}\n in ${listed.join('\n')}`).toBe(true);
    for (const problem of problems) expect(error.message).toContain(problem);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => compilePolicyText('version: 1\nrules:\n  - id: a\n    action: [allow\n')).toThrow(/line \d+, column \d+/);
    expect(() => compilePolicyText('version: 1\nversion: 1\n')).toThrow(/line 2/);
  });
});

describe('compilePolicy: list match modes follow the action', () => {
  const policy = compilePolicyText(`
version: 1
defaults: { action: allow }
rules:
  - id: no-ddl
    match: { commands: ["sql:ddl"] }
    action: deny
  - id: visits-only
    match: { commands: ["sql:select"], tables: [visits] }
    action: allow
  - id: everything-else
    action: deny
`);
  const decide = (sql: string): string =>
    policy.evaluate(buildPolicyInput({ method: 'POST', authority: 'db', path: '/sql', headers: { 'content-type': 'application/sql' }, body: sql }).input).ruleId;

  it.each([
    ['a deny rule catches one listed kind among others (any)', 'SELECT 1 FROM visits; DROP TABLE patients', 'no-ddl'],
    ['an allow rule needs every table listed (all)', 'SELECT * FROM visits JOIN patients ON true', 'everything-else'],
    ['an allow rule matches when every table is listed', 'SELECT * FROM visits', 'visits-only'],
  ])('%s', (_name, sql, rule) => {
    expect(decide(sql)).toBe(rule);
  });
});
