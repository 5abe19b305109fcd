import type { RedisClient } from '../grants/redis-client.js';
import { ApprovalCoordinator, type ApprovalServiceDeps } from './approval-coordinator.js';
import { RedisApprovalRecords } from './redis-approval-records.js';

export interface RedisApprovalServiceOptions extends ApprovalServiceDeps {
  client: RedisClient;
  /** @default 'wardgate:' */
  keyPrefix?: string;
}

/**
 * Approvals shared by all replicas through Redis: records with TTLs, compare-and-set votes in
 * Lua, and a pub/sub channel so `waitForOutcome` on any replica resolves without polling.
 * Layout and scripts: `redis-approval-records.ts`.
 */
export class RedisApprovalService extends ApprovalCoordinator {
  constructor(options: RedisApprovalServiceOptions) {
    const { client, keyPrefix, ...deps } = options;
    super(new RedisApprovalRecords({ client, logger: deps.logger, now: () => deps.clock.now(), ...(keyPrefix !== undefined ? { keyPrefix } : {}) }), deps);
  }
}
