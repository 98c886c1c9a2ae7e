/**
 * "Copy for chat": a short Markdown summary of one lookup, to paste into a chat thread. A message:
 * its ID, type, sender and chat, time, and the first lines of what it says. A failure: the ID, the
 * code and what it means, the platform's msg and the log ID (what the platform's support asks
 * for), and the first step. Both end with a link that opens the same message in the inspector.
 *
 * Sized for a chat message: at most SUMMARY_MAX_LINES lines of content, each cut at
 * SUMMARY_LINE_CHARS characters. What the sender wrote is escaped (it reads as written, it cannot
 * turn into a link, a heading or a mention) and its control characters are made visible.
 */

import { tableByLanguage, type Lang } from '../base/lang';
import { withVisibleControls } from '../base/visible-controls';
import type { Exchange } from '../feishu/exchange';
import type { ApiMessage, FeishuFailure } from '../feishu/types';
import { decodeMessage, messageViewToText } from '../messages';
import { escapeMarkdown, inlineCode, oneLine } from '../messages/markdown-syntax';
import { explainFailure } from '../errors';
import { field, namesById, readableUtc, senderOf } from '../export/common';
import { appLink } from './links';

/** A lookup as the page and the main side hold it (the contract's LookupResult fits). */
export type LookupLike = {
  messageId: string;
  profileId: string;
  exchanges: readonly Exchange[];
} & ({ ok: true; response: { data?: { items?: ApiMessage[] } } } | { ok: false; failure: FeishuFailure });

export const SUMMARY_MAX_LINES = 5;
export const SUMMARY_LINE_CHARS = 160;

/**
 * Blocks apart, separated by a blank line: a line break inside a Markdown paragraph is a space,
 * and a line after a quote would be read as part of the quote.
 */
export function chatSummary(lookup: LookupLike, lang: Lang): string {
  const l = LABELS[lang];
  const blocks = lookup.ok ? messageBlocks(lookup.messageId, lookup.response.data?.items ?? [], lang) : failureBlocks(lookup, lang);
  blocks.push(`${l.open}: ${appLink({ kind: 'message', messageId: lookup.messageId, profileId: lookup.profileId })}`);
  return `${blocks.join('\n\n')}\n`;
}

function messageBlocks(messageId: string, items: readonly ApiMessage[], lang: Lang): string[] {
  const l = LABELS[lang];
  const item = items.find((candidate) => field(candidate, 'message_id') === messageId) ?? items[0];
  if (!item) return [`**${l.message}** ${inlineCode(messageId)} · ${l.noItems}`];
  const type = field(item, 'msg_type') || '?';
  const time = readableUtc(field(item, 'create_time'));
  const head = [`**${l.message}** ${inlineCode(messageId)}`, inlineCode(type), time].filter((part) => part !== '');
  const lines = [head.join(' · ')];

  const sender = senderOf(item, namesById(items), lang);
  const who = sender.id === '' ? l.unknown : sender.name ? `${plain(sender.name)} (${inlineCode(sender.id)})` : inlineCode(sender.id);
  const chat = field(item, 'chat_id');
  lines.push([`${l.sender}: ${who}`, chat === '' ? '' : `${l.chat}: ${inlineCode(chat)}`].filter((part) => part !== '').join(' · '));
  if (item.deleted === true) lines.push(`_${l.recalled}_`);
  if (type === 'merge_forward') lines.push(l.forwarded(Math.max(0, items.length - 1)));

  const quote = quoted(messageViewToText(decodeMessage(item), lang));
  if (quote.length > 0) lines.push(quote.join('\n'));
  return lines;
}

function failureBlocks(lookup: Extract<LookupLike, { ok: false }>, lang: Lang): string[] {
  const l = LABELS[lang];
  const { failure } = lookup;
  const ex = explainFailure(failure, lang);
  const code = failure.code === undefined ? '' : ` ${inlineCode(String(failure.code))}`;
  const lines = [`**${l.failed}** ${inlineCode(lookup.messageId)}${code} · ${plain(ex.title)}`];
  const facts = [
    failure.msg ? `msg: ${inlineCode(cut(failure.msg))}` : '',
    `${l.logId}: ${failure.logId ? inlineCode(failure.logId) : l.none}`,
    failure.httpStatus === undefined ? '' : `HTTP ${failure.httpStatus}`,
  ].filter((part) => part !== '');
  lines.push(facts.join(' · '));
  if (ex.steps[0]) lines.push(`${l.firstStep}: ${plain(ex.steps[0])}`);
  return lines;
}

/** The first lines of the text as a Markdown quote, escaped and cut to size. */
function quoted(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  if (lines.length === 0) return [];
  const shown = lines.slice(0, SUMMARY_MAX_LINES).map((line) => `> ${escapeMarkdown(withVisibleControls(cut(line)))}`);
  if (lines.length > SUMMARY_MAX_LINES) shown.push('> …');
  return shown;
}

function cut(text: string): string {
  const chars = Array.from(oneLine(text));
  return chars.length <= SUMMARY_LINE_CHARS ? chars.join('') : `${chars.slice(0, SUMMARY_LINE_CHARS - 1).join('')}…`;
}

/** Words of ours or the platform's, on one line, escaped. */
function plain(text: string): string {
  return escapeMarkdown(withVisibleControls(cut(text)));
}

interface SummaryLabels {
  message: string;
  failed: string;
  sender: string;
  chat: string;
  unknown: string;
  recalled: string;
  noItems: string;
  forwarded: (count: number) => string;
  logId: string;
  none: string;
  firstStep: string;
  open: string;
}

const LABELS = tableByLanguage<SummaryLabels>({
  message: { 'zh-CN': '飞书消息', en: 'Feishu message' },
  failed: { 'zh-CN': '获取消息失败', en: 'Fetching the message failed' },
  sender: { 'zh-CN': '发送者', en: 'Sender' },
  chat: { 'zh-CN': '会话', en: 'Chat' },
  unknown: { 'zh-CN': '未知', en: 'unknown' },
  recalled: { 'zh-CN': '已撤回或删除', en: 'recalled or deleted' },
  noItems: { 'zh-CN': '接口未返回任何消息（可能已撤回或删除）', en: 'the API returned no items (recalled or deleted?)' },
  forwarded: {
    'zh-CN': (count) => `合并转发，含 ${count} 条消息`,
    en: (count) => `A merge-forward of ${count} message${count === 1 ? '' : 's'}`,
  },
  logId: { 'zh-CN': '日志 ID', en: 'Log ID' },
  none: { 'zh-CN': '无', en: 'none' },
  firstStep: { 'zh-CN': '第一步', en: 'First step' },
  open: { 'zh-CN': '在检查器中打开', en: 'Open in the inspector' },
});
