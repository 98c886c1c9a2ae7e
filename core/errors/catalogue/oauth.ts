/**
 * The OAuth token endpoint's codes (POST /open-apis/authen/v2/oauth/token, stage `user_token`):
 * finishing a user's sign-in, or renewing it with the refresh token.
 *
 * Sources: the code table of the platform's "获取 user_access_token" page (20002, 20003, 20004,
 * 20010, 20024, 20036, 20048, 20049, 20063, 20065, 20071); the refresh codes 20026, 20037, 20064 and
 * 20073 are the official CLI's constants (larksuite/cli, internal/output/lark_errors.go), as the
 * "刷新 user_access_token" page's table was not at hand. A field report shows 20064 answered to a
 * refresh token used a second time ("The refresh token has been revoked. Please note that a refresh
 * token can only be used once."), where the CLI names 20073 for that: both entries say so.
 * `access_denied` (the user pressed Deny) is not a code: it comes back on the redirect, and the
 * sign-in page says it there.
 */

import { listByLanguage, type Bilingual } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

/** The step every code here ends in: a new sign-in gets a new code and a new refresh token. */
const SIGN_IN_AGAIN: Bilingual<string> = {
  'zh-CN': '重新登录：在应用中从配置重新登录，或在命令行运行 inspector login --profile 配置名。',
  en: 'Sign in again: from the profile in the app, or with `inspector login --profile NAME` in the CLI.',
};

const REPORT: Bilingual<string> = {
  'zh-CN': '如果重新登录后仍然出现，带上日志 ID 报告这个情况。',
  en: 'If it happens again after a new sign-in, report it with the log ID.',
};

/** The refresh token's codes: the sign-in cannot be renewed, and only a new one helps. */
export const SIGN_IN_AGAIN_CODES: readonly number[] = [20026, 20037, 20064, 20073];

const SIGN_IN_DOCS = [DOCS.userToken, DOCS.authorizeCode];
const REFRESH_DOCS = [DOCS.refreshUserToken, DOCS.userToken];

export const OAUTH_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '20049',
    code: 20049,
    title: { 'zh-CN': 'PKCE 校验失败', en: 'PKCE check failed' },
    meaning: {
      'zh-CN':
        '完成登录时，令牌接口发现请求中的 code_verifier 与开始登录时发送的 code_challenge 不匹配，因此没有发放 user_access_token。检查器每次开始登录都会生成一对新的值，这通常说明浏览器完成的是另一次登录的授权页。',
      en: 'While finishing the sign-in, the token endpoint found that the code_verifier sent does not match the code_challenge sent when the sign-in started, so no user_access_token was issued. The inspector makes a new pair for every sign-in it starts: usually the browser completed the authorize page of another sign-in.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '登录被开始了不止一次，浏览器里完成的是较早打开的那个授权页。',
        en: 'The sign-in was started more than once, and the browser completed an authorize page opened earlier.',
      },
      {
        'zh-CN': '另一个检查器窗口或命令行进程在同一端口上等待登录结果，收到了这次的授权码。',
        en: 'Another inspector window or CLI process waiting for a sign-in on the same port received this code.',
      },
      {
        'zh-CN': '请求经过的代理改写了请求体。',
        en: 'A proxy on the way rewrote the request body.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '关闭浏览器中之前打开的所有授权页，并结束其他正在等待登录的检查器进程。',
        en: 'Close every authorize page opened before in the browser, and stop other inspector processes waiting for a sign-in.',
      },
      SIGN_IN_AGAIN,
      REPORT,
    ),
    docs: SIGN_IN_DOCS,
    retryable: false,
  },
  {
    id: '20003',
    code: 20003,
    title: { 'zh-CN': '授权码无效', en: 'Authorization code not found' },
    meaning: {
      'zh-CN': '完成登录时，令牌接口找不到这个授权码。授权码只能使用一次，用过或不完整的授权码都会得到这个错误。',
      en: 'While finishing the sign-in, the token endpoint did not find the authorization code. A code can be used only once; a used or incomplete code gets this answer.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '回调页面被刷新或打开了两次，授权码已经被用过。',
        en: 'The callback page was reloaded or opened twice, so the code had already been used.',
      },
      {
        'zh-CN': '授权码在传递或复制中被截断。',
        en: 'The code was cut short on its way or when copied.',
      },
    ),
    steps: listByLanguage(SIGN_IN_AGAIN, {
      'zh-CN': '完成授权后不要刷新回调页面。',
      en: 'Do not reload the callback page once the browser has reached it.',
    }),
    docs: SIGN_IN_DOCS,
    retryable: false,
  },
  {
    id: '20004',
    code: 20004,
    title: { 'zh-CN': '授权码已过期', en: 'Authorization code expired' },
    meaning: {
      'zh-CN': '完成登录时，授权码已经过期：授权码只在生成后的 5 分钟内有效。',
      en: 'While finishing the sign-in, the authorization code had expired: a code is valid for 5 minutes after it is made.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '授权后过了超过 5 分钟才完成登录（例如电脑休眠，或回调被延迟处理）。',
        en: 'More than 5 minutes passed between consent and finishing the sign-in (the computer slept, or the callback was handled late).',
      },
      {
        'zh-CN': '本机时间与实际时间相差很大。',
        en: "This computer's clock is far off.",
      },
    ),
    steps: listByLanguage(SIGN_IN_AGAIN, {
      'zh-CN': '在授权页点击同意后，等待检查器显示登录成功，不要中途离开。',
      en: 'After consenting on the authorize page, wait until the inspector says the sign-in is done.',
    }),
    docs: SIGN_IN_DOCS,
    retryable: false,
  },
  {
    id: '20065',
    code: 20065,
    title: { 'zh-CN': '授权码已被使用', en: 'Authorization code already used' },
    meaning: {
      'zh-CN': '完成登录时，这个授权码已经被使用过：授权码只能使用一次。',
      en: 'While finishing the sign-in, the authorization code had already been used: a code can be used only once.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '回调页面被刷新，或同一个回调被送达了两次。',
        en: 'The callback page was reloaded, or the same callback arrived twice.',
      },
      {
        'zh-CN': '另一个进程抢先用这个授权码完成了登录。',
        en: 'Another process finished a sign-in with the same code first.',
      },
    ),
    steps: listByLanguage(SIGN_IN_AGAIN, {
      'zh-CN': '完成授权后不要刷新回调页面。',
      en: 'Do not reload the callback page once the browser has reached it.',
    }),
    docs: SIGN_IN_DOCS,
    retryable: false,
  },
  {
    id: '20071',
    code: 20071,
    title: { 'zh-CN': '重定向 URL 不一致', en: 'Redirect URL mismatch' },
    meaning: {
      'zh-CN':
        '完成登录时，请求中的 redirect_uri 与获取授权码时使用的不一致。检查器使用本机回环地址 http://127.0.0.1:<端口>/callback 接收登录结果，这个地址必须原样登记在开发者后台的重定向 URL 中，并且在一次登录的前后保持不变。',
      en: "While finishing the sign-in, the redirect_uri sent differs from the one used to get the authorization code. The inspector receives the sign-in on the loopback address http://127.0.0.1:<port>/callback; that address must be registered exactly in the Developer Console's redirect URLs, and stay the same from the start of a sign-in to its end.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '登录进行到一半时检查器重新启动，换了一个端口。',
        en: 'The inspector restarted in the middle of the sign-in and took another port.',
      },
      {
        'zh-CN': '开发者后台登记的是别的地址（例如 localhost 而不是 127.0.0.1、端口不同或路径不是 /callback）。',
        en: 'The Developer Console has another address registered (localhost instead of 127.0.0.1, another port, or a path other than /callback).',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN':
          '在开发者后台进入“开发配置 > 安全设置 > 重定向 URL”，原样添加 http://127.0.0.1:<端口>/callback，端口使用检查器开始登录时显示的端口。',
        en: 'In the Developer Console, go to Development Configuration > Security Settings > Redirect URLs and add exactly http://127.0.0.1:<port>/callback, with the port the inspector shows when the sign-in starts.',
      },
      SIGN_IN_AGAIN,
      {
        'zh-CN': '一次完成登录，中途不要关闭或重启检查器。',
        en: 'Finish the sign-in in one go, without closing or restarting the inspector.',
      },
    ),
    docs: [DOCS.authorizeCode, DOCS.userToken, DOCS.console],
    retryable: false,
  },
  {
    id: '20002',
    code: 20002,
    title: { 'zh-CN': '应用认证失败（App Secret 无效）', en: 'Client secret invalid' },
    meaning: {
      'zh-CN': '登录或续期时，令牌接口不认可配置中的 App ID 与 App Secret 这一对凭证。',
      en: "While signing in or renewing the sign-in, the token endpoint did not accept the profile's App ID and App Secret as a pair.",
    },
    causes: listByLanguage(
      {
        'zh-CN': 'App Secret 已在开发者后台被重置，配置里还是旧值。',
        en: 'The App Secret was reset in the Developer Console and the profile still holds the old one.',
      },
      {
        'zh-CN': 'App Secret 复制不完整，或属于另一个应用。',
        en: 'The App Secret was copied incompletely, or belongs to another app.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在开发者后台的“凭证与基础信息”页面复制 App Secret，更新配置。',
        en: 'Copy the App Secret from Credentials & Basic Info in the Developer Console and update the profile.',
      },
      SIGN_IN_AGAIN,
    ),
    docs: [DOCS.userToken, DOCS.console],
    retryable: false,
  },
  {
    id: '20048',
    code: 20048,
    title: { 'zh-CN': '应用不存在', en: 'The app does not exist' },
    meaning: {
      'zh-CN': '登录或续期时，令牌接口找不到配置中 App ID 对应的应用。',
      en: "While signing in or renewing the sign-in, the token endpoint found no app with the profile's App ID.",
    },
    causes: listByLanguage(
      {
        'zh-CN': 'App ID 填写错误或不完整。',
        en: 'The App ID is mistyped or incomplete.',
      },
      {
        'zh-CN': '应用创建在飞书，配置却选择了 Lark 域名（或者相反），或应用已被删除。',
        en: 'The app was created on Feishu but the profile uses the Lark domain (or the other way round), or the app was deleted.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在开发者后台的“凭证与基础信息”页面复制 App ID，确认配置的域名与应用所在平台一致。',
        en: "Copy the App ID from Credentials & Basic Info in the Developer Console, and check that the profile's domain is the app's platform.",
      },
      SIGN_IN_AGAIN,
    ),
    docs: [DOCS.appId, DOCS.userToken],
    retryable: false,
  },
  {
    id: '20024',
    code: 20024,
    title: { 'zh-CN': '授权码或 refresh_token 属于另一个应用', en: "Another app's code or refresh token" },
    meaning: {
      'zh-CN': '登录或续期时，提交的授权码或 refresh_token 不是发给当前 App ID 的：不同应用的凭证不能混用。',
      en: 'While signing in or renewing the sign-in, the authorization code or refresh token sent was not issued to this App ID: one app cannot use what another app was given.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '登录之后，配置中的 App ID 被改成了另一个应用。',
        en: "The profile's App ID was changed to another app after the sign-in.",
      },
      {
        'zh-CN': '授权页是为另一个应用打开的（例如另一个配置发起的登录）。',
        en: 'The authorize page was opened for another app (a sign-in started from another profile).',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '确认配置中的 App ID 就是要以用户身份使用的应用。',
        en: "Check that the profile's App ID is the app you want to use as the user.",
      },
      SIGN_IN_AGAIN,
    ),
    docs: SIGN_IN_DOCS,
    retryable: false,
  },
  {
    id: '20010',
    code: 20010,
    title: { 'zh-CN': '用户没有应用的使用权限', en: 'The user may not use this app' },
    meaning: {
      'zh-CN': '登录时，平台发现这个用户不在应用的可用范围内，因此不能以该用户身份使用这个应用。',
      en: "While signing in, the platform found that the user is outside the app's availability range, so the app cannot act as that user.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '应用的可用范围没有包含这个用户（或其所在部门）。',
        en: "The app's availability does not include this user (or their department).",
      },
      {
        'zh-CN': '可用范围的变更还没有随新版本发布生效。',
        en: 'A change to the availability has not been released in a new version yet.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在开发者后台“应用发布 > 版本管理与发布”中把该用户加入可用范围，创建并发布版本。',
        en: 'In the Developer Console, under App Release > Version Management & Release, add the user to the availability, then create and release a version.',
      },
      SIGN_IN_AGAIN,
    ),
    docs: [DOCS.availability, DOCS.userToken],
    retryable: false,
  },
  {
    id: '20026',
    code: 20026,
    title: { 'zh-CN': 'refresh_token 无效，需要重新登录', en: 'Refresh token invalid: sign in again' },
    meaning: {
      'zh-CN': '续期用户登录时，平台不认可保存的 refresh_token（它无效，或是旧版格式），登录无法再延续。',
      en: 'While renewing the sign-in, the platform did not accept the kept refresh token (it is invalid, or of the old format), so the sign-in cannot go on.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '保存的登录信息损坏，或来自旧版接口。',
        en: 'The kept sign-in is damaged, or comes from the old endpoint.',
      },
      {
        'zh-CN': '配置的域名被改成了另一个平台。',
        en: "The profile's domain was changed to the other platform.",
      },
    ),
    steps: listByLanguage(SIGN_IN_AGAIN),
    docs: REFRESH_DOCS,
    retryable: false,
  },
  {
    id: '20037',
    code: 20037,
    title: { 'zh-CN': 'refresh_token 已过期，需要重新登录', en: 'Refresh token expired: sign in again' },
    meaning: {
      'zh-CN':
        '续期用户登录时，refresh_token 已经过期，登录无法再延续。refresh_token 的有效期由平台在登录时给出（通常为 7 天），期间每次续期都会换一个新的。',
      en: 'While renewing the sign-in, the refresh token had expired, so the sign-in cannot go on. The platform sets its lifetime at sign-in (usually 7 days); each renewal in that time brings a new one.',
    },
    causes: listByLanguage({
      'zh-CN': '登录之后很久没有使用这个配置以用户身份查询。',
      en: 'The profile was not used as the user for a long time after the sign-in.',
    }),
    steps: listByLanguage(SIGN_IN_AGAIN),
    docs: REFRESH_DOCS,
    retryable: false,
  },
  {
    id: '20064',
    code: 20064,
    title: { 'zh-CN': 'refresh_token 已被撤销，需要重新登录', en: 'Refresh token revoked: sign in again' },
    meaning: {
      'zh-CN':
        '续期用户登录时，平台表示 refresh_token 已被撤销，登录无法再延续。有报告显示，重复使用同一个 refresh_token 时平台也会返回这个错误码。',
      en: 'While renewing the sign-in, the platform said the refresh token has been revoked, so the sign-in cannot go on. Reports show the platform also answers this code when the same refresh token is used a second time.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '用户撤销了对应用的授权，或管理员停用了应用、用户。',
        en: "The user withdrew the app's authorization, or an admin disabled the app or the user.",
      },
      {
        'zh-CN': '另一个进程（另一个检查器窗口或命令行）已经用同一个 refresh_token 续期过。',
        en: 'Another process (another inspector window or the CLI) already renewed with the same refresh token.',
      },
    ),
    steps: listByLanguage(SIGN_IN_AGAIN, {
      'zh-CN': '不要在多个检查器之间复制同一份登录信息：每个进程各自登录。',
      en: 'Do not copy one sign-in between several inspectors: let each sign in on its own.',
    }),
    docs: REFRESH_DOCS,
    retryable: false,
  },
  {
    id: '20073',
    code: 20073,
    title: { 'zh-CN': 'refresh_token 已被使用，需要重新登录', en: 'Refresh token already used: sign in again' },
    meaning: {
      'zh-CN': '续期用户登录时，这个 refresh_token 已经被用过：每次续期都会换一个新的 refresh_token，旧的随即作废。',
      en: 'While renewing the sign-in, the refresh token had already been used: each renewal brings a new refresh token and the old one is spent.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '另一个进程（另一个检查器窗口或命令行）用同一份登录信息先续期了。',
        en: 'Another process (another inspector window or the CLI) renewed the same sign-in first.',
      },
      {
        'zh-CN': '续期成功后，新的登录信息没能保存下来。',
        en: 'A renewal succeeded but its new sign-in could not be kept.',
      },
    ),
    steps: listByLanguage(SIGN_IN_AGAIN, {
      'zh-CN': '不要在多个检查器之间复制同一份登录信息：每个进程各自登录。',
      en: 'Do not copy one sign-in between several inspectors: let each sign in on its own.',
    }),
    docs: REFRESH_DOCS,
    retryable: false,
  },
  {
    id: '20036',
    code: 20036,
    title: { 'zh-CN': '不支持的 grant_type', en: 'Unsupported grant_type' },
    meaning: {
      'zh-CN':
        '令牌接口不接受请求中的 grant_type。检查器只发送 authorization_code 和 refresh_token，出现这个错误说明请求被改写，或平台的规则有了变化。',
      en: 'The token endpoint does not accept the grant_type sent. The inspector sends only authorization_code and refresh_token: seeing this means the request was rewritten, or the platform changed its rules.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '请求经过的代理改写了请求体。',
        en: 'A proxy on the way rewrote the request body.',
      },
      { 'zh-CN': '平台的令牌接口有变化。', en: "The platform's token endpoint has changed." },
    ),
    steps: listByLanguage(SIGN_IN_AGAIN, REPORT),
    docs: SIGN_IN_DOCS,
    retryable: false,
  },
  {
    id: '20063',
    code: 20063,
    title: { 'zh-CN': '令牌请求格式错误', en: 'Malformed token request' },
    meaning: {
      'zh-CN': '令牌接口认为请求缺少必要字段或格式不对（msg 会说明缺了什么）。',
      en: 'The token endpoint found the request malformed or missing a required field (msg says which).',
    },
    causes: listByLanguage(
      {
        'zh-CN': '请求经过的代理改写或截断了请求体。',
        en: 'A proxy on the way rewrote or cut the request body.',
      },
      {
        'zh-CN': '配置缺少 App ID 或 App Secret。',
        en: 'The profile lacks its App ID or App Secret.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '确认配置中填写了 App ID 和 App Secret。',
        en: 'Check that the profile has its App ID and App Secret.',
      },
      SIGN_IN_AGAIN,
      REPORT,
    ),
    docs: SIGN_IN_DOCS,
    retryable: false,
  },
];
