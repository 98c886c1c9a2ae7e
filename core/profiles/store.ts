/**
 * ProfileStore: the saved profiles over a key-value store (electron-store on the desktop, conf
 * in the CLI, memory in tests). Every read goes through the schema, so a file edited by hand
 * or written by an older version is read safely; nothing here ever holds a secret.
 */

import { SANDBOX_PROFILE_ID, SANDBOX_PROFILE_IDS, type ProfilesPort, type StoredProfile } from './types';
import { ENV_PROFILE_ID } from './env';
import { BuiltInProfileError, ProfileImportError, ProfileNotFoundError, ProfileValidationError, SettingsTooNewError } from './errors';
import { capDetails, StoreNoticeLog } from '../storage/notices';
import { StoreInputError } from '../storage/errors';
import type { KeyValuePort } from '../storage/port';
import {
  describeIssues,
  historySettingsSchema,
  MAX_PROFILES,
  migrateSettings,
  portableProfileSchema,
  PROFILE_NAME_MAX,
  profileIdSchema,
  profileInputSchema,
  RESERVED_PROFILE_IDS,
  SECRET_LOOKING_KEY,
  SETTINGS_SCHEMA_VERSION,
  type HistorySettings,
  type PortableProfile,
  type Settings,
  type SettingsMigration,
} from './settings';

export const PROFILES_EXPORT_FORMAT = 'feishu-message-inspector/profiles';
export const PROFILES_EXPORT_VERSION = 1;
const MAX_IMPORT_CHARS = 1_000_000;

export interface ProfilesExport {
  format: typeof PROFILES_EXPORT_FORMAT;
  version: typeof PROFILES_EXPORT_VERSION;
  profiles: PortableProfile[];
}

export interface ProfilesImport {
  imported: StoredProfile[];
  /** Paths of secret-looking fields in the file that were not imported, e.g. `profiles[0].appSecret`. */
  ignoredSecretFields: string[];
}

export interface SettingsLoadReport {
  migratedFrom?: number;
  newerSchemaVersion?: number;
  dropped: string[];
}

export interface ProfileStoreOptions {
  store: KeyValuePort;
  /** Makes a new profileId; the default is random. */
  newId?: () => string;
  /** Where what could not be read is reported (shared with the other stores); a log of its own by default. */
  notices?: StoreNoticeLog;
}

/** The settings as read for a change, and what the read found. */
interface SettingsDraft extends SettingsMigration {
  /** The document is not in today's shape (older, or with entries that could not be read): a change writes all of it. */
  whole: boolean;
}

export function newProfileId(): string {
  return `p_${crypto.randomUUID().replaceAll('-', '')}`;
}

const SETTINGS_KEYS = ['schemaVersion', 'profiles', 'activeProfileId', 'history'] as const satisfies readonly (keyof Settings)[];
/** v1's name for the active profile, read during migration. */
const V1_ACTIVE_KEY = 'activeProfile';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function builtInError(profileId: string, action: string): BuiltInProfileError | undefined {
  if (SANDBOX_PROFILE_IDS.includes(profileId))
    return new BuiltInProfileError(profileId, `The built-in Sandbox profiles cannot be ${action}.`);
  if (profileId === ENV_PROFILE_ID) {
    return new BuiltInProfileError(
      profileId,
      `The environment profile cannot be ${action}: it comes from FEISHU_APP_ID, FEISHU_APP_SECRET and FEISHU_DOMAIN. Change those variables instead.`,
    );
  }
  return undefined;
}

/** `Name (copy)`, `Name (copy 2)`, … cut so the result still fits the name limit. */
function copyName(name: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const candidate = `${Array.from(name)
      .slice(0, PROFILE_NAME_MAX - suffix.length)
      .join('')
      .trimEnd()}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function toPortable(profile: StoredProfile): PortableProfile {
  const { name, domain, baseUrl, appId, defaultUserIdType } = profile;
  return { name, domain, ...(baseUrl !== undefined ? { baseUrl } : {}), appId, defaultUserIdType };
}

/** Paths of every secret-looking key anywhere in a parsed file. */
function secretLookingPaths(value: unknown, path: string, found: string[]): string[] {
  if (Array.isArray(value)) value.forEach((item, index) => secretLookingPaths(item, `${path}[${index}]`, found));
  else if (isRecord(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const innerPath = path ? `${path}.${key}` : key;
      if (SECRET_LOOKING_KEY.test(key)) found.push(innerPath);
      else secretLookingPaths(inner, innerPath, found);
    }
  }
  return found;
}

export class ProfileStore implements ProfilesPort {
  /** What loading found: a migration, dropped entries (show them once), or a newer file left alone. */
  readonly loadReport: SettingsLoadReport;
  readonly notices: StoreNoticeLog;
  private readonly store: KeyValuePort;
  private readonly newId: () => string;
  private shared: { key: string; revision: string | undefined; migration: SettingsMigration } | undefined;

  /**
   * Reads the settings and writes nothing: a document that is older, or holds entries that
   * cannot be read, is read into today's shape every time, and written only when the user
   * changes something. What cannot be read is reported, and the original is copied aside first,
   * so a hand edit with a typo costs nothing but the entries it broke, and those are in the copy.
   */
  constructor(options: ProfileStoreOptions) {
    this.store = options.store;
    this.newId = options.newId ?? newProfileId;
    this.notices = options.notices ?? new StoreNoticeLog();
    const migration = migrateSettings(this.readRaw());
    this.loadReport = {
      dropped: migration.dropped,
      ...(migration.migratedFrom !== undefined ? { migratedFrom: migration.migratedFrom } : {}),
      ...(migration.newerSchemaVersion !== undefined ? { newerSchemaVersion: migration.newerSchemaVersion } : {}),
    };
    this.report(migration);
  }

  /** The saved profiles, without the built-in ones. */
  async list(): Promise<readonly StoredProfile[]> {
    return this.readShared().settings.profiles;
  }

  async get(profileId: string): Promise<StoredProfile | undefined> {
    return this.readShared().settings.profiles.find((p) => p.profileId === profileId);
  }

  /**
   * Creates a profile (no `profileId`) or replaces the fields of an existing one. `appSecret`
   * in the input is ignored here: the host passes it to the SecretStore.
   */
  async save(input: unknown, profileId?: string): Promise<StoredProfile> {
    if (profileId !== undefined) {
      const builtIn = builtInError(profileId, 'edited');
      if (builtIn) throw builtIn;
    }
    const parsed = profileInputSchema.safeParse(input);
    if (!parsed.success) throw new ProfileValidationError(describeIssues(parsed.error));
    // Everything the form gave but the secret, which the host hands to the secret store.
    const { appSecret: _secret, ...fields } = parsed.data;
    const draft = this.read();
    const { settings } = draft;
    let profile: StoredProfile;
    if (profileId === undefined) {
      this.assertRoomFor(settings, 1);
      profile = { profileId: this.freshId(settings), ...fields };
      settings.profiles.push(profile);
    } else {
      const index = this.indexOf(settings, profileId);
      profile = { profileId, ...fields };
      settings.profiles[index] = profile;
    }
    this.write(draft, ['profiles']);
    return profile;
  }

  /** Deletes a saved profile; the Sandbox becomes active if it was. The host deletes its secret. */
  async delete(profileId: string): Promise<void> {
    const builtIn = builtInError(profileId, 'deleted');
    if (builtIn) throw builtIn;
    const draft = this.read();
    const { settings } = draft;
    settings.profiles.splice(this.indexOf(settings, profileId), 1);
    const keys: (keyof Settings)[] = ['profiles'];
    if (settings.activeProfileId === profileId) {
      settings.activeProfileId = SANDBOX_PROFILE_ID;
      keys.push('activeProfileId');
    }
    this.write(draft, keys);
  }

  /** A copy under a new ID and name, placed after the original. The secret is not copied here. */
  async duplicate(profileId: string): Promise<StoredProfile> {
    const builtIn = builtInError(profileId, 'duplicated');
    if (builtIn) throw builtIn;
    const draft = this.read();
    const { settings } = draft;
    const index = this.indexOf(settings, profileId);
    this.assertRoomFor(settings, 1);
    const source = settings.profiles[index] as StoredProfile;
    const copy: StoredProfile = {
      ...source,
      profileId: this.freshId(settings),
      name: copyName(source.name, new Set(settings.profiles.map((p) => p.name))),
    };
    settings.profiles.splice(index + 1, 0, copy);
    this.write(draft, ['profiles']);
    return copy;
  }

  /** A saved profile, the Sandbox or the environment profile (the host checks the latter exists). */
  async setActive(profileId: string): Promise<void> {
    const draft = this.read();
    const { settings } = draft;
    if (!RESERVED_PROFILE_IDS.includes(profileId)) this.indexOf(settings, profileId);
    settings.activeProfileId = profileId;
    this.write(draft, ['activeProfileId']);
  }

  /** The active profileId; the Sandbox when none was chosen or the chosen one is gone. */
  async getActive(): Promise<string> {
    return this.readShared().settings.activeProfileId;
  }

  async getHistorySettings(): Promise<HistorySettings> {
    return this.readShared().settings.history;
  }

  async setHistorySettings(input: unknown): Promise<HistorySettings> {
    const parsed = historySettingsSchema.safeParse(input);
    if (!parsed.success) throw new StoreInputError(`History limits are not valid: ${describeIssues(parsed.error).join('; ')}`);
    const draft = this.read();
    const { settings } = draft;
    settings.history = parsed.data;
    this.write(draft, ['history']);
    return parsed.data;
  }

  /** JSON text of the given (default: all) saved profiles. It carries no profileId and never a secret. */
  async exportProfiles(profileIds?: string[]): Promise<string> {
    const { profiles } = this.readShared().settings;
    const chosen = profileIds === undefined ? profiles : profileIds.map((id) => profiles[this.indexOf({ profiles }, id)] as StoredProfile);
    const doc: ProfilesExport = { format: PROFILES_EXPORT_FORMAT, version: PROFILES_EXPORT_VERSION, profiles: chosen.map(toPortable) };
    return `${JSON.stringify(doc, null, 2)}\n`;
  }

  /**
   * Adds the profiles of an export file under fresh IDs. All or nothing: one invalid profile
   * and none is stored. Secret-looking fields are never read; their paths are reported so the
   * user knows to enter the secrets again.
   */
  async importProfiles(text: string): Promise<ProfilesImport> {
    const entries = this.parseImport(text);
    const ignoredSecretFields = secretLookingPaths(entries.doc, '', []);
    const issues: string[] = [];
    const portable: PortableProfile[] = [];
    entries.list.forEach((entry, index) => {
      const label =
        isRecord(entry) && typeof entry.name === 'string'
          ? `profiles[${index}] ("${entry.name.slice(0, PROFILE_NAME_MAX)}")`
          : `profiles[${index}]`;
      if (!isRecord(entry)) {
        issues.push(`${label}: not a profile`);
        return;
      }
      const { name, domain, baseUrl, appId } = entry;
      const defaultUserIdType = entry.defaultUserIdType ?? entry.userIdType;
      const parsed = portableProfileSchema.safeParse({ name, domain, baseUrl, appId, defaultUserIdType });
      if (parsed.success) portable.push(parsed.data);
      else issues.push(...describeIssues(parsed.error, label));
    });
    const draft = this.read();
    const { settings } = draft;
    if (issues.length === 0) {
      try {
        this.assertRoomFor(settings, portable.length);
      } catch (error) {
        issues.push((error as Error).message);
      }
    }
    if (issues.length > 0) throw new ProfileImportError(issues);
    const imported = portable.map((profile) => {
      const stored: StoredProfile = { profileId: this.freshId(settings), ...profile };
      settings.profiles.push(stored);
      return stored;
    });
    this.write(draft, ['profiles']);
    return { imported, ignoredSecretFields };
  }

  private parseImport(text: unknown): { doc: unknown; list: unknown[] } {
    if (typeof text !== 'string') throw new ProfileImportError(['the file is not text']);
    if (text.length > MAX_IMPORT_CHARS) throw new ProfileImportError([`the file is larger than ${MAX_IMPORT_CHARS / 1_000_000} MB`]);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      // Not the parser's message: it quotes the text around the fault, and an import file can
      // hold a secret right there.
      throw new ProfileImportError(['the file is not JSON']);
    }
    if (isRecord(doc)) {
      if (doc.format !== undefined && doc.format !== PROFILES_EXPORT_FORMAT) {
        throw new ProfileImportError([
          `the file is not a profiles export of this app (format ${JSON.stringify(doc.format)?.slice(0, 80)})`,
        ]);
      }
      if (typeof doc.version === 'number' && doc.version > PROFILES_EXPORT_VERSION) {
        throw new ProfileImportError([`the file was exported by a newer version (format version ${doc.version}); update the app`]);
      }
    }
    const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.profiles) ? doc.profiles : undefined;
    if (!list) throw new ProfileImportError(['expected {"profiles": [...]} as written by Export profiles']);
    if (list.length === 0) throw new ProfileImportError(['the file holds no profiles']);
    return { doc, list };
  }

  private readRaw(): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const key of [...SETTINGS_KEYS, V1_ACTIVE_KEY]) {
      const value = this.store.get(key);
      if (value !== undefined) raw[key] = value;
    }
    return raw;
  }

  /** The settings as stored, validated, for a change: the caller's own copy to edit and write. */
  private read(): SettingsDraft {
    const raw = this.readRaw();
    const migration = migrateSettings(raw);
    const whole = migration.migratedFrom !== undefined || migration.dropped.length > 0 || raw.schemaVersion !== SETTINGS_SCHEMA_VERSION;
    return { ...migration, whole };
  }

  /** Tells the user what the document holds that cannot be used, copying the original aside, since a write would lose it. */
  private report(migration: SettingsMigration): void {
    const path = this.store.location;
    const where = path !== undefined ? { path } : {};
    if (migration.newerSchemaVersion !== undefined) {
      this.notices.add({ kind: 'settings_too_new', ...where, version: migration.newerSchemaVersion });
      return;
    }
    if (migration.dropped.length > 0) {
      const aside = this.store.preserve?.();
      this.notices.add({
        kind: 'entries_set_aside',
        file: 'settings',
        ...where,
        ...(aside !== undefined ? { aside } : {}),
        details: capDetails(migration.dropped),
      });
    }
  }

  /**
   * The settings for reading only: frozen, and validated again only when the stored data
   * changed (another window or the CLI may write the same file). Every lookup reads its profile,
   * and validating the settings each time cost a fifth of a millisecond in the lookup bench.
   * While the store's revision stands still, the file is not even read.
   */
  private readShared(): SettingsMigration {
    const revision = this.store.revision?.();
    if (revision !== undefined && this.shared?.revision === revision) return this.shared.migration;
    const raw = this.readRaw();
    const key = JSON.stringify(raw);
    if (this.shared?.key !== key) this.shared = { key, revision, migration: deepFreeze(migrateSettings(raw)) };
    else this.shared.revision = revision;
    return this.shared.migration;
  }

  /**
   * Writes the changed keys, or the whole document when it was not in today's shape, so that
   * what is written reads back as it was meant. What the draft could not read is copied aside
   * first (the file may have been edited again since it was opened).
   */
  private write(draft: SettingsDraft, keys: readonly (keyof Settings)[]): void {
    if (this.loadReport.newerSchemaVersion !== undefined) throw new SettingsTooNewError(this.loadReport.newerSchemaVersion);
    if (draft.newerSchemaVersion !== undefined) throw new SettingsTooNewError(draft.newerSchemaVersion);
    this.report(draft);
    for (const key of draft.whole ? SETTINGS_KEYS : keys) this.store.set(key, draft.settings[key]);
  }

  private indexOf(settings: Pick<Settings, 'profiles'>, profileId: string): number {
    const index = settings.profiles.findIndex((p) => p.profileId === profileId);
    if (index < 0) throw new ProfileNotFoundError(profileId);
    return index;
  }

  private assertRoomFor(settings: Settings, count: number): void {
    if (settings.profiles.length + count > MAX_PROFILES) {
      throw new ProfileValidationError([`at most ${MAX_PROFILES} profiles can be saved; delete some first`]);
    }
  }

  private freshId(settings: Settings): string {
    const taken = new Set([...RESERVED_PROFILE_IDS, ...settings.profiles.map((p) => p.profileId)]);
    for (let attempt = 0; attempt < 10; attempt++) {
      const id = this.newId();
      if (profileIdSchema.safeParse(id).success && !taken.has(id)) return id;
    }
    throw new StoreInputError('could not make a new profile ID: the ID generator keeps returning taken or invalid IDs');
  }
}

/** Freezes a plain JSON value all the way down, so a shared read cannot be edited by mistake. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
