import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrderedRowWriter } from '../src/sweep/orderedRows.js';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'tisim-rows-')), 'runs.csv');

describe('ordered streaming rows', () => {
  it('writes rows in index order whatever the arrival order', () => {
    const path = tmp();
    const w = OrderedRowWriter.create(path, 'run,value');
    for (const i of [2, 0, 3, 1, 5, 4]) w.add(i, `${i},${i * 10}`);
    w.close();
    expect(readFileSync(path, 'utf8')).toBe('run,value\n0,0\n1,10\n2,20\n3,30\n4,40\n5,50\n');
  });

  it('holds back rows until the missing one arrives, so the file is always a valid prefix', () => {
    const path = tmp();
    const w = OrderedRowWriter.create(path, 'run');
    w.add(1, '1');
    w.add(2, '2');
    expect(readFileSync(path, 'utf8')).toBe('run\n');
    expect(w.buffered).toBe(2);
    w.add(0, '0');
    expect(readFileSync(path, 'utf8')).toBe('run\n0\n1\n2\n');
    w.close();
  });

  it('resume drops a torn last line and continues to a file identical to an uninterrupted one', () => {
    const path = tmp();
    const w = OrderedRowWriter.create(path, 'run,value');
    w.add(0, '0,a');
    w.add(1, '1,b');
    w.close();
    appendFileSync(path, '2,c-torn-mid-wri'); // a kill during a write
    const r = OrderedRowWriter.resume(path, 'run,value');
    expect(r.written).toBe(2);
    r.add(3, '3,d');
    r.add(2, '2,c');
    r.close();
    expect(readFileSync(path, 'utf8')).toBe('run,value\n0,a\n1,b\n2,c\n3,d\n');
  });

  it('refuses to resume a file whose header differs', () => {
    const path = tmp();
    OrderedRowWriter.create(path, 'run,a').close();
    expect(() => OrderedRowWriter.resume(path, 'run,b')).toThrow(/header differs/);
  });
});
