import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Streams a JSONL audit file: each line parsed (an unparseable line is yielded as its text). */
export async function* readJsonlAuditFile(path: string): AsyncGenerator<unknown> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as unknown;
    } catch {
      yield line;
    }
  }
}
