import { createServer, type Server } from 'node:http';
import { createAdminRouter } from '../../src/admin/admin-router.js';
import { ApprovalEventStreams, type ApprovalEventStreamsOptions } from '../../src/admin/approval-event-streams.js';
import type { Approver } from '../../src/approvals/approval-service.js';
import { InMemoryApprovalService } from '../../src/approvals/in-memory-approval-service.js';
import { SystemClock } from '../../src/clock/clock.js';
import { ErrorCode, WardgateError } from '../../src/errors/wardgate-error.js';
import { InMemoryGrantStore } from '../../src/grants/in-memory-grant-store.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { RecordingAuditSink, RecordingNotifier } from './recording-fakes.js';

/** Bearer tokens of the fake identity provider, by role. */
export const testTokens = {
  alice: 'tok-alice', // approver
  bob: 'tok-bob', // approver
  carol: 'tok-carol', // admin
  dev: 'tok-dev', // requester, no approver group
} as const;

const people: Record<string, Approver> = {
  [testTokens.alice]: { subject: 'alice@example.org', groups: ['phi-approvers'] },
  [testTokens.bob]: { subject: 'bob@example.org', groups: ['phi-approvers'] },
  [testTokens.carol]: { subject: 'carol@example.org', groups: ['wardgate-admins'] },
  [testTokens.dev]: { subject: 'dev@example.org', groups: ['eng'] },
};

export interface AdminTestServer {
  url: string;
  server: Server;
  approvals: InMemoryApprovalService;
  grants: InMemoryGrantStore;
  audit: RecordingAuditSink;
  /** The live feed behind `GET /v1/approvals/events`. */
  events: ApprovalEventStreams;
  maxTtlMs: number;
  close(): Promise<void>;
}

/**
 * The admin router on a node:http server on port 0, over in-memory services and fake auth.
 * `people` overrides who a token is (a test can take a token back to see streams end).
 */
export async function startAdminTestServer(
  options: { events?: Partial<Omit<ApprovalEventStreamsOptions, 'approvals' | 'logger'>>; people?: Record<string, Approver> } = {},
): Promise<AdminTestServer> {
  const who = options.people ?? people;
  const clock = new SystemClock();
  const logger = createSilentLogger();
  const maxTtlMs = 8 * 3_600_000;
  const grants = new InMemoryGrantStore({ clock, maxTtlMs });
  const audit = new RecordingAuditSink();
  const approvals = new InMemoryApprovalService({ grants, audit, notifier: new RecordingNotifier(), clock, logger, maxGrantTtlMs: maxTtlMs, sweepIntervalMs: 0 });
  const events = new ApprovalEventStreams({ approvals, logger, ...options.events }).start();
  const handler = createAdminRouter({
    approvals,
    grants,
    audit,
    adminGroups: ['wardgate-admins'],
    maxTtlMs,
    logger,
    clock,
    events,
    authenticate: (header) => {
      const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
      const caller = token ? who[token] : undefined;
      return caller ? Promise.resolve(caller) : Promise.reject(new WardgateError(ErrorCode.Unauthenticated, 'missing or invalid bearer token'));
    },
  });
  const server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) {
          res.statusCode = 404;
          res.end('not an admin route');
        }
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    approvals,
    grants,
    audit,
    events,
    maxTtlMs,
    close: async () => {
      await events.stop();
      await approvals.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
