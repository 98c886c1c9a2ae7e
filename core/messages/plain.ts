/**
 * Views → readable strings: plain text (copy, CLI, search), a one-line preview (lists, history)
 * and Markdown (export). None of them throws or returns an empty string: a view with nothing
 * readable falls back to a labelled raw string, with known secrets (`share_token`…) masked.
 */

import type { CardParagraph, CardRun, MentionRun, MessageView } from './model';
import { maskCredentialFields } from '../redact';

/** How one output format writes the pieces every view is made of. */
interface Format {
  /** Text as written by the sender, with its styles. */
  text(text: string, style?: readonly string[]): string;
  /** A bracketed label: `[image img_…]`. `keys` are identifiers (shown as code in Markdown). */
  tag(label: string, words?: readonly (string | undefined)[], keys?: readonly (string | undefined)[]): string;
  link(text: string, href: string, style?: readonly string[]): string;
  mention(label: string): string;
  hr: string;
  /** Around a block (hr, code) that shares a paragraph with other runs. */
  blockBreak: string;
  codeBlock(language: string | undefined, code: string): string;
  title(text: string): string;
  /** Between paragraphs. */
  paragraphBreak: string;
  /** The last resort: a labelled raw string. */
  raw(label: string, raw: string): string;
}

const PLAIN: Format = {
  text: (text) => text,
  tag: (label, words = [], keys = []) => `[${[label, ...words, ...keys].filter(present).join(' ')}]`,
  link: (text, href) => (text === '' || text === href ? href : `${text} (${href})`),
  mention: (label) => label,
  hr: '----',
  blockBreak: '\n',
  codeBlock: (_language, code) => code,
  title: (text) => text,
  paragraphBreak: '\n',
  raw: (label, raw) => `[${label}]${raw === '' ? ' (no content)' : `\n${raw}`}`,
};

const MARKDOWN: Format = {
  text: (text, style) => styledMarkdown(text, style),
  tag: (label, words = [], keys = []) =>
    `\\[${[escapeMarkdown(label), ...words.filter(present).map(escapeMarkdown), ...keys.filter(present).map(inlineCode)].join(' ')}\\]`,
  // Only web and mail links become live: a `javascript:` href in a message stays inert text.
  link: (text, href, style) =>
    /^(?:https?|mailto):/i.test(href)
      ? `[${styledMarkdown(text === '' ? href : text, style)}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)`
      : `${styledMarkdown(text === '' ? href : text, style)} (${escapeMarkdown(href)})`,
  mention: (label) => `**${escapeMarkdown(label)}**`,
  hr: '---',
  blockBreak: '\n\n',
  codeBlock: (language, code) => {
    const fence = fenceFor(code);
    return `${fence}${(language ?? '').replace(/\s+/g, '')}\n${code}\n${fence}`;
  },
  title: (text) => `**${escapeMarkdown(text)}**`,
  paragraphBreak: '\n\n',
  raw: (label, raw) => {
    if (raw === '') return `\\[${escapeMarkdown(label)}\\] (no content)`;
    const fence = fenceFor(raw);
    return `\\[${escapeMarkdown(label)}\\]\n\n${fence}\n${raw}\n${fence}`;
  },
};

function present(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** One readable multi-line text of the message. Never empty. */
export function messageViewToText(view: MessageView): string {
  return renderSafely(view, PLAIN);
}

/** Markdown of the message (export). Never empty. */
export function messageViewToMarkdown(view: MessageView): string {
  return renderSafely(view, MARKDOWN);
}

const PREVIEW_LENGTH = 120;

/** One line, at most 120 characters, for lists. Never empty. */
export function messagePreview(view: MessageView): string {
  const line = messageViewToText(view).replace(/\s+/g, ' ').trim();
  const chars = Array.from(line === '' ? `[${labelOf(view)}]` : line);
  return chars.length <= PREVIEW_LENGTH ? chars.join('') : `${chars.slice(0, PREVIEW_LENGTH - 1).join('')}…`;
}

function renderSafely(view: MessageView, format: Format): string {
  try {
    const rendered = render(view, format)
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/^\n+|\n+$/g, '');
    if (rendered.trim() !== '') return rendered;
    return format.raw(`${labelOf(view)}: nothing readable`, maskCredentialFields(rawOf(view)));
  } catch {
    return `[${safeLabel(view)}]`;
  }
}

function rawOf(view: MessageView): string {
  return typeof view.raw === 'string' ? view.raw : '';
}

function safeLabel(view: unknown): string {
  try {
    return labelOf(view as MessageView);
  } catch {
    return 'message';
  }
}

const CALENDAR_LABELS = {
  share_calendar_event: 'shared calendar event',
  calendar: 'calendar invitation',
  general_calendar: 'calendar event',
} as const;

/** A short English name of the view's kind, for labels. */
function labelOf(view: MessageView): string {
  switch (view.kind) {
    case 'interactive':
      return 'card';
    case 'share_chat':
      return 'shared chat';
    case 'share_user':
      return 'shared contact';
    case 'video_chat':
      return 'video call';
    case 'todo':
      return 'task';
    case 'hongbao':
      return 'red packet';
    case 'media':
      return 'video';
    case 'merge_forward':
      return 'merged forward';
    case 'share_calendar_event':
    case 'calendar':
    case 'general_calendar':
      return CALENDAR_LABELS[view.kind];
    case 'unknown_type':
      return view.msgType === '' ? 'message without msg_type' : `unknown message type "${view.msgType}"`;
    case 'broken':
      return `unreadable ${view.msgType === '' ? 'message' : view.msgType}`;
    default:
      return typeof view.kind === 'string' ? view.kind : 'message';
  }
}

function render(view: MessageView, f: Format): string {
  const lines: string[] = [];
  const add = (...parts: (string | undefined)[]): void => {
    for (const part of parts) if (part !== undefined && part !== '') lines.push(part);
  };
  switch (view.kind) {
    case 'text':
      return paragraphs(view.paragraphs, f);
    case 'post': {
      if (view.title.trim() !== '') add(f.title(view.title));
      add(paragraphs(view.paragraphs, f));
      for (const file of view.attachments) add(f.tag(file.isFolder ? 'folder' : 'file', [file.fileName], [file.fileKey]));
      return lines.join(f.paragraphBreak);
    }
    case 'image':
      return f.tag('image', [], [view.imageKey]);
    case 'file':
    case 'folder':
      return f.tag(view.kind, [view.fileName], [view.fileKey]);
    case 'audio':
      return f.tag('audio', [durationText(view.durationMs)], [view.fileKey]);
    case 'media': {
      const video = f.tag('video', [view.fileName, durationText(view.durationMs)], [view.fileKey]);
      return view.imageKey === undefined ? video : `${video} ${f.tag('cover', [], [view.imageKey])}`;
    }
    case 'sticker':
      return f.tag('sticker', [], [view.fileKey]);
    case 'interactive': {
      if (view.form === 'unrecognised') return f.raw('card of no known form', maskCredentialFields(view.raw));
      add(`${f.tag('card')}${view.title === null ? '' : ` ${f.title(view.title)}`}`);
      if (view.subtitle !== undefined) add(f.text(view.subtitle));
      const body = paragraphs(view.paragraphs, f);
      add(body);
      if (body.trim() === '') {
        if (view.summary !== undefined) add(f.text(view.summary));
        for (const image of view.images) add(f.tag('image', [], [image.imageKey]));
      }
      if (view.upgradePlaceholder)
        add(f.text('(JSON 2.0 card: its content was not returned; fetch it with card_msg_content_type=user_card_content)'));
      if (lines.length === 1 && body.trim() === '') add(f.text('(no readable content)'));
      return lines.join(f.paragraphBreak);
    }
    case 'share_chat':
      return f.tag('shared chat', [], [view.chatId]);
    case 'share_user':
      return f.tag('shared contact', [], [view.userId]);
    case 'system': {
      if (view.callEnded) return `${f.tag('system')} ${f.text('call ended')}`;
      const text = view.text.trim() === '' ? '(empty template)' : view.text;
      return `${f.tag('system')} ${f.text(text)}`;
    }
    case 'location': {
      const coords = [
        view.latitude === undefined ? undefined : `lat ${view.latitude}`,
        view.longitude === undefined ? undefined : `lng ${view.longitude}`,
      ]
        .filter(present)
        .join(', ');
      return `${f.tag('location')} ${f.text([view.name, coords === '' ? '' : `(${coords})`].filter(present).join(' '))}`.trimEnd();
    }
    case 'video_chat':
      add(`${f.tag('video call')} ${f.text(view.topic)}`.trimEnd());
      if (view.meetNumber !== undefined) add(f.text(`meeting number ${view.meetNumber}`));
      if (view.startTime !== undefined) add(f.text(`started ${timeText(view.startTime)}`));
      if (view.endTime !== undefined) add(f.text(`ended ${timeText(view.endTime)}`));
      return lines.join(f.paragraphBreak);
    case 'todo':
      add(`${f.tag('task')} ${f.text(view.title)}`.trimEnd());
      add(paragraphs(view.paragraphs, f));
      if (view.dueTime !== undefined) add(f.text(`due ${timeText(view.dueTime)}`));
      return lines.join(f.paragraphBreak);
    case 'vote':
      add(`${f.tag('vote')} ${f.text(view.topic)}${view.closed ? ` ${f.text('(closed)')}` : ''}`.trimEnd());
      for (const option of view.options) add(`- ${f.text(option)}`);
      return lines.join('\n');
    case 'hongbao':
      return `${f.tag('red packet')} ${f.text(view.text)}`.trimEnd();
    case 'share_calendar_event':
    case 'calendar':
    case 'general_calendar': {
      add(`${f.tag(CALENDAR_LABELS[view.kind])} ${f.text(view.summary)}`.trimEnd());
      const span = [view.startTime, view.endTime].map((t) => (t === undefined ? undefined : timeText(t)));
      if (span[0] !== undefined || span[1] !== undefined) add(f.text(`${span[0] ?? '?'} – ${span[1] ?? '?'}`));
      return lines.join(f.paragraphBreak);
    }
    case 'merge_forward': {
      const count = view.createMessageIds.length;
      const label = view.label === '' ? (count > 0 ? `${count} messages` : '') : view.label;
      return `${f.tag('merged forward')} ${f.text(label)}`.trimEnd();
    }
    case 'recalled':
      return `${f.tag('recalled')} ${f.text(view.how === 'recalled_text' ? 'This message was recalled.' : 'The message was recalled or deleted (deleted: true, no content).')}`;
    case 'unknown_type':
      return f.raw(labelOf(view), maskCredentialFields(view.raw));
    case 'broken':
      return f.raw(`${labelOf(view)}: ${view.reason}`, maskCredentialFields(view.raw));
  }
}

/** Runs shown as a bracketed label: kept apart from their neighbours by a space. */
const LABEL_RUNS = new Set<CardRun['type']>(['image', 'media', 'emotion', 'button', 'widget']);

function paragraphs(list: readonly CardParagraph[], f: Format): string {
  return list.map((paragraph) => paragraphText(paragraph, f)).join(f.paragraphBreak);
}

function paragraphText(paragraph: CardParagraph, f: Format): string {
  let out = '';
  let previous: CardRun | undefined;
  for (const run of paragraph) {
    let text = runText(run, f);
    if (run.type === 'hr' || run.type === 'code_block') text = `${f.blockBreak}${text}${f.blockBreak}`;
    else if (
      previous !== undefined &&
      (LABEL_RUNS.has(run.type) || LABEL_RUNS.has(previous.type)) &&
      !/\s$/.test(out) &&
      !/^\s/.test(text)
    ) {
      text = ` ${text}`;
    }
    out += text;
    previous = run;
  }
  return out.replace(/^\n+|\n+$/g, '');
}

function runText(run: CardRun, f: Format): string {
  switch (run.type) {
    case 'text':
      return f.text(run.text, run.style);
    case 'mention':
      return f.mention(mentionLabel(run));
    case 'link':
      return f.link(run.text, run.href, run.style);
    case 'image':
      return f.tag('image', [], [run.imageKey]);
    case 'media':
      return f.tag('video', [], [run.fileKey]);
    case 'emotion':
      return f.tag(run.emojiType);
    case 'code_block':
      return f.codeBlock(run.language, run.text);
    case 'hr':
      return f.hr;
    case 'button':
      return f.tag('button', [run.text, run.href === undefined ? undefined : `→ ${run.href}`]);
    case 'widget':
      return f.tag(run.tag, [run.text, run.options === undefined ? undefined : `(${run.options.join(' / ')})`]);
  }
}

/** `@Name`, `@all`, `@ou_…` when only the id is known, `@(unknown user_3)` for an unresolved placeholder. */
export function mentionLabel(run: MentionRun): string {
  if (run.name !== null && run.name.trim() !== '') return `@${run.name}`;
  if (run.all === true) return '@all';
  if (run.id !== undefined && run.id !== '') return `@${run.id}`;
  const key = run.key.replace(/^@_?/, '');
  return key === '' ? '@(unknown user)' : `@(unknown ${key})`;
}

function durationText(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return undefined;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** `2021-06-08 03:55:23 UTC`; the number itself when it is outside what a Date can hold. */
export function timeText(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(ms);
  return `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '')} UTC`;
}

function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~#]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

function longestRun(text: string, pattern: RegExp): number {
  let longest = 0;
  for (const match of text.matchAll(pattern)) longest = Math.max(longest, match[0].length);
  return longest;
}

function inlineCode(text: string): string {
  const longest = longestRun(text, /`+/g);
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function fenceFor(code: string): string {
  const longest = longestRun(code, /`{3,}/g);
  return '`'.repeat(Math.max(3, longest + 1));
}

const MARKDOWN_WRAPPERS = new Map([
  ['bold', '**'],
  ['italic', '*'],
  ['lineThrough', '~~'],
]);

function styledMarkdown(text: string, style: readonly string[] | undefined): string {
  if (style?.includes('markdown')) return text;
  if (style?.includes('code')) return inlineCode(text);
  const escaped = escapeMarkdown(text);
  const wrappers = [...new Set(style ?? [])].map((s) => MARKDOWN_WRAPPERS.get(s)).filter(present);
  if (wrappers.length === 0 || escaped.trim() === '') return escaped;
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(escaped);
  const [lead, core, trail] = [match?.[1] ?? '', match?.[2] ?? escaped, match?.[3] ?? ''];
  const open = wrappers.join('');
  const close = [...wrappers].reverse().join('');
  return `${lead}${open}${core}${close}${trail}`;
}
