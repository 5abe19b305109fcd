import { pathToFileURL } from 'node:url';
import { SystemClock } from '../src/clock/clock.js';
import { createJwtVerifier } from '../src/identity/jwt-verifier.js';
import { TestIssuer } from '../test/support/jwt-issuer.js';

const ROUNDS = 5;
const PER_ROUND = 2000;

/**
 * Cost of verifying the same RS256 bearer token again and again, with the verified-token cache
 * and without it (`verifiedTokenCacheSize: 0`), rounds interleaved so machine load hits both.
 */
export async function runIdentityBench(): Promise<void> {
  const issuer = await new TestIssuer().start();
  try {
    const token = await issuer.token({ sub: 'clinician-7', groups: ['clinicians'] }, { expiresIn: '1h' });
    const make = (verifiedTokenCacheSize: number) =>
      createJwtVerifier({ issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }], clock: new SystemClock(), verifiedTokenCacheSize });
    const variants = { cached: make(4096), uncached: make(0) };
    const best: Record<string, number> = { cached: Infinity, uncached: Infinity };
    for (const v of Object.values(variants)) for (let i = 0; i < 200; i++) await v.verify(token); // warm-up, JWKS fetched
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, verifier] of Object.entries(variants)) {
        const started = process.cpuUsage();
        for (let i = 0; i < PER_ROUND; i++) {
          const result = await verifier.verify(token);
          if (!('user' in result)) throw new Error(`token refused: ${result.problem}`);
        }
        const used = process.cpuUsage(started);
        best[name] = Math.min(best[name] ?? Infinity, (used.user + used.system) / PER_ROUND);
      }
    }
    // CPU time of this process (libuv's crypto threads included), best round of each.
    console.log(`JWT verify, same RS256 token: uncached ${best.uncached?.toFixed(1)} µs CPU, cached ${best.cached?.toFixed(1)} µs CPU (best of ${ROUNDS}×${PER_ROUND})`);
  } finally {
    await issuer.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runIdentityBench();
}
