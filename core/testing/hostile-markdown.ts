/**
 * Hostile messages for the Markdown tests (unit tests in Node, the Chromium spec in e2e/): every
 * field that ends up in Markdown syntax carries HTML, `javascript:` links, backticks, fences and
 * line breaks, shaped as the API returns them. A payload that ran would count up
 * `window[PWNED]`; nothing here must ever run.
 */

import type { ApiMessage } from '../feishu/types';
import type { ExportEntry } from '../export/common';
import MarkdownIt from 'markdown-it';
import { marked } from 'marked';
import { exportChunks } from '../export';

export const PWNED = '__pwned';
const RUN = `window.${PWNED}=(window.${PWNED}||0)+1`;
const SCRIPT = `<script>${RUN}</script>`;
const IMG = `<img src=x onerror="${RUN}">`;

/** Text of the code block that follows the hostile ones: it must still render as code. */
export const CODE_SENTINEL = 'SENTINEL_CODE <b id="sentinel">still code</b>';
/** Text after every code block: it must render as text, outside any code. */
export const TEXT_SENTINEL = 'SENTINEL_TEXT after the fences';

/** The code blocks' texts, each to be found whole inside one `pre > code`. */
export const CODE_TEXTS = ['let a = 1;', `\`\`\`\n</code></pre>${SCRIPT}\n\`\`\`\`\nend`, `a\r${SCRIPT}\r\n\`\`\`\nb`, CODE_SENTINEL];

const MENTION = { key: '@_user_1', id: `ou_1${IMG}`, id_type: 'open_id', name: `Hanna ${IMG}` };

function item(fields: Partial<ApiMessage> & { message_id: string; msg_type: string; content: string }): ApiMessage {
  const { content, ...rest } = fields;
  return {
    create_time: '1615380573411',
    chat_id: 'oc_5ad11d72b830411d72b836c20',
    sender: { id: 'ou_155184d1e73cbfb8973e5a9e698e74f2', id_type: 'open_id', sender_type: 'user' },
    ...rest,
    body: { content },
  };
}

const post = item({
  message_id: 'om_hostile_post',
  msg_type: 'post',
  mentions: [MENTION],
  content: JSON.stringify({
    title: `Title ${IMG}\n# ${SCRIPT}`,
    content: [
      [
        { tag: 'text', text: `${SCRIPT} <iframe src="javascript:${RUN}"></iframe> & &lt;script&gt;` },
        { tag: 'a', text: `<b onmouseover="${RUN}">js</b>`, href: `javascript:${RUN}` },
        { tag: 'a', text: `](javascript:${RUN})`, href: `https://example.com/a>)${SCRIPT}` },
        { tag: 'a', text: 'back', href: 'https://example.com/\\' },
        { tag: 'a', text: 'upper', href: ` JAVASCRIPT:${RUN}` },
        { tag: 'a', text: '', href: `data:text/html,${SCRIPT}` },
        { tag: 'text', text: '!' },
        { tag: 'a', text: 'pixel', href: 'https://example.com/pixel.png' },
        { tag: 'at', user_id: '@_user_1', user_name: '' },
      ],
      // A viewer that links bare addresses reads on into whatever touches them.
      [
        { tag: 'text', text: `https://example.com/${IMG} www.example.com/x` },
        { tag: 'text', text: IMG, style: ['code'] },
        { tag: 'a', text: IMG, href: 'https://example.com/code', style: ['code'] },
      ],
      [{ tag: 'code_block', language: `js\`\`\`\n${SCRIPT}`, text: CODE_TEXTS[0] }],
      [{ tag: 'code_block', language: `~~~ onerror="${RUN}"`, text: CODE_TEXTS[1] }],
      [{ tag: 'code_block', language: 'text', text: CODE_TEXTS[2] }],
      [
        { tag: 'img', image_key: `img_v3\n\n${SCRIPT}` },
        { tag: 'media', file_key: `file_\`\`\`\n${IMG}`, image_key: 'img_v3_cover' },
      ],
      [{ tag: 'code_block', language: 'html', text: CODE_SENTINEL }],
      [{ tag: 'text', text: TEXT_SENTINEL }],
    ],
  }),
});

const text = item({
  message_id: 'om_hostile_text',
  msg_type: 'text',
  mentions: [MENTION],
  content: JSON.stringify({
    text: [
      `@_user_1 ${SCRIPT} ${IMG} [x](javascript:${RUN}) <javascript:${RUN}> ![x](javascript:${RUN})`,
      '',
      `[ref]: javascript:${RUN}`,
      '[ref] \\',
      `<div onclick="${RUN}">div</div>`,
      '```',
      SCRIPT,
      '',
      `    ${SCRIPT}`,
    ].join('\n'),
  }),
});

const file = item({
  message_id: 'om_hostile_file',
  msg_type: 'file',
  content: JSON.stringify({ file_key: `file_v3\`\n\n${SCRIPT}`, file_name: `<svg onload="${RUN}">.pdf` }),
});

/** Card Markdown the sender wrote: kept as Markdown, so it is the hardest to keep inert. */
const card = item({
  message_id: 'om_hostile_card',
  msg_type: 'interactive',
  mentions: [MENTION],
  content: JSON.stringify({
    schema: '2.0',
    body: {
      elements: [
        {
          tag: 'markdown',
          content: `**bold** ${SCRIPT} [x](javascript:${RUN}) [ok](https://example.com/ok) <a href="javascript:${RUN}">a</a> &#60;b&#62; \\<at id=ou_1></at>${IMG}`,
        },
        {
          tag: 'markdown',
          content: `[r]: javascript:${RUN}\n[r] ![i](https://example.com/i.png) <https://example.com> <javascript:${RUN}>`,
        },
        { tag: 'markdown', content: `\`<at id=ou_1></at>\`${IMG}` },
        { tag: 'markdown', content: `https://example.com/\\${IMG} https://example.com/${IMG}` },
        { tag: 'markdown', content: `~~~\n${SCRIPT}` },
        { tag: 'markdown', content: '```' },
        { tag: 'code_block', language: 'js', text: SCRIPT },
        { tag: 'div', text: { tag: 'lark_md', content: `[x](<javascript:${RUN}>) [y](javascript&colon;${RUN}) \\\\${IMG}` } },
      ],
    },
  }),
});

const FORWARD = 'om_hostile_forward';

/** A merge-forward whose sub-messages have hostile senders, times and types. */
const forward: ApiMessage[] = [
  item({ message_id: FORWARD, msg_type: 'merge_forward', content: 'Merged and Forwarded Message' }),
  item({
    message_id: 'om_hostile_child_1',
    msg_type: `text${IMG}`,
    upper_message_id: FORWARD,
    create_time: SCRIPT,
    sender: { id: `ou_\`\n\n${SCRIPT}`, id_type: 'open_id', sender_type: SCRIPT },
    content: JSON.stringify({ text: SCRIPT }),
  }),
  { ...post, message_id: 'om_hostile_child_2', upper_message_id: FORWARD, create_time: '1615380574000' },
  { ...text, message_id: 'om_hostile_child_3', upper_message_id: 'om_hostile_child_2', create_time: '1615380575000' },
];

const unknownType = item({
  message_id: 'om_hostile_unknown',
  msg_type: 'brand_new_type',
  content: `{"a":"\r\`\`\`\r${SCRIPT}"}`,
});

/** Every hostile message, as the items of a saved response. */
export const HOSTILE_ITEMS: ApiMessage[] = [post, text, file, card, unknownType];

export const HOSTILE_ENTRIES: ExportEntry[] = [
  ...HOSTILE_ITEMS.map((message) => ({ messageId: message.message_id ?? '', items: [message] })),
  { messageId: FORWARD, items: forward },
  {
    messageId: `om_\`\n${SCRIPT}`,
    error: {
      // Numbers by type; an entry that crossed a bridge unchecked can hold anything.
      code: IMG as unknown as number,
      msg: `${SCRIPT}\n\n<iframe src="javascript:${RUN}">`,
      logId: `log\`\n\n${SCRIPT}`,
      httpStatus: IMG as unknown as number,
    },
  },
];

export const HOSTILE_TITLE = `${SCRIPT}\n# ${IMG}`;

/** The forward alone, as a saved response's items (for `inspector render`). */
export const HOSTILE_FORWARD: ApiMessage[] = forward;

/**
 * What in a rendered document is not inert: elements a Markdown renderer makes only from raw
 * HTML or images, event handler attributes, links that are not web or mail links. Self-contained
 * (no outside names) so that a browser can run its source as well.
 */
export function inertnessProblems(root: ParentNode): string[] {
  const allowedTags = new Set(
    'P STRONG EM DEL S CODE PRE A UL OL LI HR H1 H2 H3 H4 H5 H6 BLOCKQUOTE BR TABLE THEAD TBODY TR TH TD'.split(' '),
  );
  const problems: string[] = [];
  for (const element of Array.from(root.querySelectorAll('*'))) {
    const tag = element.tagName.toUpperCase();
    if (!allowedTags.has(tag)) problems.push(`element <${tag.toLowerCase()}>`);
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name === 'href' && tag === 'A') {
        if (!/^(?:https?|mailto):/i.test(value)) problems.push(`href ${value}`);
      } else if (name === 'class' && tag === 'CODE') {
        if (!/^language-[\p{L}\p{N}_+#.-]*$/u.test(value)) problems.push(`class ${value}`);
      } else if (!((name === 'start' && tag === 'OL') || (name === 'align' && (tag === 'TH' || tag === 'TD')))) {
        problems.push(`attribute ${name}="${value}" on <${tag.toLowerCase()}>`);
      }
    }
  }
  return problems;
}

/** Viewers people open Markdown in, all passing raw HTML through (linkify: bare addresses become links, and read on into whatever touches them). */
export const MARKDOWN_VIEWERS: Record<string, (markdown: string) => string> = {
  marked: (markdown) => marked.parse(markdown, { async: false }),
  'markdown-it': (markdown) => new MarkdownIt({ html: true }).render(markdown),
  'markdown-it with linkify': (markdown) => new MarkdownIt({ html: true, linkify: true }).render(markdown),
};

/** The Markdown export of HOSTILE_ENTRIES. */
export async function hostileMarkdownExport(): Promise<string> {
  let out = '';
  for await (const chunk of exportChunks('markdown', HOSTILE_ENTRIES, { title: HOSTILE_TITLE, generatedAt: 0 })) out += chunk;
  return out;
}
