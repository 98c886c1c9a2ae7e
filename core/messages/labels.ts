/**
 * The words the text renderings add around a message's own content (`[image img_…]`,
 * `[merged forward] 3 messages`, `(no content)`…), in the two languages of the app. What the
 * message itself carries (its text, names, keys, file names, msg_type values) is never
 * translated: only these labels are.
 */

import { tableByLanguage, type Bilingual, type Lang } from '../base/lang';
import type { KnownMsgType } from './model';

/** Kinds that have a name of their own in labels: every known msg_type, and a recalled message. */
export type NamedKind = KnownMsgType | 'recalled';

export interface MessageLabels {
  /** Names of message kinds: `[image …]`, `[card] Title`, `[text: nothing readable]`. */
  kinds: Record<NamedKind, string>;
  /** When nothing better names what went wrong. */
  message: string;
  button: string;
  /** A video's cover frame. */
  cover: string;
  /** A raw fallback whose content is empty. */
  noContent: string;
  nothingReadable: (label: string) => string;
  /** A label followed by why (an English sentence from the decoder). */
  because: (label: string, reason: string) => string;
  unreadable: (msgType: string) => string;
  unknownType: (msgType: string) => string;
  noMsgType: string;
  unrecognisedCard: string;
  cardNotReturned: string;
  noReadableContent: string;
  callEnded: string;
  emptyTemplate: string;
  /** `(lat 39.9, lng 116.3)`, with either side absent; `''` when both are. */
  coordinates: (latitude: string | undefined, longitude: string | undefined) => string;
  meetingNumber: (number: string) => string;
  started: (time: string) => string;
  ended: (time: string) => string;
  due: (time: string) => string;
  closed: string;
  messageCount: (count: number) => string;
  recalledText: string;
  recalledDeleted: string;
  mentionAll: string;
  /** An unresolved mention placeholder: `@(unknown user_3)`; `key` is `''` when even that is missing. */
  unknownMention: (key: string) => string;
}

// Chinese as the Feishu client names them in chat lists and previews.
const KINDS: Record<NamedKind, Bilingual<string>> = {
  text: { 'zh-CN': '文本', en: 'text' },
  post: { 'zh-CN': '富文本', en: 'post' },
  image: { 'zh-CN': '图片', en: 'image' },
  file: { 'zh-CN': '文件', en: 'file' },
  audio: { 'zh-CN': '语音', en: 'audio' },
  media: { 'zh-CN': '视频', en: 'video' },
  sticker: { 'zh-CN': '表情包', en: 'sticker' },
  interactive: { 'zh-CN': '卡片', en: 'card' },
  share_chat: { 'zh-CN': '分享群聊', en: 'shared chat' },
  share_user: { 'zh-CN': '分享名片', en: 'shared contact' },
  system: { 'zh-CN': '系统消息', en: 'system' },
  location: { 'zh-CN': '位置', en: 'location' },
  video_chat: { 'zh-CN': '视频会议', en: 'video call' },
  todo: { 'zh-CN': '任务', en: 'task' },
  vote: { 'zh-CN': '投票', en: 'vote' },
  hongbao: { 'zh-CN': '红包', en: 'red packet' },
  share_calendar_event: { 'zh-CN': '分享日程', en: 'shared calendar event' },
  calendar: { 'zh-CN': '日程邀请', en: 'calendar invitation' },
  general_calendar: { 'zh-CN': '日程', en: 'calendar event' },
  folder: { 'zh-CN': '文件夹', en: 'folder' },
  merge_forward: { 'zh-CN': '合并转发', en: 'merged forward' },
  recalled: { 'zh-CN': '已撤回', en: 'recalled' },
};

const KIND_NAMES = tableByLanguage<Record<NamedKind, string>>(KINDS);

function isNamedKind(value: string): value is NamedKind {
  return Object.hasOwn(KINDS, value);
}

/** Both tables, by language: the tests walk them. */
export const MESSAGE_LABELS: Readonly<Bilingual<MessageLabels>> = tableByLanguage<MessageLabels>({
  kinds: KIND_NAMES,
  message: { 'zh-CN': '消息', en: 'message' },
  button: { 'zh-CN': '按钮', en: 'button' },
  cover: { 'zh-CN': '封面', en: 'cover' },
  noContent: { 'zh-CN': '（无内容）', en: '(no content)' },
  nothingReadable: { 'zh-CN': (label) => `${label}：无可读内容`, en: (label) => `${label}: nothing readable` },
  because: { 'zh-CN': (label, reason) => `${label}：${reason}`, en: (label, reason) => `${label}: ${reason}` },
  unreadable: {
    'zh-CN': (msgType) => {
      if (msgType === '') return '无法读取的消息';
      return isNamedKind(msgType) ? `无法读取的${KINDS[msgType]['zh-CN']}` : `无法读取的 ${msgType} 消息`;
    },
    en: (msgType) => `unreadable ${msgType === '' ? 'message' : msgType}`,
  },
  unknownType: { 'zh-CN': (msgType) => `未知消息类型“${msgType}”`, en: (msgType) => `unknown message type "${msgType}"` },
  noMsgType: { 'zh-CN': '缺少 msg_type 的消息', en: 'message without msg_type' },
  unrecognisedCard: { 'zh-CN': '无法识别格式的卡片', en: 'card of no known form' },
  cardNotReturned: {
    'zh-CN': '（JSON 2.0 卡片：接口未返回其内容，请用 card_msg_content_type=user_card_content 获取）',
    en: '(JSON 2.0 card: its content was not returned; fetch it with card_msg_content_type=user_card_content)',
  },
  noReadableContent: { 'zh-CN': '（无可读内容）', en: '(no readable content)' },
  callEnded: { 'zh-CN': '通话已结束', en: 'call ended' },
  emptyTemplate: { 'zh-CN': '（空模板）', en: '(empty template)' },
  coordinates: {
    'zh-CN': (latitude, longitude) => {
      const parts = [latitude === undefined ? '' : `纬度 ${latitude}`, longitude === undefined ? '' : `经度 ${longitude}`].filter(
        (p) => p !== '',
      );
      return parts.length === 0 ? '' : `（${parts.join('，')}）`;
    },
    en: (latitude, longitude) => {
      const parts = [latitude === undefined ? '' : `lat ${latitude}`, longitude === undefined ? '' : `lng ${longitude}`].filter(
        (p) => p !== '',
      );
      return parts.length === 0 ? '' : `(${parts.join(', ')})`;
    },
  },
  meetingNumber: { 'zh-CN': (number) => `会议号 ${number}`, en: (number) => `meeting number ${number}` },
  started: { 'zh-CN': (time) => `开始于 ${time}`, en: (time) => `started ${time}` },
  ended: { 'zh-CN': (time) => `结束于 ${time}`, en: (time) => `ended ${time}` },
  due: { 'zh-CN': (time) => `截止于 ${time}`, en: (time) => `due ${time}` },
  closed: { 'zh-CN': '（已结束）', en: '(closed)' },
  messageCount: { 'zh-CN': (count) => `${count} 条消息`, en: (count) => `${count} messages` },
  recalledText: { 'zh-CN': '此消息已撤回。', en: 'This message was recalled.' },
  recalledDeleted: {
    'zh-CN': '消息已撤回或已删除（deleted: true，无内容）。',
    en: 'The message was recalled or deleted (deleted: true, no content).',
  },
  mentionAll: { 'zh-CN': '@所有人', en: '@all' },
  unknownMention: {
    'zh-CN': (key) => (key === '' ? '@未知用户' : `@未知用户（${key}）`),
    en: (key) => (key === '' ? '@(unknown user)' : `@(unknown ${key})`),
  },
});

/** The labels of a language; English for anything else (a value that crossed a bridge unchecked). */
export function messageLabels(lang: Lang = 'en'): MessageLabels {
  return lang === 'zh-CN' ? MESSAGE_LABELS['zh-CN'] : MESSAGE_LABELS.en;
}
