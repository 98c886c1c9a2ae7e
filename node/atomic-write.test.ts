import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OLD_TEMP_STALE_MS, removeStaleTempFiles, writeFileAtomically } from './atomic-write';

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

describe('removeStaleTempFiles', () => {
  it('removes the temp files of writers that are gone and keeps those of live ones, in this process or another', async () => {
    const dir = newDir();
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    const live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      const files = {
        deadWriter: `.out.json.${gone.pid}-0123456789ab.tmp`,
        otherTarget: `.ids.csv.${gone.pid}-ba9876543210.tmp`,
        liveWriter: `.out.json.${live.pid}-0123456789ab.tmp`,
        thisProcess: `.out.json.${process.pid}-cafecafecafe.tmp`,
        oldName: '.out.json.34de19ede032.tmp',
        oldNameFresh: '.out.md.34de19ede033.tmp',
        notOurs: ['out.json', '.out.json.tmp', 'notes.tmp', `.out.json.${gone.pid}-xyz.tmp`, '.out.json.34de19ede032.bak'],
      };
      for (const name of [...Object.values(files).flat()]) writeFileSync(path.join(dir, name), 'partial');
      const anHourAgo = (Date.now() - OLD_TEMP_STALE_MS - 60_000) / 1000;
      utimesSync(path.join(dir, files.oldName), anHourAgo, anHourAgo);

      const removed = await removeStaleTempFiles(dir);
      expect(removed.sort()).toEqual([files.deadWriter, files.otherTarget, files.oldName].sort());
      expect(readdirSync(dir).sort()).toEqual([files.liveWriter, files.thisProcess, files.oldNameFresh, ...files.notOurs].sort());
    } finally {
      live.kill();
    }
  });

  it('removes nothing from a folder it cannot read', async () => {
    expect(await removeStaleTempFiles(path.join(newDir(), 'missing'))).toEqual([]);
  });

  it('names temp files with the pid of the process writing them', async () => {
    const dir = newDir();
    let name = '';
    await writeFileAtomically(
      path.join(dir, 'out.txt'),
      (async function* () {
        name = readdirSync(dir)[0]!;
        yield 'x';
      })(),
    );
    expect(name).toMatch(new RegExp(`^\\.out\\.txt\\.${process.pid}-[0-9a-f]{12}\\.tmp$`));
  });
});
