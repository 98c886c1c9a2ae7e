import { describe, expect, it } from 'vitest';
import type { ApiMention, ApiMessage } from '../feishu/types';
import { decodeContent, decodeMessage } from './decode';
import type { MessageView, ViewOfKind } from './model';
import { messageViewToText } from './plain';

const TOM: ApiMention = {
  key: '@_user_1',
  id: 'ou_155184d1e73cbfb8973e5a9e698e74f2',
  id_type: 'open_id',
  name: 'Tom',
  tenant_key: '736588c9260f175e',
};
const LILEI: ApiMention = { key: '@_user_2', id: 'ou_7d8a6e6df7621556ce0d21922b676706', id_type: 'open_id', name: '李雷' };

function item(msgType: string | undefined, content: unknown, extra: Partial<ApiMessage> = {}): ApiMessage {
  const base: ApiMessage = {
    message_id: 'om_x100b4d2e9f0a1b2c3d4e5f607182930',
    chat_id: 'oc_5ad11d72b830411d72b836c20',
    create_time: '1615380573411',
    update_time: '1615380573411',
    deleted: false,
    updated: false,
    sender: { id: 'cli_9f427eec54ae901b', id_type: 'app_id', sender_type: 'app', tenant_key: '736588c9260f175e' },
    body: { content: typeof content === 'string' ? content : JSON.stringify(content) },
    ...extra,
  };
  if (msgType !== undefined) base.msg_type = msgType;
  return base;
}

function decodeAs<K extends MessageView['kind']>(kind: K, value: ApiMessage): ViewOfKind<K> {
  const view = decodeMessage(value);
  expect(view.kind, JSON.stringify(view)).toBe(kind);
  return view as ViewOfKind<K>;
}

describe('decodeMessage: common fields', () => {
  it('keeps message id, msg_type and the raw content on every view', () => {
    const view = decodeMessage(item('text', { text: 'test content' }));
    expect(view.messageId).toBe('om_x100b4d2e9f0a1b2c3d4e5f607182930');
    expect(view.msgType).toBe('text');
    expect(view.raw).toBe('{"text":"test content"}');
    expect(view.warnings).toEqual([]);
  });

  it('never throws on items that are not objects', () => {
    for (const value of [null, undefined, 42, 'text', [], true]) {
      const view = decodeMessage(value as unknown as ApiMessage);
      expect(view.kind).toBe('broken');
      expect(messageViewToText(view)).not.toBe('');
    }
  });

  it('reads an object body.content (not a string) as JSON, with a warning', () => {
    const view = decodeAs('text', { msg_type: 'text', body: { content: { text: 'hi' } as unknown as string } });
    expect(messageViewToText(view)).toBe('hi');
    expect(view.warnings.join(' ')).toMatch(/not a string/);
  });
});

describe('text', () => {
  it('resolves @_user_N placeholders through mentions (API form: id is a string)', () => {
    const view = decodeAs('text', item('text', { text: '@_user_1 could the bot post the notes?' }, { mentions: [TOM] }));
    expect(view.paragraphs).toEqual([
      [
        { type: 'mention', name: 'Tom', id: 'ou_155184d1e73cbfb8973e5a9e698e74f2', idType: 'open_id', key: '@_user_1' },
        { type: 'text', text: ' could the bot post the notes?' },
      ],
    ]);
    expect(messageViewToText(view)).toBe('@Tom could the bot post the notes?');
  });

  it('resolves event-form mentions whose id is an object with a null user_id', () => {
    const mention = {
      key: '@_user_1',
      id: { open_id: 'ou_27ade7346f1dc5a485d4de0c5944dd13', union_id: 'on_4edd5a3c8da34771083511052b9cddbe', user_id: null },
      mentioned_type: 'bot',
      name: 'Sophia',
    } as unknown as ApiMention;
    const view = decodeAs('text', item('text', { text: '@_user_1 1212' }, { mentions: [mention] }));
    expect(view.paragraphs[0]?.[0]).toEqual({
      type: 'mention',
      name: 'Sophia',
      id: 'ou_27ade7346f1dc5a485d4de0c5944dd13',
      idType: 'open_id',
      key: '@_user_1',
    });
  });

  it('treats @_all as everyone', () => {
    const view = decodeAs('text', item('text', { text: '@_all 明天放假' }));
    expect(view.paragraphs[0]?.[0]).toMatchObject({ type: 'mention', key: '@_all', all: true });
    expect(messageViewToText(view)).toBe('@all 明天放假');
  });

  it('keeps an unresolved placeholder visible as a mention with an unknown name', () => {
    const view = decodeAs('text', item('text', { text: 'ping @_user_2 and @_user_1' }, { mentions: [TOM] }));
    expect(view.paragraphs[0]).toContainEqual({ type: 'mention', name: null, key: '@_user_2' });
    const text = messageViewToText(view);
    expect(text).toBe('ping @(unknown user_2) and @Tom');
    expect(text).not.toMatch(/@_user_\d/);
    expect(view.warnings.join(' ')).toMatch(/@_user_2/);
  });

  it('does not confuse @_user_1 with @_user_12', () => {
    const twelve: ApiMention = { key: '@_user_12', id: 'ou_12', name: 'Twelve' };
    const view = decodeAs('text', item('text', { text: '@_user_12 @_user_1' }, { mentions: [TOM, twelve] }));
    expect(messageViewToText(view)).toBe('@Twelve @Tom');
  });

  it('reads <at user_id> tags of the send format', () => {
    const view = decodeAs(
      'text',
      item('text', { text: '<at user_id="ou_7d8a6e6df7621556ce0d21922b676706">李雷</at> hi <at user_id="all"></at>' }),
    );
    expect(messageViewToText(view)).toBe('@李雷 hi @all');
  });

  it('splits lines into paragraphs', () => {
    const view = decodeAs('text', item('text', { text: 'line 1\nline 2\n\nline 4' }));
    expect(view.paragraphs).toHaveLength(4);
    expect(messageViewToText(view)).toBe('line 1\nline 2\n\nline 4');
  });

  it('is broken when the content has no text', () => {
    const view = decodeAs('broken', item('text', { content: 'x' }));
    expect(view.reason).toMatch(/no text/);
    expect(view.parsed).toEqual({ content: 'x' });
  });

  it('accepts a bare JSON string as the text, with a warning', () => {
    const view = decodeAs('text', item('text', '"just a string"'));
    expect(messageViewToText(view)).toBe('just a string');
    expect(view.warnings).toHaveLength(1);
  });

  it('decodes content that was JSON-encoded twice', () => {
    const view = decodeAs('text', item('text', JSON.stringify(JSON.stringify({ text: 'twice' }))));
    expect(messageViewToText(view)).toBe('twice');
    expect(view.warnings.join(' ')).toMatch(/twice/);
  });
});

describe('post', () => {
  const flatPost = {
    title: '我是一个标题',
    content: [
      [
        { tag: 'text', text: '第一行 :', style: ['bold', 'underline'] },
        { tag: 'a', href: 'http://www.feishu.cn', text: '超链接', style: ['bold', 'italic'] },
        { tag: 'at', user_id: '@_user_1', user_name: '', style: [] },
      ],
      [{ tag: 'img', image_key: 'img_47354fbc-a159-40ed-86ab-2ad0f1acb42g' }],
      [],
      [{ tag: 'media', file_key: 'file_v2_0dcdd7d9', image_key: 'img_7ea74629' }],
      [{ tag: 'emotion', emoji_type: 'SMILE' }],
      [{ tag: 'hr' }],
      [{ tag: 'code_block', language: 'GO', text: 'func main() int64 {\n    return 0\n}' }],
    ],
  };

  it('decodes every element of the flat form, keeping empty paragraphs', () => {
    const view = decodeAs('post', item('post', flatPost, { mentions: [TOM] }));
    expect(view.title).toBe('我是一个标题');
    expect(view.locale).toBe('');
    expect(view.locales).toHaveLength(1);
    expect(view.paragraphs).toEqual([
      [
        { type: 'text', text: '第一行 :', style: ['bold', 'underline'] },
        { type: 'link', text: '超链接', href: 'http://www.feishu.cn', style: ['bold', 'italic'] },
        { type: 'mention', name: 'Tom', id: 'ou_155184d1e73cbfb8973e5a9e698e74f2', idType: 'open_id', key: '@_user_1' },
      ],
      [{ type: 'image', imageKey: 'img_47354fbc-a159-40ed-86ab-2ad0f1acb42g' }],
      [],
      [{ type: 'media', fileKey: 'file_v2_0dcdd7d9', imageKey: 'img_7ea74629' }],
      [{ type: 'emotion', emojiType: 'SMILE' }],
      [{ type: 'hr' }],
      [{ type: 'code_block', language: 'GO', text: 'func main() int64 {\n    return 0\n}' }],
    ]);
    expect(view.warnings).toEqual([]);
    const text = messageViewToText(view);
    expect(text).toContain(
      '我是一个标题\n第一行 :超链接 (http://www.feishu.cn)@Tom\n[image img_47354fbc-a159-40ed-86ab-2ad0f1acb42g]\n\n[video file_v2_0dcdd7d9]',
    );
    expect(text).toContain('func main() int64 {\n    return 0\n}');
  });

  it('picks zh_cn, then en_us, then the first locale as primary and keeps them all', () => {
    const both = decodeAs(
      'post',
      item('post', {
        en_us: { title: 'Title', content: [[{ tag: 'text', text: 'hello' }]] },
        zh_cn: { title: '标题', content: [[{ tag: 'text', text: '你好' }]] },
      }),
    );
    expect(both.locale).toBe('zh_cn');
    expect(both.title).toBe('标题');
    expect(both.locales.map((l) => l.locale)).toEqual(['en_us', 'zh_cn']);

    const english = decodeAs('post', item('post', { ja_jp: { title: 'タイトル', content: [] }, en_us: { title: 'Title', content: [] } }));
    expect(english.locale).toBe('en_us');

    const japanese = decodeAs('post', item('post', { ja_jp: { title: 'タイトル', content: [[{ tag: 'text', text: 'こんにちは' }]] } }));
    expect(japanese.locale).toBe('ja_jp');
    expect(messageViewToText(japanese)).toBe('タイトル\nこんにちは');
  });

  it('accepts the {"post": {zh_cn: …}} send wrapper', () => {
    const view = decodeAs('post', item('post', { post: { zh_cn: { title: 't', content: [[{ tag: 'text', text: 'x' }]] } } }));
    expect(view.title).toBe('t');
  });

  it('reads "at all" written as all or @_all', () => {
    const view = decodeAs(
      'post',
      item('post', {
        title: '',
        content: [
          [
            { tag: 'at', user_id: 'all' },
            { tag: 'text', text: ' and ' },
            { tag: 'at', user_id: '@_all', user_name: '所有人' },
          ],
        ],
      }),
    );
    expect(view.paragraphs[0]?.[0]).toMatchObject({ type: 'mention', all: true });
    expect(view.paragraphs[0]?.[2]).toMatchObject({ type: 'mention', all: true, name: '所有人' });
    expect(messageViewToText(view)).toBe('@all and @所有人');
  });

  it('falls back to user_name, then to an unknown mention, for at elements without an entry', () => {
    const view = decodeAs(
      'post',
      item('post', {
        title: '',
        content: [
          [
            { tag: 'at', user_id: '@_user_1', user_name: 'Sophia' },
            { tag: 'at', user_id: '@_user_3', user_name: '' },
          ],
        ],
      }),
    );
    expect(messageViewToText(view)).toBe('@Sophia@(unknown user_3)');
  });

  it('keeps unknown tags as their text, or a placeholder, with warnings', () => {
    const view = decodeAs(
      'post',
      item('post', { title: '', content: [[{ tag: 'md', text: '**bold**' }, { tag: 'sparkle', text: 'shiny' }, { tag: 'widget' }]] }),
    );
    expect(messageViewToText(view)).toBe('**bold**shiny[widget]');
    expect(view.warnings.length).toBeGreaterThanOrEqual(3);
  });

  it('reads the files[] attachment zone and ignores content_v2', () => {
    const view = decodeAs(
      'post',
      item('post', {
        zh_cn: { content: [[{ tag: 'text', text: 'hi' }]] },
        content_v2: { anything: true },
        files: [
          { file_key: 'file_a', file_name: 'a.txt' },
          { file_key: 'file_b', file_name: 'folder', is_folder: true },
        ],
      }),
    );
    expect(view.attachments).toEqual([
      { fileKey: 'file_a', fileName: 'a.txt', isFolder: false },
      { fileKey: 'file_b', fileName: 'folder', isFolder: true },
    ]);
    expect(messageViewToText(view)).toBe('hi\n[file a.txt file_a]\n[folder folder file_b]');
  });

  it('is broken when the object is not a post', () => {
    expect(decodeMessage(item('post', { foo: 1 })).kind).toBe('broken');
    expect(decodeMessage(item('post', [[{ tag: 'text', text: 'x' }]])).kind).toBe('broken');
  });
});

describe('image, file, folder, audio, media, sticker', () => {
  it('image', () => {
    const view = decodeAs('image', item('image', { image_key: 'img_v3_0210t_d0624d32-d90e-4190-9954-f54c11b4f10g' }));
    expect(view.imageKey).toBe('img_v3_0210t_d0624d32-d90e-4190-9954-f54c11b4f10g');
    expect(messageViewToText(view)).toBe('[image img_v3_0210t_d0624d32-d90e-4190-9954-f54c11b4f10g]');
    expect(decodeMessage(item('image', { image_key: '' })).kind).toBe('broken');
  });

  it('file', () => {
    const view = decodeAs('file', item('file', { file_key: 'file_v3_0010k_22fb4907-22a8-4cc7-8c13-c93e9c22bd2g', file_name: '清单.md' }));
    expect(view).toMatchObject({ fileKey: 'file_v3_0010k_22fb4907-22a8-4cc7-8c13-c93e9c22bd2g', fileName: '清单.md' });
    expect(decodeAs('broken', item('file', { file_name: 'x' })).reason).toMatch(/file_key/);
  });

  it('folder', () => {
    const view = decodeAs('folder', item('folder', { file_key: 'file_v3_01100_b5a280c5g', file_name: 'hr-analysis' }));
    expect(messageViewToText(view)).toBe('[folder hr-analysis file_v3_01100_b5a280c5g]');
  });

  it('audio, duration in ms as a number or a string', () => {
    expect(decodeAs('audio', item('audio', { file_key: 'file_a', duration: 2000 })).durationMs).toBe(2000);
    expect(decodeAs('audio', item('audio', { file_key: 'file_a', duration: '61000' })).durationMs).toBe(61000);
    expect(messageViewToText(decodeMessage(item('audio', { file_key: 'file_a', duration: 61000 })))).toBe('[audio 1:01 file_a]');
    const bad = decodeAs('audio', item('audio', { file_key: 'file_a', duration: 'long' }));
    expect(bad.durationMs).toBeUndefined();
    expect(bad.warnings).toHaveLength(1);
  });

  it('media', () => {
    const view = decodeAs(
      'media',
      item('media', { file_key: 'file_clip', image_key: 'img_cover', file_name: '测试视频.mp4', duration: 25046 }),
    );
    expect(view).toMatchObject({ fileKey: 'file_clip', imageKey: 'img_cover', fileName: '测试视频.mp4', durationMs: 25046 });
    expect(messageViewToText(view)).toBe('[video 测试视频.mp4 0:25 file_clip] [cover img_cover]');
  });

  it('sticker', () => {
    const view = decodeAs('sticker', item('sticker', { file_key: '75235e0c-4f92-430a-a99b-8446610223cg' }));
    expect(view.fileKey).toBe('75235e0c-4f92-430a-a99b-8446610223cg');
  });
});

describe('interactive', () => {
  it('simplified form: rows of text, links, at, images, buttons, notes and controls', () => {
    const view = decodeAs(
      'interactive',
      item(
        'interactive',
        {
          title: '卡片标题',
          elements: [
            [
              { tag: 'button', text: '主按钮', type: 'primary' },
              { tag: 'button', text: '次按钮', type: 'default' },
            ],
            [
              { tag: 'a', href: 'https://www.feishu.cn', text: '飞书' },
              { tag: 'at', user_id: '@_user_1', user_name: '' },
            ],
            [{ tag: 'hr' }],
            [
              {
                tag: 'note',
                elements: [
                  { tag: 'img', image_key: 'img_acd8' },
                  { tag: 'text', text: '备注信息' },
                ],
              },
            ],
            [{ tag: 'select_static', options: ['选项1', '选项2'], placeholder: '默认提示文本' }],
          ],
        },
        { mentions: [TOM] },
      ),
    );
    expect(view.form).toBe('simplified');
    expect(view.title).toBe('卡片标题');
    expect(view.upgradePlaceholder).toBe(false);
    expect(view.paragraphs).toEqual([
      [
        { type: 'button', text: '主按钮' },
        { type: 'button', text: '次按钮' },
      ],
      [
        { type: 'link', text: '飞书', href: 'https://www.feishu.cn' },
        { type: 'mention', name: 'Tom', id: 'ou_155184d1e73cbfb8973e5a9e698e74f2', idType: 'open_id', key: '@_user_1' },
      ],
      [{ type: 'hr' }],
      [
        { type: 'image', imageKey: 'img_acd8' },
        { type: 'text', text: '备注信息' },
      ],
      [{ type: 'widget', tag: 'select_static', text: '默认提示文本', options: ['选项1', '选项2'] }],
    ]);
    expect(messageViewToText(view)).toBe(
      '[card] 卡片标题\n[button 主按钮] [button 次按钮]\n飞书 (https://www.feishu.cn)@Tom\n----\n[image img_acd8] 备注信息\n[select_static 默认提示文本 (选项1 / 选项2)]',
    );
  });

  it('flags the JSON 2.0 upgrade placeholder', () => {
    const view = decodeAs(
      'interactive',
      item('interactive', { title: null, elements: [[{ tag: 'text', text: '请升级至最新版本客户端，以查看内容' }]] }),
    );
    expect(view.upgradePlaceholder).toBe(true);
    expect(view.title).toBeNull();
    expect(view.warnings.join(' ')).toMatch(/card_msg_content_type/);
  });

  it('unwraps raw_card_content: json_card string, json_attachment string with persons, button URL', () => {
    const jsonCard = {
      schema: 1,
      header: { title: { content: 'Card Title' } },
      body: {
        elements: [
          { tag: 'text', property: { content: 'hello' } },
          {
            tag: 'button',
            property: { text: { content: 'Open' }, actions: [{ type: 'open_url', action: { url: 'https://example.com' } }] },
          },
          { tag: 'person', property: { user_id: 'ou_1' } },
        ],
      },
    };
    const view = decodeAs(
      'interactive',
      item('interactive', {
        json_card: JSON.stringify(jsonCard),
        json_attachment: JSON.stringify({ persons: { ou_1: { content: 'Alice' } } }),
        card_schema: 1,
      }),
    );
    expect(view.form).toBe('raw_card');
    expect(view.title).toBe('Card Title');
    expect(view.schema).toBe('1');
    expect(view.card).toEqual(jsonCard);
    expect(view.attachment).toEqual({ persons: { ou_1: { content: 'Alice' } } });
    expect(messageViewToText(view)).toBe('[card] Card Title\nhello [button Open → https://example.com] @Alice');
  });

  it('raw card: images and at_users from an object json_attachment', () => {
    const view = decodeAs(
      'interactive',
      item('interactive', {
        json_card: JSON.stringify({
          body: {
            elements: [
              { tag: 'img', property: { imageID: '2' } },
              { tag: 'at', property: { userID: 'cde8a6c8' } },
            ],
          },
        }),
        json_attachment: {
          images: { '1': { origin_key: 'img_a' }, '2': { origin_key: 'img_b', token: 'tok' } },
          at_users: { cde8a6c8: { user_id: '754700000001', content: 'Alice', mention_key: '@_user_1' } },
        },
        card_schema: 2,
      }),
    );
    expect(view.images).toEqual([
      { id: '1', imageKey: 'img_a' },
      { id: '2', imageKey: 'img_b' },
    ]);
    expect(view.paragraphs).toEqual([
      [{ type: 'image', imageKey: 'img_b' }],
      [{ type: 'mention', name: 'Alice', id: '754700000001', key: '@_user_1' }],
    ]);
  });

  it('raw card: nested property elements, headings, lists, code tokens and tables', () => {
    const card = {
      body: {
        property: {
          elements: [
            { tag: 'heading', property: { elements: [{ tag: 'plain_text', property: { content: 'Guide' } }], level: 1 } },
            { tag: 'plain_text', property: { content: 'Welcome to the ' } },
            { tag: 'plain_text', property: { content: 'API', textStyle: { attributes: ['bold'] } } },
            { tag: 'hr', property: {} },
            {
              tag: 'list',
              property: { items: [{ elements: [{ tag: 'plain_text', property: { content: 'Node.js 18+' } }], type: 'ul' }] },
            },
            {
              tag: 'code_block',
              property: {
                language: 'bash',
                contents: [
                  {
                    contents: [
                      { content: 'npm install', contentType: 'text' },
                      { content: '\n', contentType: 'text' },
                    ],
                  },
                ],
              },
            },
            {
              tag: 'table',
              property: {
                columns: [
                  { name: '0', displayName: 'Method' },
                  { name: '1', displayName: 'Endpoint' },
                ],
                rows: [
                  {
                    '0': { data: { tag: 'markdown', property: { elements: [{ tag: 'plain_text', property: { content: 'GET' } }] } } },
                    '1': { data: { tag: 'markdown', property: { elements: [{ tag: 'code_span', property: { content: '/users' } }] } } },
                  },
                ],
              },
            },
          ],
        },
      },
    };
    const view = decodeAs('interactive', item('interactive', { json_card: JSON.stringify(card) }));
    expect(messageViewToText(view)).toBe(
      '[card]\nGuide\nWelcome to the API\n----\n• Node.js 18+\nnpm install\nMethod | Endpoint\nGET | /users',
    );
  });

  it('user_card_content, schema 2.0: header title, body elements, summary', () => {
    const view = decodeAs(
      'interactive',
      item('interactive', {
        schema: '2.0',
        header: { title: { tag: 'plain_text', content: '发布通知' }, subtitle: { tag: 'plain_text', content: 'v1.2' } },
        config: { summary: { content: 'Review 摘要' } },
        body: {
          elements: [
            { tag: 'markdown', content: 'Review 已提交到 **MR**。' },
            { tag: 'plain_text', content: '需修复后合并' },
            {
              tag: 'button',
              text: { tag: 'plain_text', content: '查看' },
              behaviors: [{ type: 'open_url', default_url: 'https://example.com/mr/1' }],
            },
          ],
        },
      }),
    );
    expect(view).toMatchObject({ form: 'user_card', title: '发布通知', subtitle: 'v1.2', summary: 'Review 摘要', schema: '2.0' });
    expect(messageViewToText(view)).toBe(
      '[card] 发布通知\nv1.2\nReview 已提交到 **MR**。\n需修复后合并 [button 查看 → https://example.com/mr/1]',
    );
  });

  it('user_card_content, schema 1.0: header, div with lark_md and fields, action buttons', () => {
    const view = decodeAs(
      'interactive',
      item('interactive', {
        header: { title: { tag: 'plain_text', content: 'Alert' }, template: 'red' },
        elements: [
          {
            tag: 'div',
            text: { tag: 'lark_md', content: '**CPU** 95%' },
            fields: [{ is_short: true, text: { tag: 'lark_md', content: 'host: a1' } }],
          },
          { tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: 'Ack' }, url: 'https://ops/ack' }] },
          { tag: 'note', elements: [{ tag: 'plain_text', content: 'sent by bot' }] },
        ],
      }),
    );
    expect(view.form).toBe('user_card');
    expect(messageViewToText(view)).toBe('[card] Alert\n**CPU** 95%\nhost: a1\n[button Ack → https://ops/ack]\nsent by bot');
  });

  it('a {text} body under msg_type interactive is shown as text with a warning', () => {
    const view = decodeAs('interactive', item('interactive', { text: 'test content' }));
    expect(view.form).toBe('text');
    expect(messageViewToText(view)).toBe('[card]\ntest content');
  });

  it('an empty raw card still renders its attachment images', () => {
    const view = decodeAs(
      'interactive',
      item('interactive', { json_card: '{}', json_attachment: '{"images":{"1":{"origin_key":"img_a"}}}' }),
    );
    expect(messageViewToText(view)).toBe('[card]\n[image img_a]');
  });

  it('an unparsable json_card is shown as its text, with a warning', () => {
    const view = decodeAs('interactive', item('interactive', { json_card: '{not json' }));
    expect(view.warnings.join(' ')).toMatch(/json_card/);
    expect(messageViewToText(view)).toContain('{not json');
  });

  it('cuts cards nested deeper than the limit instead of overflowing the stack', () => {
    const levels = 5000;
    const deep = `${'{"tag":"column","elements":['.repeat(levels)}{"tag":"plain_text","content":"bottom"}${']}'.repeat(levels)}`;
    const view = decodeAs('interactive', item('interactive', `{"schema":"2.0","body":{"elements":[${deep}]}}`));
    expect(view.warnings.join(' ')).toMatch(/nested/);
    expect(messageViewToText(view)).not.toBe('');
  });

  it('an object of no known card form is unrecognised, shown raw', () => {
    const view = decodeAs('interactive', item('interactive', { foo: 'bar' }));
    expect(view.form).toBe('unrecognised');
    expect(messageViewToText(view)).toContain('{"foo":"bar"}');
  });
});

describe('share_chat, share_user', () => {
  it('share_chat', () => {
    expect(decodeAs('share_chat', item('share_chat', { chat_id: 'oc_0dd200d32fda' })).chatId).toBe('oc_0dd200d32fda');
    expect(decodeMessage(item('share_chat', {})).kind).toBe('broken');
  });
  it('share_user', () => {
    const view = decodeAs('share_user', item('share_user', { user_id: 'ou_0dd200d32' }));
    expect(messageViewToText(view)).toBe('[shared contact ou_0dd200d32]');
  });
});

describe('system', () => {
  it('fills {from_user} and {to_chatters} from the lists', () => {
    const view = decodeAs(
      'system',
      item('system', {
        template: '{from_user} invited {to_chatters} to this chat.',
        from_user: ['botName'],
        to_chatters: ['小明', '小王', '小红'],
      }),
    );
    expect(view.text).toBe('botName invited 小明, 小王, 小红 to this chat.');
    expect(view.values).toEqual({ from_user: 'botName', to_chatters: '小明, 小王, 小红' });
    expect(view.unfilled).toEqual([]);
    expect(view.callEnded).toBe(false);
  });

  it('fills {divider_text} from its text (i18n as fallback)', () => {
    const withText = decodeAs(
      'system',
      item('system', {
        template: '{divider_text}',
        from_user: [],
        to_chatters: [],
        divider_text: { text: '新会话', i18n_text: { zh_cn: '新话题', en_us: 'New Session' } },
      }),
    );
    expect(withText.text).toBe('新会话');
    const i18nOnly = decodeAs(
      'system',
      item('system', { template: '{divider_text}', divider_text: { i18n_text: { en_us: 'New Session' } } }),
    );
    expect(i18nOnly.text).toBe('New Session');
  });

  it('keeps slots without values as written, bare {} included', () => {
    const rename = decodeAs(
      'system',
      item('system', {
        template: '{from_user} updated the group name from "{old_group_name}" to "{group_name}".',
        from_user: ['何静'],
        to_chatters: [],
        divider_text: {},
      }),
    );
    expect(rename.text).toBe('何静 updated the group name from "{old_group_name}" to "{group_name}".');
    expect(rename.unfilled).toEqual(['old_group_name', 'group_name']);
    const sync = decodeAs('system', item('system', { template: '{} 同步了 {count} 条消息到本群组' }));
    expect(sync.text).toBe('{} 同步了 {count} 条消息到本群组');
    expect(sync.unfilled).toEqual(['', 'count']);
  });

  it('does not take slot values from Object.prototype', () => {
    const view = decodeAs('system', item('system', { template: '{constructor} {toString} {__proto__}' }));
    expect(view.text).toBe('{constructor} {toString} {__proto__}');
  });

  it('recognises the call-ended marker (template " ")', () => {
    const view = decodeAs('system', item('system', { template: ' ', from_user: [], to_chatters: [], divider_text: {} }));
    expect(view.callEnded).toBe(true);
    expect(messageViewToText(view)).toBe('[system] call ended');
  });

  it('is broken without a template', () => {
    expect(decodeMessage(item('system', { from_user: ['a'] })).kind).toBe('broken');
  });
});

describe('location', () => {
  it('keeps coordinates as sent and as numbers', () => {
    const view = decodeAs('location', item('location', { name: '北京市海淀区', longitude: '116.3', latitude: '39.9' }));
    expect(view).toMatchObject({ name: '北京市海淀区', longitude: '116.3', latitude: '39.9', lng: 116.3, lat: 39.9 });
    expect(messageViewToText(view)).toBe('[location] 北京市海淀区 (lat 39.9, lng 116.3)');
  });
  it('warns on placeholder coordinates', () => {
    const view = decodeAs('location', item('location', { name: 'xx省xx市', longitude: 'xxx.xxx', latitude: 'xxx.xxx' }));
    expect(view.lat).toBeUndefined();
    expect(view.warnings).toHaveLength(1);
  });
});

describe('video_chat', () => {
  it('normalises ms and seconds to epoch ms, with meet_number and end_time', () => {
    const running = decodeAs('video_chat', item('video_chat', { topic: '视频通话消息', start_time: '1623124523829' }));
    expect(running.startTime).toBe(1623124523829);
    expect(running.endTime).toBeUndefined();
    const ended = decodeAs(
      'video_chat',
      item('video_chat', { topic: '站会', meet_number: '100000000', start_time: 1623124523, end_time: '1623128123' }),
    );
    expect(ended).toMatchObject({ meetNumber: '100000000', startTime: 1623124523000, endTime: 1623128123000 });
    expect(messageViewToText(ended)).toBe(
      '[video call] 站会\nmeeting number 100000000\nstarted 2021-06-08 03:55:23 UTC\nended 2021-06-08 04:55:23 UTC',
    );
  });
  it('warns about an unreadable time', () => {
    const view = decodeAs('video_chat', item('video_chat', { topic: 't', start_time: 'yesterday' }));
    expect(view.startTime).toBeUndefined();
    expect(view.warnings.join(' ')).toMatch(/start_time/);
  });
});

describe('todo', () => {
  it('reads the summary paragraphs and due_time in ms or seconds', () => {
    const view = decodeAs(
      'todo',
      item('todo', {
        task_id: 'acd096a5-a157-4b9d-80e2-5b317456f005',
        summary: { title: '', content: [[{ tag: 'text', text: '多吃水果，多运动' }]] },
        due_time: '1623124318000',
      }),
    );
    expect(view).toMatchObject({ taskId: 'acd096a5-a157-4b9d-80e2-5b317456f005', title: '', dueTime: 1623124318000 });
    expect(decodeAs('todo', item('todo', { task_id: 't', due_time: 1623124318 })).dueTime).toBe(1623124318000);
    expect(messageViewToText(view)).toBe('[task]\n多吃水果，多运动\ndue 2021-06-08 03:51:58 UTC');
  });
  it('AI-assistant task cards have an empty title and no due_time', () => {
    const view = decodeAs(
      'todo',
      item('todo', { task_id: 'task_a', summary: { title: '', content: [[{ tag: 'text', text: 'From chat with AI Assistant' }]] } }),
    );
    expect(view.dueTime).toBeUndefined();
    expect(messageViewToText(view)).toBe('[task]\nFrom chat with AI Assistant');
  });
});

describe('vote', () => {
  it('open and closed (status 1)', () => {
    const open = decodeAs('vote', item('vote', { topic: '投票测试', options: ['选项1', '选项2'] }));
    expect(open).toMatchObject({ topic: '投票测试', options: ['选项1', '选项2'], closed: false });
    const closed = decodeAs('vote', item('vote', { topic: '午饭', options: ['A'], status: 1 }));
    expect(closed).toMatchObject({ closed: true, status: 1 });
    expect(messageViewToText(closed)).toBe('[vote] 午饭 (closed)\n- A');
  });
});

describe('hongbao', () => {
  it('shows its text', () => {
    expect(messageViewToText(decodeAs('hongbao', item('hongbao', { text: '[红包]' })))).toBe('[red packet] [红包]');
  });
});

describe('calendar types', () => {
  for (const msgType of ['share_calendar_event', 'calendar', 'general_calendar'] as const) {
    it(`${msgType}: summary, times in ms or seconds, ids`, () => {
      const view = decodeAs(
        msgType,
        item(msgType, {
          summary: '平台组周会',
          start_time: '1788143400000',
          end_time: 1788148800,
          open_calendar_id: 'cal_team',
          open_event_id: 'evt_a_0',
        }),
      );
      expect(view).toMatchObject({
        summary: '平台组周会',
        startTime: 1788143400000,
        endTime: 1788148800000,
        openCalendarId: 'cal_team',
        openEventId: 'evt_a_0',
      });
      expect(messageViewToText(view)).toContain('2026-08-31 02:30:00 UTC – 2026-08-31 04:00:00 UTC');
    });
  }

  it('never keeps or shows the share_token', () => {
    const view = decodeAs(
      'share_calendar_event',
      item('share_calendar_event', { summary: '项目对齐', start_time: '1788143400000', share_token: 'cse_secret' }),
    );
    expect(view.hasShareToken).toBe(true);
    expect(JSON.stringify({ ...view, raw: '' })).not.toContain('cse_secret');
    expect(messageViewToText(view)).not.toContain('cse_secret');
  });
});

describe('merge_forward container', () => {
  it.each([
    ['the bare string', 'Merged and Forwarded Message', 'plain'],
    ['{"content": …}', '{"content":"Merged and Forwarded Message"}', 'content'],
    ['{"text": …}', '{"text":"Merged and Forwarded Message"}', 'text'],
    ['a JSON string', '"Merged and Forwarded Message"', 'plain'],
  ])('reads %s', (_name, content, encoding) => {
    const view = decodeAs('merge_forward', item('merge_forward', content));
    expect(view.label).toBe('Merged and Forwarded Message');
    expect(view.encoding).toBe(encoding);
    expect(messageViewToText(view)).toBe('[merged forward] Merged and Forwarded Message');
  });

  it('reads create_message_ids', () => {
    const view = decodeAs('merge_forward', item('merge_forward', { create_message_ids: ['om_2', 'om_1'] }));
    expect(view.createMessageIds).toEqual(['om_2', 'om_1']);
    expect(messageViewToText(view)).toBe('[merged forward] 2 messages');
  });

  it('accepts empty content', () => {
    const view = decodeAs('merge_forward', item('merge_forward', ''));
    expect(view.encoding).toBe('empty');
    expect(messageViewToText(view)).toBe('[merged forward]');
  });
});

describe('recalled', () => {
  it('deleted: true with empty content', () => {
    const view = decodeAs('recalled', item('text', '', { deleted: true }));
    expect(view.how).toBe('deleted_flag');
    expect(messageViewToText(view)).toMatch(/recalled or deleted/);
  });

  it('deleted: true with no body at all', () => {
    const value = item('post', '', { deleted: true });
    delete value.body;
    expect(decodeAs('recalled', value).how).toBe('deleted_flag');
  });

  it('the bare string "This message was recalled", with or without msg_type', () => {
    const withType = decodeAs('recalled', item('text', 'This message was recalled'));
    expect(withType.how).toBe('recalled_text');
    expect(decodeAs('recalled', { body: { content: 'This message was recalled' } }).how).toBe('recalled_text');
    expect(decodeAs('recalled', item('text', '"This message was recalled"')).how).toBe('recalled_text');
  });

  it('deleted: true with content still shows the content, with a warning', () => {
    const view = decodeAs('text', item('text', { text: 'still here' }, { deleted: true }));
    expect(view.warnings.join(' ')).toMatch(/deleted/);
  });
});

describe('unknown_type and broken', () => {
  it('keeps the raw string and whatever parsed for an unknown msg_type', () => {
    const view = decodeAs('unknown_type', item('hologram', { beam: 'me up', text: 'x' }));
    expect(view.parsed).toEqual({ beam: 'me up', text: 'x' });
    expect(view.raw).toBe('{"beam":"me up","text":"x"}');
    expect(messageViewToText(view)).toBe('[unknown message type "hologram"]\n{"beam":"me up","text":"x"}');
  });

  it('unknown msg_type with content that is not JSON', () => {
    const view = decodeAs('unknown_type', item('hologram', 'not json at all'));
    expect(view.parsed).toBeUndefined();
    expect(messageViewToText(view)).toContain('not json at all');
  });

  it('an item without msg_type is unknown_type', () => {
    const view = decodeAs('unknown_type', item(undefined, { text: 'hi' }));
    expect(view.warnings.join(' ')).toMatch(/no msg_type/);
  });

  it('content that is not valid JSON is broken, with the reason and the raw string', () => {
    const view = decodeAs('broken', item('text', '{"text": "unterminated'));
    expect(view.reason).toMatch(/not valid JSON/);
    expect(messageViewToText(view)).toContain('{"text": "unterminated');
  });

  it('content of the wrong JSON type is broken', () => {
    expect(decodeAs('broken', item('image', '[1,2,3]')).reason).toMatch(/array/);
    expect(decodeAs('broken', item('image', '42')).reason).toMatch(/number/);
    expect(decodeAs('broken', item('image', 'null')).reason).toMatch(/null/);
  });

  it('empty content of a known type that is not deleted is broken', () => {
    expect(decodeAs('broken', item('image', '')).reason).toMatch(/empty/);
  });

  it('masks secrets when showing a raw string', () => {
    const view = decodeMessage(item('hologram', { share_token: 'cse_secret', token: 'tok' }));
    const text = messageViewToText(view);
    expect(text).not.toContain('cse_secret');
    expect(text).not.toContain('"tok"');
    expect(view.raw).toContain('cse_secret');
  });
});

describe('decodeContent', () => {
  it('decodes content alone, with mentions and options', () => {
    const view = decodeContent('text', '{"text":"@_user_2 你好"}', [LILEI], { messageId: 'om_1' });
    expect(view.messageId).toBe('om_1');
    expect(messageViewToText(view)).toBe('@李雷 你好');
  });
});
