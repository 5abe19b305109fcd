// Generates TypeScript types for Envoy's and Wardgate's protos (never hand-typed).
// Envoy's protos come from @grpc/grpc-js-xds's deps/ folder; Wardgate's own from protos/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const xdsDeps = path.join(path.dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
const includeDirs = [
  path.join(xdsDeps, 'envoy-api'),
  path.join(xdsDeps, 'xds'),
  path.join(xdsDeps, 'googleapis'),
  path.join(xdsDeps, 'protoc-gen-validate'),
  path.join(root, 'protos'),
];
const out = path.join(root, 'src', 'envoy', 'generated');
const files = [
  'envoy/service/auth/v3/external_auth.proto',
  'envoy/service/ext_proc/v3/external_processor.proto',
  'grpc/health/v1/health.proto',
];
for (const dir of includeDirs) if (!existsSync(dir)) throw new Error(`proto include dir missing: ${dir}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = path.join(root, 'node_modules', '.bin', 'proto-loader-gen-types');
execFileSync(
  bin,
  [
    '--longs=String', '--enums=String', '--defaults', '--oneofs', '--keepCase',
    '--grpcLib=@grpc/grpc-js', '--importFileExtension=.js', `--outDir=${out}`,
    ...files,
    // Files go before the include dirs: -I is an array option and would swallow them.
    ...includeDirs.map((d) => `--includeDirs=${d}`),
  ],
  { stdio: 'inherit' },
);
