/**
 * The long connection's failures: the codes of `POST /callback/ws/endpoint` and of the WebSocket
 * handshake after it (its `Handshake-Status` / `Handshake-Autherrcode` headers). Their ids carry a
 * prefix and no `code`: 1, 403 and 514 mean something else on every other API, so a lookup's code
 * must never find them (explain.ts picks them by the failure's stage).
 */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

/** The entry id of an endpoint or handshake code: `events_514`. */
export function eventsEntryId(code: number): string {
  return `events_${code}`;
}

/** The handshake failed without a code of the platform's: an HTTP status, or no answer at all. */
export const EVENTS_HANDSHAKE_ID = 'events_handshake';

const longConnectionDocs = [DOCS.longConnection, DOCS.eventSubscription, DOCS.console];

export const EVENTS_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: eventsEntryId(1),
    title: { 'zh-CN': '长连接服务繁忙', en: 'The long-connection service is busy' },
    meaning: {
      'zh-CN':
        '请求长连接接入点时，平台回答“系统繁忙”（code 1）。这是平台一侧的暂时状态，与应用的配置无关；检查器会按平台给出的间隔自动重试。',
      en: 'When asked for a long-connection endpoint, the platform answered "system busy" (code 1). It is a temporary state on the platform\'s side, not a problem with the app; the inspector retries by itself at the interval the platform sets.',
    },
    causes: listByLanguage(
      { 'zh-CN': '长连接网关正在承受高负载或正在升级。', en: 'The long-connection gateway is under heavy load or being upgraded.' },
      {
        'zh-CN': '短时间内有大量客户端同时重连（例如平台刚恢复服务）。',
        en: 'Many clients are reconnecting at once (for example right after a platform outage).',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '等待检查器自动重连，连接状态会显示下一次重试的时间。',
        en: 'Let the inspector reconnect: the connection state shows when it tries next.',
      },
      {
        'zh-CN': '如果几分钟后仍然繁忙，查看开放平台的服务状态或公告，再带上连接日志联系技术支持。',
        en: "If it stays busy for minutes, check the platform's status and announcements, then contact support with the connection log.",
      },
    ),
    docs: longConnectionDocs,
    retryable: true,
  },
  {
    id: eventsEntryId(403),
    title: { 'zh-CN': '应用不允许建立长连接', en: 'The app may not open a long connection' },
    meaning: {
      'zh-CN':
        '平台拒绝为这个应用建立长连接（code 403，forbidden）。重试不会改变结果：需要先处理应用本身的问题。长连接只对企业自建应用开放。',
      en: 'The platform refused a long connection to this app (code 403, forbidden). Retrying will not change that: the app itself must be fixed first. Long connections are open to custom apps only.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '这是商店应用（或其他非企业自建应用）：只有企业自建应用能用长连接接收事件。',
        en: 'It is a store app (or another kind than a custom app): only custom apps can receive events over a long connection.',
      },
      { 'zh-CN': '应用已被停用或被平台封禁。', en: 'The app has been disabled, or blocked by the platform.' },
      {
        'zh-CN': '企业管理员限制了这个应用的能力。',
        en: "The organisation's administrator has restricted what this app may do.",
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在开发者后台确认这是一个企业自建应用，并且处于启用状态。',
        en: 'In the Developer Console, check that the app is a custom app and that it is enabled.',
      },
      {
        'zh-CN': '如果应用被停用或受限，请企业管理员在管理后台查看并恢复。',
        en: 'If the app is disabled or restricted, ask an administrator to look at it in the Admin Console and restore it.',
      },
      {
        'zh-CN': '只想观察事件时，建议另建一个测试用的企业自建应用，并把它加入要观察的群。',
        en: 'To watch events only, create a custom test app and add it to the chats you want to watch.',
      },
    ),
    docs: [...longConnectionDocs, DOCS.admin],
    retryable: false,
  },
  {
    id: eventsEntryId(514),
    title: { 'zh-CN': '长连接鉴权失败', en: 'Long-connection authentication failed' },
    meaning: {
      'zh-CN':
        '平台不接受这组 App ID 和 App Secret（code 514，auth failed），没有建立长连接。与获取 tenant_access_token 不同，这里不会说明是哪一项出了问题。',
      en: 'The platform did not accept this App ID and App Secret (code 514, auth failed) and opened no long connection. Unlike the tenant_access_token call, it does not say which of the two is wrong.',
    },
    causes: listByLanguage(
      {
        'zh-CN': 'App Secret 已在开发者后台被重置，配置里还是旧值。',
        en: 'The App Secret was reset in the Developer Console and the profile still holds the old one.',
      },
      {
        'zh-CN': 'App ID 或 App Secret 填写有误，或两者不属于同一个应用。',
        en: 'The App ID or App Secret is mistyped, or the two belong to different apps.',
      },
      {
        'zh-CN': '应用创建在飞书，配置却选择了 Lark 域名（或者相反）。',
        en: 'The app was created on Feishu but the profile uses the Lark domain (or the other way round).',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '先在配置中点击“测试连接”：如果获取 tenant_access_token 也失败，按那里给出的错误码处理。',
        en: 'Run "Test connection" on the profile first: if getting the tenant_access_token fails too, follow the code it gives.',
      },
      {
        'zh-CN': '在开发者后台的“凭证与基础信息”页面复制 App ID 和 App Secret，成对更新配置。',
        en: 'Copy the App ID and App Secret from Credentials & Basic Info in the Developer Console and update the profile with the pair.',
      },
      {
        'zh-CN': '确认配置的域名与应用所在平台一致（飞书：open.feishu.cn；Lark：open.larksuite.com），然后重新开始。',
        en: "Check that the profile's domain is the app's platform (Feishu: open.feishu.cn; Lark: open.larksuite.com), then start again.",
      },
    ),
    docs: [DOCS.longConnection, DOCS.appId, DOCS.console],
    retryable: false,
  },
  {
    id: eventsEntryId(1000040343),
    title: { 'zh-CN': '长连接服务内部错误', en: 'Long-connection service internal error' },
    meaning: {
      'zh-CN': '请求长连接接入点时，平台发生了内部错误（code 1000040343）。问题在平台一侧；检查器会按平台给出的间隔自动重试。',
      en: "The platform failed internally while handing out a long-connection endpoint (code 1000040343). The problem is on the platform's side; the inspector retries by itself at the interval the platform sets.",
    },
    causes: listByLanguage(
      { 'zh-CN': '长连接网关暂时异常。', en: 'The long-connection gateway is temporarily failing.' },
      { 'zh-CN': '平台正在发布或迁移服务。', en: 'The platform is deploying or moving a service.' },
    ),
    steps: listByLanguage(
      { 'zh-CN': '等待检查器自动重连。', en: 'Let the inspector reconnect by itself.' },
      {
        'zh-CN': '如果持续失败，带上日志 ID（如果有）和连接日志联系技术支持。',
        en: 'If it keeps failing, contact support with the log ID (if any) and the connection log.',
      },
    ),
    docs: [DOCS.longConnection, DOCS.logId],
    retryable: true,
  },
  {
    id: eventsEntryId(1000040350),
    title: { 'zh-CN': '长连接数已达上限', en: 'Too many long connections' },
    meaning: {
      'zh-CN':
        '这个应用已经建立了平台允许的最多长连接（每个应用最多 50 条，code 1000040350），平台拒绝再建一条。每个事件只会随机推送给这些连接中的一条。',
      en: 'The app already has as many long connections as the platform allows (up to 50 per app, code 1000040350), so it refused another one. Each event goes to just one of those connections, chosen at random.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '机器人的多个实例（多台服务器、多个进程、开发机）同时连着同一个应用。',
        en: "Many instances of the bot (servers, processes, developers' machines) are connected with the same app.",
      },
      {
        'zh-CN': '崩溃或被强制结束的进程留下的连接还没有被平台回收。',
        en: 'Connections left by crashed or killed processes have not been reclaimed by the platform yet.',
      },
      {
        'zh-CN': '程序在循环中不断新建客户端，却没有关闭旧的连接。',
        en: 'A program keeps creating new clients in a loop without closing the old connections.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '停掉不需要的机器人实例和其他正在观察这个应用的窗口。',
        en: 'Stop the bot instances and other inspector windows on this app that you do not need.',
      },
      {
        'zh-CN': '检查机器人代码：每个进程只创建一个长连接客户端，退出前关闭它。',
        en: "Check the bot's code: one long-connection client per process, closed before the process exits.",
      },
      {
        'zh-CN': '等几分钟，让平台回收断开的连接，然后重新开始。',
        en: 'Wait a few minutes for the platform to reclaim dropped connections, then start again.',
      },
      {
        'zh-CN': '只想观察事件时，建议使用单独的测试应用，避免与正式机器人争抢连接和事件。',
        en: 'To watch events only, use a separate test app, so as not to compete with the production bot for connections and events.',
      },
    ),
    docs: longConnectionDocs,
    retryable: false,
  },
  {
    id: EVENTS_HANDSHAKE_ID,
    title: { 'zh-CN': '长连接握手失败', en: 'The long-connection handshake failed' },
    meaning: {
      'zh-CN':
        '已经拿到长连接地址，但打开 WebSocket 时失败了：服务器拒绝了升级请求（见 HTTP 状态码），或者根本没有应答。检查器会按平台给出的间隔自动重试。',
      en: 'The long-connection address was handed out, but opening the WebSocket failed: the server refused the upgrade (see the HTTP status), or never answered. The inspector retries by itself at the interval the platform sets.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '公司代理或防火墙不允许 WebSocket（wss://）连接，或者拦截了升级请求。',
        en: 'A corporate proxy or firewall does not allow WebSocket (wss://) connections, or blocks the upgrade.',
      },
      {
        'zh-CN': '长连接地址只在短时间内有效：从获取地址到连接之间等待太久，地址已过期。',
        en: 'A long-connection address is valid for a short time only: it expired between handing out and connecting.',
      },
      { 'zh-CN': '网络中断、DNS 或 TLS 出错。', en: 'The network dropped, or DNS or TLS failed.' },
      { 'zh-CN': '长连接网关暂时不可用。', en: 'The long-connection gateway is temporarily unavailable.' },
    ),
    steps: listByLanguage(
      { 'zh-CN': '等待检查器自动重连：每次重连都会重新获取地址。', en: 'Let the inspector reconnect: each attempt gets a fresh address.' },
      {
        'zh-CN': '如果在公司网络中总是失败，请网络管理员允许访问平台的长连接域名（wss://，端口 443）。',
        en: "If it always fails on the corporate network, ask its administrators to allow the platform's long-connection host (wss://, port 443).",
      },
      {
        'zh-CN': '仍然失败时，带上 HTTP 状态码和连接日志联系技术支持。',
        en: 'If it still fails, contact support with the HTTP status and the connection log.',
      },
    ),
    docs: [DOCS.longConnection, DOCS.genericErrors],
    retryable: true,
  },
];
