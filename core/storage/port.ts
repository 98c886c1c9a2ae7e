/**
 * The key-value port every store is kept behind (electron-store on the desktop, conf in the CLI,
 * memory in tests), and the JSON reading both store libraries are given.
 */

/** What electron-store and conf both offer (with `accessPropertiesByDotNotation: false`). */
export interface KeyValuePort {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /**
   * A value that changes whenever the stored document may have changed (a write here, another
   * window, the CLI); undefined when the store cannot tell. conf and electron-store read and parse
   * the whole file on every get: with this, a lookup reads its profile and secret from memory
   * until the file changes, at the cost of a stat.
   */
  revision?(): string | undefined;
  /** Where the document is kept (a file's path), to tell the user; undefined in memory. */
  readonly location?: string;
  /**
   * Keeps a copy of the stored document as it is now, byte for byte, beside it, and says where:
   * called before a write replaces something that could not be read. One copy per distinct
   * content, however often it is called; undefined when there is nothing to copy.
   */
  preserve?(): string | undefined;
  /**
   * Runs `change` (reads, then writes of this store) with no other process's exclusive change
   * in between, so a read-merge-write loses nothing another process wrote. Without it, the
   * store has one writer (memory, tests) and `change` just runs.
   */
  exclusive?<T>(change: () => T): T;
}

/**
 * The options both hosts give their store library, so the desktop app and the CLI keep the
 * same files: `name` is the file name without `.json` (electron-store's `name`, conf's
 * `configName`). No defaults: both libraries write a file that lacks one as soon as they open
 * it, and opening the app must never write a store; the stores read a missing key as its default.
 */
export const STORE_FILES = {
  settings: { name: 'settings', fileMode: 0o600 },
  secrets: { name: 'secrets', fileMode: 0o600 },
  history: { name: 'history', fileMode: 0o600 },
} as const;

/** A KeyValuePort in memory that keeps JSON text, as a file would: values are copies, `undefined` is refused. */
export class MemoryKeyValueStore implements KeyValuePort {
  private readonly data = new Map<string, string>();
  private version = 0;

  constructor(initial: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(initial)) this.set(key, value);
  }

  get(key: string): unknown {
    const text = this.data.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) throw new TypeError(`cannot store undefined under "${key}"`);
    this.data.set(key, JSON.stringify(value));
    this.version += 1;
  }

  revision(): string {
    return String(this.version);
  }

  /** The copies preserve() kept, as a file beside the document would hold them. */
  readonly preserved: string[] = [];

  preserve(): string {
    const text = this.text();
    const index = this.preserved.indexOf(text);
    if (index >= 0) return `memory:aside-${index + 1}`;
    this.preserved.push(text);
    return `memory:aside-${this.preserved.length}`;
  }

  /** The whole document as a file would hold it. */
  text(): string {
    return `{${[...this.data].map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',')}}`;
  }
}

export interface TolerantJson {
  /** For the store library's `deserialize` option: text that is not a JSON object reads as an empty document. */
  deserialize(text: string): Record<string, unknown>;
  /** The last unreadable text seen (once), so the host can keep a copy before it is overwritten. */
  takeUnreadable(): string | undefined;
}

/**
 * A store file that is not JSON (a crash of some other tool, a bad hand edit) must not stop the
 * app from starting, nor be silently lost: the host reads it as empty and keeps the text aside.
 */
export function tolerantJson(): TolerantJson {
  let unreadable: string | undefined;
  return {
    deserialize(text) {
      try {
        // Editors on Windows save a byte order mark, which is not JSON but is no reason to lose the file.
        const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
        if (isRecord(value)) return value;
      } catch {
        // Reported through takeUnreadable().
      }
      unreadable = text;
      return {};
    },
    takeUnreadable() {
      const text = unreadable;
      unreadable = undefined;
      return text;
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
