/**
 * SecretStore: app_secrets kept apart from settings, encrypted by a CipherPort (Electron's
 * safeStorage on the desktop). Stored values are tagged `<scheme>:<base64>` so a later scheme
 * can migrate them. When the only encryption is weak (Linux `basic_text`) or missing, nothing
 * is written: the caller is told and may keep the secret in memory for the session instead.
 */

import { SANDBOX_PROFILE_IDS, type SecretsPort } from './types';
import { BuiltInProfileError, WeakEncryptionError } from './errors';
import { StoreInputError } from '../storage/errors';
import { appSecretSchema, profileIdSchema } from './settings';
import type { KeyValuePort } from '../storage/port';

export interface CipherAvailability {
  /** Encryption can be used at all. */
  ok: boolean;
  /** Which backend protects the key: `gnome_libsecret`, `kwallet5`, `keychain`, `dpapi`, `basic_text`, … */
  backend?: string;
  /** The ciphertext would not be protected (a hard-coded key, or no encryption). */
  weak: boolean;
  /** Why it is weak or unavailable, for the user. */
  reason?: string;
}

export interface CipherPort {
  /** Tags what this cipher writes, e.g. `safeStorage-v1`. Letters, digits, `.`, `_`, `-`. */
  scheme: string;
  available(): Promise<CipherAvailability>;
  /** Ciphertext as base64. */
  encrypt(plain: string): Promise<string>;
  decrypt(base64: string): Promise<string>;
}

export type SecretProblem =
  /** Written by another scheme (another host, or a later version): left alone, not decrypted. */
  | { profileId: string; kind: 'unknown_scheme'; scheme: string }
  /** Not a `<scheme>:<base64>` string. */
  | { profileId: string; kind: 'malformed' }
  /** Our scheme, but decryption failed (the keyring was reset or the file copied from another machine). */
  | { profileId: string; kind: 'undecryptable' };

export interface SecretStoreStatus {
  scheme: string;
  backend?: string;
  available: boolean;
  weak: boolean;
  /** Whether `setSecret(…, { persist: true })` would succeed now. */
  canPersist: boolean;
  reason?: string;
  /** Profiles whose secret is held in memory only and is gone when the app quits. */
  sessionOnly: string[];
  /** Profiles with a stored secret in this cipher's scheme. */
  stored: string[];
  problems: SecretProblem[];
}

export interface SecretStoreOptions {
  /** A store of its own (the `secrets` file), never the settings store. */
  store: KeyValuePort;
  cipher: CipherPort;
}

const STORE_KEY = 'secrets';

/**
 * What a profile keeps beside its app_secret, each in an entry of its own (`<profileId>.<slot>`:
 * a profile ID never holds a dot): a store app's app_ticket, a signed-in user's session (tokens
 * and who the user is, as JSON).
 */
export const CREDENTIAL_SLOTS = ['ticket', 'user'] as const;
export type CredentialSlot = (typeof CREDENTIAL_SLOTS)[number];
/** A user's session is JSON with two tokens and a name: a few KB at most. */
const MAX_SLOT_VALUE = 16 * 1024;
const slotKey = (profileId: string, slot: CredentialSlot) => `${profileId}.${slot}`;
const isSlotKey = (key: string) => key.includes('.');
const TAGGED = /^([A-Za-z0-9._-]+):([A-Za-z0-9+/]+={0,2})$/;

/** A profile ID whose secret may be set: not a built-in's, which is fixed. */
function checkProfileId(profileId: unknown): string {
  const id = checkIdFormat(profileId);
  if (SANDBOX_PROFILE_IDS.includes(id)) {
    throw new BuiltInProfileError(id, 'The built-in Sandbox profiles have a fixed app_secret; it cannot be changed.');
  }
  return id;
}

/** A profile ID as stored: a built-in's too (its ticket and signed-in user are kept like anyone's). */
function checkIdFormat(profileId: unknown): string {
  if (!profileIdSchema.safeParse(profileId).success) throw new StoreInputError('profileId must be 1–64 letters, digits, "_" or "-"');
  return profileId as string;
}

export class SecretStore implements SecretsPort {
  private readonly store: KeyValuePort;
  private readonly cipher: CipherPort;
  private readonly session = new Map<string, string>();
  /** Decrypted values by profile, valid while the stored ciphertext is the same. */
  private readonly decrypted = new Map<string, { tagged: string; plain: string }>();
  private readonly undecryptable = new Map<string, string>();
  /** The entries last read, and the store's revision then. */
  private lastRead: { revision: string | undefined; entries: ReadonlyMap<string, string> } | undefined;

  constructor(options: SecretStoreOptions) {
    if (!/^[A-Za-z0-9._-]+$/.test(options.cipher.scheme)) throw new StoreInputError(`invalid cipher scheme "${options.cipher.scheme}"`);
    this.store = options.store;
    this.cipher = options.cipher;
  }

  /**
   * Keeps a profile's app_secret. `persist: true` encrypts it to disk, or throws
   * WeakEncryptionError (storing nothing) when the encryption would not protect it;
   * `persist: false` keeps it in memory until the app quits and removes any stored copy.
   */
  async setSecret(profileId: string, secret: string, options: { persist: boolean }): Promise<{ persisted: boolean }> {
    const id = checkProfileId(profileId);
    const parsed = appSecretSchema.safeParse(secret);
    if (!parsed.success || !parsed.data) {
      throw new StoreInputError(
        parsed.success ? 'app_secret is empty' : `app_secret is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
    }
    return this.put(id, parsed.data, options.persist);
  }

  /**
   * Keeps a credential beside the profile's secret (a ticket, a user's session), encrypted like it:
   * `persist: false` (or an encryption that would not protect it, when `fallBackToSession`) keeps it
   * in memory until the app quits.
   */
  async setCredential(
    profileId: string,
    slot: CredentialSlot,
    value: string,
    options: { persist: boolean; fallBackToSession?: boolean },
  ): Promise<{ persisted: boolean }> {
    const id = checkIdFormat(profileId);
    if (!value || value.length > MAX_SLOT_VALUE) throw new StoreInputError(`the ${slot} must be 1–${MAX_SLOT_VALUE} characters`);
    if (options.persist && options.fallBackToSession) {
      const availability = await this.cipher.available();
      if (!availability.ok || availability.weak) return this.put(slotKey(id, slot), value, false);
    }
    return this.put(slotKey(id, slot), value, options.persist);
  }

  /** A credential kept beside the secret, decrypted; undefined when none is kept or it cannot be read here. */
  async getCredential(profileId: string, slot: CredentialSlot): Promise<string | undefined> {
    return this.getSecret(slotKey(profileId, slot));
  }

  async deleteCredential(profileId: string, slot: CredentialSlot): Promise<void> {
    const key = slotKey(profileId, slot);
    this.session.delete(key);
    this.removeStored(key);
  }

  /** Forgets everything a profile keeps: its secret and every credential beside it. */
  async deleteAll(profileId: string): Promise<void> {
    await this.deleteSecret(profileId);
    for (const slot of CREDENTIAL_SLOTS) await this.deleteCredential(profileId, slot);
  }

  /** Keeps `plain` under `id` (a profile's secret, or a credential's slot key). */
  private async put(id: string, plain: string, persist: boolean): Promise<{ persisted: boolean }> {
    if (!persist) {
      this.session.set(id, plain);
      this.removeStored(id);
      return { persisted: false };
    }
    const availability = await this.cipher.available();
    if (!availability.ok || availability.weak) {
      throw new WeakEncryptionError(
        availability.reason ??
          (availability.ok ? `the ${availability.backend ?? 'available'} encryption does not protect it` : 'no encryption is available'),
        availability.backend,
      );
    }
    const base64 = await this.cipher.encrypt(plain);
    if (!TAGGED.test(`${this.cipher.scheme}:${base64}`) || (await this.cipher.decrypt(base64)) !== plain) {
      throw new Error(`It was not saved: the ${this.cipher.scheme} encryption did not give it back intact.`);
    }
    const tagged = `${this.cipher.scheme}:${base64}`;
    const entries = new Map(this.readEntries());
    entries.set(id, tagged);
    this.writeEntries(entries);
    this.session.delete(id);
    this.decrypted.set(id, { tagged, plain });
    this.undecryptable.delete(id);
    return { persisted: true };
  }

  /** The app_secret, decrypted; undefined when none is kept or the stored one cannot be read (see status()). */
  async getSecret(profileId: string): Promise<string | undefined> {
    const fromSession = this.session.get(profileId);
    if (fromSession !== undefined) return fromSession;
    const tagged = this.readEntries().get(profileId);
    if (tagged === undefined) return undefined;
    const cached = this.decrypted.get(profileId);
    if (cached?.tagged === tagged) return cached.plain;
    const match = TAGGED.exec(tagged);
    if (!match || match[1] !== this.cipher.scheme) return undefined;
    try {
      const plain = await this.cipher.decrypt(match[2] as string);
      this.decrypted.set(profileId, { tagged, plain });
      this.undecryptable.delete(profileId);
      return plain;
    } catch {
      this.undecryptable.set(profileId, tagged);
      return undefined;
    }
  }

  /** A secret in memory, or a stored one in this cipher's scheme (not decrypted to check). */
  async hasSecret(profileId: string): Promise<boolean> {
    if (this.session.has(profileId)) return true;
    const tagged = this.readEntries().get(profileId);
    return tagged !== undefined && TAGGED.exec(tagged)?.[1] === this.cipher.scheme;
  }

  /** Forgets the secret, in memory and on disk, whatever its scheme. */
  async deleteSecret(profileId: string): Promise<void> {
    this.session.delete(profileId);
    this.removeStored(profileId);
  }

  async status(): Promise<SecretStoreStatus> {
    const availability = await this.cipher.available();
    const stored: string[] = [];
    const problems: SecretProblem[] = [];
    for (const [profileId, tagged] of this.readEntries()) {
      // A credential beside a secret is the profile's own business: the status speaks of secrets.
      if (isSlotKey(profileId)) continue;
      if (TAGGED.exec(tagged)?.[1] === this.cipher.scheme) stored.push(profileId);
      const problem = this.problemOf(profileId, tagged);
      if (problem) problems.push(problem);
    }
    return {
      scheme: this.cipher.scheme,
      ...(availability.backend !== undefined ? { backend: availability.backend } : {}),
      available: availability.ok,
      weak: availability.weak,
      canPersist: availability.ok && !availability.weak,
      ...(availability.reason !== undefined ? { reason: availability.reason } : {}),
      sessionOnly: [...this.session.keys()].filter((key) => !isSlotKey(key)),
      stored,
      problems,
    };
  }

  /**
   * Why the stored secret of a profile cannot be used (known to be undecryptable once getSecret()
   * tried it); undefined when it can, when none is stored, or when one is held for the session.
   */
  async problem(profileId: string): Promise<SecretProblem | undefined> {
    if (this.session.has(profileId)) return undefined;
    const tagged = this.readEntries().get(profileId);
    return tagged === undefined ? undefined : this.problemOf(profileId, tagged);
  }

  private problemOf(profileId: string, tagged: string): SecretProblem | undefined {
    const match = TAGGED.exec(tagged);
    if (!match) return { profileId, kind: 'malformed' };
    if (match[1] !== this.cipher.scheme) return { profileId, kind: 'unknown_scheme', scheme: match[1] as string };
    return this.undecryptable.get(profileId) === tagged ? { profileId, kind: 'undecryptable' } : undefined;
  }

  /**
   * Entries as stored (shared: a writer edits a copy); anything that is not a string is kept as
   * a malformed marker so status() reports it. Read again only when the store's revision moved:
   * every lookup asks for its secret.
   */
  private readEntries(): ReadonlyMap<string, string> {
    const revision = this.store.revision?.();
    if (revision === undefined || this.lastRead?.revision !== revision) {
      const raw = this.store.get(STORE_KEY);
      const entries = new Map<string, string>();
      if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
        for (const [profileId, value] of Object.entries(raw)) entries.set(profileId, typeof value === 'string' ? value : '');
      }
      this.lastRead = { revision, entries };
    }
    return this.lastRead.entries;
  }

  private writeEntries(entries: Map<string, string>): void {
    const raw = this.store.get(STORE_KEY);
    const original = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    // Entries we could not parse are written back untouched rather than lost.
    const doc = Object.fromEntries([...entries].map(([id, tagged]) => [id, tagged === '' && id in original ? original[id] : tagged]));
    this.store.set(STORE_KEY, doc);
    // Read again next time: a revision taken now could already be another process's write.
    this.lastRead = undefined;
  }

  private removeStored(profileId: string): void {
    const entries = new Map(this.readEntries());
    if (!entries.delete(profileId)) return;
    this.writeEntries(entries);
    this.decrypted.delete(profileId);
    this.undecryptable.delete(profileId);
  }
}
