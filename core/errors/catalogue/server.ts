/** The platform failing on its own side. */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

export const SERVER_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '2200',
    code: 2200,
    title: { 'zh-CN': '平台内部错误', en: 'Platform internal error' },
    meaning: {
      'zh-CN':
        '平台在处理请求时发生了内部错误（msg 通常为 “Internal Error”），问题出在平台一侧，而不是你的配置。有些较大的合并转发消息会稳定地触发这个错误。',
      en: 'The platform failed internally while handling the request (msg usually reads "Internal Error"); the problem is on the platform\'s side, not in your setup. Some large merge-forward messages trigger it consistently.',
    },
    causes: listByLanguage(
      { 'zh-CN': '平台服务暂时异常。', en: 'A platform service is temporarily failing.' },
      {
        'zh-CN': '消息过大或结构复杂（例如包含大量子消息的合并转发），平台处理失败。',
        en: 'The message is very large or complex (for example a forward with many sub-messages) and the platform fails to process it.',
      },
    ),
    steps: listByLanguage(
      { 'zh-CN': '稍后重试（检查器会自动退避重试）。', en: 'Retry later (the inspector backs off and retries by itself).' },
      {
        'zh-CN': '如果只有这一条消息反复出现此错误，而其他消息正常，多半是这条消息触发了平台问题：请带上日志 ID 和消息 ID 联系技术支持。',
        en: 'If only this message keeps failing while others work, the message itself likely triggers a platform fault: contact support with the log ID and the message ID.',
      },
    ),
    docs: [DOCS.genericErrors, DOCS.logId],
    retryable: true,
  },
];
