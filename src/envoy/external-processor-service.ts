import type * as grpc from '@grpc/grpc-js';
import type { ExchangeHandlerFactory } from '../extproc/exchange-handler.js';
import type { Logger } from '../logging/logger.js';
import type { ExternalProcessorHandlers } from './generated/envoy/service/ext_proc/v3/ExternalProcessor.js';
import type { ProcessingMode } from './generated/envoy/extensions/filters/http/ext_proc/v3/ProcessingMode.js';
import type { ProcessingRequest__Output } from './generated/envoy/service/ext_proc/v3/ProcessingRequest.js';
import type { ProcessingResponse } from './generated/envoy/service/ext_proc/v3/ProcessingResponse.js';
import type { RequestTracer } from '../tracing/request-tracer.js';
import { ExtProcStream } from './ext-proc-stream.js';
import { traceParentFromGrpcMetadata } from './trace-headers.js';

/**
 * The processing mode Wardgate's ext_proc filter config must declare (envoy/ and deploy/ use
 * it): headers both ways, response trailers (so a streamed body's end is seen), bodies chosen
 * per exchange through mode_override. Response bodies default to STREAMED so that, should an
 * override ever be ignored, bodies still pass through Wardgate rather than around it.
 */
export const CONFIGURED_PROCESSING_MODE: Required<ProcessingMode> = {
  request_header_mode: 'SEND',
  response_header_mode: 'SEND',
  request_body_mode: 'NONE',
  response_body_mode: 'STREAMED',
  request_trailer_mode: 'SKIP',
  response_trailer_mode: 'SEND',
};

export interface ExternalProcessorOptions {
  handlers: ExchangeHandlerFactory;
  logger: Logger;
  /** Registers a stream so shutdown can wait for it to finish. */
  trackStream: (done: Promise<void>) => void;
  /** A span per stream. @default tracing off */
  tracer?: RequestTracer;
}

/** envoy.service.ext_proc.v3.ExternalProcessor: one bidi stream per HTTP exchange. */
export function createExternalProcessorHandlers(options: ExternalProcessorOptions): ExternalProcessorHandlers {
  return {
    Process(call: grpc.ServerDuplexStream<ProcessingRequest__Output, ProcessingResponse>) {
      const done = new Promise<void>((resolve) => {
        call.on('close', resolve);
        call.on('finish', resolve);
        call.on('cancelled', resolve);
        call.on('error', () => resolve());
      });
      options.trackStream(done);
      const { tracer } = options;
      const tracing = tracer?.enabled ? { tracer, grpcParent: traceParentFromGrpcMetadata(call.metadata) } : undefined;
      new ExtProcStream(call, options.handlers.create(), options.logger, CONFIGURED_PROCESSING_MODE, tracing);
    },
  };
}
