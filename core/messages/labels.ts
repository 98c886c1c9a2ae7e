/**
 * The words the text renderings add around a message's own content (`[image img_…]`,
 * `[merged forward] 3 messages`, `(no content)`…), in the two languages of the app. What the
 * message itself carries (its text, names, keys, file names, msg_type values) is never
 * translated: only these labels are.
 */

import type { Lang } from '../base/lang';
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

const EN_KINDS: Record<NamedKind, string> = {
  text: 'text',
  post: 'post',
  image: 'image',
  file: 'file',
  audio: 'audio',
  media: 'video',
  sticker: 'sticker',
  interactive: 'card',
  share_chat: 'shared chat',
  share_user: 'shared contact',
  system: 'system',
  location: 'location',
  video_chat: 'video call',
  todo: 'task',
  vote: 'vote',
  hongbao: 'red packet',
  share_calendar_event: 'shared calendar event',
  calendar: 'calendar invitation',
  general_calendar: 'calendar event',
  folder: 'folder',
  merge_forward: 'merged forward',
  recalled: 'recalled',
};

// As the Feishu client names them in chat lists and previews.
const ZH_KINDS: Record<NamedKind, string> = {
  text: '文本',
  post: '富文本',
  image: '图片',
  file: '文件',
  audio: '语音',
  media: '视频',
  sticker: '表情包',
  interactive: '卡片',
  share_chat: '分享群聊',
  share_user: '分享名片',
  system: '系统消息',
  location: '位置',
  video_chat: '视频会议',
  todo: '任务',
  vote: '投票',
  hongbao: '红包',
  share_calendar_event: '分享日程',
  calendar: '日程邀请',
  general_calendar: '日程',
  folder: '文件夹',
  merge_forward: '合并转发',
  recalled: '已撤回',
};

function isNamedKind(value: string): value is NamedKind {
  return Object.hasOwn(EN_KINDS, value);
}

const EN: MessageLabels = {
  kinds: EN_KINDS,
  message: 'message',
  button: 'button',
  cover: 'cover',
  noContent: '(no content)',
  nothingReadable: (label) => `${label}: nothing readable`,
  because: (label, reason) => `${label}: ${reason}`,
  unreadable: (msgType) => `unreadable ${msgType === '' ? 'message' : msgType}`,
  unknownType: (msgType) => `unknown message type "${msgType}"`,
  noMsgType: 'message without msg_type',
  unrecognisedCard: 'card of no known form',
  cardNotReturned: '(JSON 2.0 card: its content was not returned; fetch it with card_msg_content_type=user_card_content)',
  noReadableContent: '(no readable content)',
  callEnded: 'call ended',
  emptyTemplate: '(empty template)',
  coordinates: (latitude, longitude) => {
    const parts = [latitude === undefined ? '' : `lat ${latitude}`, longitude === undefined ? '' : `lng ${longitude}`].filter(
      (p) => p !== '',
    );
    return parts.length === 0 ? '' : `(${parts.join(', ')})`;
  },
  meetingNumber: (number) => `meeting number ${number}`,
  started: (time) => `started ${time}`,
  ended: (time) => `ended ${time}`,
  due: (time) => `due ${time}`,
  closed: '(closed)',
  messageCount: (count) => `${count} messages`,
  recalledText: 'This message was recalled.',
  recalledDeleted: 'The message was recalled or deleted (deleted: true, no content).',
  mentionAll: '@all',
  unknownMention: (key) => (key === '' ? '@(unknown user)' : `@(unknown ${key})`),
};

const ZH_CN: MessageLabels = {
  kinds: ZH_KINDS,
  message: '消息',
  button: '按钮',
  cover: '封面',
  noContent: '（无内容）',
  nothingReadable: (label) => `${label}：无可读内容`,
  because: (label, reason) => `${label}：${reason}`,
  unreadable: (msgType) => {
    if (msgType === '') return '无法读取的消息';
    return isNamedKind(msgType) ? `无法读取的${ZH_KINDS[msgType]}` : `无法读取的 ${msgType} 消息`;
  },
  unknownType: (msgType) => `未知消息类型“${msgType}”`,
  noMsgType: '缺少 msg_type 的消息',
  unrecognisedCard: '无法识别格式的卡片',
  cardNotReturned: '（JSON 2.0 卡片：接口未返回其内容，请用 card_msg_content_type=user_card_content 获取）',
  noReadableContent: '（无可读内容）',
  callEnded: '通话已结束',
  emptyTemplate: '（空模板）',
  coordinates: (latitude, longitude) => {
    const parts = [latitude === undefined ? '' : `纬度 ${latitude}`, longitude === undefined ? '' : `经度 ${longitude}`].filter(
      (p) => p !== '',
    );
    return parts.length === 0 ? '' : `（${parts.join('，')}）`;
  },
  meetingNumber: (number) => `会议号 ${number}`,
  started: (time) => `开始于 ${time}`,
  ended: (time) => `结束于 ${time}`,
  due: (time) => `截止于 ${time}`,
  closed: '（已结束）',
  messageCount: (count) => `${count} 条消息`,
  recalledText: '此消息已撤回。',
  recalledDeleted: '消息已撤回或已删除（deleted: true，无内容）。',
  mentionAll: '@所有人',
  unknownMention: (key) => (key === '' ? '@未知用户' : `@未知用户（${key}）`),
};

/** Both tables, by language: the tests walk them. */
export const MESSAGE_LABELS: Readonly<Record<Lang, MessageLabels>> = { en: EN, 'zh-CN': ZH_CN };

/** The labels of a language; English for anything else (a value that crossed a bridge unchecked). */
export function messageLabels(lang: Lang = 'en'): MessageLabels {
  return lang === 'zh-CN' ? ZH_CN : EN;
}
