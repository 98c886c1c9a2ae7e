/**
 * `body.content` → `MessageView`, for every msg_type the platform sends. Decoding never throws:
 * content that cannot be read becomes a `broken` view (wrong JSON, wrong shape) or an
 * `unknown_type` view (a msg_type nobody has described), always with the raw string kept.
 *
 * This file is the pipeline every message goes through (recall, JSON, double encoding, depth);
 * what each msg_type's content means is in decoders/, one entry per type in its table.
 */

import type { ApiMention, ApiMessage } from '../feishu/types';
import { contentDecoderFor, mergeForwardFields } from './decoders';
import type { BrokenView, KnownMsgType, MessageView, RecalledView, UnknownTypeView, ViewBase } from './model';
import { KNOWN_MSG_TYPES } from './model';
import { DecodeContext, MentionIndex, textParagraphs } from './runs';
import { describeValue, errorText, isRecord, jsonTypeOf, nestsDeeperThan, own, parseJson, stringifySafe, stringOf } from './values';

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
  // Before parsing: a forward's container is often not JSON (decoders/merge-forward.ts).
  if (msgType === 'merge_forward') return finish({ kind: 'merge_forward', ...base, warnings: [], ...mergeForwardFields(raw, ctx) });

  const decoder = contentDecoderFor(msgType);
  const known = decoder !== undefined;
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
  const decoded = decoder(parsed, ctx);
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
