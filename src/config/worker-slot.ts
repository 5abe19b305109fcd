import path from 'node:path';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { WardgateConfig } from './wardgate-config.js';

/** Set by the cluster primary on each process it forks: the process's slot, `<index>/<count>`. */
export const WORKER_SLOT_ENV = 'WARDGATE_WORKER_SLOT';

/**
 * A process's place in a cluster: `index` is stable across restarts of that process (a restarted
 * worker takes over its slot's write-ahead log), never a pid.
 */
export interface WorkerSlot {
  index: number;
  count: number;
}

/** The slot the primary gave this process, or undefined outside a cluster. */
export function readWorkerSlot(env: NodeJS.ProcessEnv): WorkerSlot | undefined {
  const raw = env[WORKER_SLOT_ENV];
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(raw);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new WardgateError(ErrorCode.InvalidArgument, `${WORKER_SLOT_ENV} must be <index>/<count> with index < count (got ${JSON.stringify(raw)})`);
  }
  return { index, count };
}

export function workerSlotEnv(slot: WorkerSlot): string {
  return `${slot.index}/${slot.count}`;
}

/**
 * The configuration as one worker runs it: its own write-ahead log directory under
 * `audit.spool.dir` (each process appends to its own log, ships its own chain).
 */
export function configForWorker(config: Readonly<WardgateConfig>, slot: WorkerSlot): Readonly<WardgateConfig> {
  const spool = { ...config.audit.spool, dir: path.join(config.audit.spool.dir, `worker-${slot.index}`) };
  return { ...config, audit: { ...config.audit, spool } };
}
