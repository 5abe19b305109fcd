import type { AgentIdentity } from './identity.js';

// SPIFFE IDs are short; anything longer is not one and is kept only as an opaque principal.
const maxSpiffeIdLength = 2048;
const segment = "[A-Za-z0-9._~!$&'()*+,;=:@%-]+";
const istioShape = new RegExp(`^spiffe://([a-z0-9._-]+)/ns/(${segment})/sa/(${segment})$`, 'i');

/**
 * Parses an Istio-style SPIFFE ID (`spiffe://<trust-domain>/ns/<ns>/sa/<sa>`).
 * Any other shape keeps `principal` only; never throws.
 */
export function parseSpiffeId(principal: string): AgentIdentity {
  if (typeof principal !== 'string') return { principal: '' };
  if (principal.length > maxSpiffeIdLength) return { principal };
  const istio = istioShape.exec(principal);
  if (!istio) return { principal };
  return {
    principal,
    // Trust domains are DNS-like and case-insensitive; namespace and SA names are kept as written.
    trustDomain: istio[1]!.toLowerCase(),
    namespace: istio[2]!,
    serviceAccount: istio[3]!,
  };
}
