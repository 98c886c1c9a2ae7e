/** `inspector render <file.json>`: a saved response printed as text, Markdown or JSON, offline. */

import {
  buildMessageTree,
  decodeMessage,
  escapeMarkdown,
  flattenMessageTree,
  messagesFromSavedFile,
  messageViewToMarkdown,
  messageViewToText,
  oneLine,
  senderName,
} from '../core/messages';
import type { MessageNode } from '../core/messages';
import type { Lang } from '../core/base/lang';
import { formatTime } from './print';

export const RENDER_FORMATS = ['text', 'markdown', 'json'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `${prefix}${line}` : line))
    .join('\n');
}

/** Type, sender (with the platform's name for them, when it gave one), time and ID of one message. */
function heading(node: MessageNode, lang: Lang): string {
  const item = node.item;
  const flags = node.flags.length ? ` [${node.flags.join(', ')}]` : '';
  const name = senderName(item, lang);
  const sender = `${item.sender?.id ?? '—'}${name ? ` ${name}` : ''}`;
  return `[${item.msg_type ?? '?'}] ${sender} · ${formatTime(item.create_time)} · ${node.messageId || '(no id)'}${flags}`;
}

const NOT_TEXT = 'The file is binary, not UTF-8 text (a saved response is a JSON file, as the API sent it or the app saved it).';

/** The text of a file to render, or why it cannot be a saved response: one is UTF-8 JSON, never binary. */
export function savedFileText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  // NUL is valid UTF-8 but never in JSON text; it is how UTF-16 and most binary files look.
  if (bytes.includes(0)) return { ok: false, error: NOT_TEXT };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: NOT_TEXT };
  }
}

/** `lang`: of the labels the renderings add (`[image …]`); the messages' own words are kept. */
export function renderSavedFile(
  text: string,
  format: RenderFormat,
  lang: Lang = 'en',
): { ok: true; output: string } | { ok: false; error: string } {
  const saved = messagesFromSavedFile(text);
  if ('error' in saved) return { ok: false, error: saved.error };
  const tree = buildMessageTree(saved.items);
  const nodes = flattenMessageTree(tree.roots);
  const parents = new Map<MessageNode, MessageNode>();
  for (const node of nodes) for (const child of node.children) parents.set(child, node);

  if (format === 'json') {
    const rendered = nodes.map((node) => ({
      message_id: node.messageId,
      parent_message_id: parents.get(node)?.messageId,
      depth: node.depth,
      msg_type: node.item.msg_type,
      text: messageViewToText(decodeMessage(node.item), lang),
      view: decodeMessage(node.item),
    }));
    return { ok: true, output: JSON.stringify(rendered, null, 2) };
  }
  const blocks = nodes.map((node) => {
    const view = decodeMessage(node.item);
    const pad = '  '.repeat(node.depth);
    if (format === 'markdown') {
      return `${pad}- **${escapeMarkdown(oneLine(heading(node, lang)))}**\n${indent(messageViewToMarkdown(view, lang), `${pad}  `)}`;
    }
    return `${pad}${heading(node, lang)}\n${indent(messageViewToText(view, lang), `${pad}  `)}`;
  });
  return { ok: true, output: blocks.join(format === 'markdown' ? '\n' : '\n\n') };
}
