/**
 * The live sessions' spill files (core/events/spill.ts) for both Node hosts: one NDJSON file per
 * session in the temp folder, readable by its owner only, appended to in order by one writer,
 * removed when the session closes. A file left by a process that died (a crash, kill -9) is
 * removed by the next process that spills there.
 */

import { createReadStream } from 'node:fs';
import { open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { EventSpill, EventSpillOpener } from '../core/events/spill';
import { isProcessRunning } from './processes';

const PREFIX = 'feishu-inspector-live-';

export function eventSpillFiles(dir: string = tmpdir()): EventSpillOpener {
  let swept = false;
  return () => {
    if (!swept) {
      swept = true;
      void sweepOrphans(dir);
    }
    return new FileSpill(path.join(dir, `${PREFIX}${process.pid}-${randomUUID()}.ndjson`));
  };
}

/** Removes the spill files of processes no longer running. */
export async function sweepOrphans(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || isProcessRunning(Number(pid))) continue;
    await rm(path.join(dir, name), { force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

class FileSpill implements EventSpill {
  private pending: string[] = [];
  /** Bytes handed to append, and bytes on disk. */
  private appended = 0;
  private written = 0;
  private handle: Promise<FileHandle> | undefined;
  private writing: Promise<void> | undefined;
  private failure: string | undefined;
  private discarded = false;
  private readers = 0;

  constructor(readonly file: string) {}

  append(line: string): void {
    // After a failed write the reader says the spill is incomplete; nothing more is held for it.
    if (this.discarded || this.failure) return;
    this.pending.push(line);
    this.appended += Buffer.byteLength(line);
    this.writing ??= this.write();
  }

  /** Each snapshot holds the file (past a discard) until it has been read, or its reading ends. */
  snapshot(): () => AsyncIterable<string> {
    const end = this.appended;
    this.readers += 1;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.readers -= 1;
      if (this.discarded && this.readers === 0) void this.remove();
    };
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the reader runs later, as a generator
    const spill = this;
    return async function* read() {
      try {
        if (end === 0) return;
        while (spill.written < end && spill.writing && !spill.failure) await spill.writing;
        if (spill.failure) throw new Error(`the events spilled from memory could not be kept in ${spill.file}: ${spill.failure}`);
        if (spill.written < end) throw new Error(`${spill.file} holds less than was spilled into it`);
        yield* createReadStream(spill.file, { start: 0, end: end - 1, encoding: 'utf8' }) as AsyncIterable<string>;
      } finally {
        release();
      }
    };
  }

  discard(): Promise<void> {
    if (this.discarded) return Promise.resolve();
    this.discarded = true;
    return this.readers === 0 ? this.remove() : Promise.resolve();
  }

  /** One writer at a time, each write taking everything pending. */
  private async write(): Promise<void> {
    try {
      this.handle ??= open(this.file, 'a', 0o600);
      const handle = await this.handle;
      // What was appended before a discard is still written: a reader may be waiting for it.
      while (this.pending.length > 0 && !this.failure) {
        const text = this.pending.join('');
        this.pending = [];
        await handle.appendFile(text);
        this.written += Buffer.byteLength(text);
      }
    } catch (error) {
      this.failure ??= error instanceof Error ? error.message : String(error);
      this.pending = [];
    } finally {
      this.writing = undefined;
    }
  }

  private async remove(): Promise<void> {
    await this.writing;
    const handle = await this.handle?.catch(() => undefined);
    await handle?.close().catch(() => undefined);
    await rm(this.file, { force: true }).catch(() => undefined);
  }
}
