/**
 * HTML: one self-contained document. Inline `<style>` (light and dark through
 * `prefers-color-scheme`), no script, no external resource, and a Content-Security-Policy that
 * forbids both anyway. With resources (images and files saved beside it) it shows the images from
 * that folder or inlined as data: URIs, and links the files; the policy then lets images in from
 * there, and nothing else. Every piece of text from a message or a lookup is HTML-escaped; only
 * http(s) links become `<a>` (a `javascript:` or `data:` href stays visible text). A
 * merge-forward's sub-messages are nested `<ul>` lists, one level per tree depth.
 */

import type { Lang } from '../base/lang';
import type { CardParagraph, CardRun, MessageLabels, MessageView } from '../messages';
import { decodeMessage, isResourceHref, mentionLabel, messageLabels, messageViewToText } from '../messages';
import {
  displayNodes,
  escapeHtml,
  field,
  flag,
  isoTime,
  isWebUrl,
  namesById,
  prepareEntry,
  resourceHrefs,
  senderOf,
  shownDepth,
  type ExportEntry,
  type ExportError,
  type ExportNode,
  type ExportOptions,
  type PreparedEntry,
  type SenderInfo,
  type Writer,
  type WriterContext,
} from './common';
import { labelsFor, type Labels } from './labels';

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2329; --muted: #646a73; --line: #dee0e3; --card: #f5f6f7;
  --accent: #3370ff; --error-bg: #fef1f1; --error-fg: #d83931; --code: #eff0f1; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #1a1a1a; --fg: #e8e9eb; --muted: #a6a9ad; --line: #3a3b3d; --card: #242527;
    --accent: #7aa2ff; --error-bg: #3b1f1f; --error-fg: #ff8a80; --code: #2e2f31; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 960px; padding: 24px; background: var(--bg); color: var(--fg);
  font: 14px/1.6 -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 8px; }
header p, footer, .meta { color: var(--muted); }
footer { border-top: 1px solid var(--line); margin-top: 24px; padding-top: 8px; }
section.entry { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 16px 0; background: var(--card); }
article.message + article.message { border-top: 1px dashed var(--line); margin-top: 12px; padding-top: 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 12px; margin: 0 0 8px; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.meta .name { color: var(--fg); font-weight: 600; }
.flag { border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; font-size: 12px; }
.content { white-space: pre-wrap; overflow-wrap: anywhere; }
.content .para { min-height: 1.6em; }
.content .title { font-weight: 600; }
.content .mention { color: var(--accent); }
.content .tag, .content .href { color: var(--muted); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; background: var(--code); border-radius: 4px; }
code { padding: 0 3px; }
pre { padding: 8px; margin: 4px 0; overflow-x: auto; white-space: pre; }
pre code { padding: 0; background: none; }
a { color: var(--accent); }
ul.forward { list-style: none; margin: 8px 0 0; padding-left: 16px; border-left: 2px solid var(--line); }
ul.forward > li { margin: 8px 0; }
p.error { margin: 0; padding: 8px 12px; border-radius: 6px; background: var(--error-bg); color: var(--error-fg); }
p.empty { margin: 0; color: var(--muted); font-style: italic; }
.content img { display: block; max-width: 100%; height: auto; margin: 4px 0; border-radius: 4px; }
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
/**
 * With images saved beside the export: from its own folder, or inlined. `file:` beside `'self'`:
 * a page opened from disk has an opaque origin in browsers that follow the CSP spec to the letter,
 * and there `'self'` matches no file. Only the writer makes `<img>` (isResourceHref), never a message.
 */
const CSP_WITH_IMAGES = `${CSP}; img-src 'self' file: data:`;

/**
 * A document's head with the export's look and policy (no script, nothing fetched; with `images`,
 * images from beside it), up to and including `<body>`: the export's and any other document made
 * of the same parts (a ticket).
 */
export function documentHead(lang: string, title: string, extraStyle = '', images = false): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${images ? CSP_WITH_IMAGES : CSP}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
`;
}

/** One looked-up ID as the HTML export draws it (credentials masked), for a document that embeds it. */
export function entrySectionHtml(entry: ExportEntry, lang: Lang): string {
  const writer = htmlWriter({ options: { generatedAt: 0, locale: lang }, labels: labelsFor(lang) });
  return [...writer.entry(prepareEntry(entry))].join('');
}

export function htmlWriter({ options, labels }: WriterContext): Writer {
  return {
    *start() {
      const raw = options.title?.trim() || labels.defaultTitle;
      const title = escapeHtml(raw);
      const generated = escapeHtml(isoTime(options.generatedAt));
      yield `${documentHead(labels.lang, raw, '', options.resources !== undefined)}<header>
<h1>${title}</h1>
<p>${escapeHtml(labels.generated)}: <time datetime="${generated}">${generated}</time></p>
</header>
<main>
`;
    },
    *entry(entry: PreparedEntry) {
      yield `<section class="entry">\n<h2><code>${escapeHtml(entry.messageId === '' ? '(no ID)' : entry.messageId)}</code></h2>\n`;
      if (entry.error !== undefined) yield `<p class="error">${errorHtml(entry.error, labels)}</p>\n`;
      else if (entry.items.length === 0) yield `<p class="empty">${escapeHtml(labels.noItems)}</p>\n`;
      const names = namesById(entry.items);
      // Open levels: 0 = inside a root <article>; n = inside the <li> of a depth-n sub-message.
      let open = -1;
      // Closes the sub-message levels deeper than `to`, and the root article too when `to` < 0.
      const close = (to: number): string => {
        let out = '';
        for (; open > Math.max(to, 0); open--) out += '</li>\n</ul>\n';
        if (to < 0 && open === 0) {
          out += '</article>\n';
          open = -1;
        }
        return out;
      };
      for (const node of displayNodes(entry.items)) {
        const depth = shownDepth(node.depth);
        const sender = senderOf(node.item, names, labels.lang);
        if (depth === 0) {
          yield `${close(-1)}<article class="message">\n${rootMeta(node, entry.messageId, sender, labels)}${contentHtml(node, labels.lang, options)}`;
          open = 0;
        } else if (depth > open) {
          yield `<ul class="forward">\n<li>\n${childMeta(node, sender, labels)}${contentHtml(node, labels.lang, options)}`;
          open = depth;
        } else {
          yield `${close(depth)}</li>\n<li>\n${childMeta(node, sender, labels)}${contentHtml(node, labels.lang, options)}`;
        }
      }
      yield `${close(-1)}</section>\n`;
    },
    *end(summary) {
      yield `</main>\n<footer>${escapeHtml(labels.summary(summary))}</footer>\n</body>\n</html>\n`;
    },
  };
}

function rootMeta(node: ExportNode, lookupId: string, sender: SenderInfo, labels: Labels): string {
  const { item } = node;
  const rows: [string, string][] = [];
  // The heading names the looked-up ID; a root that is another message says which.
  if (node.messageId !== '' && node.messageId !== lookupId) rows.push(['ID', code(node.messageId)]);
  rows.push([labels.sender, senderHtml(sender)]);
  const time = isoTime(field(item, 'create_time'));
  rows.push([labels.time, time === '' ? '—' : timeHtml(time)]);
  rows.push([labels.type, codeOrDash(field(item, 'msg_type'))]);
  const optional: [string, keyof typeof item][] = [
    [labels.chat, 'chat_id'],
    [labels.replyTo, 'parent_id'],
    [labels.thread, 'thread_id'],
  ];
  for (const [label, key] of optional) {
    const value = field(item, key);
    if (value !== '') rows.push([label, code(value)]);
  }
  const flags = flagsHtml(node, labels);
  if (flags !== '') rows.push(['', flags]);
  return `<dl class="meta">${rows.map(([dt, dd]) => `<dt>${escapeHtml(dt)}</dt><dd>${dd}</dd>`).join('')}</dl>\n`;
}

function childMeta(node: ExportNode, sender: SenderInfo, labels: Labels): string {
  const parts = [senderHtml(sender)];
  const time = isoTime(field(node.item, 'create_time'));
  if (time !== '') parts.push(timeHtml(time));
  parts.push(codeOrDash(field(node.item, 'msg_type')));
  const flags = flagsHtml(node, labels);
  if (flags !== '') parts.push(flags);
  if (shownDepth(node.depth) !== node.depth) parts.push(`<span class="flag">${escapeHtml(`${labels.depth} ${node.depth}`)}</span>`);
  return `<div class="meta">${parts.join(' · ')}</div>\n`;
}

function senderHtml(sender: SenderInfo): string {
  const parts: string[] = [];
  if (sender.name !== undefined) parts.push(`<span class="name">${escapeHtml(sender.name)}</span>`);
  if (sender.id !== '') parts.push(code(sender.id));
  if (sender.type !== '') parts.push(`(${escapeHtml(sender.type)})`);
  return parts.length === 0 ? '—' : parts.join(' ');
}

function timeHtml(iso: string): string {
  const value = escapeHtml(iso);
  return /^\d{4}-\d\d-\d\dT/.test(iso) ? `<time datetime="${value}">${value}</time>` : value;
}

function flagsHtml(node: ExportNode, labels: Labels): string {
  const words: string[] = [];
  if (flag(node.item, 'deleted') === true) words.push(labels.deleted);
  if (flag(node.item, 'updated') === true) words.push(labels.updated);
  return words.map((word) => `<span class="flag">${escapeHtml(word)}</span>`).join(' ');
}

function errorHtml(error: ExportError, labels: Labels): string {
  const parts = [
    `<strong>${escapeHtml(`${labels.error}${error.code === undefined ? '' : ` ${error.code}`}`)}</strong>`,
    escapeHtml(error.msg),
  ];
  if (error.logId !== undefined && error.logId !== '') parts.push(`${escapeHtml(labels.logId)}: ${code(error.logId)}`);
  if (error.httpStatus !== undefined) parts.push(`HTTP ${escapeHtml(String(error.httpStatus))}`);
  return parts.join(' · ');
}

/** A value as inline code, escaped. */
export function code(value: string): string {
  return `<code>${escapeHtml(value)}</code>`;
}

function codeOrDash(value: string): string {
  return value === '' ? '—' : code(value);
}

/* ------------------------------------------------------------------------------------------ */
/* Content                                                                                     */
/* ------------------------------------------------------------------------------------------ */

function contentHtml(node: ExportNode, lang: Lang, options: ExportOptions): string {
  return `<div class="content">${viewHtml(decodeMessage(node.item), lang, resourceHrefs(options, node.messageId))}</div>\n`;
}

/** Where a message's downloaded images and files are (see ExportResources); absent, they stay tags. */
type ResourceHref = ((key: string) => string | undefined) | undefined;

/**
 * Text and post messages are drawn run by run (styles, mentions, links, code blocks); images,
 * files, audio and video that were saved beside the export are shown (images) or linked; every
 * other kind is the plain-text rendering, escaped. Never empty, never throws.
 */
export function viewHtml(view: MessageView, lang: Lang = 'en', resourceHref?: ResourceHref): string {
  const l = messageLabels(lang);
  try {
    let html = '';
    if (view.kind === 'text') html = paragraphsHtml(view.paragraphs, lang, resourceHref);
    else if (view.kind === 'post') {
      const parts: string[] = [];
      if (view.title.trim() !== '') parts.push(`<div class="para title">${escapeHtml(view.title)}</div>`);
      if (view.paragraphs.length > 0) parts.push(paragraphsHtml(view.paragraphs, lang, resourceHref));
      for (const file of view.attachments) {
        const words = [l.kinds[file.isFolder ? 'folder' : 'file'], file.fileName, file.fileKey];
        const link = file.isFolder ? undefined : fileLink(resourceHref, file.fileKey, file.fileName || l.kinds.file);
        parts.push(
          link === undefined
            ? `<div class="para tag">[${escapeHtml(words.filter((w) => w !== undefined && w !== '').join(' '))}]</div>`
            : `<div class="para">${link}</div>`,
        );
      }
      html = parts.join('');
    } else if (resourceHref !== undefined) html = resourceViewHtml(view, l, resourceHref);
    if (html.includes('<img ') || html.replace(/<[^>]*>/g, '').trim() !== '') return html;
  } catch {
    // Drawn below as plain text.
  }
  return escapeHtml(messageViewToText(view, lang));
}

/** An image, a file, an audio clip or a video saved beside the export; `''` for any other kind, or when it was not had. */
function resourceViewHtml(view: MessageView, l: MessageLabels, resourceHref: NonNullable<ResourceHref>): string {
  switch (view.kind) {
    case 'image':
      return imageHtml(resourceHref, view.imageKey, l.kinds.image) ?? '';
    case 'file':
      return fileLink(resourceHref, view.fileKey, view.fileName || l.kinds.file) ?? '';
    case 'audio':
      return fileLink(resourceHref, view.fileKey, l.kinds.audio) ?? '';
    case 'media': {
      const video = fileLink(resourceHref, view.fileKey, view.fileName || l.kinds.media);
      if (video === undefined) return '';
      const cover = view.imageKey === undefined ? undefined : imageHtml(resourceHref, view.imageKey, l.cover);
      return `${video}${cover ?? ''}`;
    }
    default:
      return '';
  }
}

/** The saved image as `<img>`, or `undefined` when it was not had. */
function imageHtml(resourceHref: ResourceHref, key: string, alt: string): string | undefined {
  const href = resourceHref?.(key);
  if (href === undefined || !isResourceHref(href, true)) return undefined;
  return `<img src="${escapeHtml(href)}" alt="${escapeHtml(`${alt} ${key}`)}">`;
}

/** A link to the saved file, or `undefined` when it was not had. */
function fileLink(resourceHref: ResourceHref, key: string, label: string): string | undefined {
  const href = resourceHref?.(key);
  if (href === undefined || !isResourceHref(href, false)) return undefined;
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

function paragraphsHtml(paragraphs: readonly CardParagraph[], lang: Lang, resourceHref?: ResourceHref): string {
  const l = messageLabels(lang);
  return paragraphs
    .map((paragraph) => `<div class="para">${paragraph.map((run) => runHtml(run, l, lang, resourceHref)).join('')}</div>`)
    .join('');
}

const STYLE_TAGS: readonly [string, string][] = [
  ['bold', 'strong'],
  ['italic', 'em'],
  ['underline', 'u'],
  ['lineThrough', 's'],
  ['code', 'code'],
];

function styled(html: string, style: readonly string[] | undefined): string {
  let out = html;
  for (const [name, tag] of STYLE_TAGS) if (style?.includes(name)) out = `<${tag}>${out}</${tag}>`;
  return out;
}

function tag(words: readonly (string | undefined)[]): string {
  return `<span class="tag">[${escapeHtml(words.filter((w) => w !== undefined && w !== '').join(' '))}]</span>`;
}

function runHtml(run: CardRun, l: MessageLabels, lang: Lang, resourceHref?: ResourceHref): string {
  switch (run.type) {
    case 'text':
      return styled(escapeHtml(run.text), run.style);
    case 'mention':
      return `<span class="mention">${escapeHtml(mentionLabel(run, lang))}</span>`;
    case 'link': {
      const label = escapeHtml(run.text === '' ? run.href : run.text);
      if (isWebUrl(run.href)) return styled(`<a href="${escapeHtml(run.href)}" rel="noopener noreferrer nofollow">${label}</a>`, run.style);
      const shown = run.text === '' || run.text === run.href ? '' : ` <span class="href">(${escapeHtml(run.href)})</span>`;
      return `${styled(label, run.style)}${shown}`;
    }
    case 'image':
      return imageHtml(resourceHref, run.imageKey, l.kinds.image) ?? tag([l.kinds.image, run.imageKey]);
    case 'media': {
      const cover = run.imageKey === undefined ? undefined : imageHtml(resourceHref, run.imageKey, l.cover);
      return `${fileLink(resourceHref, run.fileKey, l.kinds.media) ?? tag([l.kinds.media, run.fileKey])}${cover ?? ''}`;
    }
    case 'emotion':
      return tag([run.emojiType]);
    case 'code_block':
      return `<pre><code>${escapeHtml(run.text)}</code></pre>`;
    case 'hr':
      return '<hr>';
    case 'button':
      return tag([l.button, run.text, run.href === undefined ? undefined : `→ ${run.href}`]);
    case 'widget':
      return tag([run.tag, run.text, run.options === undefined ? undefined : `(${run.options.join(' / ')})`]);
  }
}
