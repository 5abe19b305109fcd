import * as grpc from '@grpc/grpc-js';
import { loadEnvoyProtos } from '../../src/envoy/proto-loader.js';

export interface HandBuiltRequest {
  method?: string;
  /** Path with the query string, as Envoy sends it. */
  path: string;
  host?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface CheckResult {
  allowed: boolean;
  /** The denial's HTTP status (200 when allowed). */
  status: number;
  /** The denial's JSON body (undefined when allowed). */
  body: Record<string, unknown> | undefined;
}

/** An ext_authz client that sends hand-built CheckRequests, as an attacker with the sidecar's port would. */
export class CheckClient {
  private readonly client: grpc.Client & { Check: (req: unknown, cb: (err: grpc.ServiceError | null, res?: CheckResponseShape) => void) => void };

  constructor(port: number) {
    const protos = loadEnvoyProtos();
    this.client = new protos.envoy.service.auth.v3.Authorization(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as CheckClient['client'];
  }

  check(request: HandBuiltRequest): Promise<CheckResult> {
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    if (request.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const message = {
      attributes: {
        source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder', address: { socket_address: { address: '10.0.0.7', port_value: 5555 } } },
        request: {
          http: {
            id: 'hostile',
            method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
            path: request.path,
            host: request.host ?? 'warehouse.data.svc:8080',
            scheme: 'http',
            protocol: 'HTTP/1.1',
            headers,
            ...(request.body === undefined ? {} : { body: request.body, size: String(Buffer.byteLength(request.body)) }),
          },
        },
      },
    };
    return new Promise((resolve, reject) => {
      this.client.Check(message, (err, res) => {
        if (err || !res) return reject(err ?? new Error('no response'));
        if (res.ok_response) return resolve({ allowed: true, status: 200, body: undefined });
        const denied = res.denied_response;
        resolve({ allowed: false, status: denied?.status?.code === undefined ? 0 : statusNumber(denied.status.code), body: denied?.body ? (JSON.parse(denied.body) as Record<string, unknown>) : undefined });
      });
    });
  }

  close(): void {
    this.client.close();
  }
}

interface CheckResponseShape {
  ok_response?: unknown;
  denied_response?: { status?: { code?: string | number }; body?: string };
}

function statusNumber(code: string | number): number {
  if (typeof code === 'number') return code;
  const names: Record<string, number> = { Forbidden: 403, Unauthorized: 401, InternalServerError: 500, ServiceUnavailable: 503, BadRequest: 400 };
  return names[code] ?? (Number(code) || 0);
}
