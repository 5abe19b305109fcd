import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type UpstreamHandler = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

/** A small upstream ("the PHI service") that records what reached it. */
export class UpstreamServer {
  readonly received: RecordedRequest[] = [];
  private readonly routes = new Map<string, UpstreamHandler>();
  private readonly server: http.Server;
  port = 0;

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        this.received.push(recorded);
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const handler = this.routes.get(path);
        if (!handler) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('no such route');
          return;
        }
        Promise.resolve(handler(recorded, res)).catch(() => res.destroy());
      });
    });
  }

  route(path: string, handler: UpstreamHandler): this {
    this.routes.set(path, handler);
    return this;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
