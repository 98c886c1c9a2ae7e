/**
 * Whatever a user pastes or a file holds → the `ApiMessage` items the decoders read.
 *
 * Accepted: a whole API response `{code, msg, data: {items}}`, a bare `items` array, one item,
 * a receive event (the envelope `{schema, header, event}`, the inner `event`, or its `message`),
 * or the content of one message alone (a JSON string or an already-decoded object, with the
 * msg_type passed as a hint or guessed from the shape). Anything else is an error value with a
 * sentence saying what it was.
 */

import type { ApiMention, ApiMessage, ApiSender } from '../feishu/types';
import { isRecord, jsonTypeOf, nonEmptyStringOf, numberOf, own, parseJson, stringifySafe, stringOf, type JsonObject } from './values';

export type PayloadSource = 'api-response' | 'items' | 'item' | 'event' | 'content-only';

export interface PayloadMessages {
  items: ApiMessage[];
  source: PayloadSource;
  /** What was assumed or repaired on the way (English, developer-facing). */
  notes: string[];
}

export interface PayloadError {
  error: string;
}

export type PayloadResult = PayloadMessages | PayloadError;

export function isPayloadError(result: PayloadResult): result is PayloadError {
  return 'error' in result;
}

const RECALLED_TEXT = /^this message was recalled\.?$/i;
const MERGED_TEXT = /^merged and forwarded message$/i;
const WHAT_TO_PASTE =
  "Paste a message's JSON: an API response, an item of data.items, a receive event, or a message's content (with its msg_type).";

/**
 * The messages in `value`. `msgTypeHint` is the msg_type to assume for content pasted on its
 * own (and for an item that lacks one).
 */
export function messagesFromPayload(value: unknown, msgTypeHint?: string): PayloadResult {
  try {
    const hint = typeof msgTypeHint === 'string' && msgTypeHint.trim() !== '' ? msgTypeHint.trim() : undefined;
    return fromValue(value, hint);
  } catch (error) {
    return { error: `The payload could not be read (${error instanceof Error ? error.message : 'unknown error'}). ${WHAT_TO_PASTE}` };
  }
}

function fromValue(value: unknown, hint: string | undefined): PayloadResult {
  const notes: string[] = [];
  if (typeof value !== 'string') return fromParsed(value, undefined, hint, notes);
  const trimmed = value.trim();
  if (trimmed === '') return { error: `The payload is empty. ${WHAT_TO_PASTE}` };
  const parsed = parseJson(trimmed);
  if (!parsed.ok) return fromBareString(value, hint, notes, `The payload is not JSON (${parsed.error}).`);
  if (typeof parsed.value === 'string') {
    const inner = parsed.value;
    const again = parseJson(inner.trim());
    if (again.ok && (isRecord(again.value) || Array.isArray(again.value))) {
      notes.push('The payload was a JSON string holding JSON: decoded both layers.');
      return fromParsed(again.value, inner, hint, notes);
    }
    return fromBareString(inner, hint, notes, 'The payload is a JSON string that holds no JSON.');
  }
  return fromParsed(parsed.value, value, hint, notes);
}

/** A string that is not JSON can still be a message's content: the recall notice, a forward's label. */
function fromBareString(content: string, hint: string | undefined, notes: string[], problem: string): PayloadResult {
  const trimmed = content.trim();
  if (hint !== undefined) return contentOnly(content, hint, notes);
  if (RECALLED_TEXT.test(trimmed)) return contentOnly(content, undefined, notes);
  if (MERGED_TEXT.test(trimmed)) {
    notes.push('msg_type guessed from the content: merge_forward.');
    return contentOnly(content, 'merge_forward', notes);
  }
  return { error: `${problem} ${WHAT_TO_PASTE}` };
}

function fromParsed(value: unknown, originalText: string | undefined, hint: string | undefined, notes: string[]): PayloadResult {
  if (Array.isArray(value)) return fromArray(value, notes);
  if (!isRecord(value)) return { error: `The payload is ${jsonTypeOf(value)}, not a message. ${WHAT_TO_PASTE}` };

  if (looksLikeApiResponse(value)) return fromApiResponse(value, notes);

  const event = own(value, 'event');
  if (isRecord(event)) {
    const message = own(event, 'message');
    if (!isRecord(message)) {
      const eventType = nonEmptyStringOf(own(own(value, 'header'), 'event_type')) ?? nonEmptyStringOf(own(value, 'type'));
      return {
        error: `This is an event${eventType === undefined ? '' : ` of type ${eventType}`} that carries no message (no event.message).`,
      };
    }
    return { items: [itemFromEvent(message, own(event, 'sender'), notes)], source: 'event', notes };
  }
  const message = own(value, 'message');
  if (isRecord(message) && looksLikeEventMessage(message)) {
    return { items: [itemFromEvent(message, own(value, 'sender'), notes)], source: 'event', notes };
  }
  if (looksLikeEventMessage(value)) return { items: [itemFromEvent(value, own(value, 'sender'), notes)], source: 'event', notes };

  const items = own(value, 'items');
  if (Array.isArray(items) && !looksLikeItem(value)) {
    const result = fromArray(items, notes);
    return isPayloadError(result) ? result : { ...result, source: 'items' };
  }
  if (looksLikeItem(value)) return { items: [itemWithHint(value, hint, notes)], source: 'item', notes };

  const content = originalText ?? stringifySafe(value);
  if (content === undefined) return { error: 'The payload cannot be written back as JSON (it is too deep or holds cycles).' };
  const guessed = hint ?? guessMsgType(value);
  if (hint === undefined && guessed !== undefined) notes.push(`msg_type guessed from the content's shape: ${guessed}.`);
  return contentOnly(content, guessed, notes);
}

function fromArray(list: unknown[], notes: string[]): PayloadResult {
  const items: ApiMessage[] = [];
  for (const [index, element] of list.entries()) {
    if (!isRecord(element)) return { error: `Element ${index} of the list is ${jsonTypeOf(element)}, not a message item.` };
    if (looksLikeEventMessage(element)) items.push(itemFromEvent(element, own(element, 'sender'), notes));
    else if (isRecord(own(element, 'event')) && isRecord(own(own(element, 'event'), 'message'))) {
      const event = own(element, 'event');
      items.push(itemFromEvent(own(event, 'message') as JsonObject, own(event, 'sender'), notes));
    } else if (looksLikeItem(element)) items.push(element as ApiMessage);
    else return { error: `Element ${index} of the list is not a message item (it has no msg_type, body or message_id).` };
  }
  if (items.length === 0) notes.push('The list is empty: there is no message in it.');
  return { items, source: 'items', notes };
}

function looksLikeApiResponse(value: JsonObject): boolean {
  const code = own(value, 'code');
  if (code === undefined || numberOf(code) === undefined) return false;
  return own(value, 'msg') !== undefined || own(value, 'data') !== undefined || own(value, 'error') !== undefined;
}

function fromApiResponse(value: JsonObject, notes: string[]): PayloadResult {
  const code = numberOf(own(value, 'code'));
  if (code !== 0) {
    const msg = stringOf(own(value, 'msg'));
    const error = own(value, 'error');
    const logId = nonEmptyStringOf(own(error, 'log_id')) ?? nonEmptyStringOf(own(error, 'logid'));
    return {
      error: `This is an API error response, not a message: code ${code ?? '?'}${msg === undefined ? '' : ` "${msg}"`}${logId === undefined ? '' : ` (log ID ${logId})`}.`,
    };
  }
  const data = own(value, 'data');
  const items = own(data, 'items');
  if (Array.isArray(items)) {
    const messages: ApiMessage[] = [];
    for (const item of items) {
      if (isRecord(item)) messages.push(item as ApiMessage);
      else notes.push(`An element of data.items is ${jsonTypeOf(item)}, not a message: skipped.`);
    }
    if (messages.length === 0) {
      notes.push('data.items is empty: the message may have been recalled or deleted, or the app cannot see it.');
    }
    return { items: messages, source: 'api-response', notes };
  }
  if (isRecord(data) && looksLikeItem(data)) {
    notes.push('The response carries the message itself in data (as send and reply answers do).');
    return { items: [data as ApiMessage], source: 'api-response', notes };
  }
  return { error: 'The API response (code 0) has no data.items: it holds no message.' };
}

/** An item of `data.items`: it has a msg_type, a body with content, or a message_id. */
function looksLikeItem(value: JsonObject): boolean {
  if (typeof own(value, 'msg_type') === 'string') return true;
  const body = own(value, 'body');
  if (isRecord(body) && own(body, 'content') !== undefined) return true;
  return typeof own(value, 'message_id') === 'string' && own(value, 'content') === undefined && own(value, 'message_type') === undefined;
}

/** The `message` of a receive event: named `message_type`, or a message_id with a string `content` and no `body`. */
function looksLikeEventMessage(value: JsonObject): boolean {
  if (typeof own(value, 'message_type') === 'string') return true;
  return typeof own(value, 'message_id') === 'string' && typeof own(value, 'content') === 'string' && own(value, 'body') === undefined;
}

const EVENT_STRING_FIELDS = [
  'message_id',
  'root_id',
  'parent_id',
  'thread_id',
  'create_time',
  'update_time',
  'chat_id',
  'upper_message_id',
] as const;
const ID_FIELDS = ['open_id', 'union_id', 'user_id'] as const;

/** An event's `message` (and `sender`) in the API's names: message_type → msg_type, content → body.content. */
function itemFromEvent(message: JsonObject, sender: unknown, notes: string[]): ApiMessage {
  const item: ApiMessage = {};
  for (const field of EVENT_STRING_FIELDS) {
    const value = stringOf(own(message, field));
    if (value !== undefined) item[field] = value;
  }
  const msgType = stringOf(own(message, 'message_type')) ?? stringOf(own(message, 'msg_type'));
  if (msgType !== undefined) item.msg_type = msgType;
  const content = own(message, 'content');
  if (typeof content === 'string') item.body = { content };
  else if (content !== undefined && content !== null) {
    const text = stringifySafe(content);
    if (text !== undefined) {
      item.body = { content: text };
      notes.push('The event content is an object, not a JSON string: re-encoded.');
    }
  }
  for (const flag of ['deleted', 'updated'] as const) {
    const value = own(message, flag);
    if (typeof value === 'boolean') item[flag] = value;
  }
  const mentions = own(message, 'mentions');
  if (Array.isArray(mentions)) item.mentions = mentions.filter(isRecord).map(mentionFromEvent);
  const apiSender = senderFromEvent(sender);
  if (apiSender !== undefined) item.sender = apiSender;
  return item;
}

function mentionFromEvent(mention: JsonObject): ApiMention {
  const result: ApiMention = {};
  const key = stringOf(own(mention, 'key'));
  if (key !== undefined) result.key = key;
  const name = stringOf(own(mention, 'name'));
  if (name !== undefined) result.name = name;
  const tenantKey = stringOf(own(mention, 'tenant_key'));
  if (tenantKey !== undefined) result.tenant_key = tenantKey;
  const idType = stringOf(own(mention, 'id_type'));
  if (idType !== undefined) result.id_type = idType;
  const id = own(mention, 'id');
  if (typeof id === 'string') result.id = id;
  else if (isRecord(id)) {
    const ids: { open_id?: string; union_id?: string; user_id?: string } = {};
    for (const field of ID_FIELDS) {
      const value = nonEmptyStringOf(own(id, field));
      if (value !== undefined) ids[field] = value;
    }
    result.id = ids;
  }
  return result;
}

/** `sender.sender_id.{open_id, union_id, user_id}` → `sender.id` (open_id first) with its `id_type`. */
function senderFromEvent(sender: unknown): ApiSender | undefined {
  if (!isRecord(sender)) return undefined;
  const result: ApiSender = {};
  const senderId = own(sender, 'sender_id');
  for (const field of ID_FIELDS) {
    const value = nonEmptyStringOf(own(senderId, field));
    if (value !== undefined) {
      result.id = value;
      result.id_type = field;
      break;
    }
  }
  if (result.id === undefined) {
    const id = nonEmptyStringOf(own(sender, 'id'));
    if (id !== undefined) result.id = id;
  }
  const senderType = stringOf(own(sender, 'sender_type'));
  if (senderType !== undefined) result.sender_type = senderType;
  const tenantKey = stringOf(own(sender, 'tenant_key'));
  if (tenantKey !== undefined) result.tenant_key = tenantKey;
  return result;
}

function itemWithHint(value: JsonObject, hint: string | undefined, notes: string[]): ApiMessage {
  const item = value as ApiMessage;
  if (hint === undefined || typeof own(value, 'msg_type') === 'string') return item;
  notes.push(`The item has no msg_type: using the hint ${hint}.`);
  return { ...item, msg_type: hint };
}

function contentOnly(content: string, msgType: string | undefined, notes: string[]): PayloadMessages {
  const item: ApiMessage = { body: { content } };
  if (msgType !== undefined) item.msg_type = msgType;
  else if (!RECALLED_TEXT.test(content.trim())) notes.push('No msg_type was given and none could be guessed from the content.');
  return { items: [item], source: 'content-only', notes };
}

const POST_LOCALES = /^[a-z]{2}_[a-z]{2}$/;

/** A msg_type for content pasted without one, from the keys it has; `undefined` when unsure. */
export function guessMsgType(content: unknown): string | undefined {
  if (!isRecord(content)) return undefined;
  const has = (key: string): boolean => own(content, key) !== undefined;
  if (has('json_card') || has('schema') || has('header') || has('i18n_elements') || (has('elements') && !has('content')))
    return 'interactive';
  if (typeof own(content, 'template') === 'string') return 'system';
  if (has('create_message_ids')) return 'merge_forward';
  const label = stringOf(own(content, 'content')) ?? stringOf(own(content, 'text'));
  if (label !== undefined && MERGED_TEXT.test(label.trim())) return 'merge_forward';
  if (has('file_key')) {
    if (has('image_key')) return 'media';
    if (has('duration')) return 'audio';
    if (has('file_name')) return 'file';
    return 'sticker';
  }
  if (has('image_key')) return 'image';
  if (has('chat_id')) return 'share_chat';
  if (has('longitude') || has('latitude')) return 'location';
  if (has('task_id')) return 'todo';
  if (has('topic') && has('options')) return 'vote';
  if (has('topic')) return 'video_chat';
  if (has('summary') && (has('start_time') || has('end_time'))) return 'calendar';
  if (Array.isArray(own(content, 'content')) || Object.keys(content).some((key) => POST_LOCALES.test(key) && isRecord(own(content, key))))
    return 'post';
  if (has('user_id') && Object.keys(content).length === 1) return 'share_user';
  if (typeof own(content, 'text') === 'string') return 'text';
  return undefined;
}
