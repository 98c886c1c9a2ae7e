import { describe, expect, it } from 'vitest';
import { BuiltInProfileError, WeakEncryptionError } from './errors';
import { StoreInputError } from '../storage/errors';
import { SecretStore, type CipherAvailability, type CipherPort } from './secrets';
import { MemoryKeyValueStore } from '../storage/port';

const SECRET = 'Zq8mN3vL0pR7sT2wY5xA1bC4dE6fG9hJ';
const OTHER = 'Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk';

/** Reverses and base64-encodes: enough to show that what is stored is not the plain text. */
class FakeCipher implements CipherPort {
  readonly scheme = 'fake-v1';
  availability: CipherAvailability = { ok: true, backend: 'fake_keyring', weak: false };
  decryptCalls = 0;
  failDecrypt = false;

  async available() {
    return this.availability;
  }

  async encrypt(plain: string) {
    return btoa(String.fromCharCode(...new TextEncoder().encode([...plain].reverse().join(''))));
  }

  async decrypt(base64: string) {
    this.decryptCalls++;
    if (this.failDecrypt) throw new Error('key was rotated');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return [...new TextDecoder().decode(bytes)].reverse().join('');
  }
}

function setUp(availability?: CipherAvailability) {
  const kv = new MemoryKeyValueStore();
  const cipher = new FakeCipher();
  if (availability) cipher.availability = availability;
  return { kv, cipher, secrets: new SecretStore({ store: kv, cipher }) };
}

describe('SecretStore', () => {
  it('round-trips a secret through the cipher and stores only tagged ciphertext', async () => {
    const { kv, cipher, secrets } = setUp();
    expect(await secrets.setSecret('p1', SECRET, { persist: true })).toEqual({ persisted: true });
    expect(kv.text()).not.toContain(SECRET);
    expect(kv.get('secrets')).toEqual({ p1: expect.stringMatching(/^fake-v1:[A-Za-z0-9+/]+=*$/) });
    expect(await secrets.getSecret('p1')).toBe(SECRET);
    expect(await secrets.hasSecret('p1')).toBe(true);

    const reopened = new SecretStore({ store: kv, cipher });
    expect(await reopened.getSecret('p1')).toBe(SECRET);
    expect(await reopened.status()).toMatchObject({
      stored: ['p1'],
      sessionOnly: [],
      problems: [],
      canPersist: true,
      backend: 'fake_keyring',
    });
  });

  it('decrypts a stored secret once, then answers from memory', async () => {
    const { kv, cipher } = setUp();
    await new SecretStore({ store: kv, cipher }).setSecret('p1', SECRET, { persist: true });
    const secrets = new SecretStore({ store: kv, cipher });
    cipher.decryptCalls = 0;
    await secrets.getSecret('p1');
    await secrets.getSecret('p1');
    expect(cipher.decryptCalls).toBe(1);
  });

  it('reads the store again only when its revision moved, and then sees what another instance wrote', async () => {
    const { kv, cipher } = setUp();
    let reads = 0;
    const counted = {
      get: (key: string) => (reads++, kv.get(key)),
      set: (key: string, value: unknown) => kv.set(key, value),
      revision: () => kv.revision(),
    };
    const secrets = new SecretStore({ store: counted, cipher });
    await secrets.setSecret('p1', SECRET, { persist: true });
    expect(await secrets.getSecret('p1')).toBe(SECRET);
    reads = 0;
    expect(await secrets.getSecret('p1')).toBe(SECRET);
    expect(await secrets.hasSecret('p1')).toBe(true);
    expect(reads).toBe(0);
    await new SecretStore({ store: kv, cipher }).setSecret('p1', OTHER, { persist: true });
    expect(await secrets.getSecret('p1')).toBe(OTHER);
    expect(reads).toBe(1);
    await new SecretStore({ store: kv, cipher }).deleteSecret('p1');
    expect(await secrets.getSecret('p1')).toBeUndefined();
  });

  it.each<[string, CipherAvailability]>([
    ['weak (basic_text)', { ok: true, backend: 'basic_text', weak: true, reason: 'no system keyring was found' }],
    ['unavailable', { ok: false, weak: true }],
  ])('refuses to persist when the encryption is %s, and stores nothing', async (_label, availability) => {
    const { kv, secrets } = setUp(availability);
    const error = await secrets.setSecret('p1', SECRET, { persist: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeakEncryptionError);
    expect((error as WeakEncryptionError).message).toMatch(/^The app_secret was not saved: .+ Keep it for this session only/);
    expect((error as WeakEncryptionError).message).not.toContain(SECRET);
    expect(await secrets.getSecret('p1')).toBeUndefined();
    expect(kv.get('secrets')).toBeUndefined();
    expect(await secrets.status()).toMatchObject({ canPersist: false, weak: true, available: availability.ok });
  });

  it('keeps a session-only secret in memory, gone with a new instance', async () => {
    const { kv, cipher, secrets } = setUp({ ok: true, backend: 'basic_text', weak: true, reason: 'no keyring' });
    expect(await secrets.setSecret('p1', SECRET, { persist: false })).toEqual({ persisted: false });
    expect(await secrets.getSecret('p1')).toBe(SECRET);
    expect(await secrets.hasSecret('p1')).toBe(true);
    expect(await secrets.status()).toMatchObject({ sessionOnly: ['p1'], stored: [], reason: 'no keyring' });
    expect(kv.text()).not.toContain(SECRET);
    expect(await new SecretStore({ store: kv, cipher }).getSecret('p1')).toBeUndefined();
  });

  it('replaces a stored secret with a session-only one, and the other way round', async () => {
    const { kv, secrets } = setUp();
    await secrets.setSecret('p1', SECRET, { persist: true });
    await secrets.setSecret('p1', OTHER, { persist: false });
    expect(kv.get('secrets')).toEqual({});
    expect(await secrets.getSecret('p1')).toBe(OTHER);
    await secrets.setSecret('p1', SECRET, { persist: true });
    expect((await secrets.status()).sessionOnly).toEqual([]);
    expect(await secrets.getSecret('p1')).toBe(SECRET);
  });

  it('deletes from memory and disk', async () => {
    const { kv, secrets } = setUp();
    await secrets.setSecret('p1', SECRET, { persist: true });
    await secrets.setSecret('p2', OTHER, { persist: false });
    await secrets.deleteSecret('p1');
    await secrets.deleteSecret('p2');
    expect(await secrets.getSecret('p1')).toBeUndefined();
    expect(await secrets.getSecret('p2')).toBeUndefined();
    expect(kv.get('secrets')).toEqual({});
  });

  it('reports ciphertext of an unknown scheme without decrypting it, and keeps it', async () => {
    const kv = new MemoryKeyValueStore({ secrets: { p1: 'keytar-v9:QUJDRA==', p2: 'not tagged', p3: 42 } });
    const cipher = new FakeCipher();
    const secrets = new SecretStore({ store: kv, cipher });
    expect(await secrets.getSecret('p1')).toBeUndefined();
    expect(await secrets.getSecret('p2')).toBeUndefined();
    expect(cipher.decryptCalls).toBe(0);
    expect(await secrets.hasSecret('p1')).toBe(false);
    expect((await secrets.status()).problems).toEqual([
      { profileId: 'p1', kind: 'unknown_scheme', scheme: 'keytar-v9' },
      { profileId: 'p2', kind: 'malformed' },
      { profileId: 'p3', kind: 'malformed' },
    ]);
    await secrets.setSecret('p4', SECRET, { persist: true });
    expect(kv.get('secrets')).toMatchObject({ p1: 'keytar-v9:QUJDRA==', p2: 'not tagged', p3: 42 });
    await secrets.deleteSecret('p1');
    expect(kv.get('secrets')).not.toHaveProperty('p1');
  });

  it('reports a secret it can no longer decrypt', async () => {
    const { kv, cipher, secrets } = setUp();
    await secrets.setSecret('p1', SECRET, { persist: true });
    const reopened = new SecretStore({ store: kv, cipher });
    cipher.failDecrypt = true;
    expect(await reopened.getSecret('p1')).toBeUndefined();
    expect((await reopened.status()).problems).toEqual([{ profileId: 'p1', kind: 'undecryptable' }]);
  });

  it('refuses a cipher that does not give the secret back', async () => {
    const { kv, cipher, secrets } = setUp();
    cipher.decrypt = async () => 'something else';
    await expect(secrets.setSecret('p1', SECRET, { persist: true })).rejects.toThrow(/did not give it back intact/);
    expect(kv.get('secrets')).toBeUndefined();
  });

  it('refuses bad input without echoing the secret', async () => {
    const { secrets } = setUp();
    await expect(secrets.setSecret('sandbox', SECRET, { persist: true })).rejects.toBeInstanceOf(BuiltInProfileError);
    await expect(secrets.setSecret('../etc', SECRET, { persist: true })).rejects.toBeInstanceOf(StoreInputError);
    await expect(secrets.setSecret('p1', '   ', { persist: false })).rejects.toThrow('app_secret is empty');
    const error = await secrets.setSecret('p1', `${SECRET} ${SECRET}`, { persist: false }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(StoreInputError);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('never puts a secret in its status', async () => {
    const { secrets } = setUp();
    await secrets.setSecret('p1', SECRET, { persist: true });
    await secrets.setSecret('p2', OTHER, { persist: false });
    const status = JSON.stringify(await secrets.status());
    expect(status).not.toContain(SECRET);
    expect(status).not.toContain(OTHER);
  });
});

describe('SecretStore: credentials beside a secret (a ticket, a user’s session)', () => {
  const SESSION = JSON.stringify({ accessToken: 'u-access-0123456789', refreshToken: 'ur-refresh-0123456789', user: { name: 'Tom' } });

  it('keeps them encrypted apart from the secret, and out of what the status lists as profiles', async () => {
    const { kv, secrets } = setUp();
    await secrets.setSecret('p1', SECRET, { persist: true });
    await secrets.setCredential('p1', 'user', SESSION, { persist: true });
    await secrets.setCredential('p1', 'ticket', 'ticket-abcdef0123', { persist: true });
    expect(JSON.stringify(kv.get('secrets'))).not.toContain('u-access-0123456789');
    expect(await secrets.getCredential('p1', 'user')).toBe(SESSION);
    expect(await secrets.getCredential('p1', 'ticket')).toBe('ticket-abcdef0123');
    expect(await secrets.getSecret('p1')).toBe(SECRET);
    expect((await secrets.status()).stored).toEqual(['p1']);

    await secrets.deleteCredential('p1', 'user');
    expect(await secrets.getCredential('p1', 'user')).toBeUndefined();
    expect(await secrets.getSecret('p1')).toBe(SECRET);
  });

  it('forgets every credential of a deleted profile, and no other profile’s', async () => {
    const { kv, secrets } = setUp();
    await secrets.setSecret('p1', SECRET, { persist: true });
    await secrets.setCredential('p1', 'user', SESSION, { persist: true });
    await secrets.setCredential('p1', 'ticket', 'ticket-abcdef0123', { persist: false });
    await secrets.setCredential('p2', 'ticket', 'ticket-other-0123', { persist: true });
    await secrets.deleteAll('p1');
    expect(await secrets.getSecret('p1')).toBeUndefined();
    expect(await secrets.getCredential('p1', 'user')).toBeUndefined();
    expect(await secrets.getCredential('p1', 'ticket')).toBeUndefined();
    expect(await secrets.getCredential('p2', 'ticket')).toBe('ticket-other-0123');
    expect(Object.keys(kv.get('secrets') as object)).toEqual(['p2.ticket']);
  });

  it('keeps a session in memory only when the encryption would not protect it and the caller accepts that', async () => {
    const { kv, secrets } = setUp({ ok: true, backend: 'basic_text', weak: true });
    await expect(secrets.setCredential('p1', 'user', SESSION, { persist: true })).rejects.toBeInstanceOf(WeakEncryptionError);
    expect(await secrets.setCredential('p1', 'user', SESSION, { persist: true, fallBackToSession: true })).toEqual({ persisted: false });
    expect(await secrets.getCredential('p1', 'user')).toBe(SESSION);
    expect(kv.get('secrets')).toBeUndefined();
    expect((await secrets.status()).sessionOnly).toEqual([]);
  });
});
