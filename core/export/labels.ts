/** The export's own words (headings, field names), in the two UI languages. */

import { tableByLanguage, type Lang } from '../base/lang';

/** Totals, known once the last entry has gone through. */
export interface ExportSummary {
  /** Looked-up IDs. */
  entries: number;
  /** Message items (sub-messages of forwards included). */
  messages: number;
  /** Entries with an error. */
  failed: number;
}

export interface Labels {
  /** Also the language of the labels inside message content (`[image …]`). */
  lang: Lang;
  defaultTitle: string;
  generated: string;
  sender: string;
  time: string;
  type: string;
  chat: string;
  replyTo: string;
  thread: string;
  deleted: string;
  updated: string;
  depth: string;
  error: string;
  logId: string;
  noItems: string;
  forwarded: (count: number) => string;
  summary: (summary: ExportSummary) => string;
}

const LABELS = tableByLanguage<Labels>({
  lang: { 'zh-CN': 'zh-CN', en: 'en' },
  defaultTitle: { 'zh-CN': '飞书消息导出', en: 'Feishu message export' },
  generated: { 'zh-CN': '生成时间', en: 'Generated' },
  sender: { 'zh-CN': '发送者', en: 'Sender' },
  time: { 'zh-CN': '时间', en: 'Time' },
  type: { 'zh-CN': '类型', en: 'Type' },
  chat: { 'zh-CN': '会话', en: 'Chat' },
  replyTo: { 'zh-CN': '回复', en: 'Reply to' },
  thread: { 'zh-CN': '话题', en: 'Thread' },
  deleted: { 'zh-CN': '已删除', en: 'deleted' },
  updated: { 'zh-CN': '已更新', en: 'updated' },
  depth: { 'zh-CN': '层级', en: 'depth' },
  error: { 'zh-CN': '错误', en: 'Error' },
  logId: { 'zh-CN': '日志 ID', en: 'Log ID' },
  noItems: {
    'zh-CN': '接口未返回任何消息：该消息可能已被撤回或删除。',
    en: 'The API returned no items: the message may have been recalled or deleted.',
  },
  forwarded: { 'zh-CN': (count) => `合并转发的消息（${count} 条）`, en: (count) => `Forwarded messages (${count})` },
  summary: {
    'zh-CN': ({ entries, messages, failed }) => `共查询 ${entries} 个消息 ID · ${messages} 条消息 · ${failed} 个失败`,
    en: ({ entries, messages, failed }) =>
      `${entries} message ID${entries === 1 ? '' : 's'} looked up · ${messages} message${messages === 1 ? '' : 's'} · ${failed} failed`,
  },
});

export function labelsFor(locale: string | undefined): Labels {
  return locale === 'zh-CN' ? LABELS['zh-CN'] : LABELS.en;
}
