/**
 * The three store files (settings, secrets, history), opened with whichever JSON-file library
 * the host uses: conf in the CLI and browser mode, electron-store on the desktop. The steps
 * around the library are the same for both: open a file without writing it, read a file that
 * is not JSON as empty after keeping its bytes beside it (mode 0600) so nothing is lost, take a
 * lock beside a file for a read-merge-write, and tell the host where each file is.
 */

import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StorePorts } from '../core/app/stores';
import { StoreNoticeLog } from '../core/storage/notices';
import { STORE_FILES, tolerantJson, type KeyValuePort } from '../core/storage/port';
import { withFileLock } from './file-lock';

export type StoreFileName = keyof typeof STORE_FILES;

/**
 * What the library is given: the options conf and electron-store share (their file name option
 * differs, so `name`). No `defaults`: with them, both write the file on open when it lacks one.
 */
export interface StoreFileSpec {
  name: string;
  configFileMode: number;
  accessPropertiesByDotNotation: false;
  deserialize: (text: string) => Record<string, unknown>;
}

/** An open file of the library. */
export interface JsonFileStore {
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface StoreFiles {
  ports: Omit<StorePorts, 'cipher'>;
  /** Where each file is, to show the user. */
  files: Record<StoreFileName, string>;
  /** Copies of files that were not JSON and were read as empty (tell the user once). */
  setAside: string[];
}

export function openStoreFiles(open: (spec: StoreFileSpec) => JsonFileStore, now: () => number = Date.now): StoreFiles {
  const notices = new StoreNoticeLog();
  const setAside: string[] = [];
  const files = {} as Record<StoreFileName, string>;
  const port = (file: StoreFileName): KeyValuePort => {
    const spec = STORE_FILES[file];
    const json = tolerantJson();
    /** The file's path once the library has opened it; a read while it opens finds none yet. */
    const where: { path?: string } = {};
    let unreadableAtOpen = false;
    const keepUnreadable = (filePath: string) => {
      const aside = keepAside(filePath, now);
      if (aside === undefined) return;
      if (!setAside.includes(aside)) setAside.push(aside);
      notices.add({ kind: 'file_unreadable', file, path: filePath, aside });
    };
    const opened = open({
      name: spec.name,
      configFileMode: spec.fileMode,
      accessPropertiesByDotNotation: false,
      // Every read and every write goes through here first (a write reads the file to change one
      // key), so the bytes are copied aside before anything can replace them.
      deserialize: (text) => {
        const doc = json.deserialize(text);
        if (json.takeUnreadable() !== undefined) {
          if (where.path !== undefined) keepUnreadable(where.path);
          else unreadableAtOpen = true;
        }
        return doc;
      },
    });
    where.path = opened.path;
    if (unreadableAtOpen) keepUnreadable(opened.path);
    files[file] = opened.path;
    return {
      location: opened.path,
      get: (key) => opened.get(key),
      set: (key, value) => opened.set(key, value),
      revision: () => revisionOf(opened.path),
      preserve: () => keepAside(opened.path, now),
      exclusive: (change) => withFileLock(opened.path, change),
    };
  };
  return {
    ports: { settings: port('settings'), secrets: port('secrets'), history: port('history'), notices },
    files,
    setAside,
  };
}

/**
 * Copies the file's bytes to `<file>.unreadable-<time>` (mode 0600) and returns that path; when
 * a copy with the same bytes is already there (the same bad file, found again by this or an
 * earlier run), returns it instead of making another. The copy is written whole or not at all:
 * a temp file, then a hard link that never replaces an existing name (a rename where the file
 * system has no hard links).
 */
export function keepAside(file: string, now: () => number = Date.now): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const dir = dirname(file);
  const prefix = `${basename(file)}.unreadable-`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).size === bytes.length && readFileSync(candidate).equals(bytes)) return candidate;
    } catch {
      // Removed meanwhile: not a copy.
    }
  }
  const temp = join(dir, `.${basename(file)}.${randomUUID()}.tmp`);
  writeFileSync(temp, bytes, { mode: 0o600, flag: 'wx' });
  try {
    const stamp = now();
    for (let n = 1; ; n++) {
      const aside = `${file}.unreadable-${stamp}${n === 1 ? '' : `-${n}`}`;
      try {
        linkSync(temp, aside);
        return aside;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        if (existsSync(aside)) throw error;
        renameSync(temp, aside);
        return aside;
      }
    }
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Both libraries write through a temporary file and a rename, so a write (ours or another
 * process's) gives the file a new inode and new times; undefined when the file is gone. conf
 * falls back to writing in place (under Snap, or on EXDEV): then the times tell, to the file
 * system's timestamp resolution (nanoseconds on ext4, APFS and NTFS' 100 ns).
 */
export function revisionOf(path: string): string | undefined {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stat && `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}
