/** The export's own words (headings, field names), in the two UI languages. */

import type { Lang } from '../base/lang';

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

const EN: Labels = {
  lang: 'en',
  defaultTitle: 'Feishu message export',
  generated: 'Generated',
  sender: 'Sender',
  time: 'Time',
  type: 'Type',
  chat: 'Chat',
  replyTo: 'Reply to',
  thread: 'Thread',
  deleted: 'deleted',
  updated: 'updated',
  depth: 'depth',
  error: 'Error',
  logId: 'Log ID',
  noItems: 'The API returned no items: the message may have been recalled or deleted.',
  forwarded: (count) => `Forwarded messages (${count})`,
  summary: ({ entries, messages, failed }) =>
    `${entries} message ID${entries === 1 ? '' : 's'} looked up · ${messages} message${messages === 1 ? '' : 's'} · ${failed} failed`,
};

const ZH: Labels = {
  lang: 'zh-CN',
  defaultTitle: '飞书消息导出',
  generated: '生成时间',
  sender: '发送者',
  time: '时间',
  type: '类型',
  chat: '会话',
  replyTo: '回复',
  thread: '话题',
  deleted: '已删除',
  updated: '已更新',
  depth: '层级',
  error: '错误',
  logId: '日志 ID',
  noItems: '接口未返回任何消息：该消息可能已被撤回或删除。',
  forwarded: (count) => `合并转发的消息（${count} 条）`,
  summary: ({ entries, messages, failed }) => `共查询 ${entries} 个消息 ID · ${messages} 条消息 · ${failed} 个失败`,
};

export function labelsFor(locale: string | undefined): Labels {
  return locale === 'zh-CN' ? ZH : EN;
}
