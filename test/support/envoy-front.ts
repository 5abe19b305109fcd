import { EnvoyProcess, buildBootstrap } from './envoy-process.js';
import type { UpstreamServer } from './upstream-server.js';
import type { TestWardgate } from './wardgate-instance.js';

/** Starts the upstream, then Wardgate, then a real Envoy in front of both (the usual e2e shape). */
export async function startEnvoyFront(wardgate: TestWardgate, upstream: UpstreamServer): Promise<EnvoyProcess> {
  await upstream.start();
  if (!wardgate.runtime) await wardgate.start();
  return new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: wardgate.grpcPort, upstreamPort: upstream.port })).start();
}

/** Stops what `startEnvoyFront` started, in reverse order, whatever state each is in. */
export async function stopEnvoyFront(envoy: EnvoyProcess | undefined, wardgate: TestWardgate | undefined, upstream: UpstreamServer): Promise<void> {
  await envoy?.stop();
  await wardgate?.cleanup();
  await upstream.stop();
}
