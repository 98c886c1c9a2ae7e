import { describe, expect, it } from 'vitest';
import { decodeContent } from './decode';
import type { MessageView } from './model';
import { mentionLabel, messagePreview, messageViewToMarkdown, messageViewToText, timeText } from './plain';

const post = (content: unknown): MessageView =>
  decodeContent('post', JSON.stringify(content), [{ key: '@_user_1', id: 'ou_1', name: 'Tom' }]);

describe('messageViewToText', () => {
  it('falls back to a labelled raw string when a view has nothing readable', () => {
    expect(messageViewToText(decodeContent('text', '{"text":""}'))).toBe('[text: nothing readable]\n{"text":""}');
    expect(messageViewToText(decodeContent('post', '{"title":"","content":[[],[]]}'))).toMatch(/^\[post: nothing readable\]/);
  });

  it('labels a broken view with its reason', () => {
    expect(messageViewToText(decodeContent('image', '{oops'))).toMatch(/^\[unreadable image: The content is not valid JSON .*\]\n\{oops$/);
    expect(messageViewToText(decodeContent('image', ''))).toBe('[unreadable image: The content is empty.] (no content)');
  });
});

describe('messagePreview', () => {
  it('is one line of at most 120 characters, ending in an ellipsis when cut', () => {
    const long = decodeContent('text', JSON.stringify({ text: `${'长'.repeat(100)}\n${'x'.repeat(100)}` }));
    const preview = messagePreview(long);
    expect(preview).not.toMatch(/\n/);
    expect(Array.from(preview)).toHaveLength(120);
    expect(preview.endsWith('…')).toBe(true);
  });

  it('does not split a surrogate pair', () => {
    const preview = messagePreview(decodeContent('text', JSON.stringify({ text: '😀'.repeat(200) })));
    expect(Array.from(preview)).toHaveLength(120);
    expect(preview).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('short messages stay whole', () => {
    expect(messagePreview(decodeContent('image', '{"image_key":"img_1"}'))).toBe('[image img_1]');
  });
});

describe('messageViewToMarkdown', () => {
  it('styles, links, mentions and code blocks', () => {
    const view = post({
      title: 'Release *notes*',
      content: [
        [
          { tag: 'text', text: 'bold ', style: ['bold'] },
          { tag: 'a', text: 'docs', href: 'https://example.com/a b' },
          { tag: 'text', text: ' ' },
          { tag: 'at', user_id: '@_user_1' },
        ],
        [{ tag: 'code_block', language: 'ts', text: 'const a = "```";' }],
        [{ tag: 'hr' }],
        [{ tag: 'text', text: '# not a heading, 1. not a list' }],
      ],
    });
    expect(messageViewToMarkdown(view)).toBe(
      [
        '**Release \\*notes\\***',
        '**bold** [docs](<https://example.com/a%20b>) **@Tom**',
        '````ts\nconst a = "```";\n````',
        '---',
        '\\# not a heading, 1. not a list',
      ].join('\n\n'),
    );
  });

  it('escapes text that would be read as Markdown', () => {
    const view = decodeContent('text', JSON.stringify({ text: '- item\n1. one\n*stars* _under_ <b>x</b> [link](y)' }));
    expect(messageViewToMarkdown(view)).toBe('\\- item\n\n1\\. one\n\n\\*stars\\* \\_under\\_ &lt;b\\>x&lt;/b\\> \\[link\\](y)');
  });

  it('shows keys as code and raw fallbacks fenced', () => {
    expect(messageViewToMarkdown(decodeContent('image', '{"image_key":"img_v3_x"}'))).toBe('\\[image `img_v3_x`\\]');
    expect(messageViewToMarkdown(decodeContent('hologram', '{"a":1}'))).toBe('\\[unknown message type "hologram"\\]\n\n```\n{"a":1}\n```');
  });

  it('keeps card markdown as markdown', () => {
    const view = decodeContent(
      'interactive',
      JSON.stringify({ schema: '2.0', body: { elements: [{ tag: 'markdown', content: '**done** in <at id=ou_1></at>' }] } }),
      [{ key: '@_user_1', id: 'ou_1', name: 'Tom' }],
    );
    expect(messageViewToMarkdown(view)).toBe('\\[card\\]\n\n**done** in **@Tom**');
  });
});

describe('helpers', () => {
  it('mentionLabel', () => {
    expect(mentionLabel({ type: 'mention', name: 'Tom', key: '@_user_1' })).toBe('@Tom');
    expect(mentionLabel({ type: 'mention', name: null, key: '@_all', all: true })).toBe('@all');
    // A mentions[] entry for @_all whose name is blank still reads as everyone.
    expect(mentionLabel({ type: 'mention', name: ' ', key: '@_all', all: true })).toBe('@all');
    expect(mentionLabel({ type: 'mention', name: ' ', key: '@_all', all: true }, 'zh-CN')).toBe('@所有人');
    expect(mentionLabel({ type: 'mention', name: null, id: 'ou_1', key: 'ou_1' })).toBe('@ou_1');
    expect(mentionLabel({ type: 'mention', name: null, key: '@_user_7' })).toBe('@(unknown user_7)');
    expect(mentionLabel({ type: 'mention', name: ' ', key: '' })).toBe('@(unknown user)');
  });

  it('timeText survives times a Date cannot hold', () => {
    expect(timeText(0)).toBe('1970-01-01 00:00:00 UTC');
    expect(timeText(1e20)).toBe('100000000000000000000');
  });
});

describe('markdown links', () => {
  it('makes only http(s) and mailto links live', () => {
    const md = messageViewToMarkdown(
      post({
        title: '',
        content: [
          [
            { tag: 'a', text: 'ok', href: 'https://open.feishu.cn/' },
            { tag: 'a', text: 'bad', href: 'javascript:alert(1)' },
          ],
        ],
      }),
    );
    expect(md).toContain('[ok](<https://open.feishu.cn/>)');
    expect(md).not.toMatch(/\]\(<?javascript:/);
    expect(md).toContain('bad');
  });
});
