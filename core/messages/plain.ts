/**
 * Views → readable strings: plain text (copy, CLI, search), a one-line preview (lists, history)
 * and Markdown (export). None of them throws or returns an empty string: a view with nothing
 * readable falls back to a labelled raw string, with known secrets (`share_token`…) masked.
 * The labels they add are in the language asked for (labels.ts); the content is as sent.
 */

import type { Lang } from '../base/lang';
import { messageLabels, type MessageLabels } from './labels';
import type { CardParagraph, CardRun, MentionRun, MessageView } from './model';
import { maskCredentialFields } from '../base/redact';
import { escapeMarkdown, fencedBlock, inlineCode, markdownLink, markdownLocalLink, markdownSource, oneLine } from './markdown-syntax';
import { isResourceHref } from './resources';

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
  /** Whether a run so written must not touch the text before it. */
  apart(written: string): boolean;
  codeBlock(language: string | undefined, code: string): string;
  title(text: string): string;
  /** Between paragraphs. */
  paragraphBreak: string;
  /** The last resort: a labelled raw string (`noContent` says that it is empty). */
  raw(label: string, raw: string, noContent: string): string;
  /** A downloaded image or file of the message, linked; `undefined` when it was not had (its tag stays). */
  resource?(key: string, image: boolean, label: string): string | undefined;
}

const PLAIN: Format = {
  text: (text) => text,
  tag: (label, words = [], keys = []) => `[${[label, ...words, ...keys].filter(present).join(' ')}]`,
  link: (text, href) => (text === '' || text === href ? href : `${text} (${href})`),
  mention: (label) => label,
  hr: '----',
  blockBreak: '\n',
  apart: () => false,
  codeBlock: (_language, code) => code,
  title: (text) => text,
  paragraphBreak: '\n',
  raw: (label, raw, noContent) => `[${label}]${raw === '' ? ` ${noContent}` : `\n${raw}`}`,
};

const MARKDOWN: Format = {
  text: (text, style) => styledMarkdown(text, style),
  tag: (label, words = [], keys = []) =>
    `\\[${[escapeMarkdown(label), ...words.filter(present).map(escapeMarkdown), ...keys.filter(present).map(inlineCode)].join(' ')}\\]`,
  // No code span in link text: marked pairs the backticks of a longer span wrongly, reads the
  // link text on into what follows, and takes the link target from there.
  link: (text, href, style) =>
    markdownLink(
      styledMarkdown(
        text === '' ? href : text,
        style?.filter((s) => s !== 'code'),
        false,
      ),
      href,
    ),
  mention: (label) => `**${escapeMarkdown(label)}**`,
  hr: '---',
  blockBreak: '\n\n',
  // A viewer that links bare web addresses reads the address on up to the first space or `<`:
  // a code span right after one would lose its opening backtick to the address, and the code,
  // which cannot be escaped, would be read as Markdown and HTML.
  apart: (written) => /^\[*`/.test(written),
  codeBlock: (language, code) => fencedBlock(language, code),
  title: (text) => `**${escapeMarkdown(text)}**`,
  paragraphBreak: '\n\n',
  raw: (label, raw, noContent) => {
    if (raw === '') return `\\[${escapeMarkdown(label)}\\] ${escapeMarkdown(noContent)}`;
    return `\\[${escapeMarkdown(label)}\\]\n\n${fencedBlock('', raw)}`;
  },
};

function present(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** One readable multi-line text of the message, its labels in `lang`. Never empty. */
export function messageViewToText(view: MessageView, lang: Lang = 'en'): string {
  return renderSafely(view, PLAIN, messageLabels(lang));
}

/**
 * Markdown of the message (export), its labels in `lang`. Never empty. `resourceHref` gives where
 * an image or file of the message was saved (a relative, URL-encoded path; see isResourceHref):
 * those are linked (images as `![image](…)`), the others keep their `[image key]` tag.
 */
export function messageViewToMarkdown(view: MessageView, lang: Lang = 'en', resourceHref?: (key: string) => string | undefined): string {
  const format: Format = resourceHref
    ? {
        ...MARKDOWN,
        resource: (key, image, label) => {
          const href = resourceHref(key);
          return href !== undefined && isResourceHref(href, false)
            ? markdownLocalLink(escapeMarkdown(oneLine(label)), href, image)
            : undefined;
        },
      }
    : MARKDOWN;
  return renderSafely(view, format, messageLabels(lang));
}

const PREVIEW_LENGTH = 120;

/** One line, at most 120 characters, for lists, its labels in `lang`. Never empty. */
export function messagePreview(view: MessageView, lang: Lang = 'en'): string {
  const line = messageViewToText(view, lang).replace(/\s+/g, ' ').trim();
  const chars = Array.from(line === '' ? `[${labelOf(view, messageLabels(lang))}]` : line);
  return chars.length <= PREVIEW_LENGTH ? chars.join('') : `${chars.slice(0, PREVIEW_LENGTH - 1).join('')}…`;
}

function renderSafely(view: MessageView, format: Format, l: MessageLabels): string {
  try {
    const rendered = render(view, format, l)
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/^\n+|\n+$/g, '');
    if (rendered.trim() !== '') return rendered;
    return format.raw(l.nothingReadable(labelOf(view, l)), maskCredentialFields(rawOf(view)), l.noContent);
  } catch {
    return `[${safeLabel(view, l)}]`;
  }
}

function rawOf(view: MessageView): string {
  return typeof view.raw === 'string' ? view.raw : '';
}

function safeLabel(view: unknown, l: MessageLabels): string {
  try {
    return labelOf(view as MessageView, l);
  } catch {
    return l.message;
  }
}

/** A short name of the view's kind, for labels. */
function labelOf(view: MessageView, l: MessageLabels): string {
  switch (view.kind) {
    case 'unknown_type':
      return view.msgType === '' ? l.noMsgType : l.unknownType(view.msgType);
    case 'broken':
      return l.unreadable(view.msgType);
    default:
      // A view that did not come from the decoder can carry any kind: it is named as it is.
      return Object.hasOwn(l.kinds, view.kind) ? l.kinds[view.kind] : typeof view.kind === 'string' ? view.kind : l.message;
  }
}

function render(view: MessageView, f: Format, l: MessageLabels): string {
  const lines: string[] = [];
  const add = (...parts: (string | undefined)[]): void => {
    for (const part of parts) if (part !== undefined && part !== '') lines.push(part);
  };
  switch (view.kind) {
    case 'text':
      return paragraphs(view.paragraphs, f, l);
    case 'post': {
      if (view.title.trim() !== '') add(f.title(view.title));
      add(paragraphs(view.paragraphs, f, l));
      for (const file of view.attachments) {
        const tag = f.tag(l.kinds[file.isFolder ? 'folder' : 'file'], [file.fileName], [file.fileKey]);
        add(file.isFolder ? tag : linked(f, file.fileKey, false, file.fileName || l.kinds.file, tag));
      }
      return lines.join(f.paragraphBreak);
    }
    case 'image':
      return linked(f, view.imageKey, true, l.kinds.image, f.tag(l.kinds.image, [], [view.imageKey]));
    case 'file':
      return linked(f, view.fileKey, false, view.fileName || l.kinds.file, f.tag(l.kinds.file, [view.fileName], [view.fileKey]));
    case 'folder':
      return f.tag(l.kinds[view.kind], [view.fileName], [view.fileKey]);
    case 'audio': {
      const words = [l.kinds.audio, durationText(view.durationMs)].filter(present);
      return linked(f, view.fileKey, false, words.join(' '), f.tag(l.kinds.audio, words.slice(1), [view.fileKey]));
    }
    case 'media': {
      const words = [view.fileName || l.kinds.media, durationText(view.durationMs)].filter(present);
      const tag = f.tag(l.kinds.media, [view.fileName, durationText(view.durationMs)], [view.fileKey]);
      const video = linked(f, view.fileKey, false, words.join(' '), tag);
      return view.imageKey === undefined
        ? video
        : `${video} ${linked(f, view.imageKey, true, l.cover, f.tag(l.cover, [], [view.imageKey]))}`;
    }
    case 'sticker':
      return f.tag(l.kinds.sticker, [], [view.fileKey]);
    case 'interactive': {
      if (view.form === 'unrecognised') return f.raw(l.unrecognisedCard, maskCredentialFields(view.raw), l.noContent);
      add(`${f.tag(l.kinds.interactive)}${view.title === null ? '' : ` ${f.title(view.title)}`}`);
      if (view.subtitle !== undefined) add(f.text(view.subtitle));
      const body = paragraphs(view.paragraphs, f, l);
      add(body);
      if (body.trim() === '') {
        if (view.summary !== undefined) add(f.text(view.summary));
        for (const image of view.images) add(f.tag(l.kinds.image, [], [image.imageKey]));
      }
      if (view.upgradePlaceholder) add(f.text(l.cardNotReturned));
      if (lines.length === 1 && body.trim() === '') add(f.text(l.noReadableContent));
      return lines.join(f.paragraphBreak);
    }
    case 'share_chat':
      return f.tag(l.kinds.share_chat, [], [view.chatId]);
    case 'share_user':
      return f.tag(l.kinds.share_user, [], [view.userId]);
    case 'system': {
      if (view.callEnded) return `${f.tag(l.kinds.system)} ${f.text(l.callEnded)}`;
      const text = view.text.trim() === '' ? l.emptyTemplate : view.text;
      return `${f.tag(l.kinds.system)} ${f.text(text)}`;
    }
    case 'location': {
      const coords = l.coordinates(view.latitude, view.longitude);
      return `${f.tag(l.kinds.location)} ${f.text([view.name, coords].filter(present).join(' '))}`.trimEnd();
    }
    case 'video_chat':
      add(`${f.tag(l.kinds.video_chat)} ${f.text(view.topic)}`.trimEnd());
      if (view.meetNumber !== undefined) add(f.text(l.meetingNumber(view.meetNumber)));
      if (view.startTime !== undefined) add(f.text(l.started(timeText(view.startTime))));
      if (view.endTime !== undefined) add(f.text(l.ended(timeText(view.endTime))));
      return lines.join(f.paragraphBreak);
    case 'todo':
      add(`${f.tag(l.kinds.todo)} ${f.text(view.title)}`.trimEnd());
      add(paragraphs(view.paragraphs, f, l));
      if (view.dueTime !== undefined) add(f.text(l.due(timeText(view.dueTime))));
      return lines.join(f.paragraphBreak);
    case 'vote':
      add(`${f.tag(l.kinds.vote)} ${f.text(view.topic)}${view.closed ? ` ${f.text(l.closed)}` : ''}`.trimEnd());
      for (const option of view.options) add(`- ${f.text(option)}`);
      return lines.join('\n');
    case 'hongbao':
      return `${f.tag(l.kinds.hongbao)} ${f.text(view.text)}`.trimEnd();
    case 'share_calendar_event':
    case 'calendar':
    case 'general_calendar': {
      add(`${f.tag(l.kinds[view.kind])} ${f.text(view.summary)}`.trimEnd());
      const span = [view.startTime, view.endTime].map((t) => (t === undefined ? undefined : timeText(t)));
      if (span[0] !== undefined || span[1] !== undefined) add(f.text(`${span[0] ?? '?'} – ${span[1] ?? '?'}`));
      return lines.join(f.paragraphBreak);
    }
    case 'merge_forward': {
      const count = view.createMessageIds.length;
      const label = view.label === '' ? (count > 0 ? l.messageCount(count) : '') : view.label;
      return `${f.tag(l.kinds.merge_forward)} ${f.text(label)}`.trimEnd();
    }
    case 'recalled':
      return `${f.tag(l.kinds.recalled)} ${f.text(view.how === 'recalled_text' ? l.recalledText : l.recalledDeleted)}`;
    case 'unknown_type':
      return f.raw(labelOf(view, l), maskCredentialFields(view.raw), l.noContent);
    case 'broken':
      return f.raw(l.because(labelOf(view, l), view.reason), maskCredentialFields(view.raw), l.noContent);
  }
}

/** A resource of the message as the format links it, or its tag when it has no link. */
function linked(f: Format, key: string, image: boolean, label: string, tag: string): string {
  return f.resource?.(key, image, label) ?? tag;
}

/** Runs shown as a bracketed label: kept apart from their neighbours by a space. */
const LABEL_RUNS = new Set<CardRun['type']>(['image', 'media', 'emotion', 'button', 'widget']);

function paragraphs(list: readonly CardParagraph[], f: Format, l: MessageLabels): string {
  return list.map((paragraph) => paragraphText(paragraph, f, l)).join(f.paragraphBreak);
}

function paragraphText(paragraph: CardParagraph, f: Format, l: MessageLabels): string {
  let out = '';
  let previous: CardRun | undefined;
  for (const run of paragraph) {
    let text = runText(run, f, l);
    if (run.type === 'hr' || run.type === 'code_block') text = `${f.blockBreak}${text}${f.blockBreak}`;
    else if (
      previous !== undefined &&
      (LABEL_RUNS.has(run.type) || LABEL_RUNS.has(previous.type) || f.apart(text)) &&
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

function runText(run: CardRun, f: Format, l: MessageLabels): string {
  switch (run.type) {
    case 'text':
      return f.text(run.text, run.style);
    case 'mention':
      return f.mention(mentionText(run, l));
    case 'link':
      return f.link(run.text, run.href, run.style);
    case 'image':
      return linked(f, run.imageKey, true, l.kinds.image, f.tag(l.kinds.image, [], [run.imageKey]));
    case 'media': {
      const video = linked(f, run.fileKey, false, l.kinds.media, f.tag(l.kinds.media, [], [run.fileKey]));
      const cover = run.imageKey === undefined ? undefined : f.resource?.(run.imageKey, true, l.cover);
      return cover === undefined ? video : `${video} ${cover}`;
    }
    case 'emotion':
      return f.tag(run.emojiType);
    case 'code_block':
      return f.codeBlock(run.language, run.text);
    case 'hr':
      return f.hr;
    case 'button':
      return f.tag(l.button, [run.text, run.href === undefined ? undefined : `→ ${run.href}`]);
    case 'widget':
      return f.tag(run.tag, [run.text, run.options === undefined ? undefined : `(${run.options.join(' / ')})`]);
  }
}

/** `@Name`, `@all`, `@ou_…` when only the id is known, `@(unknown user_3)` for an unresolved placeholder. */
export function mentionLabel(run: MentionRun, lang: Lang = 'en'): string {
  return mentionText(run, messageLabels(lang));
}

function mentionText(run: MentionRun, l: MessageLabels): string {
  // `all` is the decoder's own name for an @_all nobody named: a word of ours, so it is translated.
  if (run.all === true && (run.name === null || run.name.trim() === '' || run.name === 'all')) return l.mentionAll;
  if (run.name !== null && run.name.trim() !== '') return `@${run.name}`;
  if (run.id !== undefined && run.id !== '') return `@${run.id}`;
  return l.unknownMention(run.key.replace(/^@_?/, ''));
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

const MARKDOWN_WRAPPERS = new Map([
  ['bold', '**'],
  ['italic', '*'],
  ['lineThrough', '~~'],
]);

function styledMarkdown(text: string, style: readonly string[] | undefined, links = true): string {
  if (style?.includes('markdown')) return markdownSource(text, links);
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
