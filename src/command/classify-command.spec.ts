import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../authz/access-request.js';
import { classifyCommand, commandOrThrow, createCommandClassifier, recoverJsonStrings, type ClassifyOptions } from './classify-command.js';
import { commandKinds } from './command.js';

interface Case {
  name: string;
  method?: string;
  path?: string;
  query?: string;
  contentType?: string;
  body?: string;
  partial?: boolean;
  headers?: Record<string, string>;
  options?: Partial<ClassifyOptions>;
  kinds: string[];
  tables?: string[];
  fields?: string[];
  partialOut?: boolean;
  note?: RegExp;
}

function request(c: Case): AccessRequest {
  const http: AccessRequest['http'] = {
    method: c.method ?? 'POST',
    scheme: 'https',
    authority: 'db.svc',
    path: c.path ?? '/query',
    query: c.query ?? '',
    headers: c.headers ?? {},
  };
  if (c.body !== undefined) {
    http.body = { bytes: Buffer.from(c.body), partial: c.partial ?? false };
    if (c.contentType !== undefined) http.body.contentType = c.contentType;
  }
  return { requestId: 'r', receivedAt: 0, source: {}, destination: {}, http };
}

const cases: Case[] = [
  { name: 'JSON sql key', contentType: 'application/json', body: '{"sql": "DELETE FROM patients"}', kinds: ['sql:delete'], tables: ['patients'] },
  { name: 'JSON statement key', contentType: 'application/json; charset=utf-8', body: '{"statement": "select 1; drop table x"}', kinds: ['sql:select', 'sql:ddl'] },
  { name: 'JSON query key with SQL text', contentType: 'application/json', body: '{"query": "SELECT * FROM labs"}', kinds: ['sql:select'], tables: ['labs'] },
  { name: 'JSON query key with GraphQL', contentType: 'application/json', body: '{"query": "mutation { deletePatient(id: 1) { ok } }"}', kinds: ['graphql:mutation'], fields: ['deletePatient'] },
  { name: 'GraphQL with operationName', contentType: 'application/json', body: JSON.stringify({ query: 'query A { a } mutation B { b }', operationName: 'B', variables: {} }), kinds: ['graphql:mutation'], fields: ['b'] },
  { name: 'application/sql', contentType: 'application/sql', body: 'UPDATE patients SET x = 1', kinds: ['sql:update'] },
  { name: 'text/plain SQL', contentType: 'text/plain', body: '-- hi\nSELECT * FROM visits', kinds: ['sql:select'], tables: ['visits'] },
  { name: 'text/plain prose is REST', contentType: 'text/plain', body: 'hello there', kinds: ['rest:post'] },
  { name: 'application/graphql', contentType: 'application/graphql', body: '{ patient { id } }', kinds: ['graphql:query'], fields: ['patient'] },
  { name: 'form body q=', contentType: 'application/x-www-form-urlencoded', body: 'q=SELECT+*+FROM+patients&format=json', kinds: ['sql:select'], tables: ['patients'] },
  { name: 'form body query= on SQL path', contentType: 'application/x-www-form-urlencoded', body: 'query=show+tables', options: { sqlPaths: ['/query'] }, kinds: ['sql:show'] },
  { name: 'query string sql= on SQL path', method: 'GET', path: '/sql', query: 'sql=DELETE%20FROM%20t', options: { sqlPaths: ['/sql'] }, kinds: ['sql:delete'] },
  { name: 'query string sql= off SQL path is REST', method: 'GET', path: '/other', query: 'sql=DELETE%20FROM%20t', options: { sqlPaths: ['/sql'] }, kinds: ['rest:get'] },
  { name: 'GET ?query= GraphQL', method: 'GET', path: '/graphql', query: 'query=%7B%20patient%20%7B%20id%20%7D%20%7D', kinds: ['graphql:query'], fields: ['patient'] },
  { name: 'GraphQL path forces GraphQL', contentType: 'application/json', path: '/graphql', body: '{"query": "{ a }"}', options: { graphqlPaths: ['/graphql'] }, kinds: ['graphql:query'] },
  { name: 'SQL heuristics off outside configured SQL paths', contentType: 'application/json', path: '/notes', body: '{"query": "select the best"}', options: { sqlPaths: ['/sql/**'] }, kinds: ['rest:post'] },
  { name: 'FHIR resource JSON is REST', contentType: 'application/fhir+json', path: '/Patient', body: '{"resourceType": "Patient", "name": [{"family": "X"}]}', kinds: ['rest:post'] },
  { name: 'bad JSON falls back with a note', contentType: 'application/json', body: '{"sql": "DELETE', kinds: ['rest:post'], note: /not valid JSON/ },
  { name: 'cut JSON body is recovered', contentType: 'application/json', body: '{"sql": "SELECT 1; DELETE FROM pat', partial: true, kinds: ['sql:select', 'sql:delete'], partialOut: true },
  { name: 'over the inspection limit is partial', contentType: 'application/sql', body: `SELECT 1; ${' '.repeat(200)} DROP TABLE t`, options: { maxBodyBytes: 64 }, kinds: ['sql:select'], partialOut: true, note: /inspection limit/ },
  { name: 'bad GraphQL on GraphQL content type', contentType: 'application/graphql', body: '{ a ) }', kinds: ['rest:post'], note: /does not parse/ },
  { name: 'batched GraphQL', contentType: 'application/json', body: JSON.stringify([{ query: '{ a }' }, { query: 'mutation { b }' }]), kinds: ['graphql:mutation'], fields: ['a', 'b'] },
  { name: 'a body labelled gzip that does not inflate is unreadable, never REST', contentType: 'application/sql', body: 'DELETE FROM t', headers: { 'content-encoding': 'gzip' }, kinds: [], note: /cannot decode/ },
  { name: 'empty SQL is REST', contentType: 'application/sql', body: '  -- nothing\n', kinds: ['rest:post'], note: /no statement/ },
  { name: 'plain REST GET', method: 'get', path: '/Patient/1', kinds: ['rest:get'] },
  { name: 'non-UTF-8 bytes do not throw', contentType: 'application/json', body: '\xff\xfe{', kinds: ['rest:post'] },
];

describe('classifyCommand', () => {
  it.each(cases)('$name', (c) => {
    const options: ClassifyOptions = { maxBodyBytes: 65_536, ...c.options };
    const { command, notes } = createCommandClassifier(options).classify(request(c));
    expect(commandKinds(command)).toEqual(c.kinds);
    if (c.tables) expect(command.type === 'sql' && [...new Set(command.statements.flatMap((s) => s.tables))]).toEqual(c.tables);
    if (c.fields) expect(command.type === 'graphql' && command.fields).toEqual(c.fields);
    if (c.partialOut !== undefined) expect(command.type !== 'rest' && command.partial).toBe(c.partialOut);
    if (c.note) expect(notes.join('\n')).toMatch(c.note);
    expect(classifyCommand(request(c), options)).toEqual(command);
  });

  it('keeps REST method and path', () => {
    const command = classifyCommand(request({ name: '', method: 'delete', path: '/Patient/9', kinds: [] }), { maxBodyBytes: 10 });
    expect(command).toEqual({ type: 'rest', method: 'DELETE', path: '/Patient/9' });
  });
});

describe('recoverJsonStrings', () => {
  it('decodes cut strings and drops half escapes', () => {
    expect(recoverJsonStrings('{"sql": "SELECT \\"a\\" FROM t\\u00')).toEqual(new Map([['sql', 'SELECT "a" FROM t']]));
    expect(recoverJsonStrings('{"operationName": "X", "query": "{ a')).toEqual(new Map([['operationName', 'X'], ['query', '{ a']]));
  });
});

describe('a failure inside classification', () => {
  it('is reported as a failure (never its message), and commandOrThrow refuses the REST fallback', () => {
    const classifier = createCommandClassifier({ maxBodyBytes: 1024 });
    const req = request({ name: 'broken', contentType: 'application/sql', body: 'SELECT 1', kinds: [] });
    Object.defineProperty(req.http.body!, 'bytes', {
      get: () => {
        throw new RangeError('Jennifer Smith');
      },
    });
    const result = classifier.classify(req);
    expect(result.failure?.code).toBe('internal');
    expect(result.failure?.message).toBe('command classification failed (RangeError)');
    expect(result.notes).toContain('classification failed');
    expect(() => commandOrThrow(result)).toThrow(result.failure);
  });
});
