import type { MetricSnapshot } from '../metrics/metrics-registry.js';

/**
 * What one process asks of all of them: its metrics (for one `/metrics` for the pod) or its
 * readiness (the pod is ready only when every process is).
 */
export type PeerQuery = 'metrics' | 'readiness';

export interface ReadinessAnswer {
  ready: boolean;
  state: string;
  /** Names of the dependencies that failed their check. */
  failing: string[];
}

export interface PeerAnswerOf {
  metrics: MetricSnapshot[];
  readiness: ReadinessAnswer;
}

/** Each process's answer by worker slot, and the slots that did not answer in time (or are down). */
export interface PeerAnswers<Q extends PeerQuery> {
  answers: Array<{ worker: number; answer: PeerAnswerOf[Q] }>;
  missing: number[];
}

/** The IPC messages between the primary and its workers; the `wardgate` field tells them from anything else on the channel. */
export type ClusterMessage =
  /** worker -> primary: ask every process. */
  | { wardgate: 'gather'; id: number; query: PeerQuery }
  /** primary -> worker: answer this for the process that asked. */
  | { wardgate: 'collect'; id: number; query: PeerQuery }
  /** worker -> primary: this process's answer. */
  | { wardgate: 'answer'; id: number; worker: number; answer: unknown }
  /** primary -> worker: every answer, for the process that asked. */
  | { wardgate: 'gathered'; id: number; answers: Array<{ worker: number; answer: unknown }>; missing: number[] };

export function isClusterMessage(value: unknown): value is ClusterMessage {
  if (value === null || typeof value !== 'object') return false;
  const { wardgate, id } = value as { wardgate?: unknown; id?: unknown };
  return typeof id === 'number' && (wardgate === 'gather' || wardgate === 'collect' || wardgate === 'answer' || wardgate === 'gathered');
}

/** One end of the IPC channel (a worker's `process`, or the primary's handle of one worker). */
export interface IpcChannel {
  send(message: ClusterMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}
