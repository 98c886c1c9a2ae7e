import fc from 'fast-check';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { decodeContent, decodeMessage, messageViewToMarkdown } from '../messages';
import { CODE_SENTINEL, CODE_TEXTS, HOSTILE_ITEMS, TEXT_SENTINEL, inertnessProblems } from '../testing/hostile-markdown';
import { MARKDOWN_VIEWERS, hostileMarkdownExport } from '../testing/hostile-markdown';

const parser = new new Window().DOMParser();

function parse(html: string): Document {
  return parser.parseFromString(`<!doctype html><body>${html}</body>`, 'text/html') as unknown as Document;
}

/** The lines that are not blank, without blanks at their ends (the Markdown writer drops those). */
function lines(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => line.replace(/[ \t]+$/, ''))
    .filter((line) => line !== '')
    .join('\n');
}

/** Everything that says a rendering is not inert, or that its code blocks fell out of step. */
function problemsOf(html: string, codeTexts: readonly string[]): string[] {
  const problems = /<script/i.test(html) ? ['<script in the HTML'] : [];
  const doc = parse(html);
  problems.push(...inertnessProblems(doc.body));
  const codes = Array.from(doc.querySelectorAll('pre > code'), (code) => lines(code.textContent ?? ''));
  for (const text of codeTexts) {
    const expected = lines(text);
    if (!codes.some((code) => code.includes(expected))) problems.push(`code block not found whole: ${JSON.stringify(expected)}`);
  }
  return problems;
}

describe.each(Object.entries(MARKDOWN_VIEWERS))('Markdown rendered by %s', (_name, render) => {
  it('a hostile export stays inert, and its later code blocks stay code', async () => {
    const html = render(await hostileMarkdownExport());
    expect(problemsOf(html, CODE_TEXTS)).toEqual([]);
    const doc = parse(html);
    // The post is there twice (on its own, and in the forward): each time, the block after the
    // hostile fences is still code, and the text after it still text.
    expect(doc.getElementById('sentinel')).toBeNull();
    expect(Array.from(doc.querySelectorAll('pre code'), (c) => c.textContent).filter((t) => t?.includes(CODE_SENTINEL))).toHaveLength(2);
    const after = Array.from(doc.querySelectorAll('p')).filter((p) => p.textContent?.includes(TEXT_SENTINEL));
    expect(after).toHaveLength(2);
    // Web links stay live; the payloads are there to read, as text.
    expect(Array.from(doc.querySelectorAll('a'), (a) => a.getAttribute('href'))).toContain('https://example.com/ok');
    expect(doc.body.textContent).toContain('<script>window.__pwned');
  });

  it.each(HOSTILE_ITEMS.map((item) => [item.message_id, item] as const))('message %s on its own stays inert', (_id, item) => {
    const html = render(messageViewToMarkdown(decodeMessage(item)));
    expect(problemsOf(html, [])).toEqual([]);
  });

  it('the checks catch HTML that was not made inert', () => {
    const html = render(
      `text <img src=x onerror="alert(1)"> [x](javascript:alert(1))\n\n\`\`\`js\`\`\`\n<script>alert(1)</script>\n\`\`\``,
    );
    const problems = problemsOf(html, ['<script>alert(1)</script>']);
    expect(problems).toContain('<script in the HTML');
    expect(problems).toContain('element <img>');
    expect(problems.some((p) => p.startsWith('attribute onerror='))).toBe(true);
    expect(problems.some((p) => p.startsWith('code block not found whole'))).toBe(true);
  });
});

/** Pieces of Markdown and HTML syntax, so that random texts are mostly made of what matters. */
const TOKENS = [
  '<',
  '>',
  '`',
  '```',
  '````',
  '~~~',
  '\\',
  '[',
  ']',
  '(',
  ')',
  '![',
  '](',
  '&',
  '&lt;',
  '&#60;',
  '\n',
  '\r',
  '\n\n',
  ' ',
  '    ',
  '*',
  '**',
  '_',
  '#',
  '- ',
  '1. ',
  '|',
  '"',
  '=',
  ':',
  'x',
  'script',
  'img src=x onerror=alert(1)',
  'javascript:',
  'https://e.com/',
  'www.e.com',
  '<at id=ou_1></at>',
  '@_user_1',
];
const hostileText = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string() }), { maxLength: 12 })
  .map((parts) => parts.join(''));
const style = fc.subarray(['bold', 'italic', 'lineThrough', 'code']);
const postElement = fc.oneof(
  fc.record({ tag: fc.constant('text'), text: hostileText, style }),
  fc.record({
    tag: fc.constant('a'),
    text: hostileText,
    href: fc.oneof(
      hostileText,
      hostileText.map((t) => `https://e.com/${t}`),
    ),
    style,
  }),
  fc.record({ tag: fc.constant('code_block'), language: hostileText, text: hostileText }),
  fc.record({ tag: fc.constant('at'), user_id: fc.constant('@_user_1') }),
  fc.record({ tag: fc.constant('img'), image_key: hostileText }),
);
const cardElement = fc.oneof(
  fc.record({ tag: fc.constant('markdown'), content: hostileText }),
  fc.record({ tag: fc.constant('div'), text: fc.record({ tag: fc.constant('lark_md'), content: hostileText }) }),
  fc.record({ tag: fc.constant('code_block'), language: hostileText, text: hostileText }),
);
const hostileView = fc.oneof(
  fc
    .record({ title: hostileText, content: fc.array(fc.array(postElement, { maxLength: 5 }), { maxLength: 4 }) })
    .map((content) => ['post', content] as const),
  fc.array(cardElement, { maxLength: 6 }).map((elements) => ['interactive', { schema: '2.0', body: { elements } }] as const),
  hostileText.map((text) => ['text', { text }] as const),
);

/** The texts of the code blocks in a message's content. */
function codeTextsOf(content: unknown): string[] {
  if (Array.isArray(content)) return content.flatMap(codeTextsOf);
  if (typeof content !== 'object' || content === null) return [];
  const element = content as Record<string, unknown>;
  if (element.tag === 'code_block' && typeof element.text === 'string') return lines(element.text) === '' ? [] : [element.text];
  return Object.values(element).flatMap(codeTextsOf);
}

describe('random hostile messages', () => {
  it('render inert in every viewer, each code block whole', () => {
    fc.assert(
      fc.property(hostileText, hostileView, (name, [msgType, content]) => {
        const markdown = messageViewToMarkdown(decodeContent(msgType, JSON.stringify(content), [{ key: '@_user_1', id: 'ou_1', name }]));
        for (const render of Object.values(MARKDOWN_VIEWERS)) expect(problemsOf(render(markdown), codeTextsOf(content))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
