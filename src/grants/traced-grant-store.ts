import type { RequestTracer } from '../tracing/request-tracer.js';
import type { Grant, GrantLookup, GrantSubject, NewGrant } from './grant.js';
import type { GrantStore } from './grant-store.js';

/** A Redis grant store whose calls are child spans of the request waiting on them (only the operation name is recorded). */
export class TracedGrantStore implements GrantStore {
  constructor(
    private readonly inner: GrantStore,
    private readonly tracer: RequestTracer,
  ) {}

  issue(grant: NewGrant): Promise<Grant> {
    return this.tracer.child('wardgate.grants.redis', () => this.inner.issue(grant), { 'wardgate.grants.operation': 'issue' });
  }

  useMatching(lookup: GrantLookup): Promise<Grant | undefined> {
    return this.tracer.child('wardgate.grants.redis', () => this.inner.useMatching(lookup), { 'wardgate.grants.operation': 'use_matching' });
  }

  get(id: string): Promise<Grant | undefined> {
    return this.tracer.child('wardgate.grants.redis', () => this.inner.get(id), { 'wardgate.grants.operation': 'get' });
  }

  list(filter?: { subject?: GrantSubject }): Promise<Grant[]> {
    return this.tracer.child('wardgate.grants.redis', () => this.inner.list(filter), { 'wardgate.grants.operation': 'list' });
  }

  revoke(id: string): Promise<boolean> {
    return this.tracer.child('wardgate.grants.redis', () => this.inner.revoke(id), { 'wardgate.grants.operation': 'revoke' });
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
