import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const modulePath = 'github.com/open-policy-agent/opa-envoy-plugin/cmd/opa-envoy-plugin@latest';

/**
 * OPA-Envoy, the peer of the comparison, built from the Go module proxy when the proxy serves it
 * (it has refused it: 403). Tried once per benchmark run; on failure the reason is returned and
 * its row is skipped.
 */
export async function ensureOpaEnvoy(repoRoot: string): Promise<{ bin: string } | { skipped: string }> {
  const bin = path.join(repoRoot, '.cache', 'bin', 'opa-envoy-plugin');
  if (existsSync(bin)) return { bin };
  try {
    await run('go', ['install', modulePath], { env: { ...process.env, GOBIN: path.dirname(bin), CGO_ENABLED: '0' }, timeout: 300_000 });
    return { bin };
  } catch (error) {
    const text = String((error as { stderr?: unknown }).stderr ?? error);
    return { skipped: `go install ${modulePath} failed: ${text.trim().split('\n').slice(-2).join(' ')}` };
  }
}

/** The peer's policy: the same decision Wardgate makes (a verified JWT whose groups include clinicians). */
export function opaPolicy(options: { jwks: string; issuer: string; audience: string }): string {
  return `package envoy.authz
import rego.v1
default allow := false
token := t if {
  header := input.attributes.request.http.headers.authorization
  startswith(header, "Bearer ")
  t := substring(header, 7, -1)
}
allow if {
  [valid, _, payload] := io.jwt.decode_verify(token, {"cert": ${JSON.stringify(options.jwks)}, "iss": ${JSON.stringify(options.issuer)}, "aud": ${JSON.stringify(options.audience)}})
  valid
  "clinicians" in payload.groups
}
`;
}

export function opaArgs(options: { grpcPort: number; httpPort: number; policyFile: string }): string[] {
  return [
    'run', '--server', '--addr', `127.0.0.1:${options.httpPort}`, '--log-level', 'error',
    '--set', `plugins.envoy_ext_authz_grpc.addr=127.0.0.1:${options.grpcPort}`,
    '--set', 'plugins.envoy_ext_authz_grpc.path=envoy/authz/allow',
    '--set', 'decision_logs.console=false',
    options.policyFile,
  ];
}
