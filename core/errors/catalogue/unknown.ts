/** The fallback for a code this catalogue does not describe (`{code}` and `{msg}` are filled in by `explainFailure`). */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

export const UNKNOWN_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: 'unknown',
    title: { 'zh-CN': '未收录的错误', en: 'Error not in the catalogue' },
    meaning: {
      'zh-CN':
        '平台返回了错误码 {code}（msg：{msg}），本目录中还没有它的说明。下方原样列出错误码、msg、日志 ID 和原始响应体，可以据此查阅文档或联系技术支持。',
      en: 'The platform answered with error code {code} (msg: {msg}), which this catalogue does not describe yet. The code, msg, log ID and raw body are shown below as they came, to look it up in the documentation or to send to support.',
    },
    causes: listByLanguage({
      'zh-CN': '这是此接口上少见的错误，或者是平台新增的错误码；msg 中通常已经说明了原因。',
      en: 'It is a rare error for this endpoint, or a code the platform added recently; msg usually states the reason.',
    }),
    steps: listByLanguage(
      {
        'zh-CN': '阅读 msg 和原始响应体中的说明；如果有排查建议链接，先打开查看。',
        en: 'Read msg and the raw body; if there is a troubleshooting link, open it first.',
      },
      {
        'zh-CN': '在飞书开放平台文档中搜索这个错误码（通用错误码页面，或接口文档末尾的错误码表）。',
        en: "Search the Feishu Open Platform documentation for the code (the generic error codes page, or the error table at the end of the endpoint's page).",
      },
      {
        'zh-CN': '联系技术支持时，提供日志 ID、错误码和原始响应体。',
        en: 'When contacting support, give the log ID, the code and the raw body.',
      },
    ),
    docs: [DOCS.genericErrors, DOCS.getMessage, DOCS.logId],
    retryable: false,
  },
];
