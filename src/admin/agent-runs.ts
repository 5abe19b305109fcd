import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

/** One agent's run: the events of one correlation id on which the agent acted. */
export interface AgentRun {
  correlationId: string;
  /** Time of the run's first event naming the agent (what the window and the order go by). */
  startedAt: string;
  events: unknown[];
}

export interface AgentTimelineQuery {
  /** The SPIFFE principal, as access events record it in `actor.agent`. */
  agent: string;
  /** Runs that started at or after / before or at (epoch ms). */
  from?: number;
  to?: number;
  /** Runs per page. */
  limit: number;
  /** `nextCursor` of the previous page: the runs after it (older). */
  cursor?: string;
}

export interface AgentTimeline {
  agent: string;
  /** Newest run first; each run's events in stream order. */
  runs: AgentRun[];
  nextCursor?: string;
  chain: { ok: boolean; findings: number };
}

export const MAX_AGENT_RUNS_PER_PAGE = 100;
/** Runs of one agent tracked per query; more and the query must narrow its window. */
const maxTrackedRuns = 200_000;

interface RunKey {
  startedAt: string;
  correlationId: string;
}

/** Newest first; the correlation id breaks ties so that a cursor names one place. */
function newerFirst(a: RunKey, b: RunKey): number {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? 1 : -1;
  return a.correlationId < b.correlationId ? 1 : a.correlationId > b.correlationId ? -1 : 0;
}

export function encodeCursor(key: RunKey): string {
  return Buffer.from(JSON.stringify([key.startedAt, key.correlationId])).toString('base64url');
}

export function decodeCursor(cursor: string): RunKey {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return { startedAt: value[0], correlationId: value[1] };
  } catch {
    // Falls through to the one answer for any bad cursor.
  }
  throw new WardgateError(ErrorCode.InvalidArgument, 'cursor is not one this API handed out');
}

/**
 * First pass: which correlation ids are runs of the agent inside the window, and when each
 * started. Feed it every event in stream order, then `page()` says which runs to read.
 */
export class AgentRunIndex {
  private readonly runs = new Map<string, string>();
  private readonly after: RunKey | undefined;

  constructor(private readonly query: AgentTimelineQuery) {
    this.after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  }

  add(event: unknown): void {
    if (event === null || typeof event !== 'object') return;
    const { correlationId, actor, time } = event as { correlationId?: unknown; actor?: { agent?: unknown }; time?: unknown };
    if (typeof correlationId !== 'string' || typeof time !== 'string' || actor?.agent !== this.query.agent) return;
    if (this.runs.has(correlationId)) return;
    const ms = Date.parse(time);
    if ((this.query.from !== undefined && ms < this.query.from) || (this.query.to !== undefined && ms > this.query.to)) return;
    if (this.runs.size >= maxTrackedRuns) throw new WardgateError(ErrorCode.ResourceExhausted, 'this agent has too many runs in the window; narrow it with from and to');
    this.runs.set(correlationId, time);
  }

  /** The runs of this page (newest first) and the cursor of the next, if any. */
  page(): { keys: RunKey[]; nextCursor?: string } {
    const after = this.after;
    const all = [...this.runs].map(([correlationId, startedAt]) => ({ correlationId, startedAt }))
      .filter((k) => after === undefined || newerFirst(after, k) < 0)
      .sort(newerFirst);
    const keys = all.slice(0, this.query.limit);
    const last = keys.at(-1);
    return all.length > keys.length && last !== undefined ? { keys, nextCursor: encodeCursor(last) } : { keys };
  }
}
