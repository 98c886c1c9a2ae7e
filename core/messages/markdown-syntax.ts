/**
 * The one place that turns values into Markdown syntax, for everything that writes Markdown
 * (message renderings, the Markdown export, `inspector render --format markdown`).
 *
 * What these return stays inert in any CommonMark viewer, including those that pass raw HTML
 * through (marked, markdown-it with `html: true`): no `<` that could open a tag or an autolink,
 * no live link but http(s) and mailto, no fence or code span that a value can close early.
 * `<` is written `&lt;`, not `\<`: a viewer that links bare web addresses takes a backslash
 * right after one into the address, and the `<` it escaped would open a tag again. Line
 * ends are written as `\n` only: a lone `\r` is a line end to a Markdown parser, and a line the
 * writer did not indent can end the list item (and with it the code block) it belongs to.
 */

/** CommonMark's backslash-escapable characters. */
const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/;

function lineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Text as the sender wrote it, shown as is: every character that could be Markdown or HTML escaped. */
export function escapeMarkdown(text: string): string {
  return lineEnds(text)
    .replace(/[\\`*_[\]>|~#&!]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** The text on one line: line breaks and the blanks around them become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function longestRun(text: string, pattern: RegExp): number {
  let longest = 0;
  for (const match of text.matchAll(pattern)) longest = Math.max(longest, match[0].length);
  return longest;
}

/** An identifier as inline code, on one line (a code span cannot span a paragraph break), with more backticks than it holds. */
export function inlineCode(value: string): string {
  const flat = oneLine(value);
  const ticks = '`'.repeat(longestRun(flat, /`+/g) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/**
 * A fenced code block. The fence is longer than any backtick run inside, so no line of the
 * content closes it. The info string is the language name it starts with, and nothing after
 * the first character no language name holds (a backtick would unmake the fence, a line break
 * would end it there).
 */
export function fencedBlock(info: string | undefined, content: string): string {
  const body = lineEnds(content);
  const fence = '`'.repeat(Math.max(3, longestRun(body, /`+/g) + 1));
  const language = (/^[\p{L}\p{N}_+#.-]{1,64}/u.exec((info ?? '').trim()) ?? [''])[0];
  return `${fence}${language}\n${body}\n${fence}`;
}

/** Whether a link to `href` may be live: web and mail links only. */
function isLiveHref(href: string): boolean {
  return /^(?:https?|mailto):/i.test(href);
}

/**
 * A link whose text is already Markdown. Only web and mail links become live (the destination
 * in `<…>`, with what could end it encoded); any other href (`javascript:`, `data:`) follows
 * the text as inert text.
 */
export function markdownLink(textMarkdown: string, href: string): string {
  if (!isLiveHref(href)) return `${textMarkdown} (${escapeMarkdown(oneLine(href))})`;
  return `[${textMarkdown}](<${href.replace(/[<>\\\s\p{Cc}]/gu, encodeURIComponent)}>)`;
}

/**
 * A link to a file beside the Markdown (with `image`, the image itself: `![text](…)`), whose text
 * is already Markdown. `href` is a relative, URL-encoded path the writer made, never one a message
 * gave (see isResourceHref); the destination is in `<…>` all the same.
 */
export function markdownLocalLink(textMarkdown: string, href: string, image: boolean): string {
  return `${image ? '!' : ''}[${textMarkdown}](<${href.replace(/[<>\\\s\p{Cc}]/gu, encodeURIComponent)}>)`;
}

/**
 * Markdown the sender wrote (card `lark_md`), kept as Markdown where that is harmless: emphasis,
 * headings, lists, quotes, tables and `[text](https://…)` links stay; raw HTML, autolinks,
 * entities, images, other links and code (whose fences and spans could pair with the writer's
 * own) are escaped and shown as written. A backslash that escapes nothing is doubled, so it
 * cannot escape the first character of whatever follows it.
 */
export function markdownSource(text: string, links = true): string {
  return lineEnds(text).replace(
    /\\(.?)|\[([^[\]\\\n]*)\]\([ \t]*([^()\s<>\\]+)[ \t]*\)|~{3,}|[<&[\]`!]/gsu,
    (match: string, escaped: string | undefined, linkText: string | undefined, href: string | undefined) => {
      if (escaped === '<') return '&lt;';
      if (escaped !== undefined) return ASCII_PUNCTUATION.test(escaped) ? match : `\\\\${escaped}`;
      if (linkText !== undefined && href !== undefined) {
        const inner = markdownSource(linkText, false);
        return links ? markdownLink(inner === '' ? escapeMarkdown(href) : inner, href) : `\\[${inner}\\](${escapeMarkdown(href)})`;
      }
      return match === '<' ? '&lt;' : match.replace(/./g, '\\$&');
    },
  );
}
