/**
 * NDJSON: one JSON object per line, in lookup order, each lookup's items in API order.
 *
 * - A message item: `{"message_id", "lookup_id", …every other field of the item except body…,
 *   "content"}`. `message_id` is the item's own (`null` when it has none); `lookup_id` is the ID
 *   that was looked up (the merge-forward container for its sub-messages, which keep their
 *   `upper_message_id`); `content` replaces `body.content`: the parsed object or array when the
 *   string is a JSON object or array (`{"text": …}`, a post…), else the string itself (`Merged
 *   and Forwarded Message`, unparsable content); absent when the item had no `body.content`.
 * - A failed lookup: `{"message_id", "error": {"code"?, "msg", "log_id"?, "http_status"?}}`.
 * - A lookup that returned no items: `{"message_id", "no_items": true}`.
 *
 * Credential fields are masked before decoding, so `content` never holds their values.
 */

import type { ApiMessage } from '../feishu/types';
import { safeStringify, type PreparedEntry, type Writer } from './common';
import { errorRecord } from './json';

export function ndjsonWriter(): Writer {
  return {
    *start() {},
    *entry(entry: PreparedEntry) {
      for (const item of entry.items) yield `${safeStringify(ndjsonRecord(entry.messageId, item))}\n`;
      if (entry.succeeded && entry.items.length === 0 && entry.error === undefined)
        yield `${safeStringify({ message_id: entry.messageId, no_items: true })}\n`;
      if (entry.error !== undefined) {
        const { message_id, ...error } = errorRecord(entry.messageId, entry.error);
        yield `${safeStringify({ message_id, error })}\n`;
      }
    },
    *end() {},
  };
}

function ndjsonRecord(lookupId: string, item: ApiMessage): Record<string, unknown> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { message_id: null, lookup_id: lookupId, item };
  const { body, message_id, ...rest } = item;
  const record: Record<string, unknown> = { message_id: message_id ?? null, lookup_id: lookupId, ...rest };
  record.lookup_id = lookupId; // an item field of that name must not stand in for it
  const content: unknown = typeof body === 'object' && body !== null ? body.content : undefined;
  if (content !== undefined) record.content = typeof content === 'string' ? decodedContent(content) : content;
  return record;
}

function decodedContent(content: string): unknown {
  const trimmed = content.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return content;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return content;
  }
}
