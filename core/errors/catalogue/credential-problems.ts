/**
 * Failures of kind `credential`: this side's own credentials are the problem, found before (or
 * instead of) asking the platform. A store app has no app_ticket, a pasted token is past its
 * expiry, a signed-in user's sign-in has run out. Texts may carry `{user}` (the signed-in user's
 * name) and `{expiresAt}` (when the token or sign-in expired), filled in by `explainFailure`.
 */

import { listByLanguage, type Bilingual } from '../../base/lang';
import type { CredentialProblem } from '../../feishu/types';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

/** The entry id of a credential problem: `credential_ticket_missing`, … */
export function credentialEntryId(problem: CredentialProblem['problem']): string {
  return `credential_${problem}`;
}

/**
 * Said on top of a platform code's own explanation when the refusal ended the user's sign-in (a
 * refused renewal): the code says why, this says what follows.
 */
export const SIGNED_OUT_NOTE: { meaning: Bilingual<string>; step: Bilingual<string> } = {
  meaning: {
    'zh-CN': '因此 {user} 的登录无法续期，已经失效：要以该用户身份查询，必须重新登录。',
    en: "So {user}'s sign-in could not be renewed and has ended: to look up as that user, sign in again.",
  },
  step: {
    'zh-CN': '处理完成后，以 {user} 重新登录（应用中从配置登录，或运行 inspector login --profile 配置名）。',
    en: 'Once that is done, sign in again as {user} (from the profile in the app, or `inspector login --profile NAME` in the CLI).',
  },
};

export const CREDENTIAL_PROBLEM_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: credentialEntryId('ticket_missing'),
    title: { 'zh-CN': '商店应用还没有 app_ticket', en: 'The store app has no app_ticket yet' },
    meaning: {
      'zh-CN':
        '商店应用要先用 app_ticket 换取 app_access_token，才能为客户企业获取 tenant_access_token。平台每小时把 app_ticket 推送到应用自己的事件接收地址（webhook），检查器收不到这个推送，而配置中还没有保存任何 app_ticket。检查器没有向平台发出请求。',
      en: "A store app trades an app_ticket for its app_access_token before it can get a tenant_access_token for a customer organisation. The platform pushes the app_ticket to the app's own event request URL (its webhook) every hour; the inspector cannot receive that push, and the profile keeps no app_ticket yet. Nothing was sent to the platform.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '配置刚创建，还没有粘贴 app_ticket。',
        en: 'The profile is new and no app_ticket has been pasted yet.',
      },
      {
        'zh-CN': '保存的 app_ticket 被清除了（例如重新填写了 App Secret）。',
        en: 'The kept app_ticket was cleared (for example when the App Secret was entered again).',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在应用服务端的日志中找到最新一次 app_ticket 推送（事件类型 app_ticket，取 event.app_ticket 的值），粘贴到配置中。',
        en: "Find the newest app_ticket push in your app server's logs (event type app_ticket; take the value of event.app_ticket) and paste it into the profile.",
      },
      {
        'zh-CN':
          '或者使用配置中的“请平台重新推送”：新的 app_ticket 会推送到应用在开发者后台“事件与回调”中配置的请求地址，而不是检查器；到那里取出后再粘贴。',
        en: 'Or use "Ask the platform to resend" in the profile: the new app_ticket goes to the request URL set under Events & Callbacks in the Developer Console, not to the inspector; pick it up there and paste it.',
      },
      { 'zh-CN': '粘贴后重新获取消息。', en: 'Fetch the message again once it is pasted.' },
    ),
    docs: [DOCS.appTicketEvent, DOCS.appTicketResend, DOCS.storeAppToken],
    retryable: false,
  },
  {
    id: credentialEntryId('token_expired'),
    title: { 'zh-CN': '粘贴的 token 已过期', en: 'The pasted token has expired' },
    meaning: {
      'zh-CN':
        '这个配置使用的是在别处生成后粘贴进来的 access token，它已于 {expiresAt} 过期。粘贴的 token 无法续期，因此检查器没有再把它发给平台。',
      en: 'This profile uses an access token made elsewhere and pasted in; it expired at {expiresAt}. A pasted token cannot be renewed, so the inspector did not send it to the platform again.',
    },
    causes: listByLanguage({
      'zh-CN': 'tenant_access_token 和 user_access_token 通常只有约 2 小时有效期。',
      en: 'A tenant_access_token or user_access_token usually lives about 2 hours.',
    }),
    steps: listByLanguage(
      {
        'zh-CN': '在原来生成 token 的地方（例如 API 调试台）重新生成一个，粘贴到配置中。',
        en: 'Make a new token where this one came from (for example the API Explorer) and paste it into the profile.',
      },
      {
        'zh-CN': '需要长期使用时，改用带 App ID 和 App Secret 的配置，或以用户身份登录：检查器会自动续期。',
        en: 'For longer use, switch to a profile with the App ID and App Secret, or sign in as the user: the inspector renews those tokens itself.',
      },
    ),
    docs: [DOCS.tokenTypes],
    retryable: false,
  },
  {
    id: credentialEntryId('signed_out'),
    title: { 'zh-CN': '登录已失效，请重新登录', en: 'Signed out: sign in again' },
    meaning: {
      'zh-CN':
        '{user} 的登录已于 {expiresAt} 失效，无法再续期：refresh_token 已过期，或登录时没有获得 refresh_token（应用没有开通 offline_access 权限时，user_access_token 过期后就必须重新登录）。检查器没有向平台发出请求。',
      en: "{user}'s sign-in ended at {expiresAt} and cannot be renewed: its refresh token has expired, or none was granted at sign-in (without the offline_access scope, the user signs in again whenever the user_access_token expires). Nothing was sent to the platform.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '登录之后很久没有以该用户身份查询，refresh_token 过期了。',
        en: 'The profile was not used as the user for a long time, and the refresh token expired.',
      },
      {
        'zh-CN': '应用没有开通 offline_access 权限，登录时没有获得 refresh_token。',
        en: 'The app lacks the offline_access scope, so the sign-in came without a refresh token.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '以 {user} 重新登录：在应用中从配置登录，或运行 inspector login --profile 配置名。',
        en: 'Sign in again as {user}: from the profile in the app, or with `inspector login --profile NAME` in the CLI.',
      },
      {
        'zh-CN': '希望登录保持更久：在开发者后台“权限管理”中为应用开通 offline_access，发布版本后再登录。',
        en: 'To stay signed in longer: enable offline_access for the app under Permissions & Scopes in the Developer Console, release a version, then sign in.',
      },
      {
        'zh-CN': '不需要用户身份时，可以改回以应用（机器人）身份查询。',
        en: 'If the user identity is not needed, look up as the app (the bot) instead.',
      },
    ),
    docs: [DOCS.refreshUserToken, DOCS.userToken],
    retryable: false,
  },
];
