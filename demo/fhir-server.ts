import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoPatient } from './fhir-patients.js';

const fhirJson = 'application/fhir+json';
const fhirNdjson = 'application/fhir+ndjson';

/**
 * The demo's PHI service: a small synthetic FHIR R4 server (read, search, a bulk $export-style
 * NDJSON stream, create) and a SQL-over-HTTP endpoint, on loopback. It knows nothing of Wardgate.
 */
export class DemoFhirServer {
  private readonly server: http.Server;
  private readonly created: DemoPatient[] = [];
  port = 0;

  constructor(private readonly patients: readonly DemoPatient[]) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://demo'), Buffer.concat(chunks), res));
    });
  }

  async start(host: string, port: number): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, url: URL, body: Buffer, res: http.ServerResponse): void {
    const path = url.pathname;
    if (method === 'GET' && path === '/fhir/metadata') return send(res, 200, { resourceType: 'CapabilityStatement', status: 'active', fhirVersion: '4.0.1', format: ['json', 'ndjson'] });
    if (method === 'GET' && path === '/fhir/Patient') return this.search(url, res);
    if (method === 'GET' && path === '/fhir/Patient/$export') return this.exportNdjson(res);
    if (method === 'POST' && path === '/fhir/Patient') return this.create(body, res);
    const read = /^\/fhir\/Patient\/([A-Za-z0-9.-]{1,64})$/.exec(path);
    if (method === 'GET' && read) {
      const patient = [...this.patients, ...this.created].find((p) => p.id === read[1]);
      return patient ? send(res, 200, patient) : send(res, 404, outcome('not-found', `no Patient ${read[1]}`));
    }
    if (method === 'POST' && path === '/sql') return this.sql(body, res);
    send(res, 404, outcome('not-found', `no route ${method} ${path}`));
  }

  private search(url: URL, res: http.ServerResponse): void {
    const count = Math.min(Number(url.searchParams.get('_count') ?? 10) || 10, 100);
    const family = url.searchParams.get('family')?.toLowerCase();
    const matches = this.patients.filter((p) => family === undefined || p.name[0]?.family.toLowerCase() === family);
    send(res, 200, {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      entry: matches.slice(0, count).map((p) => ({ fullUrl: `http://127.0.0.1/fhir/Patient/${p.id}`, resource: p })),
    });
  }

  /** One resource a line, written in small pieces over time (chunked, no content-length), as a bulk export file streams. */
  private exportNdjson(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': fhirNdjson });
    const lines = this.patients.map((p) => `${JSON.stringify(p)}\n`);
    let i = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (i >= lines.length) {
        res.end();
        return;
      }
      // Ten resources a write, and each write cut mid-line, so values straddle chunk boundaries.
      const batch = lines.slice(i, i + 10).join('');
      i += 10;
      const cut = Math.floor(batch.length / 2);
      res.write(batch.slice(0, cut));
      res.write(batch.slice(cut));
      setTimeout(next, 5);
    };
    next();
  }

  private create(body: Buffer, res: http.ServerResponse): void {
    let resource: Partial<DemoPatient>;
    try {
      resource = JSON.parse(body.toString('utf8')) as Partial<DemoPatient>;
    } catch {
      return send(res, 400, outcome('invalid', 'body is not JSON'));
    }
    if (resource.resourceType !== 'Patient') return send(res, 400, outcome('invalid', 'resourceType must be Patient'));
    const patient = { ...resource, id: `pat-new-${this.created.length + 1}`, meta: { lastUpdated: new Date().toISOString() } } as DemoPatient;
    this.created.push(patient);
    send(res, 201, patient);
  }

  /** SQL over HTTP: `{"sql": "..."}`. SELECTs read the patients table; anything else is acknowledged. */
  private sql(body: Buffer, res: http.ServerResponse): void {
    let statement = '';
    try {
      const sql = (JSON.parse(body.toString('utf8')) as { sql?: unknown }).sql;
      statement = typeof sql === 'string' ? sql : '';
    } catch {
      return send(res, 400, { error: 'body must be {"sql": "..."}' }, 'application/json');
    }
    const verb = statement.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (verb !== 'select') return send(res, 200, { ok: true, statement: verb, rowCount: 0 }, 'application/json');
    const limit = Number(/\blimit\s+(\d+)/i.exec(statement)?.[1] ?? 5);
    const rows = this.patients.slice(0, Math.min(limit, 100)).map((p) => ({
      id: p.id,
      family_name: p.name[0]?.family,
      given_name: p.name[0]?.given[0],
      birth_date: p.birthDate,
      ssn: p.identifier[0]?.value,
      phone: p.telecom[0]?.value,
    }));
    send(res, 200, { columns: ['id', 'family_name', 'given_name', 'birth_date', 'ssn', 'phone'], rows }, 'application/json');
  }
}

function outcome(code: string, diagnostics: string): Record<string, unknown> {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

function send(res: http.ServerResponse, status: number, body: unknown, contentType = fhirJson): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
