/**
 * Whether a failure means the profile's domain could not be reached at all — no answer came,
 * so it says nothing about the message — and why, as far as the transport's text tells.
 * Node's fetch (browser mode, the CLI) says `getaddrinfo ENOTFOUND host`, `connect ECONNREFUSED`;
 * Electron's net.fetch says `net::ERR_NAME_NOT_RESOLVED`, `net::ERR_CONNECTION_REFUSED`.
 */

import type { FeishuFailure } from '../feishu/types';

export type UnreachableReason = 'offline' | 'dns' | 'refused' | 'reset' | 'tls' | 'proxy' | 'timeout' | 'other';

/** In order: the first that matches names the reason. */
const REASON_PATTERNS: [UnreachableReason, RegExp][] = [
  ['offline', /ERR_INTERNET_DISCONNECTED|ENETUNREACH|ERR_NETWORK_CHANGED|ERR_ADDRESS_UNREACHABLE/i],
  ['dns', /ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|getaddrinfo/i],
  ['proxy', /ERR_PROXY|ERR_TUNNEL_CONNECTION_FAILED|proxy/i],
  ['refused', /ECONNREFUSED|ERR_CONNECTION_REFUSED/i],
  ['timeout', /ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT|Connect Timeout/i],
  ['reset', /ECONNRESET|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|socket hang up|EPIPE|other side closed/i],
  ['tls', /CERT|SSL|TLS|self[- ]signed|unable to verify|handshake/i],
];

/**
 * The reason a failure could not reach the platform, or undefined when the platform (or
 * something in its place) did answer. A timeout counts: nothing came back in time. When the
 * system says it is offline, that is the reason, whatever the transport's words.
 */
export function unreachableReason(failure: FeishuFailure, options: { online?: boolean } = {}): UnreachableReason | undefined {
  if (failure.kind !== 'network' && failure.kind !== 'timeout') return undefined;
  if (options.online === false) return 'offline';
  if (failure.kind === 'timeout') return 'timeout';
  for (const [reason, pattern] of REASON_PATTERNS) if (pattern.test(failure.msg)) return reason;
  return 'other';
}

/** `open.feishu.cn`, `127.0.0.1:8787`: what a person checks; the base URL itself when it is not a URL. */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}
