import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomically } from './atomic-write';

const newDir = () => mkdtempSync(path.join(tmpdir(), 'inspector-atomic-'));

describe('writeFileAtomically', () => {
  it('writes every chunk, pulling each only after the previous one is on disk, and leaves no temp file', async () => {
    const dir = newDir();
    const target = path.join(dir, 'out.txt');
    const pieces = ['héllo ', '世界 ', 'x'.repeat(100_000), '\n'];
    const sizesSeen: number[] = [];
    async function* chunks() {
      for (const piece of pieces) {
        const temp = readdirSync(dir).find((name) => name.startsWith('.out.txt.') && name.endsWith('.tmp'));
        expect(temp).toBeDefined();
        sizesSeen.push(statSync(path.join(dir, temp!)).size);
        yield piece;
      }
    }
    await writeFileAtomically(target, chunks());
    expect(readFileSync(target, 'utf8')).toBe(pieces.join(''));
    expect(readdirSync(dir)).toEqual(['out.txt']);
    // Backpressure: when chunk n is asked for, chunks 0..n-1 have been written.
    const bytes = pieces.map((p) => Buffer.byteLength(p));
    expect(sizesSeen).toEqual(bytes.map((_, i) => bytes.slice(0, i).reduce((a, b) => a + b, 0)));
  });

  it('replaces an existing file and keeps its permissions', async () => {
    const dir = newDir();
    const target = path.join(dir, 'out.txt');
    writeFileSync(target, 'old', { mode: 0o600 });
    await writeFileAtomically(
      target,
      (async function* () {
        yield 'new';
      })(),
    );
    expect(readFileSync(target, 'utf8')).toBe('new');
    if (process.platform !== 'win32') expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('leaves no temp file and the target unchanged when the chunks throw midway', async () => {
    const dir = newDir();
    const target = path.join(dir, 'out.txt');
    writeFileSync(target, 'the old export');
    async function* failing() {
      yield 'half of ';
      yield 'a new export';
      throw new Error('lookup exploded');
    }
    await expect(writeFileAtomically(target, failing())).rejects.toThrow('lookup exploded');
    expect(readdirSync(dir)).toEqual(['out.txt']);
    expect(readFileSync(target, 'utf8')).toBe('the old export');
  });

  it('creates nothing when the chunks throw and there was no target', async () => {
    const dir = newDir();
    async function* failing(): AsyncGenerator<string> {
      yield 'x';
      throw new Error('nope');
    }
    await expect(writeFileAtomically(path.join(dir, 'new.csv'), failing())).rejects.toThrow('nope');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops at once when the signal aborts while the source waits, removing the temp file', async () => {
    const dir = newDir();
    const target = path.join(dir, 'out.txt');
    writeFileSync(target, 'kept');
    const controller = new AbortController();
    async function* stalled() {
      yield 'some';
      controller.abort(new Error('interrupted (SIGINT)'));
      await new Promise(() => {}); // never resolves: only the abort can end the write
    }
    await expect(writeFileAtomically(target, stalled(), { signal: controller.signal })).rejects.toThrow('interrupted (SIGINT)');
    expect(readdirSync(dir)).toEqual(['out.txt']);
    expect(readFileSync(target, 'utf8')).toBe('kept');
  });

  it('fails before pulling anything when the directory does not exist', async () => {
    let pulled = false;
    async function* chunks() {
      pulled = true;
      yield 'x';
    }
    await expect(writeFileAtomically(path.join(newDir(), 'missing', 'out.txt'), chunks())).rejects.toThrow(/ENOENT/);
    expect(pulled).toBe(false);
  });
});
