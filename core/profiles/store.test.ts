import { describe, expect, it } from 'vitest';
import { BuiltInProfileError, ProfileImportError, ProfileNotFoundError, ProfileValidationError, SettingsTooNewError } from './errors';
import { DEFAULT_SETTINGS } from './settings';
import { PROFILES_EXPORT_FORMAT, ProfileStore } from './store';
import { MemoryKeyValueStore, tolerantJson } from '../storage/port';

const SECRET = 'Zq8mN3vL0pR7sT2wY5xA1bC4dE6fG9hJ';
const prod = { name: 'Production', domain: 'feishu', appId: 'cli_a1b2c3d4', appSecret: SECRET, defaultUserIdType: 'open_id' };
const lark = { name: 'Lark staging', domain: 'lark', appId: 'cli_9f8e7d', defaultUserIdType: 'union_id' };

function storeWith(initial: Record<string, unknown> = {}) {
  const kv = new MemoryKeyValueStore(initial);
  let n = 0;
  const profiles = new ProfileStore({ store: kv, newId: () => `p${++n}` });
  return { kv, profiles };
}

describe('ProfileStore', () => {
  it('starts empty with the Sandbox active, writing nothing until something changes', async () => {
    const { kv, profiles } = storeWith();
    expect(await profiles.list()).toEqual([]);
    expect(await profiles.getActive()).toBe('sandbox');
    expect(profiles.loadReport).toEqual({ dropped: [] });
    expect(kv.text()).toBe('{}');
    await profiles.save(lark);
    expect(kv.get('schemaVersion')).toBe(2);
    expect(kv.get('history')).toEqual(DEFAULT_SETTINGS.history);
  });

  it('creates, reads and edits a profile, and never stores the secret', async () => {
    const { kv, profiles } = storeWith();
    const created = await profiles.save(prod);
    expect(created).toEqual({ profileId: 'p1', name: 'Production', domain: 'feishu', appId: 'cli_a1b2c3d4', defaultUserIdType: 'open_id' });
    expect(await profiles.get('p1')).toEqual(created);
    const edited = await profiles.save({ ...lark, domain: 'custom', baseUrl: 'http://127.0.0.1:8787/' }, 'p1');
    expect(edited).toEqual({
      profileId: 'p1',
      name: 'Lark staging',
      domain: 'custom',
      baseUrl: 'http://127.0.0.1:8787',
      appId: 'cli_9f8e7d',
      defaultUserIdType: 'union_id',
    });
    expect(await profiles.list()).toEqual([edited]);
    expect(kv.text()).not.toContain(SECRET);
  });

  it('keeps what it saved across instances over the same store', async () => {
    const { kv, profiles } = storeWith();
    await profiles.save(prod);
    await profiles.setActive('p1');
    const again = new ProfileStore({ store: kv });
    expect((await again.list()).map((p) => p.name)).toEqual(['Production']);
    expect(await again.getActive()).toBe('p1');
  });

  it('sees what another instance wrote since its last read (another window, the CLI)', async () => {
    const { kv, profiles } = storeWith();
    await profiles.save(prod);
    expect((await profiles.list()).map((p) => p.name)).toEqual(['Production']);
    const other = new ProfileStore({ store: kv, newId: () => 'p9' });
    await other.save(lark);
    await other.setActive('p9');
    expect((await profiles.list()).map((p) => p.name)).toEqual(['Production', 'Lark staging']);
    expect(await profiles.getActive()).toBe('p9');
  });

  it('does not read the store again while its revision stands still', async () => {
    const { kv } = storeWith();
    let reads = 0;
    const counted = {
      get: (key: string) => (reads++, kv.get(key)),
      set: (key: string, value: unknown) => kv.set(key, value),
      revision: () => kv.revision(),
    };
    const profiles = new ProfileStore({ store: counted, newId: () => 'p1' });
    await profiles.save(prod);
    await profiles.list();
    reads = 0;
    for (let i = 0; i < 3; i += 1) expect(await profiles.get('p1')).toMatchObject({ name: 'Production' });
    expect(reads).toBe(0);
    await new ProfileStore({ store: kv, newId: () => 'p2' }).save(lark);
    expect((await profiles.list()).map((p) => p.name)).toEqual(['Production', 'Lark staging']);
    expect(reads).toBeGreaterThan(0);
  });

  it('hands out reads that cannot be edited by mistake, and its own edits still land', async () => {
    const { profiles } = storeWith();
    await profiles.save(prod);
    const listed = await profiles.list();
    expect(() => ((listed[0] as { name: string }).name = 'changed')).toThrow(TypeError);
    await profiles.save({ ...prod, name: 'Renamed' }, 'p1');
    expect((await profiles.list()).map((p) => p.name)).toEqual(['Renamed']);
  });

  it('refuses invalid input with every problem listed', async () => {
    const { profiles } = storeWith();
    const error = await profiles.save({ ...prod, name: '', appId: 'app1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileValidationError);
    expect((error as ProfileValidationError).issues).toEqual([
      expect.stringMatching(/^name:/),
      expect.stringMatching(/^appId: app_id looks like cli_/),
    ]);
    expect(await profiles.list()).toEqual([]);
  });

  it('will not edit, delete or duplicate the built-in profiles, and says why', async () => {
    const { profiles } = storeWith();
    await expect(profiles.save(lark, 'sandbox')).rejects.toThrow(
      new BuiltInProfileError('sandbox', 'The built-in Sandbox profiles cannot be edited.'),
    );
    await expect(profiles.delete('sandbox')).rejects.toThrow('The built-in Sandbox profiles cannot be deleted.');
    await expect(profiles.duplicate('sandbox')).rejects.toThrow('The built-in Sandbox profiles cannot be duplicated.');
    await expect(profiles.delete('env')).rejects.toThrow(/comes from FEISHU_APP_ID/);
    await expect(profiles.delete('sandbox')).rejects.toBeInstanceOf(BuiltInProfileError);
  });

  it('reports a missing profile', async () => {
    const { profiles } = storeWith();
    await expect(profiles.save(lark, 'nope')).rejects.toBeInstanceOf(ProfileNotFoundError);
    await expect(profiles.delete('nope')).rejects.toBeInstanceOf(ProfileNotFoundError);
    await expect(profiles.duplicate('nope')).rejects.toBeInstanceOf(ProfileNotFoundError);
    await expect(profiles.setActive('nope')).rejects.toBeInstanceOf(ProfileNotFoundError);
    expect(await profiles.get('nope')).toBeUndefined();
  });

  it('deletes a profile and falls back to the Sandbox when it was active', async () => {
    const { profiles } = storeWith();
    await profiles.save(prod);
    await profiles.save(lark);
    await profiles.setActive('p1');
    await profiles.delete('p1');
    expect((await profiles.list()).map((p) => p.profileId)).toEqual(['p2']);
    expect(await profiles.getActive()).toBe('sandbox');
  });

  it('duplicates under a new ID and a free name, right after the original', async () => {
    const { profiles } = storeWith();
    await profiles.save(prod);
    await profiles.save(lark);
    const copy = await profiles.duplicate('p1');
    const copy2 = await profiles.duplicate('p1');
    expect(copy).toMatchObject({ profileId: 'p3', name: 'Production (copy)', appId: 'cli_a1b2c3d4' });
    expect(copy2.name).toBe('Production (copy 2)');
    expect((await profiles.list()).map((p) => p.profileId)).toEqual(['p1', 'p4', 'p3', 'p2']);
  });

  it('keeps a duplicated long name within 80 characters', async () => {
    const { profiles } = storeWith();
    await profiles.save({ ...prod, name: '名'.repeat(80) });
    const copy = await profiles.duplicate('p1');
    expect(Array.from(copy.name)).toHaveLength(80);
    expect(copy.name.endsWith(' (copy)')).toBe(true);
  });

  it('lets the Sandbox, the environment profile or a saved one be active', async () => {
    const { profiles } = storeWith();
    await profiles.save(prod);
    await profiles.setActive('p1');
    expect(await profiles.getActive()).toBe('p1');
    await profiles.setActive('env');
    expect(await profiles.getActive()).toBe('env');
    await profiles.setActive('sandbox');
    expect(await profiles.getActive()).toBe('sandbox');
  });

  it('reads and validates the history limits', async () => {
    const { profiles } = storeWith();
    expect(await profiles.getHistorySettings()).toEqual(DEFAULT_SETTINGS.history);
    await profiles.setHistorySettings({ retentionDays: 7, maxEntries: 50 });
    expect(await profiles.getHistorySettings()).toEqual({ retentionDays: 7, maxEntries: 50 });
    await expect(profiles.setHistorySettings({ retentionDays: 0, maxEntries: 50 })).rejects.toThrow(/retentionDays/);
  });

  it("reads a v1 document in today's shape without writing it, and writes all of it at the first change", async () => {
    const v1 = { profiles: [{ id: 'old', name: 'Old', domain: 'lark', appId: 'cli_old1' }], activeProfile: 'old' };
    const kv = new MemoryKeyValueStore(v1);
    const before = kv.text();
    const profiles = new ProfileStore({ store: kv });
    expect(profiles.loadReport).toEqual({ migratedFrom: 1, dropped: [] });
    expect(await profiles.list()).toEqual([
      { profileId: 'old', name: 'Old', domain: 'lark', appId: 'cli_old1', defaultUserIdType: 'open_id' },
    ]);
    expect(await profiles.getActive()).toBe('old');
    expect(kv.text()).toBe(before);
    // A change of one key writes the whole document in today's shape, so v1's choice of active profile does not win over it.
    await profiles.setActive('sandbox');
    expect(kv.get('schemaVersion')).toBe(2);
    expect(kv.get('profiles')).toEqual([
      { profileId: 'old', name: 'Old', domain: 'lark', appId: 'cli_old1', defaultUserIdType: 'open_id' },
    ]);
    const reopened = new ProfileStore({ store: kv });
    expect(reopened.loadReport).toEqual({ dropped: [] });
    expect(await reopened.getActive()).toBe('sandbox');
    expect(kv.preserved).toEqual([]);
  });

  it('keeps every profile of a hand edit it can read, copies the original aside, says what it set aside, and writes nothing until a change', async () => {
    const good = { profileId: 'good', name: 'Good', domain: 'feishu', appId: 'cli_good1', defaultUserIdType: 'open_id' };
    const kv = new MemoryKeyValueStore({
      schemaVersion: 2,
      profiles: [
        good,
        { profileId: 'typo', name: 'Typo', domain: 'Feishu', appId: 'cli_typo1', defaultUserIdType: 'open_id' },
        { profileId: 'note', name: 'Noted', domain: 'lark', appId: 'cli_note1', defaultUserIdType: 'user_id', note: 'team B' },
        {
          profileId: 'ftp',
          name: 'Scheme',
          domain: 'custom',
          baseUrl: 'ftp://files.example',
          appId: 'cli_ftp1',
          defaultUserIdType: 'open_id',
        },
      ],
      activeProfileId: 'typo',
      history: { retentionDays: 7, maxEntries: 100 },
      theme: 'dark',
    });
    const original = kv.text();
    const profiles = new ProfileStore({ store: kv, newId: () => 'p1' });

    expect((await profiles.list()).map((p) => p.profileId)).toEqual(['good', 'note']);
    expect(await profiles.get('note')).not.toHaveProperty('note');
    expect(await profiles.getActive()).toBe('sandbox');
    expect(await profiles.getHistorySettings()).toEqual({ retentionDays: 7, maxEntries: 100 });
    expect(kv.text()).toBe(original);
    expect(kv.preserved).toEqual([original]);
    expect(profiles.notices.list()).toEqual([
      {
        kind: 'entries_set_aside',
        file: 'settings',
        aside: 'memory:aside-1',
        details: [
          expect.stringMatching(/^profiles\[1\] \("Typo"\) dropped: domain: domain must be feishu, lark or custom/),
          'profiles[2] ("Noted").note: not a profile field; ignored',
          expect.stringMatching(/^profiles\[3\] \("Scheme"\) dropped: baseUrl: .*ftp: is not http or https/),
          'activeProfileId: no such profile; the Sandbox is active',
        ],
      },
    ]);
    // Opened again (the next start): the same copy, not another one.
    expect(new ProfileStore({ store: kv }).notices.list()[0]).toMatchObject({ aside: 'memory:aside-1' });
    expect(kv.preserved).toHaveLength(1);

    // The first change writes the profiles it could read; the copy keeps the rest.
    await profiles.save(lark);
    expect((kv.get('profiles') as { profileId: string }[]).map((p) => p.profileId)).toEqual(['good', 'note', 'p1']);
    expect(kv.get('activeProfileId')).toBe('sandbox');
    expect(kv.get('theme')).toBe('dark');
    expect(kv.preserved).toEqual([original]);
    expect(kv.preserved[0]).toContain('"domain":"Feishu"');
    const reopened = new ProfileStore({ store: kv });
    expect(reopened.notices.list()).toEqual([]);
  });

  it('copies the file aside again when it was edited badly after it was opened, before a change writes over it', async () => {
    const kv = new MemoryKeyValueStore();
    const profiles = new ProfileStore({ store: kv, newId: () => 'p1' });
    expect(kv.preserved).toEqual([]);
    kv.set('profiles', [{ profileId: 'late', name: 'Late', domain: 'Lark', appId: 'cli_late1', defaultUserIdType: 'open_id' }]);
    const edited = kv.text();
    await profiles.save(lark);
    expect(kv.preserved).toEqual([edited]);
    expect(profiles.notices.list()).toEqual([expect.objectContaining({ kind: 'entries_set_aside', aside: 'memory:aside-1' })]);
  });

  it('reads a document from a newer version but refuses to overwrite it', async () => {
    const kv = new MemoryKeyValueStore({
      schemaVersion: 3,
      profiles: [{ profileId: 'p', name: 'P', domain: 'feishu', appId: 'cli_p', defaultUserIdType: 'open_id' }],
    });
    const profiles = new ProfileStore({ store: kv });
    expect(profiles.loadReport.newerSchemaVersion).toBe(3);
    expect(await profiles.list()).toHaveLength(1);
    await expect(profiles.save(lark)).rejects.toBeInstanceOf(SettingsTooNewError);
    expect(kv.get('schemaVersion')).toBe(3);
  });

  describe('export and import', () => {
    it('exports JSON without secrets or IDs, and imports it under fresh IDs', async () => {
      const { kv, profiles } = storeWith();
      await profiles.save(prod);
      await profiles.save({ ...lark, domain: 'custom', baseUrl: 'https://proxy.example/feishu' });
      const text = await profiles.exportProfiles();
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/secret|token|profileId/i);
      expect(JSON.parse(text)).toEqual({
        format: PROFILES_EXPORT_FORMAT,
        version: 1,
        profiles: [
          { name: 'Production', domain: 'feishu', appId: 'cli_a1b2c3d4', defaultUserIdType: 'open_id' },
          {
            name: 'Lark staging',
            domain: 'custom',
            baseUrl: 'https://proxy.example/feishu',
            appId: 'cli_9f8e7d',
            defaultUserIdType: 'union_id',
          },
        ],
      });
      expect(JSON.parse(await profiles.exportProfiles(['p2'])).profiles).toHaveLength(1);
      await expect(profiles.exportProfiles(['nope'])).rejects.toBeInstanceOf(ProfileNotFoundError);

      const result = await profiles.importProfiles(text);
      expect(result.imported.map((p) => p.profileId)).toEqual(['p3', 'p4']);
      expect(result.ignoredSecretFields).toEqual([]);
      expect((await profiles.list()).map((p) => p.name)).toEqual(['Production', 'Lark staging', 'Production', 'Lark staging']);
      expect(kv.text()).not.toContain(SECRET);
    });

    it('does not store the secrets of a file that carries them, and names the fields', async () => {
      const { kv, profiles } = storeWith();
      const file = JSON.stringify({
        format: PROFILES_EXPORT_FORMAT,
        profiles: [
          {
            profileId: 'sandbox',
            name: 'A',
            domain: 'feishu',
            appId: 'cli_a1',
            appSecret: SECRET,
            extra: { tenant_access_token: 't-abc' },
          },
          { id: 'x', name: 'B', domain: 'lark', appId: 'cli_b2', app_secret: SECRET, userIdType: 'user_id', password: SECRET },
        ],
        token: SECRET,
      });
      const result = await profiles.importProfiles(file);
      expect(result.ignoredSecretFields).toEqual([
        'profiles[0].appSecret',
        'profiles[0].extra.tenant_access_token',
        'profiles[1].app_secret',
        'profiles[1].password',
        'token',
      ]);
      expect(result.imported).toEqual([
        { profileId: 'p1', name: 'A', domain: 'feishu', appId: 'cli_a1', defaultUserIdType: 'open_id' },
        { profileId: 'p2', name: 'B', domain: 'lark', appId: 'cli_b2', defaultUserIdType: 'user_id' },
      ]);
      expect(kv.text()).not.toContain(SECRET);
      expect(kv.text()).not.toContain('t-abc');
    });

    it('does not quote a broken file back: the text around the fault can be a secret', async () => {
      const { profiles } = storeWith();
      const error = await profiles.importProfiles('{"profiles":[{"appSecret":S3CRETabcdefgh}]}').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProfileImportError);
      expect(JSON.stringify({ message: (error as Error).message, issues: (error as ProfileImportError).issues })).not.toContain('S3CRET');
    });

    it('imports nothing when any profile is invalid, and lists every problem', async () => {
      const { profiles } = storeWith();
      const file = JSON.stringify({
        profiles: [{ name: 'Good', domain: 'feishu', appId: 'cli_ok' }, { name: 'Bad', domain: 'feishu', appId: 'x' }, 7],
      });
      const error = await profiles.importProfiles(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProfileImportError);
      expect((error as ProfileImportError).issues).toEqual([
        expect.stringMatching(/^profiles\[1\] \("Bad"\)\.appId: app_id looks like cli_/),
        'profiles[2]: not a profile',
      ]);
      expect(await profiles.list()).toEqual([]);
    });

    it.each([
      ['text that is not JSON', 'profiles: yes', /not JSON/],
      ['another format', JSON.stringify({ format: 'postman', profiles: [] }), /not a profiles export/],
      ['a newer export', JSON.stringify({ format: PROFILES_EXPORT_FORMAT, version: 9, profiles: [] }), /newer version/],
      ['no profiles', JSON.stringify({ profiles: [] }), /no profiles/],
      ['a wrong shape', JSON.stringify({ items: [] }), /expected \{"profiles"/],
      ['a huge file', ' '.repeat(1_000_001), /larger than 1 MB/],
    ])('refuses %s clearly', async (_label, text, message) => {
      const { profiles } = storeWith();
      await expect(profiles.importProfiles(text)).rejects.toThrow(message);
    });

    it('accepts a bare list of profiles', async () => {
      const { profiles } = storeWith();
      const { imported } = await profiles.importProfiles(JSON.stringify([{ name: 'Bare', domain: 'feishu', appId: 'cli_bare' }]));
      expect(imported).toHaveLength(1);
    });
  });
});

describe('tolerantJson', () => {
  it('reads a JSON object and keeps unreadable text aside once', () => {
    const json = tolerantJson();
    expect(json.deserialize('{"a":1}')).toEqual({ a: 1 });
    expect(json.takeUnreadable()).toBeUndefined();
    expect(json.deserialize('{"a":')).toEqual({});
    expect(json.deserialize('[1]')).toEqual({});
    expect(json.takeUnreadable()).toBe('[1]');
    expect(json.takeUnreadable()).toBeUndefined();
  });
});
