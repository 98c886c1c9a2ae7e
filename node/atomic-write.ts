/**
 * Writes a file from a stream of chunks (text, as UTF-8, or bytes) so that readers only ever see
 * the old file or the whole new one: the chunks go to `.<name>.<pid>-<random>.tmp` beside the target (same directory,
 * so the same file system and rename is atomic), one at a time, each written before the next is
 * pulled (backpressure: memory holds one chunk), then fsync and rename over the target.
 *
 * On any error (from the chunks, the disk or the rename), or when `signal` aborts (the CLI aborts
 * it on Ctrl+C), the temp file is removed, the target is left as it was, and the promise
 * rejects. If the process exits while a write is under way (a second Ctrl+C, process.exit), an
 * 'exit' hook removes the temp file synchronously. A process killed outright (SIGKILL, a crash, a
 * power cut) leaves its temp file; the writer's pid in the name lets removeStaleTempFiles tell it
 * from one another process is still writing.
 */

import { untilAborted } from '../core/base/abort';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isProcessRunning } from './processes';

export interface AtomicWriteOptions {
  signal?: AbortSignal;
}

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** `.<name>.<pid>-<12 hex>.tmp`, as tempPathFor names them. */
const TEMP_NAME = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;
/** `.<name>.<12 hex>.tmp`: how versions before the pid was added named them. */
const OLD_TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;
/** An old-style temp file untouched this long is no live write's: a write adds to it far more often. */
export const OLD_TEMP_STALE_MS = 60 * 60 * 1000;

/**
 * Removes the temp files in `dir` that writes which never finished left behind (their process was
 * killed outright): ours by their name, and stale because the pid in the name is no running
 * process (or, for old names without a pid, they have not changed for an hour). A temp file of a
 * write still under way, in this process or another, is kept. Returns the names removed; a folder
 * that cannot be read removes nothing (the write itself will say what is wrong).
 */
export async function removeStaleTempFiles(dir: string, now: number = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = TEMP_NAME.exec(name)?.[1];
    let stale: boolean;
    if (pid !== undefined) stale = !isProcessRunning(Number(pid));
    else if (OLD_TEMP_NAME.test(name)) {
      const info = await stat(path.join(dir, name)).catch(() => undefined);
      stale = info !== undefined && info.isFile() && now - info.mtimeMs > OLD_TEMP_STALE_MS;
    } else continue;
    if (!stale) continue;
    try {
      await rm(path.join(dir, name));
      removed.push(name);
    } catch {
      // Gone already (another export cleaned it) or not ours to remove: leave it.
    }
  }
  return removed;
}

export async function writeFileAtomically(
  target: string,
  chunks: AsyncIterable<string | Uint8Array>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { signal } = options;
  signal?.throwIfAborted();
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new Error(`${target} is a directory`);
  const temp = tempPathFor(target);
  // 'wx': never reuse a file that is already there.
  const handle = await open(temp, 'wx', 0o666);
  const removeOnExit = () => rmSync(temp, { force: true });
  process.once('exit', removeOnExit);
  let closed = false;
  try {
    if (existing) await handle.chmod(existing.mode & 0o7777);
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await untilAborted(iterator.next(), signal);
        if (next.done) break;
        await writeAll(handle, typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value);
      }
    } catch (error) {
      // Let a generator run its `finally` blocks; do not wait for one that is stuck in an await.
      void Promise.resolve(iterator.return?.()).catch(() => {});
      throw error;
    }
    await handle.sync();
    closed = true;
    await handle.close();
    signal?.throwIfAborted();
    await rename(temp, target);
  } catch (error) {
    if (!closed) await handle.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  } finally {
    process.removeListener('exit', removeOnExit);
  }
  await syncDirectory(path.dirname(target));
}

/** A whole text in one piece, written as writeFileAtomically writes a stream. */
export function writeTextAtomically(target: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  return writeFileAtomically(
    target,
    (async function* () {
      yield text;
    })(),
    options,
  );
}

async function writeAll(handle: FileHandle, buffer: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}

/** Makes the rename itself durable. Best effort: some platforms cannot open a directory. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems: the rename is done, only its durability is not forced.
  } finally {
    await handle?.close().catch(() => {});
  }
}
