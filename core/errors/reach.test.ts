import { describe, expect, it } from 'vitest';
import type { FeishuFailure } from '../feishu/types';
import { hostOf, unreachableReason } from './reach';

const network = (msg: string): FeishuFailure => ({ kind: 'network', stage: 'message', msg });

describe('unreachableReason', () => {
  it.each([
    // Node's fetch, as describeNetworkError words it (browser mode and the CLI).
    ['fetch failed: getaddrinfo ENOTFOUND open.feishu.cn', 'dns'],
    ['fetch failed: getaddrinfo EAI_AGAIN open.larksuite.com', 'dns'],
    ['fetch failed: connect ECONNREFUSED 127.0.0.1:8787', 'refused'],
    ['fetch failed: connect ECONNRESET (sandbox fault)', 'reset'],
    ['fetch failed: other side closed', 'reset'],
    ['fetch failed: self-signed certificate in certificate chain', 'tls'],
    ['fetch failed: unable to verify the first certificate', 'tls'],
    ['fetch failed: Client network socket disconnected before secure TLS connection was established', 'tls'],
    ['fetch failed: Connect Timeout Error (attempted address: open.feishu.cn:443, timeout: 10000ms)', 'timeout'],
    ['fetch failed: connect ENETUNREACH 2001:db8::1:443', 'offline'],
    // Electron's net.fetch.
    ['net::ERR_NAME_NOT_RESOLVED', 'dns'],
    ['net::ERR_CONNECTION_REFUSED', 'refused'],
    ['net::ERR_CONNECTION_RESET', 'reset'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls'],
    ['net::ERR_INTERNET_DISCONNECTED', 'offline'],
    ['net::ERR_PROXY_CONNECTION_FAILED', 'proxy'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'timeout'],
    // A custom base URL with a typo in it fails before any connection.
    ['fetch failed: bad port', 'other'],
    ['Failed to parse URL from htps//open.example.com/open-apis/auth/v3/tenant_access_token/internal', 'other'],
  ] as const)('%s → %s', (msg, reason) => {
    expect(unreachableReason(network(msg))).toBe(reason);
  });

  it('counts a timeout as unreachable: nothing came back', () => {
    expect(unreachableReason({ kind: 'timeout', stage: 'token', msg: 'no answer within 20000 ms' })).toBe('timeout');
  });

  it('says offline when the system does, whatever the transport says', () => {
    expect(unreachableReason(network('fetch failed: getaddrinfo ENOTFOUND open.feishu.cn'), { online: false })).toBe('offline');
    expect(unreachableReason({ kind: 'timeout', stage: 'message', msg: 'no answer' }, { online: false })).toBe('offline');
  });

  it('leaves every failure that got an answer to the error panel', () => {
    for (const kind of ['api', 'http', 'not_json', 'truncated_json'] as const) {
      expect(unreachableReason({ kind, stage: 'message', msg: 'ECONNREFUSED in a body', httpStatus: 502 }), kind).toBeUndefined();
      expect(unreachableReason({ kind, stage: 'message', msg: 'x' }, { online: false }), kind).toBeUndefined();
    }
  });
});

describe('hostOf', () => {
  it('names the host a person checks, with a port when there is one', () => {
    expect(hostOf('https://open.feishu.cn')).toBe('open.feishu.cn');
    expect(hostOf('https://open.larksuite.com')).toBe('open.larksuite.com');
    expect(hostOf('http://127.0.0.1:8787/feishu')).toBe('127.0.0.1:8787');
    expect(hostOf('open.example.com')).toBe('open.example.com');
  });
});
