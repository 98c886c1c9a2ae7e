/** The platform gateway's codes users meet on this call: the rate limit, the tenant token, the scopes. */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

export const GATEWAY_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '99991400',
    code: 99991400,
    title: { 'zh-CN': '请求过于频繁（已限流）', en: 'Rate limited: too many requests' },
    meaning: {
      'zh-CN':
        '应用调用此接口的频率超过了限制，平台暂时拒绝了请求（通常为 HTTP 429，部分旧接口为 HTTP 400）。此接口的限额是每个应用 50 次/秒、1000 次/分钟；响应头 x-ogw-ratelimit-reset 给出需要等待的秒数。',
      en: 'The app called this endpoint faster than allowed and the platform refused the request for now (usually HTTP 429, HTTP 400 on some older APIs). This endpoint allows 50 requests per second and 1000 per minute per app; the x-ogw-ratelimit-reset response header says how many seconds to wait.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '批量查询的速度超过了 50 次/秒或 1000 次/分钟。',
        en: 'A batch lookup went faster than 50 requests per second or 1000 per minute.',
      },
      {
        'zh-CN': '同一个应用（App ID）同时还被其他服务或脚本调用，它们共用同一份额度。',
        en: 'Other services or scripts use the same app (App ID) at the same time and share its quota.',
      },
      { 'zh-CN': '短时间内反复重试失败的请求。', en: 'Failed requests were retried many times in a short while.' },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '等待响应头 x-ogw-ratelimit-reset 给出的秒数后再重试（检查器会自动等待并重试）。',
        en: 'Wait the number of seconds given in the x-ogw-ratelimit-reset header, then retry (the inspector waits and retries by itself).',
      },
      {
        'zh-CN': '降低批量查询的速度与并发，保持在 50 次/秒和 1000 次/分钟以内。',
        en: 'Slow the batch down and lower its concurrency to stay under 50 requests per second and 1000 per minute.',
      },
      {
        'zh-CN': '检查是否有其他服务共用同一个应用；如果有，错开调用时间，或为检查器单独创建一个应用。',
        en: 'Check whether other services share the same app; if so, spread the calls out, or create a separate app for the inspector.',
      },
      {
        'zh-CN': '长期需要更高的额度时，参考“频控策略”文档联系飞书。',
        en: 'If you need a higher quota for good, contact Feishu as described in the rate-limit documentation.',
      },
    ),
    docs: [DOCS.rateLimits],
    retryable: true,
  },
  {
    id: '99991661',
    code: 99991661,
    title: { 'zh-CN': '请求未携带访问凭证', en: 'No access token was sent' },
    meaning: {
      'zh-CN':
        '平台在请求中没有找到 Authorization 请求头或其中的 token，无法识别调用方。检查器总会带上 tenant_access_token，出现这个错误说明 token 在途中丢失了，或者是空的。',
      en: 'The platform found no Authorization header, or no token in it, and cannot tell who is calling. The inspector always sends the tenant_access_token, so the token was lost on the way or was empty.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '获取 tenant_access_token 失败或拿到了空 token，请求却仍然发了出去。',
        en: 'Getting the tenant_access_token failed or returned an empty token, and the request went out anyway.',
      },
      {
        'zh-CN': '公司代理或网关删除或改写了 Authorization 请求头。',
        en: 'A corporate proxy or gateway removed or rewrote the Authorization header.',
      },
      {
        'zh-CN': 'Authorization 请求头的格式不对（应为 “Bearer t-…”）。',
        en: 'The Authorization header is malformed (it should read "Bearer t-…").',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '确认当前配置填写了 App ID 和 App Secret，并且能成功获取 tenant_access_token。',
        en: 'Check that the profile has an App ID and App Secret and that getting a tenant_access_token succeeds.',
      },
      {
        'zh-CN': '如果通过代理访问开放平台，确认代理会原样转发 Authorization 请求头。',
        en: 'If you reach the Open Platform through a proxy, make sure it forwards the Authorization header unchanged.',
      },
      {
        'zh-CN': '仍然出现时，这是检查器自身的问题：请带上日志 ID 和原始响应提交问题报告。',
        en: 'If it still happens, it is a bug in the inspector: report it with the log ID and the raw response.',
      },
    ),
    docs: [DOCS.tokenTypes, DOCS.tenantToken],
    retryable: false,
  },
  {
    id: '99991663',
    code: 99991663,
    title: { 'zh-CN': 'tenant_access_token 无效或已过期', en: 'Tenant access token invalid or expired' },
    meaning: {
      'zh-CN':
        '平台不接受本次请求携带的 tenant_access_token：它已过期、已失效，或不属于这个平台。检查器遇到此错误时会丢弃缓存的 token，重新获取一次并重放请求；如果你仍然看到它，说明新获取的 token 同样被拒绝了。',
      en: 'The platform does not accept the tenant_access_token sent with the request: it has expired, is no longer valid, or belongs to another platform. On this error the inspector drops its cached token, fetches a new one once and replays the request; if you still see it, the new token was refused too.',
    },
    causes: listByLanguage(
      { 'zh-CN': 'token 已过期（有效期最长 2 小时）。', en: 'The token has expired (it lives at most 2 hours).' },
      {
        'zh-CN': '配置的域名与应用所在的平台不一致：飞书应用的 token 不能用于 open.larksuite.com，反之亦然。',
        en: "The profile's domain does not match the app's platform: a Feishu app's token does not work on open.larksuite.com, and the other way round.",
      },
      {
        'zh-CN': '所调用的接口只支持 user_access_token（此接口支持 tenant_access_token，正常情况下不会如此）。',
        en: 'The endpoint accepts only a user_access_token (this one accepts a tenant_access_token, so normally not the case).',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '重试一次：检查器会刷新 token 后重放请求。',
        en: 'Retry once: the inspector refreshes the token and replays the request.',
      },
      {
        'zh-CN': '确认配置的域名与创建应用的平台一致（飞书：open.feishu.cn；Lark：open.larksuite.com）。',
        en: "Check that the profile's domain is the platform the app was created on (Feishu: open.feishu.cn; Lark: open.larksuite.com).",
      },
      { 'zh-CN': '确认 App ID 与 App Secret 属于同一个应用。', en: 'Check that the App ID and App Secret belong to the same app.' },
      { 'zh-CN': '仍然失败时，带上日志 ID 联系技术支持。', en: 'If it still fails, contact support with the log ID.' },
    ),
    docs: [DOCS.fix99991663, DOCS.tenantToken],
    retryable: false,
  },
  {
    id: '99991672',
    code: 99991672,
    title: { 'zh-CN': '应用缺少所需权限', en: 'The app lacks a required scope' },
    meaning: {
      'zh-CN':
        '应用没有开通调用此接口所需的权限（scope）。获取消息内容需要开通 im:message 或 im:message:readonly 中的任意一项；指定 user_id_type=user_id 时还需要 contact:user.employee_id:readonly。错误详情中的 permission_violations 和 helps 会列出缺少的权限。',
      en: 'The app has not been granted a scope this call needs. Getting message content needs either im:message or im:message:readonly; with user_id_type=user_id it also needs contact:user.employee_id:readonly. The permission_violations and helps of the error name the missing scopes.',
    },
    causes: listByLanguage(
      { 'zh-CN': '应用从未申请 im:message 或 im:message:readonly。', en: 'The app never applied for im:message or im:message:readonly.' },
      {
        'zh-CN': '权限已在开发者后台开通，但还没有创建并发布包含该权限的版本，或者发布仍在等待管理员审核。',
        en: 'The scope was enabled in the Developer Console, but no version including it has been released yet, or the release still awaits admin approval.',
      },
      {
        'zh-CN': '使用了 user_id_type=user_id，但没有开通 contact:user.employee_id:readonly。',
        en: 'user_id_type=user_id was used without contact:user.employee_id:readonly.',
      },
      {
        'zh-CN': '权限只在测试企业或测试版本中开通，正式版本没有开通。',
        en: 'The scope was enabled only in a test tenant or test version, not in the released version.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '查看下方列出的缺少权限（来自 permission_violations 和 helps）；列出多个时，通常开通其中任意一个即可。',
        en: 'Look at the missing scopes listed below (from permission_violations and helps); when several are listed, any one of them usually suffices.',
      },
      {
        'zh-CN': '打开下方的申请链接，或进入开发者后台“开发配置 > 权限管理”，开通所需权限。',
        en: 'Open the apply link below, or go to Development Configuration > Permissions & Scopes in the Developer Console, and enable the scope.',
      },
      {
        'zh-CN': '进入“应用发布 > 版本管理与发布”，创建版本并申请发布，等待企业管理员审核通过。',
        en: 'Go to App Release > Version Management & Release, create a version and submit it for release; wait for the tenant admin to approve it.',
      },
      { 'zh-CN': '发布生效后重试。', en: 'Retry once the release is live.' },
    ),
    docs: [DOCS.fix99991672, DOCS.applyScopes, DOCS.console],
    retryable: false,
  },
];
