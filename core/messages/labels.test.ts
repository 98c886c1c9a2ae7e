import { describe, expect, it } from 'vitest';
import { GALLERY_FIXTURES } from '../sandbox/fixtures/gallery';
import { decodeContent, decodeMessage } from './decode';
import { MESSAGE_LABELS, type MessageLabels } from './labels';
import type { MessageView } from './model';
import { mentionLabel, messagePreview, messageViewToMarkdown, messageViewToText } from './plain';

const T = Date.UTC(2024, 5, 10, 6, 0, 0);
const decode = (msgType: string, content: unknown): MessageView =>
  decodeContent(msgType, typeof content === 'string' ? content : JSON.stringify(content));

/** Every kind of label, as plain text in English and in Chinese. */
const CASES: [name: string, view: MessageView, en: string, zh: string][] = [
  ['image', decode('image', { image_key: 'img_1' }), '[image img_1]', '[图片 img_1]'],
  ['file', decode('file', { file_key: 'file_1', file_name: 'Q2.xlsx' }), '[file Q2.xlsx file_1]', '[文件 Q2.xlsx file_1]'],
  ['folder', decode('folder', { file_key: 'file_2', file_name: 'assets' }), '[folder assets file_2]', '[文件夹 assets file_2]'],
  ['audio', decode('audio', { file_key: 'file_3', duration: 12_000 }), '[audio 0:12 file_3]', '[语音 0:12 file_3]'],
  [
    'video and cover',
    decode('media', { file_key: 'file_4', image_key: 'img_4', file_name: 'demo.mp4', duration: 65_000 }),
    '[video demo.mp4 1:05 file_4] [cover img_4]',
    '[视频 demo.mp4 1:05 file_4] [封面 img_4]',
  ],
  ['sticker', decode('sticker', { file_key: 'file_5' }), '[sticker file_5]', '[表情包 file_5]'],
  ['shared chat', decode('share_chat', { chat_id: 'oc_1' }), '[shared chat oc_1]', '[分享群聊 oc_1]'],
  ['shared contact', decode('share_user', { user_id: 'ou_1' }), '[shared contact ou_1]', '[分享名片 ou_1]'],
  ['system', decode('system', { template: '{from_user} joined.', from_user: ['Tom'] }), '[system] Tom joined.', '[系统消息] Tom joined.'],
  ['system, call ended', decode('system', { template: ' ' }), '[system] call ended', '[系统消息] 通话已结束'],
  ['system, empty template', decode('system', { template: '' }), '[system] (empty template)', '[系统消息] （空模板）'],
  [
    'location',
    decode('location', { name: 'Plaza', latitude: '39.9', longitude: '116.3' }),
    '[location] Plaza (lat 39.9, lng 116.3)',
    '[位置] Plaza （纬度 39.9，经度 116.3）',
  ],
  [
    'video call',
    decode('video_chat', { topic: 'Sync', meet_number: '123', start_time: String(T), end_time: String(T + 60_000) }),
    '[video call] Sync\nmeeting number 123\nstarted 2024-06-10 06:00:00 UTC\nended 2024-06-10 06:01:00 UTC',
    '[视频会议] Sync\n会议号 123\n开始于 2024-06-10 06:00:00 UTC\n结束于 2024-06-10 06:01:00 UTC',
  ],
  [
    'task',
    decode('todo', { task_id: 't1', summary: { title: 'Rotate keys', content: [] }, due_time: String(T / 1000) }),
    '[task] Rotate keys\ndue 2024-06-10 06:00:00 UTC',
    '[任务] Rotate keys\n截止于 2024-06-10 06:00:00 UTC',
  ],
  [
    'vote, closed',
    decode('vote', { topic: 'Lunch?', options: ['Pizza'], status: 1 }),
    '[vote] Lunch? (closed)\n- Pizza',
    '[投票] Lunch? （已结束）\n- Pizza',
  ],
  ['red packet', decode('hongbao', { text: 'Happy new year' }), '[red packet] Happy new year', '[红包] Happy new year'],
  [
    'shared calendar event',
    decode('share_calendar_event', { summary: 'Planning', start_time: String(T), end_time: String(T + 3_600_000) }),
    '[shared calendar event] Planning\n2024-06-10 06:00:00 UTC – 2024-06-10 07:00:00 UTC',
    '[分享日程] Planning\n2024-06-10 06:00:00 UTC – 2024-06-10 07:00:00 UTC',
  ],
  ['calendar invitation', decode('calendar', { summary: 'Weekly' }), '[calendar invitation] Weekly', '[日程邀请] Weekly'],
  ['calendar event', decode('general_calendar', { summary: 'Review' }), '[calendar event] Review', '[日程] Review'],
  [
    'merged forward, its own label kept',
    decode('merge_forward', 'Merged and Forwarded Message'),
    '[merged forward] Merged and Forwarded Message',
    '[合并转发] Merged and Forwarded Message',
  ],
  [
    'merged forward, counted',
    decode('merge_forward', { create_message_ids: ['om_1', 'om_2'] }),
    '[merged forward] 2 messages',
    '[合并转发] 2 条消息',
  ],
  ['recalled, as text', decode('text', 'This message was recalled'), '[recalled] This message was recalled.', '[已撤回] 此消息已撤回。'],
  [
    'recalled, deleted flag',
    decodeMessage({ message_id: 'om_r', msg_type: 'text', deleted: true, body: { content: '' } }),
    '[recalled] The message was recalled or deleted (deleted: true, no content).',
    '[已撤回] 消息已撤回或已删除（deleted: true，无内容）。',
  ],
  [
    'card with a title',
    decode('interactive', { title: 'Deploy', elements: [] }),
    '[card] Deploy\n(no readable content)',
    '[卡片] Deploy\n（无可读内容）',
  ],
  [
    'card buttons, images and videos',
    decode('interactive', {
      title: null,
      elements: [
        [
          { tag: 'button', text: 'Approve' },
          { tag: 'img', image_key: 'img_5' },
        ],
      ],
    }),
    '[card]\n[button Approve] [image img_5]',
    '[卡片]\n[按钮 Approve] [图片 img_5]',
  ],
  [
    'card of no known form',
    decode('interactive', { nothing: 'here' }),
    '[card of no known form]\n{"nothing":"here"}',
    '[无法识别格式的卡片]\n{"nothing":"here"}',
  ],
  [
    'post attachments and inline media',
    decode('post', {
      title: 'Files',
      content: [[{ tag: 'media', file_key: 'file_6' }]],
      files: [{ file_key: 'file_7', file_name: 'a.pdf' }],
    }),
    'Files\n[video file_6]\n[file a.pdf file_7]',
    'Files\n[视频 file_6]\n[文件 a.pdf file_7]',
  ],
  ['unknown type', decode('hologram', { a: 1 }), '[unknown message type "hologram"]\n{"a":1}', '[未知消息类型“hologram”]\n{"a":1}'],
  ['no msg_type', decode('', { a: 1 }), '[message without msg_type]\n{"a":1}', '[缺少 msg_type 的消息]\n{"a":1}'],
  [
    'unreadable, the reason kept as the decoder wrote it',
    decode('image', ''),
    '[unreadable image: The content is empty.] (no content)',
    '[无法读取的图片：The content is empty.] （无内容）',
  ],
  ['nothing readable', decode('text', { text: '' }), '[text: nothing readable]\n{"text":""}', '[文本：无可读内容]\n{"text":""}'],
];

describe('message labels in both languages', () => {
  it.each(CASES)('%s', (_name, view, en, zh) => {
    expect(messageViewToText(view)).toBe(en);
    expect(messageViewToText(view, 'en')).toBe(en);
    expect(messageViewToText(view, 'zh-CN')).toBe(zh);
    expect(messagePreview(view, 'zh-CN')).toBe(zh.replace(/\s+/g, ' '));
  });

  it('the card upgrade notice', () => {
    const view = decode('interactive', { title: null, elements: [] });
    const placeholder = { ...view, upgradePlaceholder: true } as MessageView;
    expect(messageViewToText(placeholder, 'zh-CN')).toContain(
      '（JSON 2.0 卡片：接口未返回其内容，请用 card_msg_content_type=user_card_content 获取）',
    );
    expect(messageViewToText(placeholder)).toContain('(JSON 2.0 card: its content was not returned');
  });

  it('Markdown labels and raw fallbacks', () => {
    expect(messageViewToMarkdown(decode('image', { image_key: 'img_v3_x' }), 'zh-CN')).toBe('\\[图片 `img_v3_x`\\]');
    expect(messageViewToMarkdown(decode('image', ''), 'zh-CN')).toBe('\\[无法读取的图片：The content is empty.\\] （无内容）');
    expect(messageViewToMarkdown(decode('hologram', { a: 1 }), 'zh-CN')).toBe('\\[未知消息类型“hologram”\\]\n\n```\n{"a":1}\n```');
  });

  it('mentions nobody named', () => {
    const all = { type: 'mention', name: null, key: '@_all', all: true } as const;
    expect(mentionLabel(all, 'zh-CN')).toBe('@所有人');
    expect(mentionLabel({ ...all, name: 'all' }, 'zh-CN')).toBe('@所有人');
    // A name the platform gave is the message's own.
    expect(mentionLabel({ ...all, name: '全体成员' }, 'zh-CN')).toBe('@全体成员');
    expect(mentionLabel({ type: 'mention', name: null, key: '@_user_7' }, 'zh-CN')).toBe('@未知用户（user_7）');
    expect(mentionLabel({ type: 'mention', name: null, key: '' }, 'zh-CN')).toBe('@未知用户');
    expect(messagePreview(decode('text', { text: '@_all hi' }), 'zh-CN')).toBe('@所有人 hi');
  });
});

/* ------------------------------------------------------------------------------------------ */
/* The gallery in Chinese: no English label left                                              */
/* ------------------------------------------------------------------------------------------ */

/** Every text a label table writes, its functions called with a stand-in argument. */
function tableTexts(labels: MessageLabels): string[] {
  return Object.values(labels).flatMap((value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (typeof value === 'function') return [(value as (...args: unknown[]) => string)('§', '§')];
    return Object.values(value as Record<string, string>);
  });
}

/** Whole English words (an identifier such as `msg_type` or `image_key` is not one). */
const words = (text: string): string[] => (text.match(/\b[A-Za-z]+\b/g) ?? []).map((w) => w.toLowerCase());

/** The English table's words that the Chinese table does not use itself (`JSON`, `deleted: true` are shared). */
const zhWords = new Set(tableTexts(MESSAGE_LABELS['zh-CN']).flatMap(words));
const ENGLISH_LABEL_WORDS = new Set(
  tableTexts(MESSAGE_LABELS.en)
    .flatMap(words)
    .filter((w) => !zhWords.has(w)),
);

/** Fields of a view that are the inspector's own names for things, not the message's words. */
const NOT_CONTENT = new Set(['kind', 'msgType', 'warnings', 'form', 'encoding', 'how', 'schema', 'type', 'style', 'locale', 'idType']);
/** The raw content appears in the rendering only when nothing better can be shown. */
const SHOWS_RAW = (view: MessageView) =>
  view.kind === 'unknown_type' || view.kind === 'broken' || (view.kind === 'interactive' && view.form === 'unrecognised');

/** The words the message itself brings: its text, names, titles, keys (and its raw content when that is shown). */
function ownWords(view: MessageView): Set<string> {
  const out = new Set<string>();
  const skip = new Set([...NOT_CONTENT, ...(SHOWS_RAW(view) ? [] : ['raw', 'card', 'attachment', 'parsed'])]);
  const walk = (value: unknown): void => {
    if (typeof value === 'string') for (const w of words(value)) out.add(w);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) if (!skip.has(key)) walk(child);
  };
  walk(view);
  return out;
}

function englishLabelWordsIn(text: string, view: MessageView): string[] {
  const own = ownWords(view);
  return [...new Set(words(text).filter((w) => ENGLISH_LABEL_WORDS.has(w) && !own.has(w)))];
}

const galleryItems = [...GALLERY_FIXTURES.values()].flat();

describe('the gallery in Chinese', () => {
  it("the Chinese table writes no English of its own: its only Latin words are the API's (`JSON`, `deleted: true`)", () => {
    expect([...zhWords].sort()).toEqual(['deleted', 'json', 'true']);
  });

  it('walks every msg_type and every outcome the labels name', () => {
    const kinds = new Set(galleryItems.map((item) => decodeMessage(item).kind));
    expect([...kinds].sort()).toEqual([...Object.keys(MESSAGE_LABELS.en.kinds), 'broken', 'unknown_type'].sort());
  });

  it('English labels are caught by this check (it can fail)', () => {
    const labelled = galleryItems.map(decodeMessage).filter((view) => messagePreview(view).startsWith('['));
    expect(labelled.length).toBeGreaterThan(20);
    for (const view of labelled) expect(englishLabelWordsIn(messagePreview(view), view), messagePreview(view)).not.toEqual([]);
  });

  it('leaves no English label word in any preview, text or Markdown', () => {
    const leaks: string[] = [];
    for (const item of galleryItems) {
      const view = decodeMessage(item);
      // Markdown escapes are taken off, or `card\_msg\_content\_type` would read as the word `card`.
      const markdown = messageViewToMarkdown(view, 'zh-CN').replace(/\\(.)/g, '$1');
      for (const text of [messagePreview(view, 'zh-CN'), messageViewToText(view, 'zh-CN'), markdown]) {
        const found = englishLabelWordsIn(text, view);
        if (found.length > 0)
          leaks.push(`${item.message_id} (${item.msg_type}): ${found.join(', ')} in ${JSON.stringify(text.slice(0, 200))}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
