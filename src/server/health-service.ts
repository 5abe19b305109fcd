import type * as grpc from '@grpc/grpc-js';
import type { HealthHandlers } from '../envoy/generated/grpc/health/v1/Health.js';
import type { HealthCheckRequest__Output } from '../envoy/generated/grpc/health/v1/HealthCheckRequest.js';
import type { HealthCheckResponse } from '../envoy/generated/grpc/health/v1/HealthCheckResponse.js';

type ServingStatus = 'SERVING' | 'NOT_SERVING';

/** grpc.health.v1.Health with per-service status ('' is the whole server). */
export class HealthService {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Set<{ service: string; call: grpc.ServerWritableStream<HealthCheckRequest__Output, HealthCheckResponse> }>();

  constructor(services: readonly string[]) {
    for (const service of ['', ...services]) this.statuses.set(service, 'NOT_SERVING');
  }

  setAll(status: ServingStatus): void {
    for (const service of this.statuses.keys()) this.set(service, status);
  }

  set(service: string, status: ServingStatus): void {
    this.statuses.set(service, status);
    for (const watcher of this.watchers) if (watcher.service === service) watcher.call.write({ status });
  }

  /** Ends Watch streams so that a draining server is not kept open by them. */
  endWatches(): void {
    for (const watcher of this.watchers) watcher.call.end();
    this.watchers.clear();
  }

  handlers(): HealthHandlers {
    return {
      Check: (call, callback) => {
        const status = this.statuses.get(call.request.service);
        if (status === undefined) {
          callback({ code: 5, details: `unknown service ${call.request.service}` });
          return;
        }
        callback(null, { status });
      },
      Watch: (call) => {
        const watcher = { service: call.request.service, call };
        this.watchers.add(watcher);
        call.write({ status: this.statuses.get(call.request.service) ?? 'SERVICE_UNKNOWN' });
        call.on('cancelled', () => this.watchers.delete(watcher));
      },
    };
  }
}
