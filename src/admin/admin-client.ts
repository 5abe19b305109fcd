import type { ApprovalRequest, ApprovalStatus } from '../approvals/approval.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Grant } from '../grants/grant.js';
import type { IssueGrantBody } from './admin-schemas.js';

export interface AdminClientOptions {
  /** e.g. http://127.0.0.1:9090 */
  server: string;
  token: string;
  fetch?: typeof fetch;
  /** @default 10000 */
  timeoutMs?: number;
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** A small typed client of the admin API (used by `wardgate approvals` and `wardgate grants`). */
export class AdminClient {
  private readonly fetchFn: typeof fetch;
  private readonly base: string;

  constructor(private readonly options: AdminClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.base = options.server.replace(/\/+$/, '');
  }

  async listApprovals(status?: ApprovalStatus): Promise<ApprovalRequest[]> {
    const query = status ? `?status=${encodeURIComponent(status)}` : '';
    return (await this.request<{ approvals: ApprovalRequest[] }>('GET', `/v1/approvals${query}`)).approvals;
  }

  async getApproval(id: string): Promise<ApprovalRequest> {
    return (await this.request<{ approval: ApprovalRequest }>('GET', `/v1/approvals/${encodeURIComponent(id)}`)).approval;
  }

  async approve(id: string, comment: string, grantFor?: string): Promise<ApprovalRequest> {
    const body = { comment, ...(grantFor !== undefined ? { grantFor } : {}) };
    return (await this.request<{ approval: ApprovalRequest }>('POST', `/v1/approvals/${encodeURIComponent(id)}/approve`, body)).approval;
  }

  async deny(id: string, comment: string): Promise<ApprovalRequest> {
    return (await this.request<{ approval: ApprovalRequest }>('POST', `/v1/approvals/${encodeURIComponent(id)}/deny`, { comment })).approval;
  }

  async listGrants(filter: { user?: string; agent?: string } = {}): Promise<Grant[]> {
    const params = new URLSearchParams();
    if (filter.user) params.set('user', filter.user);
    if (filter.agent) params.set('agent', filter.agent);
    const query = params.size > 0 ? `?${params.toString()}` : '';
    return (await this.request<{ grants: Grant[] }>('GET', `/v1/grants${query}`)).grants;
  }

  async getGrant(id: string): Promise<Grant> {
    return (await this.request<{ grant: Grant }>('GET', `/v1/grants/${encodeURIComponent(id)}`)).grant;
  }

  async issueGrant(body: IssueGrantBody): Promise<Grant> {
    return (await this.request<{ grant: Grant }>('POST', '/v1/grants', body)).grant;
  }

  async revokeGrant(id: string): Promise<void> {
    await this.request('DELETE', `/v1/grants/${encodeURIComponent(id)}`);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchFn(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      throw new WardgateError(ErrorCode.Unavailable, `cannot reach ${this.base}`, { cause });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch (cause) {
      throw new WardgateError(ErrorCode.Internal, `${this.base} answered ${response.status} with a body that is not JSON`, { cause });
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      const code = error?.code && knownCodes.has(error.code) ? (error.code as ErrorCode) : ErrorCode.Internal;
      throw new WardgateError(code, error?.message ?? `HTTP ${response.status}`, { details: { httpStatus: response.status } });
    }
    return json as T;
  }
}

/** Renders rows as aligned columns under a header. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** "in 29m", "3h ago": relative times read better in a terminal than epoch numbers. */
export function relativeTime(at: number, now: number): string {
  const delta = at - now;
  const abs = Math.abs(delta);
  const seconds = Math.round(abs / 1000);
  const minutes = Math.round(abs / 60_000);
  const text = seconds < 60 ? `${seconds}s` : minutes < 60 ? `${minutes}m` : abs < 86_400_000 ? `${(abs / 3_600_000).toFixed(1)}h` : `${(abs / 86_400_000).toFixed(1)}d`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}
