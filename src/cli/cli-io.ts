/** Where a command writes; injected so commands are testable without a terminal. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}
