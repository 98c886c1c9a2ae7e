/**
 * A lock beside a store file, across processes: `<file>.lock`, made with O_EXCL (only one process
 * can create it) and holding who made it. The CLI, browser mode and the desktop app take it for
 * the few milliseconds of a read-merge-write, so none of them writes over what another wrote in
 * between. It is synchronous because the store libraries are: a waiter sleeps a few ms at a time.
 *
 * A lock whose maker died (a crash, a kill -9) is taken over: at once when it names a process of
 * this machine that no longer runs, else once it is older than `staleMs`, far longer than any
 * read-merge-write takes.
 */

import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export interface FileLockOptions {
  /** A lock older than this is a dead process's, whoever made it. */
  staleMs?: number;
  /** How long to wait for a live holder before giving up. Longer than `staleMs`, so a dead holder never makes a write fail. */
  timeoutMs?: number;
}

const DEFAULT_STALE_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 15_000;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

function ownerOf(lockPath: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.token === 'string'
      ? (owner as LockOwner)
      : undefined;
  } catch {
    // Gone, or still being written by its maker.
    return undefined;
  }
}

/** Whether a process of this machine runs (as any user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's inode when it is a dead process's, to take over; undefined when it is held (or gone). */
function staleLock(lockPath: string, staleMs: number): bigint | undefined {
  const stat = statSync(lockPath, { bigint: true, throwIfNoEntry: false });
  if (!stat) return undefined;
  const owner = ownerOf(lockPath);
  const deadHere = owner !== undefined && owner.host === hostname() && owner.pid !== process.pid && !isRunning(owner.pid);
  return deadHere || Date.now() - Number(stat.mtimeMs) > staleMs ? stat.ino : undefined;
}

/**
 * Moves a dead process's lock out of the way. Two waiters can find the same stale lock: the
 * rename lets only one of them move it, and a waiter that finds it moved a fresh lock instead
 * (the other waiter's, made in between) puts it back.
 */
function removeStale(lockPath: string, ino: bigint): void {
  const moved = `${lockPath}.${randomUUID()}.stale`;
  try {
    renameSync(lockPath, moved);
  } catch {
    return;
  }
  if (statSync(moved, { bigint: true }).ino !== ino) {
    try {
      linkSync(moved, lockPath);
    } catch {
      // Someone made a new lock meanwhile; theirs stands.
    }
  }
  rmSync(moved, { force: true });
}

export function withFileLock<T>(file: string, run: () => T, options: FileLockOptions = {}): T {
  const lockPath = `${file}.lock`;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lockPath, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      // The folder can be gone (removed while the app ran): the store's write makes it again, so does this.
      if (code === 'ENOENT' && attempt === 0) {
        mkdirSync(path.dirname(lockPath), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw error;
    }
    const stale = staleLock(lockPath, staleMs);
    if (stale !== undefined) {
      removeStale(lockPath, stale);
      continue;
    }
    if (Date.now() > deadline) {
      const holder = ownerOf(lockPath);
      throw new Error(
        `${file} is being written by another process${holder ? ` (pid ${holder.pid})` : ''}: gave up waiting for ${lockPath}; try again, or delete that file if no inspector is running`,
      );
    }
    sleepSync(Math.min(1 + attempt, 10) + Math.random() * 5);
  }
  try {
    return run();
  } finally {
    // Taken over as stale (this process stalled for longer than staleMs): the lock is another's now.
    if (ownerOf(lockPath)?.token === owner.token) rmSync(lockPath, { force: true });
  }
}
