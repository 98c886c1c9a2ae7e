/**
 * A store app's token codes (auth v3): its app_ticket, its app_access_token and a customer
 * tenant's installation, before any message is asked for. 10012 and 99991664 are the official
 * SDKs' constants for these calls; 99991662 is the official CLI's ("app is disabled or not
 * installed in this tenant"), which the custom-app flow can meet too.
 */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

export const STORE_APP_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '10012',
    code: 10012,
    title: { 'zh-CN': 'app_ticket 无效或已过期', en: 'The app_ticket is invalid or expired' },
    meaning: {
      'zh-CN':
        '获取商店应用的 app_access_token 时，平台不接受配置中保存的 app_ticket。app_ticket 由平台每小时推送一次到应用自己的事件接收地址（webhook），检查器收不到这个推送，只能使用你粘贴的那一个；它过期或不属于这个应用时就会出现此错误。消息接口还没有被调用。',
      en: "While getting the store app's app_access_token, the platform refused the app_ticket kept in the profile. The platform pushes a new app_ticket to the app's own event request URL (its webhook) every hour; the inspector cannot receive that push and uses the one you pasted, which has expired or does not belong to this app. The message endpoint was not called.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '粘贴的 app_ticket 是很久以前的，已经过期。',
        en: 'The pasted app_ticket is old and has expired.',
      },
      {
        'zh-CN': 'app_ticket 来自另一个应用（推送内容中的 event.app_id 与配置的 App ID 不同），或复制不完整。',
        en: "The app_ticket belongs to another app (event.app_id in the push differs from the profile's App ID), or was copied incompletely.",
      },
      {
        'zh-CN': '应用没有配置事件接收地址或没有订阅 app_ticket 事件，所以一直没有收到新的 app_ticket。',
        en: 'The app has no event request URL, or is not subscribed to the app_ticket event, so no new ticket ever arrives.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在应用服务端的日志中找到最新一次 app_ticket 推送（事件类型 app_ticket，取 event.app_ticket 的值），粘贴到配置中。',
        en: "Find the newest app_ticket push in your app server's logs (event type app_ticket; take the value of event.app_ticket) and paste it into the profile.",
      },
      {
        'zh-CN':
          '或者使用配置中的“请平台重新推送”：平台会立即把新的 app_ticket 推送到应用在开发者后台“事件与回调”中配置的请求地址，而不是推送给检查器；到那里（应用服务端日志）取出后再粘贴。',
        en: 'Or use "Ask the platform to resend" in the profile: the platform pushes a new app_ticket at once to the request URL set under Events & Callbacks in the Developer Console, not to the inspector; pick it up there (your app server\'s logs) and paste it.',
      },
      {
        'zh-CN': '确认推送中的 event.app_id 与配置的 App ID 相同，然后重试。',
        en: "Check that event.app_id in the push is the profile's App ID, then retry.",
      },
    ),
    docs: [DOCS.appTicketEvent, DOCS.appTicketResend, DOCS.storeAppToken],
    retryable: false,
  },
  {
    id: '99991664',
    code: 99991664,
    title: { 'zh-CN': 'app_access_token 无效', en: 'The app_access_token is invalid' },
    meaning: {
      'zh-CN':
        '用商店应用的 app_access_token 换取某个租户的 tenant_access_token 时，平台不认可这个 app_access_token。检查器已经丢弃它并用保存的 app_ticket 重新获取过一次，仍然被拒绝。消息接口还没有被调用。',
      en: "While trading the store app's app_access_token for a tenant's tenant_access_token, the platform did not accept the app_access_token. The inspector already dropped it and got a new one with the kept app_ticket, which was refused too. The message endpoint was not called.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '保存的 app_ticket 已被新的推送取代或已过期，用它换来的 app_access_token 随即失效。',
        en: 'The kept app_ticket has been superseded by a newer push or has expired, so the app_access_token made with it no longer holds.',
      },
      {
        'zh-CN': 'App Secret 已在开发者后台被重置，旧凭证换来的 token 失效。',
        en: 'The App Secret was reset in the Developer Console, which invalidates tokens made with the old one.',
      },
      {
        'zh-CN': '配置的域名与应用所在平台不一致（飞书与 Lark 的 token 互不通用）。',
        en: "The profile's domain is not the app's platform (Feishu and Lark tokens do not work on each other).",
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '从应用服务端日志中取最新的 app_ticket（或请平台重新推送），粘贴到配置中。',
        en: "Take the newest app_ticket from your app server's logs (or ask the platform to resend it) and paste it into the profile.",
      },
      {
        'zh-CN': '确认配置中的 App ID、App Secret 是这个商店应用当前的值，域名与应用所在平台一致。',
        en: "Check that the profile's App ID and App Secret are this store app's current ones, and that its domain is the app's platform.",
      },
      { 'zh-CN': '重试获取消息。', en: 'Fetch the message again.' },
    ),
    docs: [DOCS.storeAppToken, DOCS.storeTenantToken, DOCS.appTicketResend],
    retryable: false,
  },
  {
    id: '99991662',
    code: 99991662,
    title: { 'zh-CN': '应用未安装在该租户中，或已被停用', en: 'The app is not installed in this tenant, or is disabled' },
    meaning: {
      'zh-CN':
        '平台表示应用在这个租户（企业）中不可用：没有安装，或已被管理员停用。商店应用为每个安装了它的客户企业分别获取 tenant_access_token，用 tenant_key 指明是哪一个企业；tenant_key 在企业安装应用时由平台推送给应用（事件中的 tenant_key），用户登录授权时也会返回。填写的 tenant_key 对应的企业没有安装这个应用，就会出现此错误。消息接口还没有被调用。',
      en: 'The platform says the app is not available in this tenant (organisation): it is not installed there, or an admin has disabled it. A store app gets a separate tenant_access_token for each customer organisation that installed it, named by its tenant_key; the platform sends the tenant_key to the app when an organisation installs it (tenant_key in the event), and returns it when a user of that organisation signs in. If the organisation of the tenant_key given has not installed the app, this is the answer. The message endpoint was not called.',
    },
    causes: listByLanguage(
      {
        'zh-CN': 'tenant_key 填写错误，或属于另一个平台（飞书与 Lark）的企业。',
        en: 'The tenant_key is mistyped, or belongs to an organisation on the other platform (Feishu vs Lark).',
      },
      {
        'zh-CN': '客户企业还没有安装这个应用，或已经卸载。',
        en: 'The customer organisation has not installed the app yet, or has uninstalled it.',
      },
      {
        'zh-CN': '企业管理员在管理后台停用了这个应用（自建应用也会因此出现这个错误码）。',
        en: "The organisation's admin disabled the app in the Admin Console (custom apps can meet this code for that reason too).",
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN':
          '核对配置中该租户的 tenant_key：在应用服务端日志中找到该企业安装应用时的事件，或该企业用户登录时返回的 tenant_key，逐字比对。',
        en: "Check the tenant's tenant_key in the profile against your app server's logs: the event sent when that organisation installed the app, or the tenant_key returned when one of its users signed in.",
      },
      {
        'zh-CN': '请该企业的管理员在管理后台的应用管理中确认应用已安装并启用；未安装时，从应用目录安装。',
        en: "Ask that organisation's admin to check, under app management in the Admin Console, that the app is installed and enabled; if it is not installed, install it from the App Directory.",
      },
      {
        'zh-CN': '安装或启用后，重新获取消息。',
        en: 'Once it is installed and enabled, fetch the message again.',
      },
    ),
    docs: [DOCS.storeTenantToken, DOCS.admin, DOCS.console],
    retryable: false,
  },
];
