// Writes a demo Envoy bootstrap (listener :10000 -> upstream :8080, Wardgate at :9000) built from
// the same envoy/filters/*.yaml the e2e tests use, and prints the command that runs it.
// Usage: npx tsx scripts/envoy-demo.ts [--listen 10000] [--upstream 8080] [--wardgate 9000]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildBootstrap } from '../test/support/envoy-process.js';

const { values } = parseArgs({ options: { listen: { type: 'string', default: '10000' }, upstream: { type: 'string', default: '8080' }, wardgate: { type: 'string', default: '9000' } } });
const bootstrap = buildBootstrap({ wardgateGrpcPort: Number(values.wardgate), upstreamPort: Number(values.upstream) }) as {
  admin: { address: { socket_address: { port_value: number } } };
  static_resources: { listeners: Array<{ address: { socket_address: { port_value: number } } }> };
};
bootstrap.admin.address.socket_address.port_value = 9901;
const listener = bootstrap.static_resources.listeners[0];
if (listener) listener.address.socket_address.port_value = Number(values.listen);
const out = path.resolve('.cache', 'demo', 'envoy-bootstrap.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(bootstrap, null, 2));
console.log(`wrote ${out}\nrun: bash scripts/stack/stack.sh up && . .cache/stack/stack.env && "$WARDGATE_TEST_ENVOY_BIN" -c ${out}`);
