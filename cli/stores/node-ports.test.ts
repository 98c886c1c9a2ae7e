import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeakEncryptionError } from '../../core/profiles';
import { openStores } from '../../core/app/stores';
import { FakeClock } from '../../core/testing/fake-clock';
import { reversingCipher } from '../../core/testing/memory-stores';
import { createNodeStorePorts, SESSION_ONLY_REASON } from './node-ports';
import { KEY_FILE_NAME } from './key-file-cipher';

const SECRET = 'Zq8mN3vL0pR7sT2wY5xA1bC4dE6fG9hJ';
const OTHER_SECRET = 'Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk';
const TOKEN = 't-g1044ghJ2VBQXS4ZAKJ3ZYIP3OOSPI7K5SW6XNOG';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'inspector-stores-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function allFilesText(): string {
  return readdirSync(dir)
    .map((name) => readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
}

describe('node store ports (conf)', () => {
  it('persists profiles and history across instances, keeps the secret for the session only', async () => {
    const clock = new FakeClock();
    const ports = createNodeStorePorts({ cwd: dir });
    const stores = openStores(ports, clock);
    const profile = await stores.profiles.save({
      name: 'Production',
      domain: 'feishu',
      appId: 'cli_a1b2c3',
      appSecret: SECRET,
      defaultUserIdType: 'open_id',
    });
    await stores.profiles.setActive(profile.profileId);

    const refused = await stores.secrets.setSecret(profile.profileId, SECRET, { persist: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WeakEncryptionError);
    expect((refused as Error).message).toContain(SESSION_ONLY_REASON);
    await stores.secrets.setSecret(profile.profileId, SECRET, { persist: false });
    expect(await stores.secrets.getSecret(profile.profileId)).toBe(SECRET);
    expect(await stores.secrets.status()).toMatchObject({
      scheme: 'none',
      canPersist: false,
      sessionOnly: [profile.profileId],
      reason: SESSION_ONLY_REASON,
    });

    await stores.history.add({
      messageId: 'om_1',
      profileId: profile.profileId,
      at: clock.now(),
      outcome: 'error',
      code: 99991663,
      preview: `bad ${TOKEN}`,
    });
    await stores.history.flush(); // as the CLI does before it exits

    expect(ports.files.settings).toBe(path.join(dir, 'settings.json'));
    expect(ports.files.secrets).toBe(path.join(dir, 'secrets.json'));
    expect(ports.files.history).toBe(path.join(dir, 'history.json'));
    const onDisk = allFilesText();
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain(TOKEN);
    if (process.platform !== 'win32') expect(statSync(ports.files.settings).mode & 0o077).toBe(0);

    const again = openStores(createNodeStorePorts({ cwd: dir }), clock);
    expect(await again.profiles.list()).toEqual([profile]);
    expect(await again.profiles.getActive()).toBe(profile.profileId);
    expect((await again.history.list()).entries).toEqual([
      expect.objectContaining({ messageId: 'om_1', code: 99991663, preview: 'bad «redacted»' }),
    ]);
    expect(await again.secrets.getSecret(profile.profileId)).toBeUndefined();
  });

  it('reads a file again only when it changed: by this process, another one, or in place', async () => {
    const clock = new FakeClock();
    const ports = createNodeStorePorts({ cwd: dir });
    let reads = 0;
    const settings = { ...ports.settings, get: (key: string) => (reads++, ports.settings.get(key)) };
    const stores = openStores({ ...ports, settings, cipher: reversingCipher }, clock);
    const profile = await stores.profiles.save({ name: 'Production', domain: 'feishu', appId: 'cli_a1b2c3', defaultUserIdType: 'open_id' });
    await stores.secrets.setSecret(profile.profileId, SECRET, { persist: true });
    await stores.profiles.list();
    reads = 0;
    expect(await stores.profiles.get(profile.profileId)).toMatchObject({ name: 'Production' });
    expect(reads).toBe(0);

    // Another process (the CLI beside the app) renames the profile and replaces the secret.
    const other = openStores({ ...createNodeStorePorts({ cwd: dir }), cipher: reversingCipher }, clock);
    await other.profiles.save(
      { name: 'Production EU', domain: 'feishu', appId: 'cli_a1b2c3', defaultUserIdType: 'open_id' },
      profile.profileId,
    );
    await other.secrets.setSecret(profile.profileId, OTHER_SECRET, { persist: true });
    expect(await stores.profiles.get(profile.profileId)).toMatchObject({ name: 'Production EU' });
    expect(await stores.secrets.getSecret(profile.profileId)).toBe(OTHER_SECRET);

    // A hand edit in place, keeping the size (no new file, no rename).
    const text = readFileSync(ports.files.settings, 'utf8');
    writeFileSync(ports.files.settings, text.replace('Production EU', 'Production US'));
    expect(await stores.profiles.get(profile.profileId)).toMatchObject({ name: 'Production US' });
  });

  it('reads a v1 settings file without writing it, and writes it as v2 at the first change', async () => {
    const v1 = JSON.stringify({
      profiles: [{ id: 'old', name: 'Old', domain: 'lark', appId: 'cli_old1', userIdType: 'user_id' }],
      activeProfile: 'old',
    });
    writeFileSync(path.join(dir, 'settings.json'), v1);
    const { profiles } = openStores(createNodeStorePorts({ cwd: dir }), new FakeClock());
    expect(profiles.loadReport).toEqual({ migratedFrom: 1, dropped: [] });
    expect(await profiles.list()).toEqual([
      { profileId: 'old', name: 'Old', domain: 'lark', appId: 'cli_old1', defaultUserIdType: 'user_id' },
    ]);
    expect(await profiles.getActive()).toBe('old');
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(v1);
    await profiles.setHistorySettings({ retentionDays: 7, maxEntries: 50 });
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ schemaVersion: 2, activeProfileId: 'old' });
  });

  it('a hand-edited settings.json with typos: kept byte for byte until a change, the original beside it, readable profiles kept', async () => {
    const file = path.join(dir, 'settings.json');
    const edited = `\uFEFF${JSON.stringify(
      {
        schemaVersion: 2,
        profiles: [
          { profileId: 'good', name: 'Good', domain: 'feishu', appId: 'cli_good1', defaultUserIdType: 'open_id' },
          { profileId: 'typo', name: 'Typo', domain: 'Feishu', appId: 'cli_typo1', defaultUserIdType: 'open_id' },
          { profileId: 'note', name: 'Noted', domain: 'lark', appId: 'cli_note1', defaultUserIdType: 'open_id', note: 'team B' },
          {
            profileId: 'ftp',
            name: 'Scheme',
            domain: 'custom',
            baseUrl: 'ftp://x.example',
            appId: 'cli_ftp1',
            defaultUserIdType: 'open_id',
          },
        ],
        activeProfileId: 'typo',
      },
      null,
      2,
    )}\n`;
    writeFileSync(file, edited);
    const asides = () => readdirSync(dir).filter((name) => name.startsWith('settings.json.unreadable-'));

    // A read-only run (`inspector get`): it looks up, records history and exits.
    const ports = createNodeStorePorts({ cwd: dir, now: () => 1234 });
    const stores = openStores(ports, new FakeClock());
    expect((await stores.profiles.list()).map((p) => p.name)).toEqual(['Good', 'Noted']);
    await stores.history.add({ messageId: 'om_1', profileId: 'good', at: Date.now(), outcome: 'ok' });
    await stores.history.flush();
    expect(readFileSync(file, 'utf8')).toBe(edited);
    const aside = path.join(dir, 'settings.json.unreadable-1234');
    expect(asides()).toEqual([path.basename(aside)]);
    expect(readFileSync(aside)).toEqual(readFileSync(file));
    if (process.platform !== 'win32') expect(statSync(aside).mode & 0o077).toBe(0);
    expect(stores.notices.list()).toEqual([
      {
        kind: 'entries_set_aside',
        file: 'settings',
        path: file,
        aside,
        details: [
          expect.stringContaining('profiles[1] ("Typo") dropped: domain'),
          'profiles[2] ("Noted").note: not a profile field; ignored',
          expect.stringContaining('profiles[3] ("Scheme") dropped: baseUrl'),
          'activeProfileId: no such profile; the Sandbox is active',
        ],
      },
    ]);

    // The next start finds the same file and the same copy.
    const again = openStores(createNodeStorePorts({ cwd: dir, now: () => 5678 }), new FakeClock());
    expect(again.notices.list()).toEqual([expect.objectContaining({ aside })]);
    expect(asides()).toHaveLength(1);

    // The user changes something: the file holds the profiles it could read, the copy the rest.
    await again.profiles.save({ name: 'New', domain: 'feishu', appId: 'cli_new1', defaultUserIdType: 'open_id' });
    expect((await openStores(createNodeStorePorts({ cwd: dir }), new FakeClock()).profiles.list()).map((p) => p.name)).toEqual([
      'Good',
      'Noted',
      'New',
    ]);
    expect(readFileSync(aside, 'utf8')).toBe(edited);
    expect(asides()).toHaveLength(1);
  });

  it('starts from defaults when a file is not JSON, keeping a copy of it', async () => {
    const broken = Buffer.from([...Buffer.from('{"profiles": [ "caf'), 0xe9, 0xff]);
    writeFileSync(path.join(dir, 'settings.json'), broken);
    const ports = createNodeStorePorts({ cwd: dir, now: () => 1234 });
    const aside = path.join(dir, 'settings.json.unreadable-1234');
    expect(ports.setAside).toEqual([aside]);
    expect(readFileSync(aside)).toEqual(broken);
    const { profiles, notices } = openStores(ports, new FakeClock());
    expect(notices.list()).toEqual([{ kind: 'file_unreadable', file: 'settings', path: path.join(dir, 'settings.json'), aside }]);
    expect(await profiles.list()).toEqual([]);
    expect(readFileSync(path.join(dir, 'settings.json'))).toEqual(broken);
    // Opened again before anything changed: the same copy, no second one.
    expect(createNodeStorePorts({ cwd: dir, now: () => 5678 }).setAside).toEqual([aside]);
    await profiles.save({ name: 'New', domain: 'feishu', appId: 'cli_new', defaultUserIdType: 'open_id' });
    expect(await openStores(createNodeStorePorts({ cwd: dir }), new FakeClock()).profiles.list()).toHaveLength(1);
    expect(readdirSync(dir).filter((name) => name.includes('unreadable'))).toEqual(['settings.json.unreadable-1234']);
  });

  it('opening the stores writes no file', () => {
    const stores = openStores(createNodeStorePorts({ cwd: dir }), new FakeClock());
    expect(stores.notices.list()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the command line key file (key-file-cipher.ts)', () => {
  it('keeps a credential encrypted for the next process, with a key only the user can read', async () => {
    const first = openStores(createNodeStorePorts({ cwd: dir, secrets: 'key-file' }), new FakeClock());
    expect(await first.secrets.setCredential('work', 'user', TOKEN, { persist: true, fallBackToSession: true })).toEqual({
      persisted: true,
    });
    expect(allFilesText()).not.toContain(TOKEN);
    const keyFile = path.join(dir, KEY_FILE_NAME);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const next = openStores(createNodeStorePorts({ cwd: dir, secrets: 'key-file' }), new FakeClock());
    expect(await next.secrets.getCredential('work', 'user')).toBe(TOKEN);
    // Browser mode keeps its secrets for the session: it does not read the command line's.
    const browser = openStores(createNodeStorePorts({ cwd: dir }), new FakeClock());
    expect(await browser.secrets.getCredential('work', 'user')).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')('refuses a key file that other accounts can read, and says how to fix it', async () => {
    const stores = openStores(createNodeStorePorts({ cwd: dir, secrets: 'key-file' }), new FakeClock());
    await stores.secrets.setCredential('work', 'ticket', 'ticket-1', { persist: true });
    chmodSync(path.join(dir, KEY_FILE_NAME), 0o644);
    const again = openStores(createNodeStorePorts({ cwd: dir, secrets: 'key-file' }), new FakeClock());
    expect(await again.secrets.status()).toMatchObject({ canPersist: false, reason: expect.stringContaining('chmod 600') });
    expect(await again.secrets.getCredential('work', 'ticket')).toBeUndefined();
    // A sign-in then lasts for the command only: nothing is written with a key others can read.
    expect(await again.secrets.setCredential('work', 'user', TOKEN, { persist: true, fallBackToSession: true })).toEqual({
      persisted: false,
    });
  });
});
