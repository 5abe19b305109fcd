import * as grpc from '@grpc/grpc-js';
import type { ProcessingRequest__Output } from '../../src/envoy/generated/envoy/service/ext_proc/v3/ProcessingRequest.js';
import type { ProcessingResponse } from '../../src/envoy/generated/envoy/service/ext_proc/v3/ProcessingResponse.js';
import { CONFIGURED_PROCESSING_MODE } from '../../src/envoy/external-processor-service.js';
import { loadEnvoyProtos } from '../../src/envoy/proto-loader.js';

/**
 * The floor Wardgate is compared with: grpc-js servers that decode Envoy's messages with the
 * same proto loader and answer without deciding anything. The ext_proc one makes the same
 * round trips Wardgate makes for a small JSON response (headers both ways, the body buffered
 * through a mode override, a clean end of stream), so the difference is Wardgate's own work.
 */
export async function startNoopServer(services: { authz: boolean; extproc: boolean }): Promise<{ port: number; stop: () => Promise<void> }> {
  const protos = loadEnvoyProtos();
  const server = new grpc.Server();
  if (services.authz) {
    server.addService(protos.envoy.service.auth.v3.Authorization.service, {
      Check(_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
        callback(null, { status: { code: 0 }, ok_response: {} });
      },
    });
  }
  if (services.extproc) {
    server.addService(protos.envoy.service.ext_proc.v3.ExternalProcessor.service, {
      Process(call: grpc.ServerDuplexStream<ProcessingRequest__Output, ProcessingResponse>) {
        call.on('data', (message: ProcessingRequest__Output) => {
          const reply = noopReply(message);
          call.write(reply.response);
          if (reply.last) call.end();
        });
        call.on('end', () => call.end());
        call.on('error', () => undefined);
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  return {
    port,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

function noopReply(message: ProcessingRequest__Output): { response: ProcessingResponse; last: boolean } {
  switch (message.request) {
    case 'request_headers':
      return { response: { request_headers: { response: { status: 'CONTINUE' } } }, last: false };
    case 'response_headers': {
      const end = message.response_headers?.end_of_stream ?? false;
      return {
        response: { response_headers: { response: { status: 'CONTINUE' } }, mode_override: { ...CONFIGURED_PROCESSING_MODE, response_body_mode: 'BUFFERED' } },
        last: end,
      };
    }
    case 'response_body':
      return { response: { response_body: { response: { status: 'CONTINUE' } } }, last: message.response_body?.end_of_stream ?? false };
    case 'response_trailers':
      return { response: { response_trailers: {} }, last: true };
    case 'request_body':
      return { response: { request_body: { response: { status: 'CONTINUE' } } }, last: false };
    default:
      return { response: { request_trailers: {} }, last: false };
  }
}
