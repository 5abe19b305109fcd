/** A thin client of Wardgate's admin API for tests (the CLI has its own). */
export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  approve(id: string, comment = 'looks right', grantFor?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.request('POST', `/v1/approvals/${id}/approve`, { comment, ...(grantFor ? { grantFor } : {}) });
  }

  deny(id: string, comment = 'no'): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.request('POST', `/v1/approvals/${id}/deny`, { comment });
  }

  async pendingIds(): Promise<string[]> {
    const { body } = await this.request('GET', '/v1/approvals?status=pending');
    return ((body.approvals as Array<{ id: string }> | undefined) ?? []).map((a) => a.id);
  }

  /** Waits until a pending approval appears (a held request is waiting) and returns its id. */
  async waitForPending(known: readonly string[] = [], timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const fresh = (await this.pendingIds()).filter((id) => !known.includes(id));
      if (fresh[0]) return fresh[0];
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no pending approval appeared');
  }
}
