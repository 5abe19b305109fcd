/**
 * Facts about one decided request that travel to the ext_proc side through Envoy dynamic
 * metadata. Only ext_authz can set them (a client header cannot), so ext_proc can trust them.
 */
export interface ExchangeMetadata {
  decisionId: string;
  correlationId: string;
  ruleId: string;
  /** The policy's action (before dry-run enforcement). */
  action: 'allow' | 'deny' | 'hold';
  maskingProfile: string;
  /** Mask the request body too (e.g. a prompt leaving for an external LLM API). */
  maskRequestBody: boolean;
  user?: string;
  agent?: string;
  /** The request's trace id, so the session event links to the same trace as the decision. */
  traceId?: string;
}

/** What ext_authz tells Envoy. `src/envoy/` turns it into a CheckResponse. */
export type AuthzOutcome =
  | {
      kind: 'allow';
      /** Headers added to the request going upstream. */
      upstreamHeaders: Record<string, string>;
      /** Headers removed from the request going upstream (e.g. spoofed x-wardgate-*). */
      removeUpstreamHeaders: string[];
      metadata: ExchangeMetadata;
    }
  | {
      kind: 'deny';
      status: number;
      /** JSON body for the client; PHI-free. */
      body: Record<string, unknown>;
      headers: Record<string, string>;
      metadata?: ExchangeMetadata;
    };
