/**
 * The three store files (settings, secrets, history), opened with whichever JSON-file library
 * the host uses: conf in the CLI and browser mode, electron-store on the desktop. The steps
 * around the library are the same for both: read a file that is not JSON as empty, keep its
 * text beside it (mode 0600) so nothing is lost, and tell the host where each file is.
 */

import { statSync, writeFileSync } from 'node:fs';
import type { StorePorts } from '../core/app/stores';
import { STORE_FILES, tolerantJson, type KeyValuePort } from '../core/profiles/store';

export type StoreFileName = keyof typeof STORE_FILES;

/** What the library is given: the options conf and electron-store share (their file name option differs, so `name`). */
export interface StoreFileSpec {
  name: string;
  defaults: Record<string, unknown>;
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
  const setAside: string[] = [];
  const files = {} as Record<StoreFileName, string>;
  const port = (file: StoreFileName): KeyValuePort => {
    const spec = STORE_FILES[file];
    const json = tolerantJson();
    const store = open({
      name: spec.name,
      defaults: structuredClone(spec.defaults),
      configFileMode: spec.fileMode,
      accessPropertiesByDotNotation: false,
      deserialize: json.deserialize,
    });
    const unreadable = json.takeUnreadable();
    if (unreadable !== undefined) {
      const aside = `${store.path}.unreadable-${now()}`;
      writeFileSync(aside, unreadable, { mode: 0o600 });
      setAside.push(aside);
    }
    files[file] = store.path;
    return { get: (key) => store.get(key), set: (key, value) => store.set(key, value), revision: () => revisionOf(store.path) };
  };
  return { ports: { settings: port('settings'), secrets: port('secrets'), history: port('history') }, files, setAside };
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
