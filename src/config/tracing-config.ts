import { z } from 'zod';
import { durationMs } from './duration.js';

/** `tracing:` — OpenTelemetry spans for Check and Process, exported over OTLP/HTTP. Off by default. */
export const tracingConfigSchema = z
  .strictObject({
    /** @default false */
    enabled: z.boolean().default(false),
    /** OTLP/HTTP traces endpoint (the full path). @default http://127.0.0.1:4318/v1/traces */
    endpoint: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4318/v1/traces'),
    /** Extra request headers for the collector (e.g. an auth token). */
    headers: z.record(z.string(), z.string()).default({}),
    /** @default wardgate — the `service.name` resource attribute. */
    serviceName: z.string().min(1).default('wardgate'),
    /** Share of root traces (no caller trace) recorded, 0..1; a caller's sampling flag is followed. @default 1 */
    sampleRatio: z.number().min(0).max(1).default(1),
    /** Spans held while the collector is slow or down; more are dropped and counted. @default 2048 */
    maxQueueSize: z.number().int().positive().default(2048),
    /** @default 512 */
    maxExportBatchSize: z.number().int().positive().default(512),
    /** Longest wait before a partial batch is sent. @default 2s */
    scheduledDelay: durationMs.default(2_000),
    /** @default 10s */
    exportTimeout: durationMs.default(10_000),
  })
  .refine((t) => t.maxExportBatchSize <= t.maxQueueSize, { message: 'maxExportBatchSize must not exceed maxQueueSize', path: ['maxExportBatchSize'] });

export type TracingConfig = z.output<typeof tracingConfigSchema>;
