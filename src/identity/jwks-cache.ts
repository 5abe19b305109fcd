import { createLocalJWKSet, type JSONWebKeySet, type FlattenedJWSInput, type JWTHeaderParameters, errors } from 'jose';
import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';

type KeyLookup = ReturnType<typeof createLocalJWKSet>;
type ResolvedKey = Awaited<ReturnType<KeyLookup>>;

export interface JwksCacheOptions {
  jwksUri: string;
  /** How long fetched keys are used before a refresh. */
  cacheMs: number;
  /** Minimum time between two fetches (for unknown `kid`s and after failures). */
  cooldownMs: number;
  timeoutMs: number;
  clock: Clock;
  fetch: typeof fetch;
  logger?: Logger;
  /** Told the outcome of every fetch (the JWKS health metrics). */
  onFetch?: (ok: boolean) => void;
  /** Wraps each fetch (a child span of the request waiting on it). */
  trace?: (work: () => Promise<void>) => Promise<void>;
}

/** Out-parameter of `getKey`: which generation of the key set a key came from. */
export interface KeyPin {
  generation?: number;
}

// A JWKS document is a few KiB; cap it so a misbehaving endpoint cannot make us buffer megabytes.
const maxJwksBytes = 1024 * 1024;

/**
 * One issuer's signing keys. Built on jose's local key set so that the clock is injectable:
 * keys are refreshed after `cacheMs`, and an unknown `kid` triggers at most one fetch per
 * `cooldownMs` (key rotation works, a flood of random kids does not become a flood of fetches).
 * When a refresh fails, keys already known stay in use.
 */
export class JwksCache {
  private keys?: KeyLookup;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private inflight?: Promise<void>;
  private keysText = '';
  private currentGeneration = 0;

  constructor(private readonly options: JwksCacheOptions) {}

  /**
   * The generation of the key set when it is fresh (fetched less than `cacheMs` ago), else
   * undefined. The generation changes whenever a fetch brings a different set of keys, so a
   * verification remembered under one generation is void once a key is added or removed.
   */
  freshGeneration(): number | undefined {
    if (this.keys === undefined || this.options.clock.monotonic() - this.fetchedAt >= this.options.cacheMs) return undefined;
    return this.currentGeneration;
  }

  /**
   * jose `JWTVerifyGetKey`-compatible lookup. `pin.generation` is set to the generation of the
   * key set the key is taken from (read together with the set, so a refresh finishing while the
   * signature is checked cannot make a verification look newer than its key).
   */
  async getKey(header: JWTHeaderParameters, token: FlattenedJWSInput, pin?: KeyPin): Promise<ResolvedKey> {
    const now = this.options.clock.monotonic();
    if (this.keys === undefined || now - this.fetchedAt >= this.options.cacheMs) await this.refresh();
    const keys = this.keys;
    if (keys === undefined) throw new WardgateError(ErrorCode.Unavailable, 'JWKS unavailable');
    if (pin) pin.generation = this.currentGeneration;
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // Possibly a rotated key: look again, at most once per cooldown.
      await this.refresh();
      if (this.keys === undefined || this.keys === keys) throw error;
      if (pin) pin.generation = this.currentGeneration;
      return this.keys(header, token);
    }
  }

  private refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    const now = this.options.clock.monotonic();
    if (now - this.lastAttemptAt < this.options.cooldownMs) {
      return this.keys === undefined
        ? Promise.reject(new WardgateError(ErrorCode.Unavailable, 'JWKS unavailable (cooling down after a failed fetch)'))
        : Promise.resolve();
    }
    this.lastAttemptAt = now;
    const fetched = this.options.trace ? this.options.trace(() => this.fetchKeys()) : this.fetchKeys();
    this.inflight = fetched
      .then(
        () => this.options.onFetch?.(true),
        (error: unknown) => {
          this.options.onFetch?.(false);
          throw error;
        },
      )
      .catch((error: unknown) => {
        if (this.keys === undefined) throw error;
        this.options.logger?.warn({ err: error, jwksUri: this.options.jwksUri }, 'JWKS refresh failed; keeping the keys already known');
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    let document: unknown;
    try {
      const response = await this.options.fetch(this.options.jwksUri, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (!response.ok) throw new Error(`JWKS endpoint answered HTTP ${response.status}`);
      const text = await response.text();
      if (text.length > maxJwksBytes) throw new Error('JWKS document too large');
      document = JSON.parse(text);
    } catch (error) {
      throw new WardgateError(ErrorCode.Unavailable, 'JWKS unavailable', { cause: error, details: { jwksUri: this.options.jwksUri } });
    }
    if (!isJwks(document)) {
      throw new WardgateError(ErrorCode.Unavailable, 'JWKS document is not a key set', { details: { jwksUri: this.options.jwksUri } });
    }
    const text = JSON.stringify(document.keys);
    if (text !== this.keysText) {
      this.keysText = text;
      this.currentGeneration += 1;
    }
    this.keys = createLocalJWKSet(document);
    this.fetchedAt = this.options.clock.monotonic();
  }
}

function isJwks(value: unknown): value is JSONWebKeySet {
  if (value === null || typeof value !== 'object') return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((key) => key !== null && typeof key === 'object' && !Array.isArray(key));
}
