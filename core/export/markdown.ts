/**
 * Markdown: a `##` heading per looked-up ID; the message's sender, time (ISO 8601), type and
 * links as a list; its content through `messageViewToMarkdown` (mentions shown by name). A
 * merge-forward's sub-messages follow as a nested `*` list, one level per tree depth (`*`, not
 * `-`, so a list inside a message's content, such as vote options, never merges with it).
 * A failed lookup is a quoted line with code, msg and log ID.
 */

import { decodeMessage, escapeMarkdown, inlineCode, messageViewToMarkdown, oneLine } from '../messages';
import {
  displayNodes,
  field,
  flag,
  isoTime,
  namesById,
  resourceHrefs,
  senderOf,
  shownDepth,
  type ExportError,
  type ExportNode,
  type ExportOptions,
  type PreparedEntry,
  type SenderInfo,
  type Writer,
  type WriterContext,
} from './common';
import type { Labels } from './labels';

export function markdownWriter({ options, labels }: WriterContext): Writer {
  return {
    *start() {
      const title = options.title?.trim() || labels.defaultTitle;
      yield `# ${escapeMarkdown(oneLine(title))}\n\n${labels.generated}: ${timeText(options.generatedAt)}\n`;
    },
    *entry(entry: PreparedEntry) {
      yield `\n## ${inlineCode(entry.messageId === '' ? '(no ID)' : entry.messageId)}\n`;
      if (entry.error !== undefined) yield `\n> ${errorLine(entry.error, labels)}\n`;
      else if (entry.items.length === 0) yield `\n*${escapeMarkdown(labels.noItems)}*\n`;
      const nodes = displayNodes(entry.items);
      const names = namesById(entry.items);
      let roots = 0;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        if (node === undefined) continue;
        if (node.depth > 0) {
          yield childBlock(node, senderOf(node.item, names, labels.lang), labels, options);
          continue;
        }
        if (roots > 0 || (node.messageId !== entry.messageId && node.messageId !== ''))
          yield `\n${roots > 0 ? '###' : '**ID:**'} ${inlineCode(node.messageId === '' ? '(no ID)' : node.messageId)}\n`;
        roots++;
        yield rootBlock(node, senderOf(node.item, names, labels.lang), labels, options);
        let descendants = 0;
        while ((nodes[i + 1 + descendants]?.depth ?? 0) > 0) descendants++;
        if (descendants > 0) yield `\n**${escapeMarkdown(labels.forwarded(descendants))}**\n`;
      }
    },
    *end(summary) {
      yield `\n---\n\n${escapeMarkdown(labels.summary(summary))}\n`;
    },
  };
}

function rootBlock(node: ExportNode, sender: SenderInfo, labels: Labels, options: ExportOptions): string {
  const { item } = node;
  const meta = [
    `- **${labels.sender}:** ${senderText(sender)}`,
    `- **${labels.time}:** ${timeText(field(item, 'create_time')) || '—'}`,
    `- **${labels.type}:** ${codeOrDash(field(item, 'msg_type'))}`,
  ];
  const chat = field(item, 'chat_id');
  if (chat !== '') meta.push(`- **${labels.chat}:** ${inlineCode(chat)}`);
  const parent = field(item, 'parent_id');
  if (parent !== '') meta.push(`- **${labels.replyTo}:** ${inlineCode(parent)}`);
  const thread = field(item, 'thread_id');
  if (thread !== '') meta.push(`- **${labels.thread}:** ${inlineCode(thread)}`);
  const flags = flagText(node, labels);
  if (flags !== '') meta.push(`- ${flags}`);
  return `\n${meta.join('\n')}\n\n${messageViewToMarkdown(decodeMessage(item), labels.lang, resourceHrefs(options, node.messageId))}\n`;
}

function childBlock(node: ExportNode, sender: SenderInfo, labels: Labels, options: ExportOptions): string {
  const depth = shownDepth(node.depth);
  const marker = '  '.repeat(depth - 1);
  const inside = `${marker}  `;
  const parts = [senderText(sender), timeText(field(node.item, 'create_time')), codeOrDash(field(node.item, 'msg_type'))];
  const flags = flagText(node, labels);
  if (flags !== '') parts.push(flags);
  if (depth !== node.depth) parts.push(`${labels.depth} ${node.depth}`);
  const content = indent(messageViewToMarkdown(decodeMessage(node.item), labels.lang, resourceHrefs(options, node.messageId)), inside);
  return `\n${marker}* ${parts.filter((p) => p !== '').join(' · ')}\n\n${content}\n`;
}

function senderText(sender: SenderInfo): string {
  const parts: string[] = [];
  if (sender.name !== undefined) parts.push(`**${escapeMarkdown(oneLine(sender.name))}**`);
  if (sender.id !== '') parts.push(inlineCode(sender.id));
  if (sender.type !== '') parts.push(`(${escapeMarkdown(oneLine(sender.type))})`);
  return parts.length === 0 ? '—' : parts.join(' ');
}

function flagText(node: ExportNode, labels: Labels): string {
  const words: string[] = [];
  if (flag(node.item, 'deleted') === true) words.push(labels.deleted);
  if (flag(node.item, 'updated') === true) words.push(labels.updated);
  return words.map((w) => `*${w}*`).join(' ');
}

function errorLine(error: ExportError, labels: Labels): string {
  // The code and status are numbers by type, but an entry can come over a bridge unchecked.
  const code = error.code === undefined ? '' : ` ${escapeMarkdown(oneLine(String(error.code)))}`;
  const parts = [`**${labels.error}${code}**`, escapeMarkdown(oneLine(error.msg))];
  if (error.logId !== undefined && error.logId !== '') parts.push(`${labels.logId}: ${inlineCode(error.logId)}`);
  if (error.httpStatus !== undefined) parts.push(`HTTP ${escapeMarkdown(oneLine(String(error.httpStatus)))}`);
  return parts.join(' · ');
}

function indent(block: string, prefix: string): string {
  return block
    .split('\n')
    .map((line) => (line === '' ? '' : `${prefix}${line}`))
    .join('\n');
}

/** A time as ISO 8601; a value that is no time is shown as the text it is. */
function timeText(value: unknown): string {
  return escapeMarkdown(oneLine(isoTime(value)));
}

function codeOrDash(value: string): string {
  return value === '' ? '—' : inlineCode(value);
}
