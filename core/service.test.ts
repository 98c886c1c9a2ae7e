import { describe, expect, it } from 'vitest';
import { InspectorService, maskSecret, SANDBOX_PROFILE_ID, type StoredProfile } from './service';
import { profileFromEnv } from './env-profile';
import { createSandbox, SANDBOX_APP_SECRET } from './sandbox/emulator';
import { FakeClock } from './testing/fake-clock';
import { SEED_MESSAGE_ID } from './sandbox/fixtures/messages';
import type { FetchLike } from './ports';

const REAL_SECRET = 'Zq8mN3vL0pR7sT2wY5xA1bC4dE6fG9hJ';

function serviceWith(profiles: StoredProfile[], secrets: Record<string, string>, fetch: FetchLike) {
  return new InspectorService({
    profiles: { list: async () => profiles },
    secrets: { getSecret: async (id) => secrets[id] },
    fetch,
    clock: new FakeClock(),
    host: 'desktop',
    version: '1.2.3',
  });
}

const tenant: StoredProfile = { profileId: 'prod', name: 'Production', domain: 'lark', appId: 'cli_a1b2c3', defaultUserIdType: 'union_id' };

describe('InspectorService', () => {
  it('lists the Sandbox first and never returns a secret, only its masked tail', async () => {
    const service = serviceWith([tenant], { prod: REAL_SECRET }, () => Promise.reject(new Error('offline')));
    const profiles = await service.listProfiles();
    expect(profiles.map((p) => p.profileId)).toEqual([SANDBOX_PROFILE_ID, 'prod']);
    expect(profiles[1]).toMatchObject({ baseUrl: 'https://open.larksuite.com', hasSecret: true, maskedSecret: '••••G9hJ', builtIn: false });
    const serialised = JSON.stringify(profiles);
    expect(serialised).not.toContain(REAL_SECRET);
    expect(serialised).not.toContain(SANDBOX_APP_SECRET);
  });

  it("calls the profile's domain with its default user_id_type and keeps the secret out of the result", async () => {
    const sandbox = createSandbox();
    const seen: string[] = [];
    const fetch: FetchLike = async (request) => {
      seen.push(request.url);
      // Stand in for the platform: the sandbox checks credentials of its own, so map them.
      if (request.method === 'POST') {
        return sandbox.handle(
          new Request(request.url, { method: 'POST', body: JSON.stringify({ app_id: 'cli_sandbox', app_secret: 'sandbox_secret' }) }),
        );
      }
      return sandbox.handle(request);
    };
    const service = serviceWith([tenant], { prod: REAL_SECRET }, fetch);
    const result = await service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: 'prod' });
    expect(result.ok).toBe(true);
    expect(seen[0]).toBe('https://open.larksuite.com/open-apis/auth/v3/tenant_access_token/internal');
    expect(seen[1]).toBe(`https://open.larksuite.com/open-apis/im/v1/messages/${SEED_MESSAGE_ID}?user_id_type=union_id`);
    expect(JSON.stringify(result)).not.toContain(REAL_SECRET);
  });

  it('says which profile lacks a secret instead of calling the platform', async () => {
    const service = serviceWith([tenant], {}, () => Promise.reject(new Error('must not be called')));
    await expect(service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: 'prod' })).rejects.toThrow(/"Production" has no app_secret/);
  });

  it('masks a secret as four dots and its last four characters', () => {
    expect(maskSecret('abcdefgh')).toBe('••••efgh');
    expect(maskSecret(undefined)).toBeUndefined();
  });
});

describe('profileFromEnv', () => {
  it('needs both app_id and secret, and accepts feishu, lark or a base URL', () => {
    expect(profileFromEnv({ FEISHU_APP_ID: 'cli_x' })).toBeUndefined();
    expect(profileFromEnv({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's' })?.profile.domain).toBe('feishu');
    expect(profileFromEnv({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_DOMAIN: 'lark' })?.profile.domain).toBe('lark');
    const local = profileFromEnv({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_DOMAIN: 'http://127.0.0.1:9000/' });
    expect(local?.profile).toMatchObject({ domain: 'custom', baseUrl: 'http://127.0.0.1:9000' });
    expect(() => profileFromEnv({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_DOMAIN: 'ftp://x' })).toThrow(/FEISHU_DOMAIN/);
  });
});

describe('InspectorService against the sandbox gallery', () => {
  const sandboxService = () => serviceWith([], {}, () => Promise.reject(new Error('offline')));

  it('masks a shared event share_token in the answer and in the raw exchanges', async () => {
    const result = await sandboxService().getMessage({ messageId: 'om_x100b9a11e1254a4eca1e7da40000000' });
    expect(result.ok).toBe(true);
    const serialised = JSON.stringify(result);
    expect(serialised).not.toContain('cse_9a11e5ec4e7dead0beef0ca1e7da4');
    expect(serialised).toContain('Quarterly planning');
  });

  it('returns the three forms of a card for card_msg_content_type', async () => {
    const service = sandboxService();
    const contentOf = async (cardContentType?: 'user_card_content' | 'raw_card_content') => {
      const result = await service.getMessage({ messageId: 'om_x100b9a11e17ca4d2000000000000000', cardContentType });
      return result.ok ? JSON.parse(result.response.data!.items![0]!.body!.content!) : undefined;
    };
    expect(JSON.stringify(await contentOf())).toContain('请升级至最新版本客户端');
    expect((await contentOf('user_card_content')).schema).toBe('2.0');
    expect(typeof (await contentOf('raw_card_content')).json_card).toBe('string');
  });
});
