/** Resolved ext_proc settings (see src/config for what users write and the defaults). */
export interface ExtprocSettings {
  /** Profile used when ext_authz metadata is missing or names an unknown profile. */
  defaultProfile: string;
  /** The profile name meaning "do not mask" (routes the policy marks as PHI-free). */
  passthroughProfile: string;
  /** Remove accept-encoding on the way upstream so responses come back uncompressed. */
  stripAcceptEncoding: boolean;
  /** Largest body Envoy buffers for us (must not exceed Envoy's buffer limit). */
  maxBufferedBytes: number;
  /** Largest JSON/compressed body Wardgate accumulates itself from a streamed response. */
  maxAccumulatedBytes: number;
  maxDecompressedBytes: number;
  unknownContentType: 'block' | 'pass' | 'mask_text';
  /** A body that cannot be parsed in its declared type: block (default) or mask it as text. */
  uninspectable: 'block' | 'mask_as_text';
}
