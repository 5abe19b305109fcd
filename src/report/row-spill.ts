import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * An append-only list of rows that keeps at most `memoryRows` in memory and spills the rest, as
 * JSON lines, to a private temporary file: the complete request list of a million events costs
 * disk, not memory. Rows are read back in the order they were added.
 */
export class RowSpill<T> {
  private readonly memory: T[] = [];
  private file: { dir: string; path: string; out: WriteStream } | undefined;
  private waiting: Promise<void> | undefined;
  private size = 0;
  private closed = false;

  constructor(private readonly memoryRows = 10_000) {}

  get count(): number {
    return this.size;
  }

  push(row: T): void {
    this.size++;
    if (this.file === undefined && this.memory.length < this.memoryRows) {
      this.memory.push(row);
      return;
    }
    const file = this.file ?? this.openFile();
    if (!file.out.write(JSON.stringify(row) + '\n') && this.waiting === undefined) {
      // Backpressure: the next caller of `drain()` waits for the file to catch up.
      this.waiting = new Promise<void>((resolve) => file.out.once('drain', () => {
        this.waiting = undefined;
        resolve();
      }));
    }
  }

  /** Waits until the spilled rows are written (call now and then while adding many). */
  async drain(): Promise<void> {
    await this.waiting;
  }

  /** Every row, in order; `limit` stops early. */
  async *rows(limit = Infinity): AsyncGenerator<T> {
    let given = 0;
    for (const row of this.memory) {
      if (given++ >= limit) return;
      yield row;
    }
    const file = this.file;
    if (file === undefined) return;
    await this.drain();
    await new Promise<void>((resolve, reject) => {
      if (file.out.writableFinished) return resolve();
      file.out.once('error', reject);
      file.out.end(() => resolve());
    });
    const lines = createInterface({ input: createReadStream(file.path, { encoding: 'utf8' }), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (given++ >= limit) return;
        yield JSON.parse(line) as T;
      }
    } finally {
      lines.close();
    }
  }

  /** Removes the temporary file; idempotent. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.file === undefined) return;
    this.file.out.destroy();
    rmSync(this.file.dir, { recursive: true, force: true });
  }

  private openFile(): { dir: string; path: string; out: WriteStream } {
    const dir = mkdtempSync(join(tmpdir(), 'wardgate-report-'));
    const path = join(dir, 'rows.jsonl');
    this.file = { dir, path, out: createWriteStream(path, { encoding: 'utf8', mode: 0o600 }) };
    return this.file;
  }
}
