/**
 * The token calls' codes (auth v3): the App ID or App Secret is refused, before any message is asked
 * for. A store app sends the same pair when getting its app_access_token and asking for a ticket resend.
 */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

export const CREDENTIALS_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '10003',
    code: 10003,
    title: { 'zh-CN': 'App ID 无效或应用未发布', en: 'Invalid App ID, or the app is not released' },
    meaning: {
      'zh-CN':
        '获取 tenant_access_token 时，平台不认可这个 App ID：它不存在、填写有误、属于另一个平台，或者应用还没有已发布的可用版本。消息接口还没有被调用。',
      en: 'While getting the tenant_access_token, the platform did not accept the App ID: it does not exist, was mistyped, belongs to the other platform, or the app has no released version yet. The message endpoint was not called.',
    },
    causes: listByLanguage(
      {
        'zh-CN': 'App ID 填写错误、缺了字符或带有空格（App ID 以 cli_ 开头）。',
        en: 'The App ID is mistyped, truncated or has spaces (App IDs start with cli_).',
      },
      {
        'zh-CN': '应用创建在飞书，配置却选择了 Lark 域名（或者相反）。',
        en: 'The app was created on Feishu but the profile uses the Lark domain (or the other way round).',
      },
      { 'zh-CN': '应用尚未发布，或已被停用、删除。', en: 'The app has not been released yet, or has been disabled or deleted.' },
      {
        'zh-CN': '这是商店应用，配置却是自建应用：商店应用不能通过自建应用的接口（tenant_access_token/internal）获取 token。',
        en: 'It is a store app in a custom-app profile: store apps cannot get a token through the custom-app endpoint (tenant_access_token/internal).',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在开发者后台的“凭证与基础信息”页面复制 App ID，重新粘贴到配置中。',
        en: 'Copy the App ID from Credentials & Basic Info in the Developer Console and paste it into the profile again.',
      },
      {
        'zh-CN': '确认配置的域名与应用所在平台一致（飞书：open.feishu.cn；Lark：open.larksuite.com）。',
        en: "Check that the profile's domain is the app's platform (Feishu: open.feishu.cn; Lark: open.larksuite.com).",
      },
      {
        'zh-CN': '在“应用发布 > 版本管理与发布”中确认应用至少有一个已发布且已启用的版本。',
        en: 'Under App Release > Version Management & Release, check that the app has at least one released, enabled version.',
      },
      {
        'zh-CN':
          '如果这是商店应用，请把配置改为商店应用类型：填入它的 app_ticket（取自应用服务端日志，或请平台重新推送）和要查看的客户企业的 tenant_key。',
        en: "If it is a store app, make the profile a store-app one: give it the app's app_ticket (from your app server's logs, or ask the platform to resend it) and the tenant_key of each customer organisation to look in.",
      },
    ),
    docs: [DOCS.appId, DOCS.tenantToken, DOCS.console],
    retryable: false,
  },
  {
    id: '10014',
    code: 10014,
    title: { 'zh-CN': 'App Secret 无效', en: 'App secret invalid' },
    meaning: {
      'zh-CN':
        '获取 tenant_access_token 时，平台拒绝了配置中的 App Secret（msg 通常为 “app secret invalid”）。商店应用在获取 app_access_token 和请平台重新推送 app_ticket 时也会发送 App Secret，同样会得到这个错误。消息接口还没有被调用。',
      en: 'While getting the tenant_access_token, the platform refused the profile\'s App Secret (msg usually reads "app secret invalid"). A store app sends its App Secret when getting its app_access_token and when asking for the app_ticket again, and can meet this code there too. The message endpoint was not called.',
    },
    causes: listByLanguage(
      {
        'zh-CN': 'App Secret 复制不完整，或带有空格、换行。',
        en: 'The App Secret was copied incompletely, or with spaces or line breaks.',
      },
      {
        'zh-CN': 'App Secret 已在开发者后台被重置，配置里还是旧值。',
        en: 'The App Secret was reset in the Developer Console and the profile still holds the old one.',
      },
      {
        'zh-CN': 'App Secret 来自另一个应用，与 App ID 不匹配。',
        en: 'The App Secret belongs to another app and does not match the App ID.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在开发者后台的“凭证与基础信息”页面查看 App Secret，完整复制后更新配置。',
        en: 'Look up the App Secret under Credentials & Basic Info in the Developer Console, copy all of it and update the profile.',
      },
      {
        'zh-CN': '如果 App Secret 已被重置（或怀疑泄露需要重置），使用新值，并同步更新所有使用该应用的服务。',
        en: 'If the secret was reset (or must be, because it leaked), use the new one and update every service that uses the app.',
      },
      {
        'zh-CN': '确认 App ID 与 App Secret 来自同一个应用后重试。',
        en: 'Make sure the App ID and App Secret come from the same app, then retry.',
      },
    ),
    docs: [DOCS.tenantToken, DOCS.console],
    retryable: false,
  },
  {
    id: '10015',
    code: 10015,
    title: { 'zh-CN': 'App Secret 错误', en: 'Wrong app secret' },
    meaning: {
      'zh-CN':
        '获取 tenant_access_token 时，平台认为 App Secret 与这个 App ID 不匹配。商店应用获取 app_access_token 时同样会校验这一对凭证。消息接口还没有被调用。',
      en: "While getting the tenant_access_token, the platform found that the App Secret does not match this App ID. A store app's pair is checked the same way when it gets its app_access_token. The message endpoint was not called.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '配置里的 App Secret 属于另一个应用（例如测试应用与正式应用混用）。',
        en: "The profile's App Secret belongs to another app (for example a test app mixed up with the production one).",
      },
      { 'zh-CN': 'App Secret 已被重置，配置里还是旧值。', en: 'The App Secret was reset and the profile still holds the old one.' },
      { 'zh-CN': '复制时多了或少了字符。', en: 'Characters were added or lost when copying.' },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在开发者后台打开与 App ID 对应的应用，在“凭证与基础信息”页面复制它的 App Secret。',
        en: 'Open the app matching the App ID in the Developer Console and copy its App Secret from Credentials & Basic Info.',
      },
      {
        'zh-CN': '用这个值更新配置，确认 App ID 与 App Secret 成对来自同一个应用。',
        en: 'Update the profile with it, so that App ID and App Secret come as a pair from the same app.',
      },
      { 'zh-CN': '重试获取消息。', en: 'Fetch the message again.' },
    ),
    docs: [DOCS.tenantToken, DOCS.appId, DOCS.console],
    retryable: false,
  },
];
