/** How the CLI prints a lookup: readable text by default, the API's `data` with --json. */

import type { LookupResult } from '../core/api/contract';
import type { Lang } from '../core/errors';
import { formatExplanationText } from '../core/errors';
import type { ApiMessage } from '../core/feishu/types';
import { decodeMessage, messageViewToText, senderName } from '../core/messages';
import { withVisibleControls } from '../core/base/visible-controls';

/**
 * Writes text for a person to read on a terminal or in a log: what messages, the platform or
 * file names bring along (escape sequences, a lone CR, bidi overrides) is shown, not obeyed.
 * Everything the CLI prints for reading goes through here; JSON output and files do not.
 */
export function writeText(stream: { write(text: string): unknown }, text: string): void {
  stream.write(withVisibleControls(text));
}

export function langFromEnv(env: Record<string, string | undefined>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function formatTime(value: string | undefined): string {
  if (!value) return '—';
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) return value;
  return `${new Date(ms).toISOString()} (${value})`;
}

function contentText(item: ApiMessage): string {
  const content = item.body?.content;
  if (content === undefined || content === '') return item.deleted ? '(recalled: no content)' : '(empty content)';
  try {
    return JSON.stringify(JSON.parse(content), null, 2);
  } catch {
    return `(not JSON) ${content}`;
  }
}

/**
 * The sender's ID, the platform's name for them beside it (`with_sender_name`, in `lang`), and
 * their kind; when the platform gave no name, the line says so rather than leave it to guess.
 */
function senderText(item: ApiMessage, lang: Lang): string {
  const sender = item.sender;
  if (!sender) return '—';
  const name = senderName(item, lang);
  const kind = [sender.sender_type, sender.id_type].filter(Boolean).join(', ');
  return `${sender.id ?? '—'}${name ? ` · ${name}` : ''}${kind ? ` (${kind})` : ''}${name || !sender.id ? '' : ' · no name in the answer'}`;
}

/** The item's fields and content; `lang` is that of the labels in its rendering (`[image …]`) and of the sender's name. */
export function formatItem(item: ApiMessage, lang: Lang = 'en'): string {
  const lines = [
    `message_id   ${item.message_id ?? '—'}`,
    `msg_type     ${item.msg_type ?? '—'}`,
    `sender       ${senderText(item, lang)}`,
    `chat_id      ${item.chat_id ?? '—'}`,
    `created      ${formatTime(item.create_time)}`,
    `updated      ${formatTime(item.update_time)}`,
  ];
  const flags = [item.deleted && 'deleted', item.updated && 'updated'].filter(Boolean);
  if (flags.length) lines.push(`flags        ${flags.join(', ')}`);
  if (item.root_id) lines.push(`root_id      ${item.root_id}`);
  if (item.parent_id) lines.push(`parent_id    ${item.parent_id}`);
  if (item.thread_id) lines.push(`thread_id    ${item.thread_id}`);
  if (item.upper_message_id) lines.push(`upper        ${item.upper_message_id}`);
  if (item.mentions?.length) {
    lines.push(
      `mentions     ${item.mentions.map((m) => `${m.key} → ${m.name ?? '?'} (${typeof m.id === 'string' ? m.id : JSON.stringify(m.id)})`).join('; ')}`,
    );
  }
  lines.push('rendered', indent(messageViewToText(decodeMessage(item), lang)));
  lines.push('content', indent(contentText(item)));
  return lines.join('\n');
}

export function formatLookup(result: Extract<LookupResult, { ok: true }>, lang: Lang = 'en'): string {
  const items = result.response.data?.items ?? [];
  if (items.length === 0) return `${result.messageId}: the platform answered with no items (recalled or deleted?)`;
  return items
    .map((item, index) =>
      index === 0 ? formatItem(item, lang) : `\n--- sub-message ${index} of ${items.length - 1} ---\n${formatItem(item, lang)}`,
    )
    .join('\n');
}

export function formatFailure(
  result: Extract<LookupResult, { ok: false }>,
  lang: Lang,
  ctx: { appId?: string; domain?: 'feishu' | 'lark' },
): string {
  return `${result.messageId}\n${formatExplanationText(result.failure, lang, ctx)}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
