/**
 * HistoryStore: the lookups a user made, newest first, searchable, pruned by age and count.
 * Entries are validated and scrubbed on the way in (and again on the way out, for a file
 * edited by hand): a token or secret pasted into a preview or a field is never stored.
 */

import { z } from 'zod';
import type { Clock } from '../base/ports';
import { StoreInputError } from '../storage/errors';
import { DEFAULT_SETTINGS, describeIssues, profileIdSchema, type HistorySettings } from '../profiles/settings';
import { capDetails, StoreNoticeLog } from '../storage/notices';
import type { KeyValuePort } from '../storage/port';
import { containsCredential, scrubCredentials } from './scrub';

export const PREVIEW_MAX = 200;
/** A sender's name longer than this is cut (names are short; a long one must not cost the entry). */
export const SENDER_NAME_MAX = 100;
export const HISTORY_PAGE_MAX = 500;
const DAY_MS = 86_400_000;
const STORE_KEY = 'entries';
/** How long added entries wait for company before the file is written. */
const WRITE_DELAY_MS = 500;

export type HistoryOutcome = 'ok' | 'error';

export interface HistoryEntry {
  id: string;
  messageId: string;
  profileId: string;
  /** Epoch ms of the lookup. */
  at: number;
  outcome: HistoryOutcome;
  /** The platform's code, or the failure kind when there was none (`timeout`, `network`, …). */
  code?: number | string;
  msgType?: string;
  /** The platform's name for the sender, in the language of the lookup; absent when none was given (and in older entries). */
  senderName?: string;
  /** A one-line summary, at most PREVIEW_MAX characters, credentials removed. */
  preview?: string;
  logId?: string;
}

export type HistoryInput = Omit<HistoryEntry, 'id'>;

export interface HistoryQuery {
  /** Words that must all appear in the message ID, sender name, preview, code, msg_type or log ID (any case). */
  query?: string;
  profileId?: string;
  /** 1–500; default 50. */
  limit?: number;
  offset?: number;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** How many entries match, across all pages. */
  total: number;
}

export interface HistoryStoreOptions {
  /** A store of its own (the `history` file). */
  store: KeyValuePort;
  clock: Pick<Clock, 'now'>;
  /** The limits in force; read on every prune so a settings change applies at once. */
  limits?: () => HistorySettings | Promise<HistorySettings>;
  newId?: () => string;
  /**
   * Runs a write soon, off the caller's path. Default: half a second later, so lookups in a row
   * (a batch, a support engineer pasting IDs) cost one write of the whole file, and a lookup's
   * answer never waits for one. Hosts call `flush()` before they exit.
   */
  defer?: (write: () => void) => void;
  /** Where entries that could not be read are reported (shared with the other stores); a log of its own by default. */
  notices?: StoreNoticeLog;
}

const fields = {
  messageId: z.string({ error: 'messageId is required' }).trim().min(1, 'messageId is required').max(200),
  profileId: profileIdSchema,
  at: z.number({ error: 'at must be epoch milliseconds' }).int().nonnegative(),
  outcome: z.enum(['ok', 'error'], { error: 'outcome must be ok or error' }),
  code: z.union([z.number().int(), z.string().trim().min(1).max(64)], { error: 'code must be a number or a short string' }).optional(),
  msgType: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'msgType must be a msg_type such as text or merge_forward')
    .optional(),
  senderName: z.string().max(100_000).optional(),
  preview: z.string().max(100_000).optional(),
  logId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'logId must be letters, digits, "_" or "-"')
    .optional(),
};
const inputSchema = z.object(fields);
const storedSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), ...fields });
const STORED_KEYS = new Set(Object.keys(storedSchema.shape));

const listSchema = z
  .object({
    query: z.string().max(500).optional(),
    profileId: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export function newHistoryId(): string {
  return `h_${crypto.randomUUID().replaceAll('-', '')}`;
}

function previewOf(text: string, max = PREVIEW_MAX): string | undefined {
  const line = scrubCredentials(text).replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The entry as it may be stored. A required field that holds a credential makes the whole entry
 * invalid; an optional one is dropped; the preview keeps its text with the credentials replaced.
 * The preview and the sender's name are made one line and cut to size.
 */
function cleanEntry<T extends HistoryInput>(entry: T): T {
  for (const key of ['messageId', 'profileId'] as const) {
    if (containsCredential(entry[key])) throw new StoreInputError(`${key} looks like a token or secret; the lookup was not recorded`);
  }
  const { code, msgType, senderName, preview, logId, ...rest } = entry;
  const keep = (value: string | number | undefined) => (typeof value === 'string' && containsCredential(value) ? undefined : value);
  const cleaned = {
    ...rest,
    code: keep(code),
    msgType: keep(msgType),
    // A name is one line, cut to size; one that holds a credential is no name.
    senderName: senderName === undefined || keep(senderName) === undefined ? undefined : previewOf(senderName, SENDER_NAME_MAX),
    preview: preview === undefined ? undefined : previewOf(preview),
    logId: keep(logId),
  };
  return Object.fromEntries(Object.entries(cleaned).filter(([, value]) => value !== undefined)) as T;
}

const byTime = (a: HistoryEntry, b: HistoryEntry) => a.at - b.at;

function searchTextOf(entry: HistoryEntry): string {
  return [entry.messageId, entry.senderName, entry.preview, entry.code, entry.msgType, entry.logId]
    .filter((part) => part !== undefined)
    .join('\n')
    .toLowerCase();
}

export class HistoryStore {
  private readonly store: KeyValuePort;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly limits: () => HistorySettings | Promise<HistorySettings>;
  private readonly newId: () => string;
  private readonly defer: (write: () => void) => void;
  private readonly notices: StoreNoticeLog;
  /** The file's entries as last read or written, oldest first, and the store's revision then. */
  private stored: { entries: HistoryEntry[]; revision: string | undefined } | undefined;
  /** Entries added here since the last write, oldest first. */
  private pending: HistoryEntry[] = [];
  private writeScheduled = false;

  constructor(options: HistoryStoreOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.limits = options.limits ?? (() => DEFAULT_SETTINGS.history);
    this.newId = options.newId ?? newHistoryId;
    this.defer = options.defer ?? ((write) => void setTimeout(write, WRITE_DELAY_MS));
    this.notices = options.notices ?? new StoreNoticeLog();
  }

  /**
   * Records a lookup (validated and scrubbed). It is listed at once; the file is written (and
   * pruned to the limits) soon after, together with any other entries added meanwhile.
   */
  async add(input: HistoryInput): Promise<HistoryEntry> {
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) throw new StoreInputError(`The history entry is not valid: ${describeIssues(parsed.error).join('; ')}`);
    const stored = this.readStored();
    const taken = (id: string) => this.pending.some((e) => e.id === id) || stored.some((e) => e.id === id);
    let id = this.newId();
    while (taken(id)) id = this.newId();
    const entry: HistoryEntry = { id, ...cleanEntry(parsed.data) };
    // Kept in time order: a lookup is nearly always the newest, so this is a push.
    let at = this.pending.length;
    while (at > 0 && this.pending[at - 1]!.at > entry.at) at--;
    this.pending.splice(at, 0, entry);
    this.scheduleWrite();
    return entry;
  }

  /** Writes entries added since the last write, pruned to the limits. Hosts call it before they exit. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const limits = await this.limits();
    // Nothing awaits between here and the write, so an entry added meanwhile is not lost.
    this.commit((entries) => this.pruned(entries, limits));
  }

  private scheduleWrite(): void {
    if (this.writeScheduled) return;
    this.writeScheduled = true;
    this.defer(() => {
      this.writeScheduled = false;
      // On failure the entries stay pending: the next add or flush tries again.
      this.flush().catch(() => undefined);
    });
  }

  /** Matching entries, newest first, within the retention limits. */
  async list(query: HistoryQuery = {}): Promise<HistoryPage> {
    const parsed = listSchema.safeParse(query);
    if (!parsed.success) throw new StoreInputError(`The history query is not valid: ${describeIssues(parsed.error).join('; ')}`);
    const { limit, offset, profileId } = parsed.data;
    const words = (parsed.data.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matching = this.pruned(this.entries(), await this.limits())
      .reverse()
      .filter((entry) => profileId === undefined || entry.profileId === profileId)
      .filter((entry) => {
        const text = searchTextOf(entry);
        return words.every((word) => text.includes(word));
      });
    return { entries: matching.slice(offset, offset + limit), total: matching.length };
  }

  /** Whether an entry with that id was there. */
  async delete(id: string): Promise<boolean> {
    if (!this.entries().some((e) => e.id === id)) return false;
    this.pending = this.pending.filter((e) => e.id !== id);
    this.commit((entries) => entries.filter((e) => e.id !== id));
    return true;
  }

  /** Empties the file: what any process had written is gone, and only lookups recorded after this come back. */
  async clear(): Promise<void> {
    this.pending = [];
    this.commit(() => []);
  }

  /** Drops entries past the limits now (hosts call this at start-up); returns how many went. */
  async prune(): Promise<number> {
    const limits = await this.limits();
    const entries = this.entries();
    const kept = this.pruned(entries, limits);
    if (kept.length !== entries.length || this.pending.length > 0) this.commit((all) => this.pruned(all, limits));
    return entries.length - kept.length;
  }

  /** A new list, oldest first (as `entries` are): within the retention days, then the newest `maxEntries`. */
  private pruned(entries: readonly HistoryEntry[], limits: HistorySettings): HistoryEntry[] {
    const cutoff = this.clock.now() - limits.retentionDays * DAY_MS;
    const recent = entries.filter((e) => e.at >= cutoff);
    return recent.slice(Math.max(0, recent.length - limits.maxEntries));
  }

  /** What the history holds now, oldest first: the file's entries and those not written yet. */
  private entries(): HistoryEntry[] {
    return mergeById(this.readStored(), this.pending);
  }

  /**
   * Writes `change(file's entries + pending ones)`. The CLI and the desktop app share the file,
   * so the entries are read again under the store's lock right before the write, and only this
   * process's new entries are added to them (merged by id): a lookup another process wrote
   * meanwhile is kept, and one that a delete or a clear removed (here or in another process)
   * is not brought back, since no process writes back the entries it merely read earlier. A
   * lock rather than an append-only log: the file stays the one JSON document both store
   * libraries read and write, and a merge needs no compaction step that could itself race.
   */
  private commit(change: (entries: HistoryEntry[]) => HistoryEntry[]): void {
    const write = () => {
      const next = change(mergeById(this.readStored(), this.pending));
      this.store.set(STORE_KEY, next);
      this.stored = { entries: next, revision: this.store.revision?.() };
      this.pending = [];
    };
    if (this.store.exclusive) this.store.exclusive(write);
    else write();
  }

  /**
   * The file's entries, oldest first, read again only when the store's revision moved (another
   * process wrote; every lookup adds an entry, and re-validating a thousand entries each time
   * showed in the benchmark). Anything invalid or credential-bearing in the file (edited by
   * hand) is skipped on the way in; what does not fit the schema is reported and copied aside,
   * since the next write would lose it.
   */
  private readStored(): HistoryEntry[] {
    const revision = this.store.revision?.();
    if (this.stored && revision !== undefined && revision === this.stored.revision) return this.stored.entries;
    const raw = this.store.get(STORE_KEY);
    const entries: HistoryEntry[] = [];
    const problems: string[] = [];
    if (raw !== undefined && !Array.isArray(raw)) problems.push('entries: not a list');
    for (const [index, item] of (Array.isArray(raw) ? raw : []).entries()) {
      const parsed = storedSchema.safeParse(item);
      if (!parsed.success) {
        problems.push(`entries[${index}] dropped: ${describeIssues(parsed.error).join('; ')}`);
        continue;
      }
      const unknown = Object.keys(item as object).filter((key) => !STORED_KEYS.has(key));
      if (unknown.length > 0)
        problems.push(`entries[${index}]: ${unknown.map((k) => k.slice(0, 64)).join(', ')}: not a history field; ignored`);
      try {
        entries.push(cleanEntry(parsed.data));
      } catch {
        // A credential where a message ID belongs: never kept, by design, and nothing to tell.
        continue;
      }
    }
    if (problems.length > 0) {
      const aside = this.store.preserve?.();
      this.notices.add({
        kind: 'entries_set_aside',
        file: 'history',
        ...(this.store.location !== undefined ? { path: this.store.location } : {}),
        ...(aside !== undefined ? { aside } : {}),
        details: capDetails(problems),
      });
    }
    entries.sort(byTime);
    this.stored = { entries, revision };
    return entries;
  }
}

/** `stored` with the entries of `added` it does not have yet, oldest first. */
function mergeById(stored: readonly HistoryEntry[], added: readonly HistoryEntry[]): HistoryEntry[] {
  if (added.length === 0) return [...stored];
  const ids = new Set(stored.map((e) => e.id));
  return [...stored, ...added.filter((e) => !ids.has(e.id))].sort(byTime);
}
