/** The platform's documentation pages the entries link to. */

import type { DocLink } from './entry';

export const DOCS = {
  listMessages: {
    url: 'https://open.feishu.cn/document/server-docs/im-v1/message/list',
    label: { 'zh-CN': '获取会话历史消息（接口文档）', en: 'List chat history (API reference)' },
  },
  getChat: {
    url: 'https://open.feishu.cn/document/server-docs/group/chat/get-2',
    label: { 'zh-CN': '获取群信息（接口文档）', en: 'Get chat information (API reference)' },
  },
  getMessage: {
    url: 'https://open.feishu.cn/document/server-docs/im-v1/message/get',
    label: { 'zh-CN': '获取指定消息的内容（接口文档）', en: 'Get message content (API reference)' },
  },
  genericErrors: {
    url: 'https://open.feishu.cn/document/ukTMukTMukTM/ugjM14COyUjL4ITN',
    label: { 'zh-CN': '通用错误码', en: 'Generic error codes' },
  },
  rateLimits: { url: 'https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN', label: { 'zh-CN': '频控策略', en: 'Rate limits' } },
  enableBot: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-enable-bot-ability',
    label: { 'zh-CN': '如何启用机器人能力', en: 'How to enable the bot ability' },
  },
  botGuide: {
    url: 'https://open.feishu.cn/document/ukTMukTMukTM/uATM04CMxQjLwEDN',
    label: { 'zh-CN': '机器人使用指南（如何添加机器人）', en: 'Bot guide (adding a bot to a chat)' },
  },
  availability: {
    url: 'https://open.feishu.cn/document/home/introduction-to-scope-and-authorization/availability',
    label: { 'zh-CN': '配置应用可用范围', en: 'Configure the app availability' },
  },
  externalGroup: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/develop-robots/add-bot-to-external-group',
    label: { 'zh-CN': '机器人支持外部群和外部用户单聊', en: 'Bots in external groups and external one-to-one chats' },
  },
  longConnection: {
    url: 'https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case',
    label: { 'zh-CN': '配置订阅方式（使用长连接接收事件）', en: 'Choose how events are delivered (long connection)' },
  },
  eventSubscription: {
    url: 'https://open.feishu.cn/document/server-docs/event-subscription-guide/overview',
    label: { 'zh-CN': '事件订阅概述', en: 'Event subscription overview' },
  },
  console: { url: 'https://open.feishu.cn/app', label: { 'zh-CN': '开发者后台', en: 'Developer Console' } },
  admin: { url: 'https://feishu.cn/admin', label: { 'zh-CN': '管理后台', en: 'Admin Console' } },
  fix230001: {
    url: 'https://open.feishu.cn/document/faq/trouble-shooting/how-to-resolve-error-230001',
    label: { 'zh-CN': '如何解决 230001 错误', en: 'How to resolve error 230001' },
  },
  fix99991672: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-the-99991672-error',
    label: { 'zh-CN': '如何为应用申请所需权限（99991672）', en: 'How to apply for the scopes an app needs (99991672)' },
  },
  applyScopes: {
    url: 'https://open.feishu.cn/document/ukTMukTMukTM/uQjN3QjL0YzN04CN2cDN',
    label: { 'zh-CN': '申请 API 权限', en: 'Apply for API scopes' },
  },
  fix99991663: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-99991663-error',
    label: { 'zh-CN': '如何解决 tenant token invalid (99991663) 错误', en: 'How to fix "tenant token invalid" (99991663)' },
  },
  fix99991679: {
    url: 'https://open.feishu.cn/document/faq/trouble-shooting/how-to-resolve-error-99991679',
    label: { 'zh-CN': '如何解决 99991679 错误', en: 'How to resolve error 99991679' },
  },
  tokenTypes: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-choose-which-type-of-token-to-use',
    label: { 'zh-CN': '如何选择与获取 access token', en: 'Which access token to use, and how to get it' },
  },
  tenantToken: {
    url: 'https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/tenant_access_token_internal',
    label: { 'zh-CN': '自建应用获取 tenant_access_token', en: 'Get a tenant_access_token (custom app)' },
  },
  userToken: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/authentication-management/access-token/get-user-access-token',
    label: { 'zh-CN': '获取 user_access_token', en: 'Get a user_access_token' },
  },
  refreshUserToken: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/authentication-management/access-token/refresh-user-access-token',
    label: { 'zh-CN': '刷新 user_access_token', en: 'Refresh a user_access_token' },
  },
  authorizeCode: {
    url: 'https://open.feishu.cn/document/common-capabilities/sso/api/obtain-oauth-code',
    label: { 'zh-CN': '获取授权码（重定向 URL）', en: 'Get an authorization code (redirect URL)' },
  },
  appTicketEvent: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/application-v6/event/app_ticket-events',
    label: { 'zh-CN': 'app_ticket 事件', en: 'The app_ticket event' },
  },
  appTicketResend: {
    url: 'https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/app_ticket_resend',
    label: { 'zh-CN': '重新获取 app_ticket', en: 'Ask for the app_ticket again (resend)' },
  },
  storeAppToken: {
    url: 'https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/app_access_token',
    label: { 'zh-CN': '商店应用获取 app_access_token', en: 'Get an app_access_token (store app)' },
  },
  storeTenantToken: {
    url: 'https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/tenant_access_token',
    label: { 'zh-CN': '商店应用获取 tenant_access_token', en: 'Get a tenant_access_token (store app)' },
  },
  appId: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-app-id',
    label: { 'zh-CN': '如何获取应用的 App ID', en: "How to find an app's App ID" },
  },
  resource: {
    url: 'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-resource/get',
    label: { 'zh-CN': '获取消息中的资源文件（接口文档）', en: 'Get a resource file of a message (API reference)' },
  },
  logId: {
    url: 'https://open.feishu.cn/document/faq/trouble-shooting/how-to-get-internal-user-id',
    label: { 'zh-CN': '如何获取排查问题信息（日志 ID）', en: 'How to collect troubleshooting details (log ID)' },
  },
} satisfies Record<string, DocLink>;
