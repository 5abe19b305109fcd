import cluster from 'node:cluster';
import { WORKER_SLOT_ENV, workerSlotEnv } from '../config/worker-slot.js';
import type { SpawnWorker } from './cluster-primary.js';

/** Forks this same program (argv and execArgv) as a worker for the slot, sharing the primary's listening ports. */
export const spawnClusterWorker: SpawnWorker = (slot) => {
  const worker = cluster.fork({ [WORKER_SLOT_ENV]: workerSlotEnv(slot) });
  return {
    send: (message) => {
      if (worker.isConnected()) worker.send(message);
    },
    kill: (signal) => {
      if (worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill(signal);
    },
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) => worker.once('exit', (code: number | null, signal: string | null) => listener(code, signal)),
  };
};
