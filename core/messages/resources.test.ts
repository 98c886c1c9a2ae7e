import { describe, expect, it } from 'vitest';
import type { ApiMessage } from '../feishu/types';
import { decodeMessage } from './decode';
import { messageViewToMarkdown } from './plain';
import { isResourceHref, messageResources } from './resources';

const item = (msg_type: string, content: unknown): ApiMessage => ({
  message_id: 'om_1',
  msg_type,
  body: { content: JSON.stringify(content) },
});
const resourcesOf = (msg_type: string, content: unknown) => messageResources(decodeMessage(item(msg_type, content)));

describe('the resources a message carries', () => {
  it('reads images, files, audio, and a video with its cover from the decoded message', () => {
    expect(resourcesOf('image', { image_key: 'img_a' })).toEqual([{ key: 'img_a', type: 'image', role: 'image' }]);
    expect(resourcesOf('file', { file_key: 'file_a', file_name: 'notes.pdf' })).toEqual([
      { key: 'file_a', type: 'file', role: 'file', fileName: 'notes.pdf' },
    ]);
    expect(resourcesOf('audio', { file_key: 'file_v', duration: 3000 })).toEqual([{ key: 'file_v', type: 'file', role: 'audio' }]);
    expect(resourcesOf('media', { file_key: 'file_m', image_key: 'img_c', file_name: 'demo.mp4' })).toEqual([
      { key: 'file_m', type: 'file', role: 'media', fileName: 'demo.mp4' },
      { key: 'img_c', type: 'image', role: 'cover' },
    ]);
  });

  it("reads a post's images and videos in every locale, and its attached files but not folders, each key once", () => {
    const resources = resourcesOf('post', {
      zh_cn: {
        title: 't',
        content: [
          [
            { tag: 'img', image_key: 'img_1' },
            { tag: 'text', text: 'and' },
          ],
          [{ tag: 'media', file_key: 'file_v', image_key: 'img_cover' }],
        ],
      },
      en_us: { title: 't', content: [[{ tag: 'img', image_key: 'img_1' }], [{ tag: 'img', image_key: 'img_en' }]] },
      files: [
        { file_key: 'file_doc', file_name: 'spec.docx' },
        { file_key: 'file_dir', file_name: 'designs', is_folder: true },
      ],
    });
    expect(resources.map((r) => [r.key, r.type, r.role])).toEqual([
      ['img_1', 'image', 'image'],
      ['file_v', 'file', 'media'],
      ['img_cover', 'image', 'cover'],
      ['img_en', 'image', 'image'],
      ['file_doc', 'file', 'file'],
    ]);
  });

  it('lists nothing the endpoint does not serve: stickers, cards, folders, recalled messages', () => {
    expect(resourcesOf('sticker', { file_key: 'file_s' })).toEqual([]);
    expect(resourcesOf('interactive', { title: 'x', elements: [[{ tag: 'img', image_key: 'img_card' }]] })).toEqual([]);
    expect(resourcesOf('folder', { file_key: 'file_dir', file_name: 'designs' })).toEqual([]);
    expect(messageResources(decodeMessage({ message_id: 'om_1', msg_type: 'image', deleted: true, body: { content: '' } }))).toEqual([]);
  });
});

describe('links to saved resources', () => {
  it('takes a relative path, or for an image a data: URI, and nothing that leaves the folder or runs', () => {
    expect(isResourceHref('chat_files/om_1_img_a.png', false)).toBe(true);
    expect(isResourceHref('my%20chat_files/om_1_file_a.pdf', false)).toBe(true);
    expect(isResourceHref('data:image/png;base64,iVBORw0KGgo=', true)).toBe(true);
    for (const href of [
      'data:image/png;base64,iVBORw0KGgo=',
      'https://example.com/x.png',
      'javascript:alert(1)',
      'file:///etc/passwd',
      '/etc/passwd',
      '//example.com/x.png',
      'a b.png',
      'x.png"onerror="alert(1)',
      'x.png>',
      '',
    ])
      expect(isResourceHref(href, false), href).toBe(false);
    expect(isResourceHref('data:text/html;base64,PHNjcmlwdD4=', true)).toBe(false);
  });

  it('Markdown links what was saved (images as images), keeps the tag of what was not, and of an href not ours', () => {
    const view = (msg_type: string, content: unknown) => decodeMessage(item(msg_type, content));
    const saved = new Map([
      ['img_a', 'chat_files/om_1_img_a.png'],
      ['file_a', 'chat_files/om_1_file_a.pdf'],
      ['img_bad', 'javascript:alert(1)'],
    ]);
    const href = (key: string) => saved.get(key);
    expect(messageViewToMarkdown(view('image', { image_key: 'img_a' }), 'en', href)).toBe('![image](<chat_files/om_1_img_a.png>)');
    expect(messageViewToMarkdown(view('file', { file_key: 'file_a', file_name: 'a [b].pdf' }), 'en', href)).toBe(
      '[a \\[b\\].pdf](<chat_files/om_1_file_a.pdf>)',
    );
    expect(messageViewToMarkdown(view('image', { image_key: 'img_gone' }), 'en', href)).toBe('\\[image `img_gone`\\]');
    expect(messageViewToMarkdown(view('image', { image_key: 'img_bad' }), 'en', href)).toBe('\\[image `img_bad`\\]');
    expect(messageViewToMarkdown(view('image', { image_key: 'img_a' }), 'zh-CN', href)).toBe('![图片](<chat_files/om_1_img_a.png>)');
    expect(
      messageViewToMarkdown(
        view('post', {
          title: '',
          content: [
            [
              { tag: 'text', text: 'see' },
              { tag: 'img', image_key: 'img_a' },
            ],
          ],
        }),
        'en',
        href,
      ),
    ).toBe('see ![image](<chat_files/om_1_img_a.png>)');
    // Without links, the tags as before.
    expect(messageViewToMarkdown(view('image', { image_key: 'img_a' }), 'en')).toBe('\\[image `img_a`\\]');
  });
});
