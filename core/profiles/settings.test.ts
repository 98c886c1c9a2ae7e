import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  migrateSettings,
  newProfileInputSchema,
  normalizeBaseUrl,
  profileInputSchema,
  settingsSchema,
  storedProfileSchema,
} from './settings';

const SECRET = 'Zq8mN3vL0pR7sT2wY5xA1bC4dE6fG9hJ';
const feishuInput = { name: 'Production', domain: 'feishu', appId: 'cli_a1b2c3d4', defaultUserIdType: 'open_id' };

describe('profileInputSchema', () => {
  it('accepts a feishu profile and drops a baseUrl it does not use', () => {
    const parsed = profileInputSchema.parse({ ...feishuInput, baseUrl: 'https://ignored.example' });
    expect(parsed).toEqual({ name: 'Production', domain: 'feishu', appId: 'cli_a1b2c3d4', defaultUserIdType: 'open_id' });
  });

  it("accepts the sandbox's app_id", () => {
    expect(profileInputSchema.safeParse({ ...feishuInput, appId: 'cli_sandbox' }).success).toBe(true);
  });

  it.each([
    ['an empty name', { name: '   ' }, 'name'],
    ['a name over 80 characters', { name: 'x'.repeat(81) }, 'name'],
    ['an app_id without cli_', { appId: 'a1b2c3' }, 'appId'],
    ['an app_id with punctuation', { appId: 'cli_a1-b2' }, 'appId'],
    ['an unknown domain', { domain: 'dingtalk' }, 'domain'],
    ['an unknown user_id_type', { defaultUserIdType: 'email' }, 'defaultUserIdType'],
    ['a secret with spaces', { appSecret: 'abc def' }, 'appSecret'],
  ])('refuses %s', (_label, change, field) => {
    const parsed = profileInputSchema.safeParse({ ...feishuInput, ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toContain(field);
  });

  it('trims the name and allows 80 characters', () => {
    expect(profileInputSchema.parse({ ...feishuInput, name: `  ${'名'.repeat(80)}  ` }).name).toBe('名'.repeat(80));
  });

  it('requires an http(s) base URL for a custom domain and normalises it', () => {
    const custom = { ...feishuInput, domain: 'custom' };
    expect(profileInputSchema.safeParse(custom).error?.issues[0]?.message).toMatch(/custom domain needs an http\(s\) base URL/);
    expect(profileInputSchema.safeParse({ ...custom, baseUrl: 'ftp://files.example' }).success).toBe(false);
    expect(profileInputSchema.safeParse({ ...custom, baseUrl: 'https://user:pw@proxy.example' }).success).toBe(false);
    expect(profileInputSchema.parse({ ...custom, baseUrl: ' http://127.0.0.1:8787/ ' }).baseUrl).toBe('http://127.0.0.1:8787');
    expect(profileInputSchema.parse({ ...custom, baseUrl: 'https://Proxy.example/feishu//' }).baseUrl).toBe('https://proxy.example/feishu');
  });

  it('treats an empty app_secret as absent (keep the stored one) and refuses unknown fields', () => {
    expect(profileInputSchema.parse({ ...feishuInput, appSecret: '' })).not.toHaveProperty('appSecret');
    expect(profileInputSchema.parse({ ...feishuInput, appSecret: ` ${SECRET} ` }).appSecret).toBe(SECRET);
    expect(profileInputSchema.safeParse({ ...feishuInput, isAdmin: true }).success).toBe(false);
  });

  it('requires the secret for a new profile', () => {
    expect(newProfileInputSchema.safeParse(feishuInput).error?.issues[0]?.path).toEqual(['appSecret']);
    expect(newProfileInputSchema.safeParse({ ...feishuInput, appSecret: '' }).success).toBe(false);
    expect(newProfileInputSchema.parse({ ...feishuInput, appSecret: SECRET }).appSecret).toBe(SECRET);
  });
});

describe('profile kinds', () => {
  const base = { name: 'P', domain: 'feishu', defaultUserIdType: 'open_id' };
  const issues = (input: unknown) => {
    const parsed = newProfileInputSchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  };

  it('a store app needs at least one tenant, each key once, and keeps only its own fields', () => {
    expect(issues({ ...base, kind: 'store', appId: 'cli_s', appSecret: 'x' })).toEqual(['a store app needs at least one tenant_key']);
    expect(
      issues({
        ...base,
        kind: 'store',
        appId: 'cli_s',
        appSecret: 'x',
        tenants: [
          { key: 'k1', name: 'A' },
          { key: 'k1', name: 'B' },
        ],
      }),
    ).toEqual(['tenant_key k1 is listed twice']);
    expect(issues({ ...base, kind: 'store', appId: 'cli_s', appSecret: 'x', tenants: [{ key: 'not a key', name: 'A' }] })[0]).toMatch(
      /tenant_key looks like/,
    );
    const parsed = newProfileInputSchema.parse({
      ...base,
      kind: 'store',
      appId: 'cli_s',
      appSecret: 'x',
      tenants: [{ key: 'k1', name: 'A' }],
      pastedAs: 'user',
      signInPort: 50000,
    });
    expect(parsed).toEqual({
      ...base,
      kind: 'store',
      appId: 'cli_s',
      appSecret: 'x',
      tenants: [{ key: 'k1', name: 'A' }],
      signInPort: 50000,
    });
  });

  it('only a pasted token may go without an app_id; it asks for the token, not an app_secret', () => {
    expect(issues({ ...base, appId: '', appSecret: 'x' })).toEqual(['app_id is required: copy it from the app’s Credentials page']);
    expect(issues({ ...base, kind: 'pasted', appId: '' })).toEqual([
      'the token is required: paste the tenant_access_token or user_access_token',
    ]);
    expect(newProfileInputSchema.parse({ ...base, kind: 'pasted', appId: '', appSecret: 't-1', signInPort: 50000 })).toEqual({
      ...base,
      kind: 'pasted',
      appId: '',
      appSecret: 't-1',
      pastedAs: 'bot',
    });
    expect(issues({ ...base, appId: 'cli_a', appSecret: 'x', signInPort: 80 })).toEqual(['the sign-in port must be 1024–65535']);
  });
});

describe('settings schema', () => {
  it('accepts its own defaults', () => {
    expect(settingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });

  it('never keeps a stray key in a stored profile', () => {
    const parsed = storedProfileSchema.parse({ profileId: 'p1', ...feishuInput, appSecret: SECRET });
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });

  it('explains a bad base URL', () => {
    expect(normalizeBaseUrl('not a url')).toEqual({ ok: false, message: expect.stringContaining('"not a url" is not a URL') });
    expect(normalizeBaseUrl('https://x.example/?a=1')).toMatchObject({ ok: false, message: expect.stringContaining('query') });
  });
});

describe('migrateSettings', () => {
  const v1 = {
    profiles: [
      { id: 'prod', name: 'Production', domain: 'feishu', appId: 'cli_a1b2c3', userIdType: 'union_id' },
      { id: 'local', name: 'Local proxy', domain: 'custom', baseUrl: 'http://localhost:3000/', appId: 'cli_x9' },
    ],
    activeProfile: 'local',
  };

  it('migrates v1 to v2', () => {
    const result = migrateSettings(v1);
    expect(result.migratedFrom).toBe(1);
    expect(result.dropped).toEqual([]);
    expect(result.settings).toEqual({
      schemaVersion: 2,
      profiles: [
        { profileId: 'prod', name: 'Production', domain: 'feishu', appId: 'cli_a1b2c3', defaultUserIdType: 'union_id' },
        {
          profileId: 'local',
          name: 'Local proxy',
          domain: 'custom',
          baseUrl: 'http://localhost:3000',
          appId: 'cli_x9',
          defaultUserIdType: 'open_id',
        },
      ],
      activeProfileId: 'local',
      history: DEFAULT_SETTINGS.history,
    });
    expect(settingsSchema.safeParse(result.settings).success).toBe(true);
  });

  it('migrates v1 profiles even after a store merged the v2 defaults into the file', () => {
    const result = migrateSettings({ ...DEFAULT_SETTINGS, ...v1 });
    expect(result.migratedFrom).toBe(1);
    expect(result.settings.profiles.map((p) => p.profileId)).toEqual(['prod', 'local']);
    expect(result.settings.activeProfileId).toBe('local');
  });

  it('reads v2 as it is', () => {
    const v2 = migrateSettings(v1).settings;
    expect(migrateSettings(v2)).toEqual({ settings: v2, dropped: [] });
  });

  it('drops a secret found in settings and says so without repeating it', () => {
    const result = migrateSettings({ profiles: [{ ...v1.profiles[0], appSecret: SECRET }] });
    expect(result.settings.profiles).toHaveLength(1);
    expect(result.dropped).toEqual([expect.stringContaining('profiles[0] ("Production").appSecret: secrets are not kept with settings')]);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('drops invalid, duplicate and reserved profiles one by one and keeps the rest', () => {
    const result = migrateSettings({
      schemaVersion: 2,
      profiles: [
        { profileId: 'ok', ...feishuInput },
        { profileId: 'bad', ...feishuInput, appId: 'nope' },
        { profileId: 'ok', ...feishuInput, name: 'Twin' },
        { profileId: 'sandbox', ...feishuInput },
        'garbage',
        { profileId: 'custom', ...feishuInput, domain: 'custom' },
      ],
      activeProfileId: 'bad',
      history: { retentionDays: 7, maxEntries: -1 },
    });
    expect(result.settings.profiles.map((p) => p.profileId)).toEqual(['ok']);
    expect(result.settings.activeProfileId).toBe('sandbox');
    expect(result.settings.history).toEqual({ retentionDays: 7, maxEntries: DEFAULT_SETTINGS.history.maxEntries });
    expect(result.dropped).toEqual([
      expect.stringMatching(/^profiles\[1\] \("Production"\) dropped: appId: app_id looks like cli_/),
      expect.stringMatching(/^profiles\[2\] \("Twin"\) dropped: another profile already has the ID "ok"/),
      expect.stringMatching(/^profiles\[3\] .*reserved/),
      'profiles[4]: not a profile',
      expect.stringMatching(/^profiles\[5\] .*baseUrl: a custom domain needs an http\(s\) base URL/),
      expect.stringMatching(/^history\.maxEntries: .*default 1000 is used/),
      'activeProfileId: no such profile; the Sandbox is active',
    ]);
    expect(result.migratedFrom).toBeUndefined();
  });

  it.each([undefined, null, {}])('gives defaults without a report for an empty document (%s)', (raw) => {
    expect(migrateSettings(raw)).toEqual({ settings: DEFAULT_SETTINGS, dropped: [] });
  });

  it.each([
    ['a string', 'hello'],
    ['a number', 42],
    ['a list', [1, 2]],
    ['wrong types', { profiles: 'x', history: 'y', activeProfileId: 5, schemaVersion: 'two' }],
  ])('falls back to defaults for %s and reports it', (_label, raw) => {
    const result = migrateSettings(raw);
    expect(result.settings).toEqual(DEFAULT_SETTINGS);
    expect(result.dropped.length).toBeGreaterThan(0);
  });

  it('reads a newer document as far as it can and flags it', () => {
    const result = migrateSettings({ schemaVersion: 3, profiles: [{ profileId: 'p', ...feishuInput }], newThing: true });
    expect(result.newerSchemaVersion).toBe(3);
    expect(result.migratedFrom).toBeUndefined();
    expect(result.settings.profiles).toHaveLength(1);
  });

  it('never throws and always returns valid settings', () => {
    const profileLike = fc.record(
      {
        id: fc.oneof(fc.string(), fc.constantFrom('a', 'sandbox', 'env')),
        profileId: fc.oneof(fc.string(), fc.constantFrom('a', 'b')),
        name: fc.string(),
        domain: fc.constantFrom('feishu', 'lark', 'custom', 'x'),
        baseUrl: fc.oneof(fc.webUrl(), fc.string()),
        appId: fc.oneof(fc.constantFrom('cli_a1', 'cli_sandbox'), fc.string()),
        userIdType: fc.string(),
        defaultUserIdType: fc.constantFrom('open_id', 'user_id', 'x'),
      },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(
      fc.anything(),
      fc.record(
        {
          schemaVersion: fc.oneof(fc.constantFrom(1, 2, 3), fc.anything()),
          profiles: fc.oneof(fc.array(fc.oneof(profileLike, fc.anything())), fc.anything()),
          activeProfileId: fc.oneof(fc.constantFrom('a', 'b', 'sandbox'), fc.anything()),
          history: fc.oneof(fc.record({ retentionDays: fc.integer(), maxEntries: fc.integer() }, { requiredKeys: [] }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(doc, (raw) => {
        const { settings } = migrateSettings(raw);
        expect(settingsSchema.safeParse(settings).success).toBe(true);
        expect(migrateSettings(settings).settings).toEqual(settings);
      }),
      { numRuns: 500 },
    );
    // A property over 500 documents, not a speed test: on a shared, busy machine it needs time.
  }, 30_000);
});
