import { describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../../core/api/contract';
import type { FeishuFailure } from '../../../core/feishu/types';
import { unreachableState, unreachableSummary } from './unreachable';

const profile = (overrides: Partial<ProfileSummary>): ProfileSummary => ({
  profileId: 'p1',
  name: 'Production',
  domain: 'feishu',
  baseUrl: 'https://open.feishu.cn',
  appId: 'cli_a1b2c3',
  defaultUserIdType: 'open_id',
  builtIn: false,
  fromEnvironment: false,
  hasSecret: true,
  ...overrides,
});
const feishu = profile({});
const lark = profile({ name: 'Global', domain: 'lark', baseUrl: 'https://open.larksuite.com' });
const custom = profile({ name: 'Proxy', domain: 'custom', baseUrl: 'http://127.0.0.1:8787/feishu' });
const sandbox = profile({
  profileId: 'sandbox',
  name: 'Sandbox',
  domain: 'custom',
  baseUrl: 'https://sandbox.inspector.invalid',
  builtIn: true,
});

const dns = (host: string): FeishuFailure => ({ kind: 'network', stage: 'token', msg: `fetch failed: getaddrinfo ENOTFOUND ${host}` });

describe('the cannot-reach state', () => {
  it('names the host of the active profile, whichever platform it is on', () => {
    expect(unreachableState(dns('open.feishu.cn'), feishu)).toMatchObject({ host: 'open.feishu.cn', platform: 'feishu', reason: 'dns' });
    expect(unreachableState(dns('open.larksuite.com'), lark)).toMatchObject({ host: 'open.larksuite.com', platform: 'lark' });
    expect(unreachableState(dns('127.0.0.1'), custom)).toMatchObject({
      host: '127.0.0.1:8787',
      baseUrl: 'http://127.0.0.1:8787/feishu',
      platform: 'custom',
      profileName: 'Proxy',
    });
  });

  it('falls back to the host of the request when the profile is not known', () => {
    const state = unreachableState(dns('open.larksuite.com'), undefined, {
      requestUrl: 'https://open.larksuite.com/open-apis/auth/v3/tenant_access_token/internal',
    });
    expect(state?.host).toBe('open.larksuite.com');
  });

  it('suggests the other platform: Feishu profiles may belong on Lark and the other way round', () => {
    expect(unreachableState(dns('open.feishu.cn'), feishu)?.steps).toEqual(['network', 'dns', 'feishu', 'firewall']);
    expect(unreachableState(dns('open.larksuite.com'), lark)?.steps).toEqual(['network', 'dns', 'lark', 'firewall']);
  });

  it('puts a typo in a custom base URL first when the failure has no known cause', () => {
    const badPort: FeishuFailure = { kind: 'network', stage: 'token', msg: 'fetch failed: bad port' };
    expect(unreachableState(badPort, custom)?.steps).toEqual(['custom', 'network', 'firewall']);
    const refused: FeishuFailure = { kind: 'network', stage: 'token', msg: 'connect ECONNREFUSED 127.0.0.1:8787' };
    expect(unreachableState(refused, custom)?.steps).toEqual(['network', 'custom', 'firewall']);
  });

  it('leads with the certificate for TLS, with the proxy for a proxy, and asks no firewall question there', () => {
    const tls: FeishuFailure = { kind: 'network', stage: 'message', msg: 'net::ERR_CERT_AUTHORITY_INVALID' };
    expect(unreachableState(tls, feishu)?.steps).toEqual(['tls', 'network', 'feishu']);
    const proxy: FeishuFailure = { kind: 'network', stage: 'message', msg: 'net::ERR_PROXY_CONNECTION_FAILED' };
    expect(unreachableState(proxy, lark)?.steps).toEqual(['proxy', 'network', 'lark']);
  });

  it('says only "reconnect" when the system is offline', () => {
    expect(unreachableState(dns('open.feishu.cn'), feishu, { online: false })).toMatchObject({ reason: 'offline', steps: ['offline'] });
  });

  it('offers no platform switch for the sandbox, whose failures are simulated', () => {
    const state = unreachableState({ kind: 'network', stage: 'message', msg: 'connect ECONNRESET (sandbox fault)' }, sandbox);
    expect(state).toMatchObject({ platform: 'sandbox', host: 'sandbox.inspector.invalid', reason: 'reset' });
    expect(state?.steps).toEqual(['network', 'proxy', 'firewall']);
  });

  it('does not blame the network for the sandbox, whose failures use none, even offline', () => {
    const state = unreachableState({ kind: 'network', stage: 'message', msg: 'connect ECONNRESET (sandbox fault)' }, sandbox, {
      online: false,
    });
    expect(state).toMatchObject({ platform: 'sandbox', reason: 'reset' });
    expect(state?.steps).not.toContain('offline');
  });

  it('is not shown when the platform answered', () => {
    expect(unreachableState({ kind: 'api', stage: 'message', code: 230002, msg: 'Bot/User can NOT be out of the chat.' }, feishu)).toBe(
      undefined,
    );
    expect(unreachableState({ kind: 'http', stage: 'message', msg: 'HTTP 502', httpStatus: 502 }, feishu, { online: false })).toBe(
      undefined,
    );
  });
});

describe('a batch that could not reach the platform', () => {
  it('says so once, counting only the rows that got no answer', () => {
    const rows = [
      { failure: dns('open.larksuite.com') },
      undefined,
      { failure: { kind: 'api', stage: 'message', code: 230002, msg: 'Bot/User can NOT be out of the chat.' } as FeishuFailure },
      {},
      ...Array.from({ length: 1000 }, () => ({ failure: { kind: 'timeout', stage: 'message', msg: 'no answer' } as FeishuFailure })),
    ];
    expect(unreachableSummary(rows, lark)).toEqual({ count: 1001, host: 'open.larksuite.com' });
  });

  it('says nothing when every failure was an answer', () => {
    expect(unreachableSummary([{ failure: { kind: 'http', stage: 'message', msg: 'HTTP 503', httpStatus: 503 } }], feishu)).toBe(undefined);
  });
});
