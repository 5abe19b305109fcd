import { createKeyedHex } from './command-hasher.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{16,64}$/i;
const BASE64URL = /^[A-Za-z0-9_-]{16,64}$/;
/** Seven digits in a row already spell a phone number, an SSN or an MRN. */
const DIGIT_RUN = /\d{7,}/;
/** Runs of letters this long read as words or names, which random ids rarely contain. */
const WORD_RUN = /[a-z]{5,}|[A-Z]{5,}|[A-Z][a-z]{3,}/;

/**
 * True when a client-supplied request id has the shape of an opaque id (UUID, hex, base64url,
 * 16 to 64 characters) and nothing in it reads as an identifier or a word. False positives
 * are harmless: such ids are recorded as their keyed hash instead.
 */
export function isOpaqueId(id: string): boolean {
  // A canonical UUID is what Envoy itself generates; its fixed 8-4-4-4-12 hex groups cannot
  // spell a name, a formatted SSN or phone, or an e-mail, and hashing it would break the
  // correlation with Envoy's and the upstream's logs.
  if (UUID.test(id)) return true;
  if (!(HEX.test(id) || BASE64URL.test(id))) return false;
  if (DIGIT_RUN.test(id)) return false;
  return UUID.test(id) || HEX.test(id) || !WORD_RUN.test(id);
}

/**
 * The correlation id Wardgate records and passes on for a request's x-request-id: the id
 * itself when it is opaque, otherwise `h:` and a keyed hash (the client may have put PHI in
 * it; the key stops guessing, and an operator holding the key can still match the upstream's
 * log line). `looksClean` lets the masking engine veto an opaque-looking id.
 */
export function createCorrelationIdRecorder(key: Buffer, looksClean: (id: string) => boolean = () => true): (raw: string) => string {
  const keyedHex = createKeyedHex(key);
  return (raw) => {
    if (UUID.test(raw)) return raw;
    if (isOpaqueId(raw) && looksClean(raw)) return raw;
    return `h:${keyedHex(`correlation-id\u0000${raw}`, 32)}`;
  };
}
