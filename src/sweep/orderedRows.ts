import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * Streams CSV rows to disk in index order although results arrive in any
 * order. Each flushed row is a complete line, so an interrupted file is valid
 * up to its last full line, and `resume` continues exactly where it stopped.
 */
export class OrderedRowWriter {
  private readonly fd: number;
  private readonly pending = new Map<number, string>();
  private next: number;

  private constructor(fd: number, next: number) {
    this.fd = fd;
    this.next = next;
  }

  /** Starts a new file with `headerLine`. */
  static create(path: string, headerLine: string): OrderedRowWriter {
    const fd = openSync(path, 'w');
    writeSync(fd, headerLine + '\n');
    return new OrderedRowWriter(fd, 0);
  }

  /**
   * Reopens an interrupted file: checks the header, drops a torn last line,
   * and reports how many rows are already complete.
   */
  static resume(path: string, headerLine: string): OrderedRowWriter {
    if (!existsSync(path)) return OrderedRowWriter.create(path, headerLine);
    const text = readFileSync(path, 'utf8');
    const firstNewline = text.indexOf('\n');
    const header = firstNewline < 0 ? text : text.slice(0, firstNewline);
    if (header !== headerLine)
      throw new Error(`cannot resume ${path}: its header differs from this sweep's (was the sweep file changed?)`);
    const lastNewline = text.lastIndexOf('\n');
    const completeBytes = Buffer.byteLength(text.slice(0, lastNewline + 1), 'utf8');
    const rows = text.slice(firstNewline + 1, lastNewline + 1).split('\n').length - 1;
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, completeBytes);
    const writer = new OrderedRowWriter(fd, rows);
    writer.position = completeBytes;
    return writer;
  }

  private position: number | null = null;

  /** Index of the first row not yet written. */
  get written(): number {
    return this.next;
  }

  add(index: number, line: string): void {
    if (index < this.next || this.pending.has(index)) throw new Error(`row ${index} written twice`);
    this.pending.set(index, line);
    let chunk = '';
    while (this.pending.has(this.next)) {
      chunk += this.pending.get(this.next) + '\n';
      this.pending.delete(this.next);
      this.next++;
    }
    if (chunk) this.write(chunk);
  }

  private write(text: string): void {
    if (this.position === null) {
      writeSync(this.fd, text);
    } else {
      const bytes = Buffer.from(text, 'utf8');
      writeSync(this.fd, bytes, 0, bytes.length, this.position);
      this.position += bytes.length;
    }
  }

  /** Rows that arrived ahead of a missing earlier row. */
  get buffered(): number {
    return this.pending.size;
  }

  close(): void {
    closeSync(this.fd);
  }
}
