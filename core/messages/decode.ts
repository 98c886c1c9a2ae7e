/**
 * `body.content` → `MessageView`, for every msg_type the platform sends. Decoding never throws:
 * content that cannot be read becomes a `broken` view (wrong JSON, wrong shape) or an
 * `unknown_type` view (a msg_type nobody has described), always with the raw string kept.
 */

import type { ApiMention, ApiMessage } from '../feishu/types';
import { decodeCard } from './card';
import type {
  BrokenView,
  CalendarMsgType,
  KnownMsgType,
  MergeForwardEncoding,
  MessageView,
  Paragraph,
  PostAttachment,
  PostLocale,
  RecalledView,
  UnknownTypeView,
  ViewBase,
} from './model';
import { KNOWN_MSG_TYPES } from './model';
import { DecodeContext, MentionIndex, postParagraphs, textParagraphs } from './runs';
import {
  describeValue,
  epochMsOf,
  errorText,
  isRecord,
  jsonTypeOf,
  LOCALE_ORDER,
  nestsDeeperThan,
  nonEmptyStringOf,
  numberOf,
  own,
  parseJson,
  stringifySafe,
  stringOf,
  type JsonObject,
} from './values';

export interface DecodeOptions {
  /** `message_id` to put on the view. */
  messageId?: string;
  /** The item's `deleted` flag: with empty content it means the message was recalled. */
  deleted?: boolean;
}

const KNOWN = new Set<string>(KNOWN_MSG_TYPES);

export function isKnownMsgType(value: string): value is KnownMsgType {
  return KNOWN.has(value);
}

/** What a recalled message's content can be instead of JSON. */
const RECALLED_TEXT = /^"?this message was recalled\.?"?$/i;

/** Decodes one item of `data.items`. Never throws, whatever `item` really is at run time. */
export function decodeMessage(item: ApiMessage): MessageView {
  try {
    const value: unknown = item;
    if (!isRecord(value)) {
      return brokenView({ messageId: '', msgType: '', raw: '' }, `The message item is not an object (got ${jsonTypeOf(value)}).`);
    }
    const warnings: string[] = [];
    const messageId = stringOf(own(value, 'message_id')) ?? '';
    const msgTypeValue = own(value, 'msg_type');
    const msgType = stringOf(msgTypeValue) ?? '';
    if (msgTypeValue !== undefined && typeof msgTypeValue !== 'string')
      warnings.push(`msg_type is not a string (${describeValue(msgTypeValue)}).`);
    const body = own(value, 'body');
    const content = own(body, 'content');
    let raw = '';
    if (typeof content === 'string') {
      raw = content;
    } else if (content !== undefined && content !== null) {
      raw = stringifySafe(content) ?? '';
      warnings.push('body.content is not a string (the API sends a JSON string): read as JSON.');
    }
    const deleted = own(value, 'deleted') === true;
    const view = decodeContentWith(msgType, raw, own(value, 'mentions'), { messageId, deleted });
    if (warnings.length > 0) view.warnings = [...warnings, ...view.warnings];
    return view;
  } catch (error) {
    return internalFailure(item, error);
  }
}

/**
 * Decodes one `body.content` string as the given msg_type. Never throws.
 * `mentions` resolves `@_user_N` placeholders (API or event form).
 */
export function decodeContent(msgType: string, content: string, mentions?: ApiMention[], options: DecodeOptions = {}): MessageView {
  try {
    return decodeContentWith(
      typeof msgType === 'string' ? msgType : '',
      typeof content === 'string' ? content : (stringifySafe(content) ?? ''),
      mentions,
      options,
    );
  } catch (error) {
    return brokenView(
      {
        messageId: options.messageId ?? '',
        msgType: typeof msgType === 'string' ? msgType : '',
        raw: typeof content === 'string' ? content : '',
      },
      `The decoder failed unexpectedly (${errorText(error)}).`,
    );
  }
}

function internalFailure(item: unknown, error: unknown): BrokenView {
  let messageId = '';
  let msgType = '';
  let raw = '';
  try {
    messageId = stringOf(own(item, 'message_id')) ?? '';
    msgType = stringOf(own(item, 'msg_type')) ?? '';
    const content = own(own(item, 'body'), 'content');
    raw = typeof content === 'string' ? content : '';
  } catch {
    // The item itself misbehaves (a throwing getter): report it with what is known.
  }
  return brokenView({ messageId, msgType, raw }, `The decoder failed unexpectedly (${errorText(error)}).`);
}

function brokenView(base: Omit<ViewBase, 'warnings'>, reason: string, parsed?: unknown, warnings: string[] = []): BrokenView {
  const view: BrokenView = { kind: 'broken', ...base, warnings, reason };
  if (parsed !== undefined) view.parsed = parsed;
  return view;
}

/** A decoder's answer: the type-specific fields, or why the content has the wrong shape. */
type Decoded = { fields: DistributiveOmit<Exclude<MessageView, BrokenView>, keyof ViewBase> } | { wrongShape: string };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function decodeContentWith(msgType: string, raw: string, mentions: unknown, options: DecodeOptions): MessageView {
  const ctx = new DecodeContext(new MentionIndex(mentions));
  const base = { messageId: options.messageId ?? '', msgType, raw };
  const finish = <V extends MessageView>(view: V): V => {
    dropDeepValues(view, ctx);
    view.warnings = [...view.warnings, ...ctx.finalWarnings()];
    return view;
  };
  const trimmed = raw.trim();

  if (options.deleted === true && trimmed === '') {
    return recalledView(base, 'deleted_flag', []);
  }
  if (RECALLED_TEXT.test(trimmed)) {
    return recalledView(
      base,
      'recalled_text',
      options.deleted === true ? [] : ['The content is the recall notice, though the item is not marked deleted.'],
    );
  }
  if (options.deleted === true) ctx.warn('The item is marked deleted but still has content: showing the content.');
  if (msgType === 'merge_forward') return finish({ kind: 'merge_forward', ...base, warnings: [], ...mergeForwardFields(raw, ctx) });

  const known = isKnownMsgType(msgType);
  if (!known) {
    ctx.warn(msgType === '' ? 'The item has no msg_type.' : `msg_type ${JSON.stringify(msgType)} is not one this inspector knows.`);
  }
  if (trimmed === '') {
    if (!known) return finish({ kind: 'unknown_type', ...base, warnings: [] });
    return finish(brokenView(base, 'The content is empty.'));
  }
  const result = parseJson(raw);
  if (!result.ok) {
    if (!known) {
      ctx.warn('The content is not JSON.');
      return finish({ kind: 'unknown_type', ...base, warnings: [] });
    }
    return finish(brokenView(base, `The content is not valid JSON (${result.error}).`));
  }
  let parsed = result.value;
  if (typeof parsed === 'string' && /^\s*[[{]/.test(parsed)) {
    const inner = parseJson(parsed);
    if (inner.ok) {
      ctx.warn('The content was JSON-encoded twice: decoded both layers.');
      parsed = inner.value;
    }
  }
  if (!known) {
    const view: UnknownTypeView = { kind: 'unknown_type', ...base, warnings: [], parsed };
    return finish(view);
  }
  if (msgType === 'text' && typeof parsed === 'string') {
    ctx.warn('The text content is a bare JSON string, not {"text": …}: shown as the text.');
    return finish({ kind: 'text', ...base, warnings: [], paragraphs: textParagraphs(parsed, ctx) });
  }
  if (!isRecord(parsed)) {
    return finish(brokenView(base, `The ${msgType} content should be a JSON object, but it is ${jsonTypeOf(parsed)}.`, parsed));
  }
  const decoded = decodeObject(msgType, parsed, ctx);
  if ('wrongShape' in decoded) return finish(brokenView(base, decoded.wrongShape, parsed));
  return finish({ ...base, warnings: [], ...decoded.fields } as MessageView);
}

/** Deeper than this, parsed JSON is not kept on a view (see `nestsDeeperThan`). */
const MAX_KEPT_DEPTH = 200;

function dropDeepValues(view: MessageView, ctx: DecodeContext): void {
  if ((view.kind === 'unknown_type' || view.kind === 'broken') && nestsDeeperThan(view.parsed, MAX_KEPT_DEPTH)) {
    delete view.parsed;
    ctx.warn(`The content nests more than ${MAX_KEPT_DEPTH} levels deep: the parsed value is not kept (the raw string is).`);
  }
  if (view.kind === 'interactive') {
    if (nestsDeeperThan(view.card, MAX_KEPT_DEPTH)) {
      delete view.card;
      ctx.warn(`The card nests more than ${MAX_KEPT_DEPTH} levels deep: its JSON is not kept on the view (the raw string is).`);
    }
    if (nestsDeeperThan(view.attachment, MAX_KEPT_DEPTH)) delete view.attachment;
  }
}

function recalledView(base: Omit<ViewBase, 'warnings'>, how: RecalledView['how'], warnings: string[]): RecalledView {
  return { kind: 'recalled', ...base, warnings, how };
}

function missing(msgType: string, field: string, value: unknown): { wrongShape: string } {
  return {
    wrongShape:
      value === undefined
        ? `The ${msgType} content has no ${field}.`
        : `The ${msgType} content's ${field} should be a string, but it is ${jsonTypeOf(value)}.`,
  };
}

function decodeObject(msgType: KnownMsgType, p: JsonObject, ctx: DecodeContext): Decoded {
  switch (msgType) {
    case 'text': {
      const text = stringOf(own(p, 'text'));
      if (text === undefined) return missing('text', 'text', own(p, 'text'));
      return { fields: { kind: 'text', paragraphs: textParagraphs(text, ctx) } };
    }
    case 'post':
      return decodePost(p, ctx);
    case 'image': {
      const imageKey = nonEmptyStringOf(own(p, 'image_key'));
      if (imageKey === undefined) return missing('image', 'image_key', own(p, 'image_key'));
      return { fields: { kind: 'image', imageKey } };
    }
    case 'file':
    case 'folder': {
      const fileKey = nonEmptyStringOf(own(p, 'file_key'));
      if (fileKey === undefined) return missing(msgType, 'file_key', own(p, 'file_key'));
      const fileName = stringOf(own(p, 'file_name'));
      return { fields: fileName === undefined ? { kind: msgType, fileKey } : { kind: msgType, fileKey, fileName } };
    }
    case 'audio': {
      const fileKey = nonEmptyStringOf(own(p, 'file_key'));
      if (fileKey === undefined) return missing('audio', 'file_key', own(p, 'file_key'));
      const durationMs = durationOf(own(p, 'duration'), ctx);
      return { fields: durationMs === undefined ? { kind: 'audio', fileKey } : { kind: 'audio', fileKey, durationMs } };
    }
    case 'media': {
      const fileKey = nonEmptyStringOf(own(p, 'file_key'));
      if (fileKey === undefined) return missing('media', 'file_key', own(p, 'file_key'));
      const fields: DistributiveOmit<Extract<MessageView, { kind: 'media' }>, keyof ViewBase> = { kind: 'media', fileKey };
      const imageKey = nonEmptyStringOf(own(p, 'image_key'));
      if (imageKey !== undefined) fields.imageKey = imageKey;
      const fileName = stringOf(own(p, 'file_name'));
      if (fileName !== undefined) fields.fileName = fileName;
      const durationMs = durationOf(own(p, 'duration'), ctx);
      if (durationMs !== undefined) fields.durationMs = durationMs;
      return { fields };
    }
    case 'sticker': {
      const fileKey = nonEmptyStringOf(own(p, 'file_key'));
      if (fileKey === undefined) return missing('sticker', 'file_key', own(p, 'file_key'));
      return { fields: { kind: 'sticker', fileKey } };
    }
    case 'interactive':
      return { fields: { kind: 'interactive', ...decodeCard(p, ctx) } };
    case 'share_chat': {
      const chatId = nonEmptyStringOf(own(p, 'chat_id'));
      if (chatId === undefined) return missing('share_chat', 'chat_id', own(p, 'chat_id'));
      return { fields: { kind: 'share_chat', chatId } };
    }
    case 'share_user': {
      const userId = nonEmptyStringOf(own(p, 'user_id'));
      if (userId === undefined) return missing('share_user', 'user_id', own(p, 'user_id'));
      return { fields: { kind: 'share_user', userId } };
    }
    case 'system':
      return decodeSystem(p, ctx);
    case 'location': {
      const name = stringOf(own(p, 'name'));
      const longitude = stringOf(own(p, 'longitude'));
      const latitude = stringOf(own(p, 'latitude'));
      if (name === undefined && longitude === undefined && latitude === undefined) {
        return { wrongShape: 'The location content has no name, longitude or latitude.' };
      }
      const fields: DistributiveOmit<Extract<MessageView, { kind: 'location' }>, keyof ViewBase> = { kind: 'location', name: name ?? '' };
      if (longitude !== undefined) fields.longitude = longitude;
      if (latitude !== undefined) fields.latitude = latitude;
      const lng = numberOf(longitude);
      const lat = numberOf(latitude);
      if (lng !== undefined) fields.lng = lng;
      if (lat !== undefined) fields.lat = lat;
      if ((longitude !== undefined && lng === undefined) || (latitude !== undefined && lat === undefined)) {
        ctx.warn('The location coordinates are not numbers.');
      }
      return { fields };
    }
    case 'video_chat': {
      const topic = stringOf(own(p, 'topic'));
      if (topic === undefined && own(p, 'start_time') === undefined)
        return { wrongShape: 'The video_chat content has no topic or start_time.' };
      const fields: DistributiveOmit<Extract<MessageView, { kind: 'video_chat' }>, keyof ViewBase> = {
        kind: 'video_chat',
        topic: topic ?? '',
      };
      const meetNumber = nonEmptyStringOf(own(p, 'meet_number'));
      if (meetNumber !== undefined) fields.meetNumber = meetNumber;
      const startTime = timeOf(own(p, 'start_time'), 'start_time', ctx);
      if (startTime !== undefined) fields.startTime = startTime;
      const endTime = timeOf(own(p, 'end_time'), 'end_time', ctx);
      if (endTime !== undefined) fields.endTime = endTime;
      return { fields };
    }
    case 'todo':
      return decodeTodo(p, ctx);
    case 'vote': {
      const topic = stringOf(own(p, 'topic'));
      const optionsValue = own(p, 'options');
      if (topic === undefined && optionsValue === undefined) return { wrongShape: 'The vote content has no topic or options.' };
      const options: string[] = [];
      if (Array.isArray(optionsValue)) {
        for (const option of optionsValue) {
          const label = stringOf(option) ?? stringOf(own(option, 'text')) ?? stringOf(own(option, 'content'));
          if (label !== undefined) options.push(label);
          else ctx.warn('A vote option is not text.');
        }
      } else if (optionsValue !== undefined) {
        ctx.warn('The vote options are not a list.');
      }
      const status = numberOf(own(p, 'status'));
      const fields: DistributiveOmit<Extract<MessageView, { kind: 'vote' }>, keyof ViewBase> = {
        kind: 'vote',
        topic: topic ?? '',
        options,
        closed: status === 1,
      };
      if (status !== undefined) fields.status = status;
      return { fields };
    }
    case 'hongbao': {
      const text = stringOf(own(p, 'text'));
      if (text === undefined) ctx.warn('The hongbao content has no text.');
      return { fields: { kind: 'hongbao', text: text ?? '' } };
    }
    case 'share_calendar_event':
    case 'calendar':
    case 'general_calendar':
      return decodeCalendar(msgType, p, ctx);
    case 'merge_forward':
      return { fields: { kind: 'merge_forward', ...mergeForwardFields(stringifySafe(p) ?? '', ctx) } };
  }
}

function durationOf(value: unknown, ctx: DecodeContext): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = numberOf(value);
  if (n === undefined || n < 0) {
    ctx.warn(`duration is not a number of milliseconds: ${describeValue(value)}.`);
    return undefined;
  }
  return n;
}

function timeOf(value: unknown, field: string, ctx: DecodeContext): number | undefined {
  const result = epochMsOf(value, field);
  if (result.problem !== undefined) ctx.warn(`${result.problem}.`);
  return result.ms;
}

const POST_NON_LOCALE_KEYS = new Set(['title', 'content', 'content_v2', 'files']);

function decodePost(p: JsonObject, ctx: DecodeContext): Decoded {
  let root = p;
  const wrapper = own(p, 'post');
  if (isRecord(wrapper) && own(p, 'content') === undefined) {
    ctx.warn('The post is wrapped in {"post": …} (the send format): unwrapped.');
    root = wrapper;
  }
  const attachments = attachmentsOf(own(root, 'files') ?? own(p, 'files'), ctx);
  const content = own(root, 'content');
  const locales: PostLocale[] = [];
  if (content !== undefined || (own(root, 'title') !== undefined && !hasLocaleBody(root))) {
    const title = stringOf(own(root, 'title')) ?? '';
    if (content === undefined) ctx.warn('The post has a title but no content.');
    locales.push({ locale: '', title, paragraphs: postParagraphs(content, ctx) });
  } else {
    for (const [locale, body] of Object.entries(root)) {
      if (POST_NON_LOCALE_KEYS.has(locale) || !isRecord(body)) continue;
      if (own(body, 'content') === undefined && own(body, 'title') === undefined) continue;
      locales.push({ locale, title: stringOf(own(body, 'title')) ?? '', paragraphs: postParagraphs(own(body, 'content'), ctx) });
    }
  }
  const primary = LOCALE_ORDER.map((l) => locales.find((x) => x.locale === l)).find((x) => x !== undefined) ?? locales[0];
  if (primary === undefined) {
    return { wrongShape: 'The post content has neither title/content nor a locale wrapper such as {"zh_cn": {title, content}}.' };
  }
  return {
    fields: { kind: 'post', title: primary.title, paragraphs: primary.paragraphs, locale: primary.locale, locales, attachments },
  };
}

function hasLocaleBody(root: JsonObject): boolean {
  return Object.entries(root).some(([key, body]) => !POST_NON_LOCALE_KEYS.has(key) && isRecord(body) && own(body, 'content') !== undefined);
}

function attachmentsOf(files: unknown, ctx: DecodeContext): PostAttachment[] {
  if (files === undefined || files === null) return [];
  if (!Array.isArray(files)) {
    ctx.warn('The post files[] is not a list.');
    return [];
  }
  const attachments: PostAttachment[] = [];
  for (const file of files) {
    const fileKey = nonEmptyStringOf(own(file, 'file_key'));
    if (fileKey === undefined) {
      ctx.warn('A post attachment has no file_key.');
      continue;
    }
    const attachment: PostAttachment = { fileKey, isFolder: own(file, 'is_folder') === true };
    const fileName = stringOf(own(file, 'file_name'));
    if (fileName !== undefined) attachment.fileName = fileName;
    attachments.push(attachment);
  }
  return attachments;
}

const SLOT = /\{([A-Za-z0-9_]*)\}/g;

function decodeSystem(p: JsonObject, ctx: DecodeContext): Decoded {
  const templateValue = own(p, 'template');
  const template = stringOf(templateValue);
  if (template === undefined) return missing('system', 'template', templateValue);
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(p)) {
    if (key === 'template') continue;
    const text = slotValueOf(value);
    if (text !== undefined && text !== '') values.set(key, text);
  }
  const used = new Map<string, string>();
  const unfilled: string[] = [];
  const text = template.replace(SLOT, (slot, name: string) => {
    const value = values.get(name);
    if (value === undefined) {
      if (!unfilled.includes(name)) unfilled.push(name);
      return slot;
    }
    used.set(name, value);
    return value;
  });
  if (unfilled.length > 0) {
    ctx.warn(`System template slots without a value: ${unfilled.map((n) => `{${n}}`).join(', ')} (shown as written).`);
  }
  const callEnded = template.length > 0 && template.trim() === '';
  if (template === '') ctx.warn('The system template is empty.');
  return { fields: { kind: 'system', template, text, values: Object.fromEntries(used), unfilled, callEnded } };
}

/** A system slot's value: a string, a list of names, or `{text, i18n_text}` (divider_text). */
function slotValueOf(value: unknown): string | undefined {
  const direct = stringOf(value);
  if (direct !== undefined) return direct;
  if (Array.isArray(value)) {
    const parts = value
      .map((v) => stringOf(v) ?? stringOf(own(v, 'name')) ?? stringOf(own(v, 'text')))
      .filter((s): s is string => s !== undefined && s !== '');
    return parts.join(', ');
  }
  if (isRecord(value)) {
    const text = nonEmptyStringOf(own(value, 'text'));
    if (text !== undefined) return text;
    const i18n = own(value, 'i18n_text');
    if (isRecord(i18n)) {
      for (const locale of LOCALE_ORDER) {
        const localized = nonEmptyStringOf(own(i18n, locale));
        if (localized !== undefined) return localized;
      }
      for (const localized of Object.values(i18n)) {
        const s = nonEmptyStringOf(localized);
        if (s !== undefined) return s;
      }
    }
  }
  return undefined;
}

function decodeTodo(p: JsonObject, ctx: DecodeContext): Decoded {
  const taskId = stringOf(own(p, 'task_id'));
  const summary = own(p, 'summary');
  if (taskId === undefined && summary === undefined) return { wrongShape: 'The todo content has no task_id or summary.' };
  let title = '';
  let paragraphs: Paragraph[] = [];
  if (typeof summary === 'string') {
    paragraphs = textParagraphs(summary, ctx);
  } else if (isRecord(summary)) {
    title = stringOf(own(summary, 'title')) ?? '';
    paragraphs = postParagraphs(own(summary, 'content'), ctx);
  } else if (summary !== undefined && summary !== null) {
    ctx.warn('The todo summary is neither text nor {title, content}.');
  }
  const fields: DistributiveOmit<Extract<MessageView, { kind: 'todo' }>, keyof ViewBase> = {
    kind: 'todo',
    taskId: taskId ?? '',
    title,
    paragraphs,
  };
  const dueTime = timeOf(own(p, 'due_time'), 'due_time', ctx);
  if (dueTime !== undefined) fields.dueTime = dueTime;
  return { fields };
}

function decodeCalendar(kind: CalendarMsgType, p: JsonObject, ctx: DecodeContext): Decoded {
  const summary = stringOf(own(p, 'summary'));
  if (summary === undefined && own(p, 'start_time') === undefined)
    return { wrongShape: `The ${kind} content has no summary or start_time.` };
  const fields: DistributiveOmit<Extract<MessageView, { kind: CalendarMsgType }>, keyof ViewBase> = {
    kind,
    summary: summary ?? '',
    hasShareToken: own(p, 'share_token') !== undefined && own(p, 'share_token') !== null && own(p, 'share_token') !== '',
  };
  const startTime = timeOf(own(p, 'start_time'), 'start_time', ctx);
  if (startTime !== undefined) fields.startTime = startTime;
  const endTime = timeOf(own(p, 'end_time'), 'end_time', ctx);
  if (endTime !== undefined) fields.endTime = endTime;
  const openCalendarId = nonEmptyStringOf(own(p, 'open_calendar_id'));
  if (openCalendarId !== undefined) fields.openCalendarId = openCalendarId;
  const openEventId = nonEmptyStringOf(own(p, 'open_event_id'));
  if (openEventId !== undefined) fields.openEventId = openEventId;
  return { fields };
}

/**
 * The container of a merge-forward: the bare string `Merged and Forwarded Message`,
 * `{"content": …}`, `{"text": …}` or `{"create_message_ids": […]}`.
 */
function mergeForwardFields(
  raw: string,
  ctx: DecodeContext,
): { label: string; encoding: MergeForwardEncoding; createMessageIds: string[] } {
  const trimmed = raw.trim();
  if (trimmed === '') return { label: '', encoding: 'empty', createMessageIds: [] };
  const result = parseJson(trimmed);
  if (!result.ok) return { label: trimmed, encoding: 'plain', createMessageIds: [] };
  const parsed = result.value;
  if (typeof parsed === 'string') return { label: parsed, encoding: 'plain', createMessageIds: [] };
  if (isRecord(parsed)) {
    const ids = own(parsed, 'create_message_ids');
    const createMessageIds = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    const content = stringOf(own(parsed, 'content'));
    if (content !== undefined) return { label: content, encoding: 'content', createMessageIds };
    const text = stringOf(own(parsed, 'text'));
    if (text !== undefined) return { label: text, encoding: 'text', createMessageIds };
    if (Array.isArray(ids)) return { label: '', encoding: 'ids', createMessageIds };
  }
  ctx.warn('The merge_forward container content is not one of the known forms (a bare string, {content}, {text}, {create_message_ids}).');
  return { label: '', encoding: 'other', createMessageIds: [] };
}
