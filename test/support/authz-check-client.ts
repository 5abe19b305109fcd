import * as grpc from '@grpc/grpc-js';
import { loadEnvoyProtos } from '../../src/envoy/proto-loader.js';
import { jsonToStruct, type JsonValue } from '../../src/envoy/struct-value.js';

export interface HandBuiltRequest {
  method: string;
  /** Path with the query string, as Envoy puts it in `:path`. */
  path: string;
  host: string;
  headers?: Record<string, string>;
  body?: string;
  /** Claims as Envoy's jwt_authn would forward them (metadata), when set. */
  jwtClaims?: Record<string, unknown>;
}

export interface CheckResult {
  /** 0 = allowed. */
  code: number;
  httpStatus?: number;
  body?: Record<string, unknown>;
}

/** Sends hand-built CheckRequests to a running Wardgate, as a hostile client of ext_authz would. */
export class AuthzCheckClient {
  private readonly client: grpc.Client & { Check: (req: unknown, cb: (err: grpc.ServiceError | null, res?: unknown) => void) => void };

  constructor(grpcPort: number) {
    const protos = loadEnvoyProtos();
    this.client = new protos.envoy.service.auth.v3.Authorization(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure()) as never;
  }

  check(request: HandBuiltRequest): Promise<CheckResult> {
    const queryAt = request.path.indexOf('?');
    const message = {
      attributes: {
        request: {
          http: {
            method: request.method,
            path: request.path,
            host: request.host,
            ...(queryAt === -1 ? {} : { query: request.path.slice(queryAt + 1) }),
            headers: { ':authority': request.host, ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
            ...(request.body !== undefined ? { body: request.body } : {}),
          },
        },
        ...(request.jwtClaims ? { metadata_context: { filter_metadata: { 'envoy.filters.http.jwt_authn': jsonToStruct({ jwt_payload: request.jwtClaims as JsonValue }) } } } : {}),
      },
    };
    return new Promise((resolve, reject) => {
      this.client.Check(message, (err, res) => {
        if (err) return reject(err);
        const r = res as { status?: { code?: number }; denied_response?: { status?: { code?: string | number }; body?: string } };
        const text = r.denied_response?.body;
        resolve({
          code: r.status?.code ?? 0,
          ...(r.denied_response?.status?.code !== undefined ? { httpStatus: Number(statusNumber(r.denied_response.status.code)) } : {}),
          ...(text ? { body: JSON.parse(text) as Record<string, unknown> } : {}),
        });
      });
    });
  }

  close(): void {
    this.client.close();
  }
}

const namedStatus: Record<string, number> = { Forbidden: 403, Unauthorized: 401, ServiceUnavailable: 503, BadRequest: 400 };
function statusNumber(code: string | number): number {
  return typeof code === 'number' ? code : (namedStatus[code] ?? Number(code));
}
