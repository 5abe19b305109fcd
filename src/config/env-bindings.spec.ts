import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envBindings } from './env-bindings.js';
import { applyEnvironment } from './load-config.js';
import { packageRoot } from './package-root.js';

describe('environment variables', () => {
  it('every variable Wardgate reads is documented in the README', () => {
    const readme = readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');
    for (const binding of envBindings) expect(readme, binding.name).toContain(`\`${binding.name}\``);
  });

  it('override the file and parse their types', () => {
    const out = applyEnvironment(
      { server: { grpc: { port: 1 } } },
      { WARDGATE_GRPC_PORT: '9100', WARDGATE_DRY_RUN: 'true', WARDGATE_KAFKA_BROKERS: 'a:1, b:2', WARDGATE_OIDC_AUDIENCE: 'x,y' },
    );
    expect(out).toMatchObject({
      server: { grpc: { port: 9100 } },
      policy: { dryRun: true },
      audit: { sink: 'kafka', kafka: { brokers: ['a:1', 'b:2'] } },
      identity: { issuers: [{ audiences: ['x', 'y'] }] },
    });
  });

  it('reject a malformed value with the variable name', () => {
    expect(() => applyEnvironment({}, { WARDGATE_GRPC_PORT: 'ninety' })).toThrow(/WARDGATE_GRPC_PORT/);
  });
});
