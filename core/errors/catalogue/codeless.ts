/** Failures that carry no platform code: HTTP statuses, timeouts, the network, bodies that are not JSON. */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

/** Ids of the entries for failures that carry no platform code. */
export const CODELESS_IDS = ['http_5xx', 'http_other', 'timeout', 'network', 'not_json', 'truncated_json', 'too_large'] as const;
export type CodelessId = (typeof CODELESS_IDS)[number];

export const CODELESS_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: 'http_5xx',
    title: { 'zh-CN': '平台服务器错误（HTTP 5xx）', en: 'Server error (HTTP 5xx)' },
    meaning: {
      'zh-CN': '平台或它前面的网关返回了 5xx 状态码，并且没有给出业务错误码。这是服务端的问题，通常是暂时的。',
      en: 'The platform, or a gateway in front of it, answered with a 5xx status and no platform error code. It is a server-side problem, usually temporary.',
    },
    causes: listByLanguage(
      { 'zh-CN': '平台服务暂时不可用或正在升级。', en: 'A platform service is temporarily unavailable or being upgraded.' },
      { 'zh-CN': '网关超时或上游不可用（502、503、504）。', en: 'A gateway timed out or its upstream was unavailable (502, 503, 504).' },
      {
        'zh-CN': '公司代理的上游出错，并以 5xx 状态码返回。',
        en: "A corporate proxy's upstream failed and the proxy answered with a 5xx status.",
      },
    ),
    steps: listByLanguage(
      { 'zh-CN': '稍后重试（检查器会自动退避重试）。', en: 'Retry later (the inspector backs off and retries by itself).' },
      {
        'zh-CN': '如果持续几分钟都失败，确认是否只在公司网络或代理下出现。',
        en: 'If it keeps failing for minutes, check whether it happens only on the corporate network or behind a proxy.',
      },
      {
        'zh-CN': '仍然失败时，带上状态码和日志 ID（如果有）联系技术支持。',
        en: 'If it still fails, contact support with the status code and the log ID (if any).',
      },
    ),
    docs: [DOCS.genericErrors, DOCS.logId],
    retryable: true,
  },
  {
    id: 'http_other',
    title: { 'zh-CN': 'HTTP 错误（无错误码）', en: 'HTTP error without an error code' },
    meaning: {
      'zh-CN': '服务器返回了 HTTP 错误状态码，但响应中没有平台的错误码。这通常说明请求没有到达飞书开放平台的接口，或者被中间的代理拦截了。',
      en: 'The server answered with an HTTP error status but no platform error code. Usually the request never reached the Feishu Open Platform API, or a proxy in between stopped it.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '配置的域名或地址有误（例如 404 Not Found）。',
        en: 'The configured domain or address is wrong (for example 404 Not Found).',
      },
      {
        'zh-CN': '公司代理要求认证（407），或拒绝了访问（403）。',
        en: 'A corporate proxy requires authentication (407) or refused access (403).',
      },
      { 'zh-CN': '请求被防火墙或安全网关拦截。', en: 'A firewall or security gateway blocked the request.' },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '查看下方的原始响应体，判断响应来自哪里（飞书开放平台、代理或其他服务）。',
        en: 'Look at the raw body below to see who answered (the Feishu Open Platform, a proxy, or something else).',
      },
      {
        'zh-CN': '确认配置的域名是 https://open.feishu.cn（飞书）或 https://open.larksuite.com（Lark）。',
        en: "Check that the profile's domain is https://open.feishu.cn (Feishu) or https://open.larksuite.com (Lark).",
      },
      {
        'zh-CN': '如果需要通过代理访问，确认代理设置正确，并允许访问上述域名。',
        en: 'If you must go through a proxy, check its settings and that it allows those domains.',
      },
      {
        'zh-CN': '仍然无法判断时，带上状态码和日志 ID（如果有）联系技术支持。',
        en: 'If that does not settle it, contact support with the status code and the log ID (if any).',
      },
    ),
    docs: [DOCS.getMessage, DOCS.genericErrors],
    retryable: false,
  },
  {
    id: 'timeout',
    title: { 'zh-CN': '请求超时', en: 'Request timed out' },
    meaning: {
      'zh-CN': '在超时时间内没有收到平台的完整响应。请求可能根本没有到达平台，也可能平台已经处理，但响应没能及时返回。',
      en: 'No complete answer arrived from the platform in time. The request may never have reached it, or it was handled but the answer did not come back in time.',
    },
    causes: listByLanguage(
      { 'zh-CN': '网络缓慢或不稳定。', en: 'The network is slow or unstable.' },
      { 'zh-CN': '代理或 VPN 增加了很大的延迟。', en: 'A proxy or VPN adds a lot of latency.' },
      {
        'zh-CN': '平台处理得慢，例如包含大量子消息的合并转发消息。',
        en: 'The platform is slow to answer, for example for a merge-forward message with many sub-messages.',
      },
    ),
    steps: listByLanguage(
      { 'zh-CN': '重试（检查器会自动退避重试）。', en: 'Retry (the inspector backs off and retries by itself).' },
      { 'zh-CN': '检查网络、代理或 VPN 是否正常。', en: 'Check the network, proxy or VPN.' },
      { 'zh-CN': '如果只有某一条消息超时，稍后再试。', en: 'If only one message times out, try it again later.' },
      {
        'zh-CN': '持续超时时，确认本机能否访问配置的域名（open.feishu.cn 或 open.larksuite.com）。',
        en: 'If every request times out, check that this machine can reach the configured domain (open.feishu.cn or open.larksuite.com).',
      },
    ),
    docs: [DOCS.getMessage],
    retryable: true,
  },
  {
    id: 'network',
    title: { 'zh-CN': '网络错误', en: 'Network error' },
    meaning: {
      'zh-CN': '没能与平台建立连接，或者连接中途断开，例如 DNS 解析失败、TLS 证书错误、连接被拒绝或被重置。请求没有得到平台的任何响应。',
      en: 'No connection to the platform could be made, or it broke: DNS lookup failed, the TLS certificate was refused, the connection was refused or reset. The platform gave no answer at all.',
    },
    causes: listByLanguage(
      { 'zh-CN': '本机离线，或网络不可用。', en: 'This machine is offline or the network is down.' },
      {
        'zh-CN': 'DNS 无法解析 open.feishu.cn 或 open.larksuite.com（错误信息中常见 ENOTFOUND）。',
        en: 'DNS cannot resolve open.feishu.cn or open.larksuite.com (ENOTFOUND in the message is typical).',
      },
      {
        'zh-CN': '公司防火墙或代理拦截了连接（ECONNREFUSED、ECONNRESET），需要配置代理。',
        en: 'A corporate firewall or proxy blocks the connection (ECONNREFUSED, ECONNRESET) and a proxy must be configured.',
      },
      {
        'zh-CN': '公司代理会检查 TLS 流量，使用了本机不信任的证书（错误信息中提到 certificate、CERT 或 SSL）。',
        en: 'A corporate proxy inspects TLS with a certificate this machine does not trust (the message mentions certificate, CERT or SSL).',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '查看 msg 中的具体原因：ENOTFOUND 表示 DNS，ECONNREFUSED 或 ECONNRESET 表示连接被拒或被重置，CERT 或 SSL 表示证书问题。',
        en: 'Read the reason in msg: ENOTFOUND means DNS, ECONNREFUSED or ECONNRESET a refused or reset connection, CERT or SSL a certificate problem.',
      },
      {
        'zh-CN': '在浏览器中打开 https://open.feishu.cn（Lark 为 https://open.larksuite.com），确认本机能访问。',
        en: 'Open https://open.feishu.cn (for Lark https://open.larksuite.com) in a browser to check that this machine can reach it.',
      },
      {
        'zh-CN': '如果公司网络需要代理或自签根证书，按公司要求配置后重试。',
        en: 'If the corporate network needs a proxy or its own root certificate, set that up as your company requires and retry.',
      },
      {
        'zh-CN': '网络恢复后重试（检查器会自动退避重试）。',
        en: 'Retry once the network is back (the inspector backs off and retries by itself).',
      },
    ),
    docs: [DOCS.getMessage],
    retryable: true,
  },
  {
    id: 'not_json',
    title: { 'zh-CN': '响应不是 JSON', en: 'The response is not JSON' },
    meaning: {
      'zh-CN':
        '服务器返回了内容，但不是开放平台的 JSON 格式（例如一个 HTML 页面）。这通常是代理、网络登录页或网关的错误页，而不是飞书开放平台接口的响应。',
      en: "The server answered, but not with the Open Platform's JSON (for example with an HTML page). It is usually a proxy, a network login page or a gateway error page rather than a Feishu Open Platform response.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '公司代理或网络登录页（例如酒店、机场的上网认证页面）拦截了请求。',
        en: 'A corporate proxy or a network login page (as in hotels or airports) intercepted the request.',
      },
      { 'zh-CN': '配置的地址不是开放平台的接口地址。', en: 'The configured address is not the Open Platform API address.' },
      { 'zh-CN': '网关出错，返回了 HTML 错误页。', en: 'A gateway failed and answered with an HTML error page.' },
    ),
    steps: listByLanguage(
      { 'zh-CN': '查看下方的原始响应体，判断它来自哪里。', en: 'Look at the raw body below to see where it came from.' },
      {
        'zh-CN': '确认配置的域名是 https://open.feishu.cn（飞书）或 https://open.larksuite.com（Lark）。',
        en: "Check that the profile's domain is https://open.feishu.cn (Feishu) or https://open.larksuite.com (Lark).",
      },
      {
        'zh-CN': '如果需要在浏览器中完成网络登录，或需要配置代理，完成后再重试。',
        en: 'If the network needs a browser login or a proxy, set that up, then retry.',
      },
    ),
    docs: [DOCS.getMessage],
    retryable: false,
  },
  {
    id: 'truncated_json',
    title: { 'zh-CN': '响应被截断', en: 'The response was cut short' },
    meaning: {
      'zh-CN': '收到的 JSON 不完整，在中途被截断，无法解析。通常是连接在传输过程中断开了。',
      en: 'The JSON that arrived is incomplete, cut off midway, and cannot be parsed. Usually the connection broke during the transfer.',
    },
    causes: listByLanguage(
      { 'zh-CN': '网络在传输过程中中断。', en: 'The network dropped during the transfer.' },
      { 'zh-CN': '代理限制了响应大小，或提前关闭了连接。', en: 'A proxy limits response sizes or closed the connection early.' },
      { 'zh-CN': '平台在返回响应的过程中出现异常。', en: 'The platform failed while sending its answer.' },
    ),
    steps: listByLanguage(
      { 'zh-CN': '重试一次。', en: 'Retry once.' },
      {
        'zh-CN': '如果同一条消息反复出现此问题，检查代理是否限制了响应大小。',
        en: 'If the same message keeps failing this way, check whether a proxy limits response sizes.',
      },
      {
        'zh-CN': '仍然失败时，带上日志 ID（如果有）和原始响应体联系技术支持。',
        en: 'If it still fails, contact support with the log ID (if any) and the raw body.',
      },
    ),
    docs: [DOCS.getMessage],
    retryable: false,
  },
  {
    id: 'too_large',
    title: { 'zh-CN': '资源太大', en: 'The resource is too large' },
    meaning: {
      'zh-CN':
        '要下载的图片或文件超过了这里能处理的大小上限（{msg}）。检查器在超过上限时就停止了下载（或者根据 Content-Length 直接拒绝），没有把整个文件读入内存。',
      en: 'The image or file is larger than this view can take ({msg}). The inspector stopped the download as soon as it passed the limit (or refused it from its Content-Length) instead of reading the whole file into memory.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '文件本身超过了预览和保存的上限（25 MB）；平台允许的资源最大为 100 MB。',
        en: 'The file itself is over the limit of Preview and Save (25 MB); the platform serves resources of up to 100 MB.',
      },
      {
        'zh-CN': '代理或网关返回了远大于资源本身的内容。',
        en: 'A proxy or gateway answered with something much larger than the resource.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在飞书客户端中打开这条消息，在那里查看或下载文件。',
        en: 'Open the message in the Feishu client and view or download the file there.',
      },
      {
        'zh-CN': '需要通过接口获取时，直接调用“获取消息中的资源文件”接口，并把响应流式写入文件。',
        en: 'To get it through the API, call the "get a resource file of a message" endpoint directly and stream the answer to a file.',
      },
      {
        'zh-CN': '如果文件应当很小，检查网络中的代理是否替换了响应。',
        en: 'If the file should be small, check whether a proxy on the network replaced the answer.',
      },
    ),
    docs: [DOCS.resource],
    retryable: false,
  },
];
