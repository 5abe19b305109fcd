import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock } from '../clock/clock.js';
import type { ConsoleConfig } from '../config/console-config.js';
import type { RedisClient } from '../grants/redis-client.js';
import type { Logger } from '../logging/logger.js';
import { ConsoleAudit } from './console-audit.js';
import { createConsoleRouter, type ConsoleRouter } from './console-router.js';
import { ConsoleSessions } from './console-sessions.js';
import { InMemorySessionStore } from './in-memory-session-store.js';
import { OidcClient } from './oidc-client.js';
import { RedisSessionStore } from './redis-session-store.js';
import { ExpirySweep } from './expiry-sweep.js';
import type { SessionStore } from './session-store.js';
import { StaticAssets } from './static-assets.js';

export interface CreateConsoleInput {
  config: ConsoleConfig;
  /** `admin.adminGroups`: admins see the Grants page and may revoke. */
  adminGroups: readonly string[];
  /** `identity.groupsClaim` and `identity.clockSkew`: groups are read as the admin API reads them. */
  groupsClaim: string;
  clockSkewMs: number;
  redis: RedisClient | undefined;
  redisKeyPrefix?: string;
  clock: Clock;
  logger: Logger;
  /** Where `console.session` events go, and the key (`audit.commandHashKeyFile`) their session references are hashed with. */
  audit: { recorder: AuditRecorder; hashKey: Buffer };
}

/** The console's parts from its compiled config: OIDC client, session store, router, expiry sweep (not started). */
export function createConsole(input: CreateConsoleInput): { router: ConsoleRouter; store: SessionStore; sweep: ExpirySweep } {
  const { config, clock } = input;
  const logger = input.logger.child({ component: 'console' });
  const store: SessionStore = config.sessionStore === 'redis' && input.redis
    ? new RedisSessionStore({ client: input.redis, ...(input.redisKeyPrefix !== undefined ? { keyPrefix: input.redisKeyPrefix } : {}) })
    : new InMemorySessionStore(clock);
  const oidc = new OidcClient({
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUrl: config.redirectUrl,
    scopes: config.scopes,
    groupsClaim: input.groupsClaim,
    clockSkewMs: input.clockSkewMs,
    clock,
    logger,
  });
  const audit = new ConsoleAudit(input.audit.recorder, input.audit.hashKey);
  const sessions = new ConsoleSessions({ store, clock, idleTimeoutMs: config.idleTimeoutMs, absoluteTimeoutMs: config.absoluteTimeoutMs, audit });
  const router = createConsoleRouter({
    sessions,
    audit,
    oidc,
    assets: new StaticAssets(),
    groups: { approverGroups: config.approverGroups, auditorGroups: config.auditorGroups, adminGroups: input.adminGroups },
    origin: config.origin,
    absoluteTimeoutMs: config.absoluteTimeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
    pollIntervalMs: config.pollIntervalMs,
    logger,
  });
  // Often enough that an expiry is recorded within a quarter of the idle timeout (at most 30 s late).
  const sweep = new ExpirySweep({ sessions, everyMs: Math.max(1000, Math.min(30_000, config.idleTimeoutMs / 4)), logger });
  return { router, store, sweep };
}
