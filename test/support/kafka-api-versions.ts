import net from 'node:net';

/** One API a broker supports, as its ApiVersions response lists it. */
export interface BrokerApiVersion {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/**
 * Asks a broker which versions of each API it speaks (ApiVersions v0, written by hand so that
 * it does not depend on what the client under test negotiates). Kafka 4 drops old versions
 * (KIP-896), which tells its line apart from 3.x.
 */
export function fetchBrokerApiVersions(broker: string, timeoutMs = 10_000): Promise<BrokerApiVersion[]> {
  const [host, port] = broker.split(':') as [string, string];
  const clientId = Buffer.from('wardgate-test');
  // size | api_key 18 | api_version 0 | correlation_id | client_id (int16 length + bytes); empty body.
  const request = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
  request.writeInt32BE(request.length - 4, 0);
  request.writeInt16BE(18, 4);
  request.writeInt16BE(0, 6);
  request.writeInt32BE(17, 8);
  request.writeInt16BE(clientId.length, 12);
  clientId.copy(request, 14);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host);
    let received = Buffer.alloc(0);
    const fail = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no ApiVersions answer from ${broker} within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      socket.destroy();
      // correlation_id | error_code | [api_key min max]
      const errorCode = received.readInt16BE(8);
      if (errorCode !== 0) return reject(new Error(`ApiVersions error ${errorCode}`));
      const count = received.readInt32BE(10);
      const apis: BrokerApiVersion[] = [];
      for (let i = 0, at = 14; i < count; i++, at += 6) {
        apis.push({ apiKey: received.readInt16BE(at), minVersion: received.readInt16BE(at + 2), maxVersion: received.readInt16BE(at + 4) });
      }
      resolve(apis);
    });
  });
}
