/** The platform's documentation pages the entries link to. */

import { doc, type DocLink } from './entry';

export const DOCS = {
  getMessage: doc(
    'https://open.feishu.cn/document/server-docs/im-v1/message/get',
    '获取指定消息的内容（接口文档）',
    'Get message content (API reference)',
  ),
  genericErrors: doc('https://open.feishu.cn/document/ukTMukTMukTM/ugjM14COyUjL4ITN', '通用错误码', 'Generic error codes'),
  rateLimits: doc('https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN', '频控策略', 'Rate limits'),
  enableBot: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-enable-bot-ability',
    '如何启用机器人能力',
    'How to enable the bot ability',
  ),
  botGuide: doc(
    'https://open.feishu.cn/document/ukTMukTMukTM/uATM04CMxQjLwEDN',
    '机器人使用指南（如何添加机器人）',
    'Bot guide (adding a bot to a chat)',
  ),
  availability: doc(
    'https://open.feishu.cn/document/home/introduction-to-scope-and-authorization/availability',
    '配置应用可用范围',
    'Configure the app availability',
  ),
  externalGroup: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/develop-robots/add-bot-to-external-group',
    '机器人支持外部群和外部用户单聊',
    'Bots in external groups and external one-to-one chats',
  ),
  console: doc('https://open.feishu.cn/app', '开发者后台', 'Developer Console'),
  admin: doc('https://feishu.cn/admin', '管理后台', 'Admin Console'),
  fix230001: doc(
    'https://open.feishu.cn/document/faq/trouble-shooting/how-to-resolve-error-230001',
    '如何解决 230001 错误',
    'How to resolve error 230001',
  ),
  fix99991672: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-the-99991672-error',
    '如何为应用申请所需权限（99991672）',
    'How to apply for the scopes an app needs (99991672)',
  ),
  applyScopes: doc('https://open.feishu.cn/document/ukTMukTMukTM/uQjN3QjL0YzN04CN2cDN', '申请 API 权限', 'Apply for API scopes'),
  fix99991663: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-99991663-error',
    '如何解决 tenant token invalid (99991663) 错误',
    'How to fix "tenant token invalid" (99991663)',
  ),
  fix99991679: doc(
    'https://open.feishu.cn/document/faq/trouble-shooting/how-to-resolve-error-99991679',
    '如何解决 99991679 错误',
    'How to resolve error 99991679',
  ),
  tokenTypes: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-choose-which-type-of-token-to-use',
    '如何选择与获取 access token',
    'Which access token to use, and how to get it',
  ),
  tenantToken: doc(
    'https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/tenant_access_token_internal',
    '自建应用获取 tenant_access_token',
    'Get a tenant_access_token (custom app)',
  ),
  userToken: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/authentication-management/access-token/get-user-access-token',
    '获取 user_access_token',
    'Get a user_access_token',
  ),
  appId: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-app-id',
    '如何获取应用的 App ID',
    "How to find an app's App ID",
  ),
  resource: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-resource/get',
    '获取消息中的资源文件（接口文档）',
    'Get a resource file of a message (API reference)',
  ),
  logId: doc(
    'https://open.feishu.cn/document/faq/trouble-shooting/how-to-get-internal-user-id',
    '如何获取排查问题信息（日志 ID）',
    'How to collect troubleshooting details (log ID)',
  ),
} satisfies Record<string, DocLink>;
