/**
 * Codes of the calls around a message that the conversation features make: the list call
 * (a chat's or a thread's history) and the chats endpoint (a chat's name).
 */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

export const CONVERSATION_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '230073',
    code: 230073,
    title: { 'zh-CN': '话题对当前身份不可见', en: 'The thread is not visible to this identity' },
    meaning: {
      'zh-CN': '平台拒绝列出这个话题（omt_…）中的消息：调用身份看不到该话题。会话中的其他消息不受影响。',
      en: 'The platform refused to list the messages of this thread (omt_…): the calling identity cannot see it. The rest of the chat is not affected.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '机器人加入群之前话题就已存在，且群设置不允许新成员查看历史消息。',
        en: 'The thread predates the bot joining the chat, and the chat does not let new members see its history.',
      },
      { 'zh-CN': '话题所在的群已解散，或话题已被删除。', en: 'The chat of the thread was disbanded, or the thread was deleted.' },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在群设置中允许新成员查看历史消息，或请群主把需要的消息转发到机器人可见的地方。',
        en: 'Let new members see the chat history in the chat settings, or ask the owner to forward the messages where the bot can see them.',
      },
      {
        'zh-CN': '导出会话时，这个话题之外的消息仍会被导出，话题本身列在失败项中。',
        en: 'A chat export still writes every other message; this thread is listed among the failures.',
      },
    ),
    docs: [DOCS.listMessages],
    retryable: false,
  },
  {
    id: '99992402',
    code: 99992402,
    title: { 'zh-CN': '请求参数校验失败', en: 'A request field failed validation' },
    meaning: {
      'zh-CN':
        '某个查询参数的取值不被接受。field_violations 会写明是哪个字段以及原因，例如 page_size 超出 1–50，或 start_time 不是秒级时间戳。',
      en: 'A query parameter has a value the platform does not accept. field_violations names the field and why: page_size outside 1–50, or start_time not in seconds, for example.',
    },
    causes: listByLanguage(
      { 'zh-CN': 'page_size 不在 1 到 50 之间。', en: 'page_size is not from 1 to 50.' },
      {
        'zh-CN': 'start_time / end_time 用了毫秒而不是秒，或开始时间晚于结束时间。',
        en: 'start_time / end_time are in milliseconds rather than seconds, or the start is after the end.',
      },
      { 'zh-CN': 'page_token 来自另一个查询，或已过期。', en: 'page_token comes from another query, or has expired.' },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '查看下方列出的字段及原因，改正该参数后重试。',
        en: 'Read the fields and reasons listed below, correct that parameter and try again.',
      },
      {
        'zh-CN': '若是 page_token：从第一页重新开始，或以最后一条消息的时间作为 start_time 继续。',
        en: 'For page_token: start again from the first page, or go on with the last message’s time as start_time.',
      },
    ),
    docs: [DOCS.listMessages, DOCS.genericErrors],
    retryable: false,
  },
  {
    id: '232006',
    code: 232006,
    title: { 'zh-CN': '群 ID 无效', en: 'Invalid chat ID' },
    meaning: {
      'zh-CN': '平台找不到这个群（oc_…）：ID 不完整、来自另一个租户，或群已解散。',
      en: 'The platform cannot find this chat (oc_…): the ID is incomplete, belongs to another tenant, or the chat was disbanded.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '复制群 ID 时丢了字符，或带上了空格、引号。',
        en: 'Characters were lost in copying the chat ID, or spaces or quotes added.',
      },
      {
        'zh-CN': '群 ID 来自另一个租户或另一个平台（飞书与 Lark）。',
        en: 'The chat ID comes from another tenant or platform (Feishu vs Lark).',
      },
      { 'zh-CN': '群已解散。', en: 'The chat was disbanded.' },
    ),
    steps: listByLanguage({
      'zh-CN': '从消息的 chat_id 字段重新复制群 ID，并确认使用的是该租户下的应用。',
      en: "Copy the chat ID again from a message's chat_id, and check that the profile's app is in that tenant.",
    }),
    docs: [DOCS.getChat],
    retryable: false,
  },
];
