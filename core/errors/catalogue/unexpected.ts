/**
 * Codes that should not happen with the app's tenant token: the user-token codes (99991668–99991679)
 * and the message-operation frequency limit 230020. They are marked `unexpected` and say so. Made as
 * a user (signed in, or with a pasted user token) the user-token codes are expected: their `asUser`
 * texts say what they mean then.
 */

import { listByLanguage, type Bilingual } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

/** Shared wording for the user-token codes that a tenant-token call should never meet. */
const UNEXPECTED: Bilingual<string> = {
  'zh-CN': '检查器只使用应用的 tenant_access_token（应用身份）调用此接口，正常情况下不会出现这个针对用户身份凭证的错误码。',
  en: "The inspector calls this endpoint only with the app's tenant_access_token (app identity), so this user-token code should not occur.",
};

/** The user-identity scopes GET message needs, one per kind of chat: one-to-one, and groups. */
export const GET_AS_USER_SCOPES: readonly string[] = ['im:message.p2p_msg:get_as_user', 'im:message.group_msg:get_as_user'];

const SIGNED_IN_OR_PASTED: Bilingual<string> = {
  'zh-CN': '如果是以登录的用户身份查询：重新登录（应用中从配置登录，或运行 inspector login --profile 配置名）。',
  en: 'If you look up as a signed-in user: sign in again (from the profile in the app, or `inspector login --profile NAME` in the CLI).',
};
const PASTE_NEW: Bilingual<string> = {
  'zh-CN': '如果配置使用的是粘贴的 token：为同一个应用重新生成一个 user_access_token 并粘贴。',
  en: 'If the profile uses a pasted token: make a new user_access_token for the same app and paste it.',
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
    asUser: {
      title: { 'zh-CN': 'user_access_token 无效', en: 'User access token invalid' },
      meaning: {
        'zh-CN':
          '这次以用户身份查询，平台不认可请求携带的 user_access_token：它格式错误、已被撤销（例如用户撤销了授权，或在别处退出），或者属于另一个应用。',
        en: 'This lookup was made as a user, and the platform did not accept the user_access_token sent: it is malformed, has been revoked (the user withdrew the authorization, or signed out elsewhere), or belongs to another app.',
      },
      causes: listByLanguage(
        {
          'zh-CN': '用户撤销了对应用的授权，或管理员停用了应用、用户。',
          en: "The user withdrew the app's authorization, or an admin disabled the app or the user.",
        },
        {
          'zh-CN': '粘贴的 token 不完整，或是为另一个应用、另一个平台（飞书与 Lark）生成的。',
          en: 'The pasted token is incomplete, or was made for another app or the other platform (Feishu vs Lark).',
        },
      ),
      steps: listByLanguage(SIGNED_IN_OR_PASTED, PASTE_NEW, {
        'zh-CN': '确认配置的域名与应用所在平台一致，然后重试。',
        en: "Check that the profile's domain is the app's platform, then retry.",
      }),
    },
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
    asUser: {
      title: { 'zh-CN': 'user_access_token 已过期', en: 'User access token expired' },
      meaning: {
        'zh-CN':
          '这次以用户身份查询，请求携带的 user_access_token 已经过期（有效期约 2 小时）。登录的用户有 refresh_token 时，检查器会在过期前自动续期；出现这个错误，说明没能续期（例如登录时没有获得 refresh_token），或者 token 是粘贴进来的。',
        en: 'This lookup was made as a user, and the user_access_token sent has expired (it lives about 2 hours). For a signed-in user with a refresh token, the inspector renews it before it expires; seeing this means it could not (the sign-in came without a refresh token, say), or the token was pasted.',
      },
      causes: listByLanguage(
        {
          'zh-CN': '应用没有开通 offline_access 权限，登录时没有获得 refresh_token。',
          en: 'The app lacks the offline_access scope, so the sign-in came without a refresh token.',
        },
        {
          'zh-CN': '粘贴的 token 超过了有效期，或本机时间与实际时间相差很大。',
          en: "The pasted token outlived its validity, or this computer's clock is far off.",
        },
      ),
      steps: listByLanguage(SIGNED_IN_OR_PASTED, PASTE_NEW, {
        'zh-CN': '希望登录保持更久：在开发者后台“权限管理”中为应用开通 offline_access，发布版本后再登录。',
        en: 'To stay signed in longer: enable offline_access for the app under Permissions & Scopes in the Developer Console, release a version, then sign in.',
      }),
      docs: [DOCS.refreshUserToken, DOCS.tokenTypes],
    },
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
    asUser: {
      title: { 'zh-CN': '用户未授予所需权限', en: 'The user has not granted a required scope' },
      meaning: {
        'zh-CN':
          '这次以用户身份查询，但 user_access_token 没有读取消息所需的用户身份权限：单聊消息需要 im:message.p2p_msg:get_as_user，群聊消息需要 im:message.group_msg:get_as_user。应用要先开通这些权限，用户登录时才能授予。',
        en: 'This lookup was made as a user, but the user_access_token lacks the user-identity scope reading a message needs: im:message.p2p_msg:get_as_user for one-to-one chats, im:message.group_msg:get_as_user for groups. The app must have them enabled before a user can grant them at sign-in.',
      },
      causes: listByLanguage(
        {
          'zh-CN': '应用没有在开发者后台开通这些用户身份权限，或开通后还没有发布版本。',
          en: 'The app has not enabled these user-identity scopes in the Developer Console, or has not released a version since.',
        },
        {
          'zh-CN': '用户是在应用开通这些权限之前登录的，当时没有授予它们。',
          en: 'The user signed in before the app had these scopes, so did not grant them then.',
        },
        {
          'zh-CN': '粘贴的 token 生成时没有申请这些权限。',
          en: 'The pasted token was made without asking for these scopes.',
        },
      ),
      steps: listByLanguage(
        {
          'zh-CN': '用下方的申请链接（开发者后台“权限管理”的用户身份页）开通所列权限，然后创建并发布版本。',
          en: 'Enable the listed scopes with the apply link below (the user-identity tab of Permissions & Scopes in the Developer Console), then create and release a version.',
        },
        {
          'zh-CN':
            '重新登录，在授权页同意这些权限（应用中从配置登录，或运行 inspector login --profile 配置名）；粘贴的 token 则需带上这些权限重新生成。',
          en: 'Sign in again and consent to these scopes on the authorize page (from the profile in the app, or `inspector login --profile NAME` in the CLI); a pasted token must be made again with them.',
        },
        { 'zh-CN': '重新获取消息。', en: 'Fetch the message again.' },
      ),
      docs: [DOCS.fix99991679, DOCS.applyScopes, DOCS.userToken],
    },
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
