import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createLogger } from './logger.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it("logs an error's own message and stack, and only the type and code of its causes", () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info' }, stream);
    let parseError: unknown;
    try {
      JSON.parse('{"name": "Jennifer Smith", 078-05-1120}');
    } catch (e) {
      parseError = e;
    }
    const connection = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    logger.warn({ err: new WardgateError(ErrorCode.Uninspectable, 'body is not valid JSON', { cause: parseError }) }, 'masking failed');
    logger.warn({ err: new WardgateError(ErrorCode.Unavailable, 'dependency unavailable', { cause: connection }) }, 'redis down');
    const [first, second] = lines.map((l) => JSON.parse(l) as { err: Record<string, unknown> });
    expect(lines.join('')).not.toMatch(/Jennifer|078-05-1120/);
    expect(first!.err).toMatchObject({ type: 'WardgateError', message: 'body is not valid JSON', code: 'uninspectable', causes: [{ type: 'SyntaxError' }] });
    expect(second!.err).toMatchObject({ code: 'unavailable', causes: [{ type: 'Error', code: 'ECONNREFUSED' }] });
    expect(String(first!.err.stack)).toContain('body is not valid JSON');
  });
});
