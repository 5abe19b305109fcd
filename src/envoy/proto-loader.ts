import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AuthProto } from './generated/external_auth.js';
import type { ProtoGrpcType as ExtProcProto } from './generated/external_processor.js';
import type { ProtoGrpcType as HealthProto } from './generated/health.js';

/** The options the generated types were produced with (scripts/codegen.mjs); they must agree. */
const loaderOptions: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export type EnvoyProtos = AuthProto & ExtProcProto & HealthProto;

function includeDirs(): string[] {
  const require = createRequire(import.meta.url);
  const xdsDeps = path.join(path.dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
  // src/envoy or dist/src/envoy -> repo root/protos
  const here = path.dirname(fileURLToPath(import.meta.url));
  const ownProtos = [path.resolve(here, '../../protos'), path.resolve(here, '../../../protos')];
  return [
    path.join(xdsDeps, 'envoy-api'),
    path.join(xdsDeps, 'xds'),
    path.join(xdsDeps, 'googleapis'),
    path.join(xdsDeps, 'protoc-gen-validate'),
    ...ownProtos,
  ];
}

/** Loads Envoy's ext_authz and ext_proc services and the gRPC health service. */
export function loadEnvoyProtos(): EnvoyProtos {
  const definition = protoLoader.loadSync(
    [
      'envoy/service/auth/v3/external_auth.proto',
      'envoy/service/ext_proc/v3/external_processor.proto',
      'grpc/health/v1/health.proto',
    ],
    { ...loaderOptions, includeDirs: includeDirs() },
  );
  return grpc.loadPackageDefinition(definition) as unknown as EnvoyProtos;
}
