import { z } from 'zod';
import { durationMs } from '../config/duration.js';

/** The policy file as users write it. Compiled by `compilePolicy` into a rule tree. */

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'] as const;
export const policyActions = ['allow', 'deny', 'hold', 'require_grant'] as const;
export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const sqlKinds = [
  'select', 'insert', 'update', 'delete', 'merge', 'ddl', 'grant', 'revoke', 'transaction', 'call', 'copy', 'set', 'show', 'explain', 'other',
  // Side effects of functions and statement forms (src/command/catalogue/).
  'remote', 'file', 'admin', 'sequence', 'sleep', 'shell', 'dynamic',
];
const graphqlKinds = ['query', 'mutation', 'subscription'];

const quote = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value));
/** zod error message: "missing <what>" or "invalid <what> <value>: <hint>". */
const invalid =
  (what: string, hint: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `missing ${what}` : `invalid ${what} ${quote(issue.input)}: ${hint}`;

function stringList(what: string, check?: (value: string) => string | undefined) {
  return z
    .array(
      z.string({ error: (issue) => `invalid ${what} ${quote(issue.input)}: expected a string` }).superRefine((value, ctx) => {
        if (value.length === 0) {
          ctx.addIssue({ code: 'custom', message: `empty ${what}` });
          return;
        }
        const problem = check?.(value);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      }),
      { error: () => `expected a list of ${what}s` },
    )
    .min(1, { error: `expected at least one ${what}` });
}

const method = z.string({ error: invalid('method', 'expected a string') }).transform((value, ctx) => {
  const upper = value.toUpperCase();
  if (!(httpMethods as readonly string[]).includes(upper)) {
    ctx.addIssue({ code: 'custom', message: `invalid method ${quote(value)}: use one of ${httpMethods.join(', ')}` });
    return z.NEVER;
  }
  return upper;
});

function checkCommandKind(value: string): string | undefined {
  const match = /^([a-z*]+):([a-z_*]+)$/.exec(value);
  const bad = `invalid command kind ${quote(value)}: use sql:<kind>, graphql:<operation> or rest:<method> (globs allowed, e.g. rest:*)`;
  if (!match) return bad;
  const [, type, kind] = match as unknown as [string, string, string];
  if (type.includes('*')) return type === '*' ? undefined : bad;
  if (kind.includes('*')) return ['sql', 'graphql', 'rest'].includes(type) ? undefined : bad;
  if (type === 'sql' && !sqlKinds.includes(kind)) return `invalid command kind ${quote(value)}: SQL kinds are ${sqlKinds.join(', ')}`;
  if (type === 'graphql' && !graphqlKinds.includes(kind)) return `invalid command kind ${quote(value)}: GraphQL operations are ${graphqlKinds.join(', ')}`;
  if (type === 'rest' && !(httpMethods as readonly string[]).includes(kind.toUpperCase())) return `invalid command kind ${quote(value)}: REST kinds are lower-case methods`;
  if (!['sql', 'graphql', 'rest'].includes(type)) return bad;
  return undefined;
}

const clockTime = z.string({ error: invalid('time', `use "HH:MM"`) }).superRefine((value, ctx) => {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) ctx.addIssue({ code: 'custom', message: `invalid time ${quote(value)}: use "HH:MM" between 00:00 and 24:00` });
});

const timezone = z.string({ error: invalid('timezone', 'expected a string') }).superRefine((value, ctx) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    ctx.addIssue({ code: 'custom', message: `unknown timezone ${quote(value)}: use an IANA name such as "America/New_York" or "UTC"` });
  }
});

const timeWindow = z.strictObject({
  days: z
    .array(z.enum(weekdays, { error: invalid('day', `use ${weekdays.join(', ')}`) }))
    .min(1, { error: 'expected at least one day' })
    .optional(),
  from: clockTime,
  to: clockTime,
  timezone: timezone.default('UTC'),
});

const matchMode = z.enum(['any', 'all'], { error: invalid('match mode', `use any or all`) });

export interface MatchInput {
  destinations?: string[];
  methods?: string[];
  paths?: string[];
  commands?: string[];
  commandsMatch?: 'any' | 'all';
  tables?: string[];
  tablesMatch?: 'any' | 'all';
  functions?: string[];
  functionsMatch?: 'any' | 'all';
  fields?: string[];
  fieldsMatch?: 'any' | 'all';
  agents?: string[];
  users?: string[];
  groups?: string[];
  authenticated?: boolean;
  timeWindow?: z.output<typeof timeWindow>;
  any?: MatchInput[];
  all?: MatchInput[];
  not?: MatchInput;
}

export const matchSchema: z.ZodType<MatchInput> = z.lazy(() =>
  z.strictObject({
    destinations: stringList('destination', (v) => (v.includes('/') ? `invalid destination ${quote(v)}: a host name glob, without scheme or path` : undefined)).optional(),
    methods: z.array(method, { error: () => 'expected a list of methods' }).min(1, { error: 'expected at least one method' }).optional(),
    paths: stringList('path', (v) => (v.startsWith('/') || v.startsWith('*') ? undefined : `invalid path ${quote(v)}: must start with "/"`)).optional(),
    commands: stringList('command kind', checkCommandKind).optional(),
    commandsMatch: matchMode.optional(),
    tables: stringList('table').optional(),
    tablesMatch: matchMode.optional(),
    functions: stringList('function').optional(),
    functionsMatch: matchMode.optional(),
    fields: stringList('field').optional(),
    fieldsMatch: matchMode.optional(),
    agents: stringList('agent').optional(),
    users: stringList('user').optional(),
    groups: stringList('group').optional(),
    authenticated: z.boolean({ error: invalid('authenticated', `use true or false`) }).optional(),
    timeWindow: timeWindow.optional(),
    any: z.array(matchSchema).min(1, { error: 'expected at least one alternative' }).optional(),
    all: z.array(matchSchema).min(1, { error: 'expected at least one condition' }).optional(),
    not: matchSchema.optional(),
  }),
);

const holdSchema = z.strictObject({
  mode: z.enum(['wait', 'respond'], { error: invalid('hold mode', `use wait or respond`) }).optional(),
  approverGroups: stringList('approver group').optional(),
  approvalsRequired: z
    .number({ error: invalid('approvalsRequired', `use 1 or 2`) })
    .int({ error: 'approvalsRequired must be 1 or 2' })
    .min(1, { error: 'approvalsRequired must be 1 or 2' })
    .max(2, { error: 'approvalsRequired must be 1 or 2' })
    .optional(),
  approvalValidity: durationMs.optional(),
  pendingTtl: durationMs.optional(),
  waitTimeout: durationMs.optional(),
});
export type HoldInput = z.output<typeof holdSchema>;

const status = z
  .number({ error: invalid('status', `use an HTTP status 400-599`) })
  .int({ error: 'status must be an integer' })
  .min(400, { error: 'status must be between 400 and 599' })
  .max(599, { error: 'status must be between 400 and 599' });
const message = z.string({ error: invalid('message', `expected a string`) }).max(1024, { error: 'message longer than 1024 characters' });
const maskingProfile = z.string({ error: invalid('maskingProfile', 'expected a string') }).min(1, { error: 'empty maskingProfile' });
const action = z.enum(policyActions, { error: invalid('action', `use ${policyActions.join(', ')}`) });
/** What a rule does with a command Wardgate cannot classify (SQL in a string, unknown functions on a PHI route). */
const onUnclassifiable = z.enum(['deny', 'apply'], { error: invalid('onUnclassifiable', 'use deny or apply') });
/** What a rule does with a request carrying several commands: deny, or judge every one and take the strictest decision. */
const onAmbiguous = z.enum(['deny', 'strictest'], { error: invalid('onAmbiguous', 'use deny or strictest') });

const ruleSchema = z.strictObject({
  id: z
    .string({ error: invalid('id', `expected a string`) })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { error: invalid('id', `use letters, digits, ".", "_" and "-"`) }),
  description: z.string().optional(),
  dryRun: z.boolean({ error: invalid('dryRun', `use true or false`) }).optional(),
  match: matchSchema.optional(),
  action,
  deny: z.strictObject({ status: status.optional(), message: message.optional() }).optional(),
  hold: holdSchema.optional(),
  requireGrant: z
    .strictObject({ otherwise: z.enum(['hold', 'deny'], { error: invalid('otherwise', `use hold or deny`) }) })
    .optional(),
  maskingProfile: maskingProfile.optional(),
  /** Mask PHI in the request body too (e.g. a prompt leaving for an external LLM API). */
  maskRequestBody: z.boolean({ error: invalid('maskRequestBody', `use true or false`) }).optional(),
  onUnclassifiable: onUnclassifiable.optional(),
  onAmbiguous: onAmbiguous.optional(),
});
export type RuleInput = z.output<typeof ruleSchema>;

export const policySchema = z.strictObject({
  version: z.literal(1, { error: invalid('version', 'only version 1 exists') }),
  description: z.string().optional(),
  defaults: z
    .strictObject({
      action: action.default('deny'),
      status: status.default(403),
      message: message.default('Request denied by Wardgate policy'),
      maskingProfile: maskingProfile.default('strict'),
      dryRun: z.boolean({ error: invalid('dryRun', `use true or false`) }).default(false),
      hold: holdSchema.optional(),
      onUnclassifiable: onUnclassifiable.default('deny'),
      onAmbiguous: onAmbiguous.default('deny'),
    })
    .prefault({}),
  rules: z.array(ruleSchema, { error: () => 'expected a list of rules' }).default([]),
});
export type PolicyDocument = z.output<typeof policySchema>;

/** `rules[3].match.methods[0]` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text.length === 0 ? String(part) : `.${String(part)}`;
  }
  return text.length === 0 ? '(document)' : text;
}

/** One line per problem, each naming its field path. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${formatIssuePath([...issue.path, key])}: unknown field ${quote(key)}`);
    } else {
      lines.push(`${formatIssuePath(issue.path)}: ${issue.message}`);
    }
  }
  return lines;
}
