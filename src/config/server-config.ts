import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { byteSize } from './byte-size.js';
import { durationMs } from './duration.js';

const processesError = 'must be a positive integer or "auto"';
const port = z.number().int().min(0).max(65535);

/** `server:` — the two listening ports and the lifecycle. */
export const serverConfigSchema = z
  .strictObject({
    grpc: z
      .strictObject({
        /** @default '0.0.0.0' */
        host: z.string().min(1).default('0.0.0.0'),
        /** @default 9000 — ext_authz, ext_proc and gRPC health. */
        port: port.default(9000),
        /** @default 16MiB — largest gRPC message (a buffered body Envoy sends). */
        maxMessageSize: byteSize.default(16 * 1024 * 1024),
      })
      .prefault({}),
    http: z
      .strictObject({
        /** @default '0.0.0.0' */
        host: z.string().min(1).default('0.0.0.0'),
        /** @default 9090 — /healthz, /readyz, /metrics and the admin API. */
        port: port.default(9090),
      })
      .prefault({}),
    /** @default 30s — in-flight checks and streams get this long after SIGTERM. */
    shutdownGrace: durationMs.default(30_000),
    /** @default 2s */
    readinessTimeout: durationMs.default(2_000),
    /**
     * Processes serving the same ports (`node:cluster`): a positive integer, or `auto` for one per
     * available core. 1 is one process and no cluster. More than 1 needs grants, approvals and
     * console sessions in Redis. @default 1
     */
    processes: z
      .union([z.number().int().positive({ error: processesError }), z.literal('auto')], { error: processesError })
      .transform((value) => (value === 'auto' ? availableParallelism() : value))
      .default(1),
  })
  .prefault({});

/** `extproc:` — how responses are inspected. */
export const extprocConfigSchema = z
  .strictObject({
    /** @default true — ask upstreams for uncompressed bodies. */
    stripAcceptEncoding: z.boolean().default(true),
    /** @default 1MiB — must not exceed Envoy's buffer limit (per_connection_buffer_limit_bytes). */
    maxBufferedBody: byteSize.default(1024 * 1024),
    /** @default 8MiB — largest JSON or compressed body Wardgate holds to mask whole (a chunked one is also bounded by Envoy's buffer limit, since Envoy holds it). */
    maxAccumulatedBody: byteSize.default(8 * 1024 * 1024),
    /** @default 32MiB */
    maxDecompressedBody: byteSize.default(32 * 1024 * 1024),
    /** @default 1MiB — longest NDJSON line or CSV record a streamed body may carry between chunks (counted in characters); longer ones block the response. */
    maxLine: byteSize.default(1024 * 1024),
    /** @default block — what to do with a content type Wardgate cannot mask. */
    unknownContentType: z.enum(['block', 'pass', 'mask_text']).default('block'),
    /** @default block — a body that does not parse as its declared type. */
    uninspectable: z.enum(['block', 'mask_as_text']).default('block'),
    /** @default none — the masking profile name that means "PHI-free route, pass bodies". */
    passthroughProfile: z.string().min(1).default('none'),
  })
  .prefault({});

/** `authz:` — decision behaviour around dependencies. */
export const authzConfigSchema = z
  .strictObject({
    /** @default closed — grant store / approvals unreachable: deny (closed) or allow (open). */
    grantStoreFailure: z.enum(['closed', 'open']).default('closed'),
    /** @default closed — an audit event cannot be kept: deny requests on PHI routes. */
    auditFailure: z.enum(['closed', 'open']).default('closed'),
    /** @default jwt_payload — jwt_authn's `payload_in_metadata` key. */
    jwtAuthnPayloadKey: z.string().min(1).default('jwt_payload'),
    /** Paths whose bodies are SQL (globs); others are sniffed by content. */
    sqlPaths: z.array(z.string().min(1)).default([]),
    graphqlPaths: z.array(z.string().min(1)).default([]),
    /**
     * SQL dialect per route: `[{ path: "/mssql/**", dialect: tsql }]`, first match wins. SQL
     * elsewhere is read in every dialect (`any`: the strictest reading).
     */
    sqlDialects: z
      .array(z.strictObject({ path: z.string().min(1), dialect: z.enum(['any', 'postgres', 'mysql', 'tsql', 'sqlite']) }))
      .default([]),
    /** Public base URL of the admin API, shown in held responses. */
    approvalUrlBase: z.string().url().optional(),
  })
  .prefault({});

export type ServerConfig = z.output<typeof serverConfigSchema>;
export type ExtprocConfig = z.output<typeof extprocConfigSchema>;
export type AuthzConfig = z.output<typeof authzConfigSchema>;
