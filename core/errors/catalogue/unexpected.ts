/**
 * Codes that should not happen with the app's tenant token: the user-token codes (99991668–99991679)
 * and the message-operation frequency limit 230020. They are marked `unexpected` and say so.
 */

import { listByLanguage, type Bilingual } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

/** Shared wording for the user-token codes that a tenant-token call should never meet. */
const UNEXPECTED: Bilingual<string> = {
  'zh-CN': '检查器只使用应用的 tenant_access_token（应用身份）调用此接口，正常情况下不会出现这个针对用户身份凭证的错误码。',
  en: "The inspector calls this endpoint only with the app's tenant_access_token (app identity), so this user-token code should not occur.",
};

export const UNEXPECTED_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '99991668',
    code: 99991668,
    title: { 'zh-CN': 'user_access_token 无效（不应出现）', en: 'User access token invalid (unexpected)' },
    meaning: {
      'zh-CN': `${UNEXPECTED['zh-CN']}它的含义是：请求携带的用户身份凭证（user_access_token）无效。出现时，说明请求实际带上了用户 token，或者平台鉴权出现了异常。`,
      en: `${UNEXPECTED.en} What it means: the user access token (user_access_token) sent with the request is invalid. Seeing it means the request actually carried a user token, or the platform's authentication misbehaved.`,
    },
    causes: listByLanguage(
      {
        'zh-CN': '请求经过的代理或网关替换了 Authorization 请求头。',
        en: 'A proxy or gateway on the way replaced the Authorization header.',
      },
      {
        'zh-CN': '在别处以用户身份调用此接口时：用户 token 无效、已被吊销或格式错误。',
        en: 'When calling this endpoint elsewhere as a user: the user token is invalid, revoked or malformed.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '确认当前配置使用的是应用的 App ID 和 App Secret，而不是用户 token。',
        en: "Check that the profile uses the app's App ID and App Secret, not a user token.",
      },
      {
        'zh-CN': '检查代理设置，确认没有改写 Authorization 请求头。',
        en: 'Check the proxy settings: the Authorization header must not be rewritten.',
      },
      {
        'zh-CN': '如果是你自己的代码以用户身份调用，请重新走授权流程获取新的 user_access_token。',
        en: 'If your own code calls as a user, go through authorization again to get a fresh user_access_token.',
      },
      { 'zh-CN': '带上日志 ID 报告这个情况，便于排查。', en: 'Report the case with the log ID so it can be investigated.' },
    ),
    docs: [DOCS.tokenTypes, DOCS.userToken],
    retryable: false,
    unexpected: true,
  },
  {
    id: '99991677',
    code: 99991677,
    title: { 'zh-CN': 'user_access_token 已过期（不应出现）', en: 'User access token expired (unexpected)' },
    meaning: {
      'zh-CN': `${UNEXPECTED['zh-CN']}它的含义是：请求携带的用户身份凭证（user_access_token）已过期。`,
      en: `${UNEXPECTED.en} What it means: the user access token (user_access_token) sent with the request has expired.`,
    },
    causes: listByLanguage(
      {
        'zh-CN': '请求经过的代理或网关替换了 Authorization 请求头。',
        en: 'A proxy or gateway on the way replaced the Authorization header.',
      },
      {
        'zh-CN': '在别处以用户身份调用时：user_access_token 超过有效期后没有刷新。',
        en: 'When calling elsewhere as a user: the user_access_token outlived its validity without being refreshed.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '确认当前配置使用的是应用的 App ID 和 App Secret，而不是用户 token。',
        en: "Check that the profile uses the app's App ID and App Secret, not a user token.",
      },
      {
        'zh-CN': '检查代理设置，确认没有改写 Authorization 请求头。',
        en: 'Check the proxy settings: the Authorization header must not be rewritten.',
      },
      {
        'zh-CN': '如果是你自己的代码以用户身份调用，请用 refresh_token 刷新 user_access_token，或让用户重新授权。',
        en: 'If your own code calls as a user, refresh the user_access_token with its refresh_token, or have the user authorize again.',
      },
      { 'zh-CN': '带上日志 ID 报告这个情况，便于排查。', en: 'Report the case with the log ID so it can be investigated.' },
    ),
    docs: [DOCS.tokenTypes, DOCS.userToken],
    retryable: false,
    unexpected: true,
  },
  {
    id: '99991679',
    code: 99991679,
    title: { 'zh-CN': '用户未授予所需权限（不应出现）', en: 'The user has not granted a required scope (unexpected)' },
    meaning: {
      'zh-CN': `${UNEXPECTED['zh-CN']}它的含义是：当前的 user_access_token 没有获得所需的用户授权（msg 会列出这些权限），因此不能以用户身份调用此接口。`,
      en: `${UNEXPECTED.en} What it means: the current user_access_token lacks a user authorization it needs (msg lists the scopes), so the endpoint cannot be called as that user.`,
    },
    causes: listByLanguage(
      {
        'zh-CN': '应用没有在开发者后台开通对应的“用户身份权限”。',
        en: 'The app has not enabled the matching user-identity scopes in the Developer Console.',
      },
      {
        'zh-CN': '用户授权时没有授予这些权限（获取 user_access_token 时没有传入所需的 scope）。',
        en: 'The user did not grant those scopes when authorizing (the scopes were not requested when getting the user_access_token).',
      },
      {
        'zh-CN': '请求经过的代理或网关替换了 Authorization 请求头，使请求以用户身份发出。',
        en: 'A proxy or gateway replaced the Authorization header, so the request went out as a user.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '确认当前配置使用的是应用的 App ID 和 App Secret；检查器不应以用户身份调用。',
        en: "Check that the profile uses the app's App ID and App Secret; the inspector should never call as a user.",
      },
      {
        'zh-CN': '如果是你自己的代码以用户身份调用：在开发者后台“权限管理”中确认 msg 所列的用户身份权限已开通，任意一项即可。',
        en: 'If your own code calls as a user: in the Developer Console under Permissions & Scopes, check that one of the user-identity scopes listed in msg is enabled.',
      },
      {
        'zh-CN': '重新发起用户授权，并在授权时传入缺少的权限，以获取新的 user_access_token。',
        en: 'Start user authorization again, requesting the missing scopes, to get a new user_access_token.',
      },
      { 'zh-CN': '带上日志 ID 报告这个情况，便于排查。', en: 'Report the case with the log ID so it can be investigated.' },
    ),
    docs: [DOCS.fix99991679, DOCS.tokenTypes],
    retryable: false,
    unexpected: true,
  },
  {
    id: '230020',
    code: 230020,
    title: { 'zh-CN': '触发消息操作限频（不应出现）', en: 'Message-operation frequency limit (unexpected)' },
    meaning: {
      'zh-CN':
        '平台表示“当前操作触发限频”。这个错误码属于发送、更新消息等写操作的限频（例如向同一个用户或群发送消息过快），读取消息内容时不应出现。出现时，说明平台把本次请求计入了消息操作的限频。',
      en: 'The platform says "this operation triggers the frequency limit". This code belongs to the limits on sending and updating messages (for example sending to the same user or chat too fast) and should not occur when reading message content. If it does, the platform counted this request against a message-operation limit.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '同一个应用在短时间内对同一会话进行了大量消息操作（例如其他服务正在高频发送消息）。',
        en: 'The same app performed many message operations on the same chat in a short time (for example another service sending messages fast).',
      },
      { 'zh-CN': '平台的限频策略有变化。', en: "The platform's limits have changed." },
    ),
    steps: listByLanguage(
      { 'zh-CN': '等待几秒后重试，并降低批量查询的速度。', en: 'Wait a few seconds, retry, and slow the batch down.' },
      {
        'zh-CN': '检查同一个应用是否有其他服务在高频发送或更新消息。',
        en: 'Check whether other services of the same app send or update messages at a high rate.',
      },
      { 'zh-CN': '如果能稳定复现，带上日志 ID 报告给技术支持。', en: 'If it happens reliably, report it to support with the log ID.' },
    ),
    docs: [DOCS.rateLimits, DOCS.genericErrors],
    retryable: false,
    unexpected: true,
  },
];
