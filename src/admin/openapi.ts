/** OpenAPI 3.1 description of the admin/approver API, served at GET /v1/openapi.json. */

const error = {
  description: 'Error',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
    },
  },
};

const errors = {
  '400': { ...error, description: 'Malformed request: bad JSON, wrong types, unknown fields' },
  '401': { ...error, description: 'Missing or invalid bearer token (or console session)' },
  '403': { ...error, description: 'Not allowed (wrong group, self-approval)' },
  '404': { ...error, description: 'Unknown id' },
  '413': { ...error, description: 'Body larger than 64 KiB' },
  '503': { ...error, description: 'Redis unavailable' },
};

const eventStreamDescription = [
  'Server-sent events (text/event-stream) while the connection stays open. Events:',
  '`approval`: data is one Approval exactly as GET /v1/approvals lists it, sent when a request the caller may see is created, voted on, decided or expires (on any replica);',
  '`resync`: data `{}`; changes may have been missed (e.g. a Redis reconnect): fetch GET /v1/approvals again;',
  '`end`: data `{"reason":"shutdown"|"unauthenticated"}`; the server closes the stream (shutdown, or the token or console session no longer holds). A client that stops reading is disconnected without `end` once 1 MiB of events wait for it.',
  'A `: heartbeat` comment every 15 s re-checks the token or session. Opening the stream and the re-checks do not count as console activity.',
].join(' ');

const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const ok = (description: string, ref: string) => ({ description, content: json(ref) });

const stringList = { type: 'array', items: { type: 'string' } };

export const adminOpenApiDocument = Object.freeze({
  openapi: '3.1.0',
  info: {
    title: 'Wardgate admin and approver API',
    version: '1.0.0',
    description:
      'Approve or deny held requests of AI agents and manage just-in-time grants. All routes except this document need an OIDC bearer token.',
  },
  security: [{ bearer: [] }],
  paths: {
    '/v1/openapi.json': {
      get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI document' } } },
    },
    '/v1/approvals': {
      get: {
        summary: 'List approval requests the caller may see (approver groups, own requests; admins: all)',
        parameters: [{ name: 'status', in: 'query', schema: { enum: ['pending', 'approved', 'denied', 'expired'] } }],
        responses: { '200': ok('Approval requests, newest first (by createdAt; equal times by id, so the order is stable)', 'ApprovalList'), ...errors },
      },
    },
    '/v1/approvals/events': {
      get: {
        summary: 'Live approvals: a server-sent event for every change to a request the caller may see (same visibility as the list)',
        responses: {
          '200': { description: eventStreamDescription, content: { 'text/event-stream': { schema: { type: 'string' } } } },
          '429': { ...error, description: 'More than 5 open streams for this user, or 500 on this server' },
          ...errors,
        },
      },
    },
    '/v1/approvals/{id}': {
      get: { summary: 'One approval request', parameters: [idParam('id')], responses: { '200': ok('The request', 'ApprovalEnvelope'), ...errors } },
    },
    '/v1/approvals/{id}/approve': {
      post: {
        summary: 'Approve (one vote). With grantFor, the requester gets a time-boxed grant instead of a one-time one',
        parameters: [idParam('id')],
        requestBody: { required: true, content: json('ApproveBody') },
        responses: { '200': ok('The request after the vote', 'ApprovalEnvelope'), '409': { ...error, description: 'Already decided, expired, or already voted' }, ...errors },
      },
    },
    '/v1/approvals/{id}/deny': {
      post: {
        summary: 'Deny (one deny decides)',
        parameters: [idParam('id')],
        requestBody: { required: true, content: json('DenyBody') },
        responses: { '200': ok('The request after the vote', 'ApprovalEnvelope'), '409': { ...error, description: 'Already decided or expired' }, ...errors },
      },
    },
    '/v1/grants': {
      get: {
        summary: 'List live grants (admins: filter by user/agent; others: their own)',
        parameters: [
          { name: 'user', in: 'query', schema: { type: 'string' } },
          { name: 'agent', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': ok('Grants', 'GrantList'), ...errors },
      },
      post: {
        summary: 'Issue a grant (admin groups only)',
        requestBody: { required: true, content: json('IssueGrantBody') },
        responses: { '201': ok('The new grant', 'GrantEnvelope'), ...errors },
      },
    },
    '/v1/grants/{id}': {
      get: { summary: 'One grant', parameters: [idParam('id')], responses: { '200': ok('The grant', 'GrantEnvelope'), ...errors } },
      delete: {
        summary: 'Revoke a grant at once on every replica (admin groups only)',
        parameters: [idParam('id')],
        responses: { '200': { description: 'Revoked', content: { 'application/json': { schema: { type: 'object', properties: { revoked: { type: 'string' } } } } } }, ...errors },
      },
    },
    '/v1/audit/report': {
      get: {
        summary: 'The `wardgate audit report` JSON document for a period (auditor groups; served when the console is configured)',
        parameters: [
          { name: 'from', in: 'query', schema: { type: 'string', description: 'ISO-8601 time or epoch ms' } },
          { name: 'to', in: 'query', schema: { type: 'string', description: 'ISO-8601 time or epoch ms' } },
        ],
        responses: { '200': { description: '{ report } as in docs/audit-report.schema.json' }, ...errors },
      },
    },
    '/v1/audit/timeline': {
      get: {
        summary: 'Every audit event of one correlation id, in order; or one agent\'s runs, newest first, a page at a time; and whether the stream verifies (auditor groups)',
        description: 'Give exactly one of `correlationId` and `agent`. A run is a correlation id on whose events `actor.agent` names the agent; its events are those of the correlation id (approval events included), in stream order. `from`, `to`, `limit` and `cursor` apply to `agent` only.',
        parameters: [
          { name: 'correlationId', in: 'query', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } },
          { name: 'agent', in: 'query', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,512}$', description: 'The SPIFFE principal access events record in actor.agent' } },
          { name: 'from', in: 'query', schema: { type: 'string', description: 'Runs that started at or after: ISO-8601 time or epoch ms' } },
          { name: 'to', in: 'query', schema: { type: 'string', description: 'Runs that started at or before: ISO-8601 time or epoch ms' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Runs per page' } },
          { name: 'cursor', in: 'query', schema: { type: 'string', description: 'nextCursor of the previous page: its older runs' } },
        ],
        responses: {
          '200': {
            description: 'By correlation id: { correlationId, events, chain: { ok, findings } }. By agent: { agent, runs: [{ correlationId, startedAt, events }], nextCursor?, chain: { ok, findings } } (no nextCursor on the last page).',
          },
          ...errors,
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: {
                enum: ['invalid_argument', 'not_found', 'already_exists', 'conflict', 'unauthenticated', 'permission_denied', 'failed_precondition',
                  'resource_exhausted', 'unavailable', 'deadline_exceeded', 'uninspectable', 'internal'],
              },
              message: { type: 'string' },
            },
          },
        },
      },
      Duration: { type: 'string', pattern: '^\\d+(\\.\\d+)?(ms|s|m|h|d)?$', examples: ['30m', '2h'] },
      ApproveBody: {
        type: 'object',
        additionalProperties: false,
        required: ['comment'],
        properties: { comment: { type: 'string', minLength: 1, maxLength: 2000 }, grantFor: { $ref: '#/components/schemas/Duration' } },
      },
      DenyBody: {
        type: 'object',
        additionalProperties: false,
        required: ['comment'],
        properties: { comment: { type: 'string', minLength: 1, maxLength: 2000 } },
      },
      Vote: {
        type: 'object',
        properties: { approver: { type: 'string' }, verdict: { enum: ['approve', 'deny'] }, comment: { type: 'string' }, at: { type: 'integer' } },
      },
      Approval: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          status: { enum: ['pending', 'approved', 'denied', 'expired'] },
          requester: { type: 'object', properties: { user: { type: 'string' }, userGroups: stringList, agent: { type: 'string' } } },
          command: { type: 'string', description: 'The classified command with PHI masked' },
          commandKinds: stringList,
          destination: { type: 'string' },
          method: { type: 'string' },
          path: { type: 'string' },
          fingerprint: { type: 'string' },
          commandHash: { type: 'string', description: 'Keyed hash of the raw held command' },
          grantScope: { $ref: '#/components/schemas/Scope', description: 'Exactly what approving creates (match: exact, literal values)' },
          ruleId: { type: 'string' },
          reason: { type: 'string' },
          approverGroups: stringList,
          approvalsRequired: { type: 'integer' },
          grantTtlMs: { type: 'integer' },
          correlationId: { type: 'string' },
          createdAt: { type: 'integer', description: 'ms since the epoch' },
          expiresAt: { type: 'integer' },
          votes: { type: 'array', items: { $ref: '#/components/schemas/Vote' } },
          grantId: { type: 'string' },
        },
      },
      ApprovalEnvelope: { type: 'object', properties: { approval: { $ref: '#/components/schemas/Approval' } } },
      ApprovalList: { type: 'object', properties: { approvals: { type: 'array', items: { $ref: '#/components/schemas/Approval' } } } },
      Scope: {
        type: 'object',
        additionalProperties: false,
        description:
          'match glob (default): empty list = any; paths `*` one segment, `**` any; destinations host globs without port. ' +
          'match exact: one destination (authority, port kept), method and path, compared literally, plus commandHash when set.',
        properties: {
          match: { enum: ['glob', 'exact'] },
          destinations: stringList,
          methods: stringList,
          paths: stringList,
          commandKinds: stringList,
          commandHash: { type: 'string' },
        },
      },
      Grant: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          subject: { type: 'object', properties: { user: { type: 'string' }, agent: { type: 'string' } } },
          scope: { $ref: '#/components/schemas/Scope' },
          reason: { type: 'string' },
          approvedBy: stringList,
          createdAt: { type: 'integer' },
          expiresAt: { type: 'integer' },
          usesLeft: { type: 'integer' },
          fingerprint: { type: 'string' },
          approvalId: { type: 'string' },
        },
      },
      GrantEnvelope: { type: 'object', properties: { grant: { $ref: '#/components/schemas/Grant' } } },
      GrantList: { type: 'object', properties: { grants: { type: 'array', items: { $ref: '#/components/schemas/Grant' } } } },
      IssueGrantBody: {
        type: 'object',
        additionalProperties: false,
        required: ['subject', 'scope', 'reason', 'ttl'],
        properties: {
          subject: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { user: { type: 'string' }, agent: { type: 'string' } },
          },
          scope: { $ref: '#/components/schemas/Scope' },
          reason: { type: 'string', minLength: 1 },
          ttl: { $ref: '#/components/schemas/Duration' },
          maxUses: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
});
