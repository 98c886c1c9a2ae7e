/**
 * What the stores found in their files that the user has to hear about: a file set aside, entries
 * that could not be read, a document from a newer version. Hosts show
 * them once (the app in a banner, the CLI on stderr); they never carry a value that could be a
 * secret, only field paths and reasons.
 */

export type StoreFileName = 'settings' | 'secrets' | 'history';

export type StoreNotice =
  /**
   * The file is not JSON: it reads as empty, and is left as it is until the next change writes
   * over it. `aside` holds the original, byte for byte.
   */
  | { kind: 'file_unreadable'; file: StoreFileName; path?: string; aside: string }
  /**
   * Some entries could not be read: the readable ones are used, and the next change writes only
   * those. `aside` holds the whole original (absent where the store cannot keep a copy).
   */
  | { kind: 'entries_set_aside'; file: 'settings' | 'history'; path?: string; aside?: string; details: string[] }
  /** Written by a newer version: read as far as it can be, never written. */
  | { kind: 'settings_too_new'; path?: string; version: number };

/** How many detail lines a notice carries; the last says how many more there were. */
export const NOTICE_DETAILS_MAX = 20;

export function capDetails(details: readonly string[]): string[] {
  if (details.length <= NOTICE_DETAILS_MAX) return [...details];
  return [...details.slice(0, NOTICE_DETAILS_MAX - 1), `… and ${details.length - NOTICE_DETAILS_MAX + 1} more`];
}

/** The notices of a session, each once however often it is found again (every read of a bad file finds it). */
export class StoreNoticeLog {
  private readonly notices: StoreNotice[] = [];
  private readonly seen = new Set<string>();

  add(notice: StoreNotice): void {
    const key = JSON.stringify(notice);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.notices.push(notice);
  }

  list(): StoreNotice[] {
    return structuredClone(this.notices);
  }
}
