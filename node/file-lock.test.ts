import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'inspector-lock-'));
  file = path.join(dir, 'history.json');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const lockOf = (pid: number, host = hostname()) => JSON.stringify({ pid, host, token: 'theirs' });

describe('withFileLock', () => {
  it('holds <file>.lock while it runs and removes it after, also when the run throws', () => {
    expect(withFileLock(file, () => existsSync(`${file}.lock`))).toBe(true);
    expect(() =>
      withFileLock(file, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('waits for a live holder and then says who holds it', () => {
    writeFileSync(`${file}.lock`, lockOf(process.ppid));
    const started = Date.now();
    expect(() => withFileLock(file, () => 'ran', { timeoutMs: 200 })).toThrow(
      new RegExp(`history.json is being written by another process \\(pid ${process.ppid}\\)`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    // Still theirs.
    expect(existsSync(`${file}.lock`)).toBe(true);
  });

  it('takes over at once a lock whose process is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(`${file}.lock`, lockOf(gone));
    expect(withFileLock(file, () => 'ran', { timeoutMs: 200 })).toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock older than staleMs, whoever made it (another machine, a stalled process)', () => {
    writeFileSync(`${file}.lock`, lockOf(process.ppid, 'another-machine'));
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    expect(withFileLock(file, () => 'ran', { staleMs: 10_000, timeoutMs: 200 })).toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves alone a lock that was taken over from it while it ran', () => {
    withFileLock(file, () => writeFileSync(`${file}.lock`, lockOf(process.ppid)));
    expect(existsSync(`${file}.lock`)).toBe(true);
  });
});
