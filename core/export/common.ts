/**
 * What every export writer shares: the entry model, credential masking, the merge-forward tree
 * in display order, times, escaping helpers and the interface a writer implements.
 */

import type { ApiMessage } from '../feishu/types';
import type { Lang } from '../base/lang';
import { buildMessageTree, flattenMessageTree, senderName } from '../messages';
import { maskCredentialFields, maskCredentials } from '../base/redact';
import type { ExportSummary, Labels } from './labels';

export type { ExportSummary } from './labels';

export type ExportFormat = 'json' | 'ndjson' | 'markdown' | 'html' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'ndjson', 'markdown', 'html', 'csv'];

/** One looked-up message ID. */
export interface ExportEntry {
  messageId: string;
  /** `data.items` when the lookup succeeded (merge_forward: the container and all its sub-messages). */
  items?: ApiMessage[];
  /** Set when the lookup failed. */
  error?: { code?: number; msg: string; logId?: string; httpStatus?: number };
}

export interface ExportOptions {
  /** Document title (Markdown and HTML); a default in the locale's language when absent. */
  title?: string;
  /** When the export was made, epoch milliseconds (passed in: core reads no clock). */
  generatedAt: number;
  /**
   * Language of the export's own labels and of the labels the content renderings add
   * (`[image …]`); what the messages say is kept as sent. Default `en`.
   */
  locale?: Lang;
  /** Images and files saved beside the export: Markdown links them, HTML shows images and links files. */
  resources?: ExportResources;
}

export interface ExportResources {
  /**
   * Where the resource `key` of message `messageId` was saved: a path relative to the export,
   * URL-encoded (for an image in HTML, a `data:image/…` URI will do); `undefined` when it was not
   * had, and the message keeps its `[image key]` tag.
   */
  href(messageId: string, key: string): string | undefined;
}

/** The resource links of one message, when the export has any. */
export function resourceHrefs(options: ExportOptions, messageId: string): ((key: string) => string | undefined) | undefined {
  const resources = options.resources;
  if (resources === undefined || messageId === '') return undefined;
  return (key) => resources.href(messageId, key);
}

export type ExportError = NonNullable<ExportEntry['error']>;

/** A message in display order: merge-forward sub-messages follow their parent, one level deeper. */
export interface ExportNode {
  item: ApiMessage;
  /** `message_id`, `''` when the item has none. */
  messageId: string;
  /** 0 for the looked-up message (and any item that names no parent). */
  depth: number;
  /** `message_id` of the node this one hangs under in the tree (`''` for depth 0). */
  parentId: string;
}

/** An entry after masking: what writers see. */
export interface PreparedEntry {
  messageId: string;
  /** Masked items in API order (`[]` when the lookup failed or returned none). */
  items: ApiMessage[];
  /** The lookup returned items (possibly none). */
  succeeded: boolean;
  error?: ExportError;
}

/**
 * A writer is a set of synchronous generators of text pieces. Pieces are small (one message, one
 * row): `exportChunks` gathers them into chunks of about CHUNK_TARGET characters.
 */
export interface Writer {
  start(): Iterable<string>;
  entry(entry: PreparedEntry): Iterable<string>;
  end(summary: ExportSummary): Iterable<string>;
}

export interface WriterContext {
  options: ExportOptions;
  labels: Labels;
}

/* ------------------------------------------------------------------------------------------ */
/* Credentials                                                                                 */
/* ------------------------------------------------------------------------------------------ */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The item with `body.content` masked (a non-string content becomes its masked JSON text). */
export function maskItem(item: ApiMessage): ApiMessage {
  if (!isRecord(item)) return item;
  const body: unknown = item.body;
  if (!isRecord(body)) return item;
  const content = body.content;
  if (content === undefined || content === null) return item;
  const text = typeof content === 'string' ? content : safeStringify(content);
  return { ...item, body: { ...body, content: maskCredentials(text) } };
}

export function prepareEntry(entry: ExportEntry): PreparedEntry {
  const items = Array.isArray(entry.items) ? entry.items.map(maskItem) : [];
  const prepared: PreparedEntry = { messageId: String(entry.messageId ?? ''), items, succeeded: Array.isArray(entry.items) };
  if (entry.error !== undefined && entry.error !== null) {
    const error: ExportError = { msg: maskCredentials(String(entry.error.msg ?? '')) };
    if (entry.error.code !== undefined) error.code = entry.error.code;
    if (entry.error.logId !== undefined) error.logId = entry.error.logId;
    if (entry.error.httpStatus !== undefined) error.httpStatus = entry.error.httpStatus;
    prepared.error = error;
  } else if (!prepared.succeeded) {
    prepared.error = { msg: 'No result was recorded for this message ID.' };
  }
  return prepared;
}

/** JSON text of a value; never throws (a value JSON cannot hold becomes `null`). Masked. */
export function safeStringify(value: unknown): string {
  try {
    return maskCredentialFields(JSON.stringify(value) ?? 'null');
  } catch {
    return 'null';
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Tree                                                                                        */
/* ------------------------------------------------------------------------------------------ */

/**
 * The entry's items in display order (pre-order of the merge-forward tree, siblings by time).
 * In this order a node's depth is at most one more than the depth of the node before it.
 */
export function displayNodes(items: readonly ApiMessage[]): ExportNode[] {
  if (items.length === 0) return [];
  const tree = buildMessageTree(items);
  const path: string[] = [];
  return flattenMessageTree(tree.roots).map((node) => {
    path.length = node.depth;
    path[node.depth] = node.messageId;
    return { item: node.item, messageId: node.messageId, depth: node.depth, parentId: node.depth > 0 ? (path[node.depth - 1] ?? '') : '' };
  });
}

/**
 * Nesting shown at most this deep (Markdown indentation, HTML lists): a forward nested deeper is
 * drawn at this level with its real depth written next to it, so output stays linear in size.
 */
export const MAX_SHOWN_DEPTH = 24;

export function shownDepth(depth: number): number {
  return Math.min(depth, MAX_SHOWN_DEPTH);
}

/* ------------------------------------------------------------------------------------------ */
/* Fields                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** A field as text: strings as they are, finite numbers written out, anything else `''`. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** `create_time` (epoch milliseconds, a string in the API) as ISO 8601; the value as written when it is not a time. */
export function isoTime(value: unknown): string {
  const raw = text(value).trim();
  if (!/^-?\d+(?:\.\d+)?$/.test(raw)) return raw;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return raw;
  return new Date(ms).toISOString();
}

/** `2024-01-02 12:00:00 UTC` for a time (epoch ms, as a number or the API's string); anything else as it is. */
export function readableUtc(value: unknown): string {
  const iso = isoTime(value);
  return /^\d{4}-\d\d-\d\dT/.test(iso) ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : iso;
}

/** Names of users, by id, from the `mentions` of an entry's items: to name senders. */
export function namesById(items: readonly ApiMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of items) {
    const mentions: unknown = isRecord(item) ? item.mentions : undefined;
    if (!Array.isArray(mentions)) continue;
    for (const mention of mentions as unknown[]) {
      if (!isRecord(mention)) continue;
      const name = text(mention.name).trim();
      if (name === '') continue;
      const ids = isRecord(mention.id) ? [mention.id.open_id, mention.id.union_id, mention.id.user_id] : [mention.id];
      for (const id of ids) {
        const key = text(id);
        if (key !== '' && !names.has(key)) names.set(key, name);
      }
    }
  }
  return names;
}

export interface SenderInfo {
  id: string;
  type: string;
  /** The platform's name for the sender (`with_sender_name`), else a mention of this id in the entry. */
  name?: string;
}

/** The sender, named in `lang` by the platform when it gave a name, else by the entry's mentions (`namesById`). */
export function senderOf(item: ApiMessage, names: ReadonlyMap<string, string>, lang: Lang): SenderInfo {
  const sender: unknown = isRecord(item) ? item.sender : undefined;
  const id = isRecord(sender) ? text(sender.id) : '';
  const type = isRecord(sender) ? text(sender.sender_type) : '';
  const name = senderName(item, lang) ?? (id === '' ? undefined : names.get(id));
  return name === undefined ? { id, type } : { id, type, name };
}

/** The item's own string field, `''` when absent. */
export function field(item: ApiMessage, key: keyof ApiMessage): string {
  return isRecord(item) ? text(item[key]) : '';
}

export function flag(item: ApiMessage, key: 'deleted' | 'updated'): boolean | undefined {
  const value: unknown = isRecord(item) ? item[key] : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Only these become live links in HTML: everything else (`javascript:`, `data:`, relative) stays text. */
export function isWebUrl(href: string): boolean {
  return /^https?:\/\/[^\s\p{Cc}]+$/iu.test(href);
}
