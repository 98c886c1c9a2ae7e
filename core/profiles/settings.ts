/**
 * The non-secret settings document (profiles, the active profile, history limits), its schema,
 * its defaults and its migration from older shapes. Secrets never appear here: they live in a
 * store of their own (secrets.ts), so a settings file can be read, backed up or shared safely.
 */

import { z } from 'zod';
import { PROFILE_KINDS, SANDBOX_PROFILE_ID, SANDBOX_PROFILE_IDS, type ProfileDomain, type StoredProfile } from './types';
import { ENV_PROFILE_ID } from './env';
import { USER_ID_TYPES, type UserIdType } from '../feishu/types';

export const SETTINGS_SCHEMA_VERSION = 2;
export const PROFILE_DOMAINS = ['feishu', 'lark', 'custom'] as const satisfies readonly ProfileDomain[];
export const MAX_PROFILES = 200;
export const PROFILE_NAME_MAX = 80;

/** Profiles that exist without being stored: the emulator, and the one built from FEISHU_* variables. */
export const RESERVED_PROFILE_IDS: readonly string[] = [...SANDBOX_PROFILE_IDS, ENV_PROFILE_ID];

/** Field names that must never be kept with settings or carried by an export. */
export const SECRET_LOOKING_KEY = /secret|token|passw(or)?d|pwd|credential|private.?key|api.?key|authori[sz]ation|cookie/i;

const userIdTypeSchema = z.enum(USER_ID_TYPES as [UserIdType, ...UserIdType[]]);
const domainSchema = z.enum(PROFILE_DOMAINS, { error: 'domain must be feishu, lark or custom' });

export const profileIdSchema = z
  .string({ error: 'profileId must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'profileId must be 1–64 letters, digits, "_" or "-"');

export const profileNameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(PROFILE_NAME_MAX, `name must be at most ${PROFILE_NAME_MAX} characters`)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'name must not contain control characters');

export const appIdSchema = z
  .string({ error: 'app_id is required' })
  .trim()
  .max(64, 'app_id must be at most 64 characters')
  .regex(/^cli_[A-Za-z0-9]+$/, 'app_id looks like cli_a1b2c3d4e5f6a7b8: copy it from the app’s Credentials page in the developer console');

/** Whitespace is never part of an app_secret; an empty string means "none given". */
export const appSecretSchema = z
  .string({ error: 'app_secret must be a string' })
  .trim()
  .max(256, 'app_secret must be at most 256 characters')
  .regex(/^\S*$/, 'app_secret must not contain spaces');

type BaseUrlResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * A custom base URL as the client wants it: http(s), no credentials, query or fragment, no
 * trailing slash (the client appends `/open-apis/...`).
 */
export function normalizeBaseUrl(text: string | undefined): BaseUrlResult {
  const bad = (why: string): BaseUrlResult => ({
    ok: false,
    message: `a custom domain needs an http(s) base URL such as https://open.example.com: ${why}`,
  });
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return bad('none was given');
  if (trimmed.length > 2000) return bad('it is too long');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return bad(`"${trimmed.slice(0, 100)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad(`${url.protocol} is not http or https`);
  if (url.username || url.password) return bad('it must not contain a user name or password');
  if (url.search || url.hash) return bad('it must not contain a query or fragment');
  return { ok: true, value: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** A tenant_key as the platform writes it (`736588c9260f175e`): letters, digits, `_`, `-`. */
export const tenantKeySchema = z
  .string({ error: 'tenant_key must be a string' })
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a tenant_key looks like 736588c9260f175e: copy it from the app_first_enabled event or the user’s info');

export const MAX_TENANTS = 50;

const profileFields = {
  name: profileNameSchema,
  domain: domainSchema,
  baseUrl: z.string({ error: 'baseUrl must be a string' }).optional(),
  // A pasted token needs no app; the console links need one, so it may still be given.
  appId: z.union([appIdSchema, z.literal('')]),
  defaultUserIdType: userIdTypeSchema,
  kind: z.enum(PROFILE_KINDS, { error: 'kind must be app, store or pasted' }).optional(),
  tenants: z
    .array(z.object({ key: tenantKeySchema, name: profileNameSchema }))
    .max(MAX_TENANTS, `at most ${MAX_TENANTS} tenants`)
    .optional(),
  pastedAs: z.enum(['bot', 'user'], { error: 'pastedAs must be bot or user' }).optional(),
  pastedExpiresAt: z.number().int().positive().optional(),
  signInPort: z
    .number()
    .int()
    .min(1024, 'the sign-in port must be 1024–65535')
    .max(65535, 'the sign-in port must be 1024–65535')
    .optional(),
};

/**
 * Keeps each kind's fields and only those: a store app names at least one tenant (each key once),
 * a pasted token says whose it is, and only a pasted token may go without an app_id.
 */
function withKindFields<T extends z.output<z.ZodObject<typeof profileFields>>>(value: T, ctx: z.RefinementCtx): T {
  const kind = value.kind ?? 'app';
  const out: T = {
    ...value,
    kind: kind === 'app' ? undefined : kind,
    tenants: kind === 'store' ? value.tenants : undefined,
    pastedAs: kind === 'pasted' ? (value.pastedAs ?? 'bot') : undefined,
    pastedExpiresAt: kind === 'pasted' ? value.pastedExpiresAt : undefined,
    signInPort: kind === 'pasted' ? undefined : value.signInPort,
  };
  if (kind !== 'pasted' && value.appId === '') {
    ctx.addIssue({ code: 'custom', message: 'app_id is required: copy it from the app’s Credentials page', path: ['appId'] });
  }
  if (kind === 'store') {
    const keys = (value.tenants ?? []).map((tenant) => tenant.key);
    if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'a store app needs at least one tenant_key', path: ['tenants'] });
    const twice = keys.find((key, index) => keys.indexOf(key) !== index);
    if (twice) ctx.addIssue({ code: 'custom', message: `tenant_key ${twice} is listed twice`, path: ['tenants'] });
  }
  return out;
}

/** Keeps baseUrl for custom profiles only, normalised; refuses a custom profile without one. */
function withBaseUrl<T extends { domain: ProfileDomain; baseUrl?: string | undefined }>(value: T, ctx: z.RefinementCtx): T {
  if (value.domain !== 'custom') return { ...value, baseUrl: undefined };
  const baseUrl = normalizeBaseUrl(value.baseUrl);
  if (!baseUrl.ok) {
    ctx.addIssue({ code: 'custom', message: baseUrl.message, path: ['baseUrl'] });
    return z.NEVER;
  }
  return { ...value, baseUrl: baseUrl.value };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const storedProfileSchema = z
  .object({ profileId: profileIdSchema, ...profileFields })
  .transform((value, ctx) => withoutUndefined(withKindFields(withBaseUrl(value, ctx), ctx))) satisfies z.ZodType<StoredProfile>;

/** A profile without its ID, as an export file carries it (unknown fields are ignored, not stored). */
export const portableProfileSchema = z
  .object({ ...profileFields, defaultUserIdType: userIdTypeSchema.default('open_id') })
  .transform((value, ctx) => withoutUndefined(withKindFields(withBaseUrl(value, ctx), ctx)));
export type PortableProfile = z.output<typeof portableProfileSchema>;

function profileInput(requireSecret: boolean) {
  return z
    .object({ ...profileFields, appSecret: appSecretSchema.optional() })
    .strict()
    .transform((value, ctx) => {
      const appSecret = value.appSecret || undefined;
      if (requireSecret && !appSecret) {
        const message =
          value.kind === 'pasted'
            ? 'the token is required: paste the tenant_access_token or user_access_token'
            : 'app_secret is required: copy it from the app’s Credentials page';
        ctx.addIssue({ code: 'custom', message, path: ['appSecret'] });
        return z.NEVER;
      }
      return withoutUndefined(withKindFields(withBaseUrl({ ...value, appSecret }, ctx), ctx));
    });
}

/**
 * Create/edit input from the profile form. `appSecret` absent (or empty) keeps the stored one
 * on edit; the profile store ignores it: the host hands it to the secret store.
 */
export const profileInputSchema = profileInput(false);
/** The same, for a new profile: the secret is required. */
export const newProfileInputSchema = profileInput(true);
export type ProfileInput = z.input<typeof profileInputSchema>;
export type ParsedProfileInput = z.output<typeof profileInputSchema>;

/** How long and how many lookups the history keeps: what a user may choose. */
export const HISTORY_BOUNDS = { retentionDays: { min: 1, max: 3650 }, maxEntries: { min: 1, max: 10_000 } } as const;

export const historySettingsSchema = z
  .object({
    retentionDays: z.number().int().min(HISTORY_BOUNDS.retentionDays.min).max(HISTORY_BOUNDS.retentionDays.max),
    maxEntries: z.number().int().min(HISTORY_BOUNDS.maxEntries.min).max(HISTORY_BOUNDS.maxEntries.max),
  })
  .strict();
export type HistorySettings = z.infer<typeof historySettingsSchema>;

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  profiles: z.array(storedProfileSchema).max(MAX_PROFILES),
  activeProfileId: profileIdSchema,
  history: historySettingsSchema,
});
export type Settings = z.output<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  schemaVersion: SETTINGS_SCHEMA_VERSION,
  profiles: [],
  activeProfileId: SANDBOX_PROFILE_ID,
  history: { retentionDays: 30, maxEntries: 1000 },
};

export function defaultSettings(): Settings {
  return structuredClone(DEFAULT_SETTINGS);
}

export interface SettingsMigration {
  settings: Settings;
  /** The schema version the document was migrated from, when it was older. */
  migratedFrom?: number;
  /** Set when the document comes from a newer version: read what can be read, but do not write it back. */
  newerSchemaVersion?: number;
  /**
   * What was dropped or reset and why, one line each; never a value that could be a secret. The
   * next write of the document loses these: keep a copy of the original before it.
   */
  dropped: string[];
}

/** One line per zod issue: `path: message`. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** v1 stored `{ id, name, domain, baseUrl?, appId, userIdType? }`, with no schemaVersion. */
function isV1Profile(entry: Record<string, unknown>): boolean {
  return 'id' in entry && !('profileId' in entry);
}

function fromV1Profile(entry: Record<string, unknown>): Record<string, unknown> {
  const { id, userIdType, ...rest } = entry;
  const known = (USER_ID_TYPES as readonly unknown[]).includes(userIdType);
  return { ...rest, profileId: id, defaultUserIdType: known ? userIdType : 'open_id' };
}

const PROFILE_KEYS = new Set(['profileId', 'name', 'domain', 'baseUrl', 'appId', 'defaultUserIdType']);
const V1_PROFILE_KEYS = new Set(['id', 'name', 'domain', 'baseUrl', 'appId', 'userIdType']);

function labelOf(entry: unknown, index: number): string {
  const name = isRecord(entry) && typeof entry.name === 'string' ? entry.name.slice(0, PROFILE_NAME_MAX) : '';
  return name ? `profiles[${index}] ("${name}")` : `profiles[${index}]`;
}

function migrateProfiles(raw: unknown, dropped: string[]): { profiles: StoredProfile[]; sawV1: boolean } {
  if (raw === undefined) return { profiles: [], sawV1: false };
  if (!Array.isArray(raw)) {
    dropped.push('profiles: not a list; no profiles were kept');
    return { profiles: [], sawV1: false };
  }
  const profiles: StoredProfile[] = [];
  const seen = new Set<string>();
  let sawV1 = false;
  raw.forEach((entry, index) => {
    const label = labelOf(entry, index);
    if (!isRecord(entry)) {
      dropped.push(`${label}: not a profile`);
      return;
    }
    for (const key of Object.keys(entry).filter((k) => SECRET_LOOKING_KEY.test(k))) {
      dropped.push(`${label}.${key}: secrets are not kept with settings; enter the app_secret again in the profile`);
    }
    const v1 = isV1Profile(entry);
    sawV1 ||= v1;
    const parsed = storedProfileSchema.safeParse(v1 ? fromV1Profile(entry) : entry);
    if (!parsed.success) {
      dropped.push(`${label} dropped: ${describeIssues(parsed.error).join('; ')}`);
      return;
    }
    // A key of a hand edit (a note, a misspelt field) does not cost the profile, but it is not kept either.
    const known = v1 ? V1_PROFILE_KEYS : PROFILE_KEYS;
    for (const key of Object.keys(entry).filter((k) => !known.has(k) && !SECRET_LOOKING_KEY.test(k))) {
      dropped.push(`${label}.${key.slice(0, 64)}: not a profile field; ignored`);
    }
    const profile = parsed.data;
    if (RESERVED_PROFILE_IDS.includes(profile.profileId)) {
      dropped.push(`${label} dropped: the ID "${profile.profileId}" is reserved for a built-in profile`);
      return;
    }
    if (seen.has(profile.profileId)) {
      dropped.push(`${label} dropped: another profile already has the ID "${profile.profileId}"`);
      return;
    }
    if (profiles.length >= MAX_PROFILES) {
      dropped.push(`${label} dropped: more than ${MAX_PROFILES} profiles`);
      return;
    }
    seen.add(profile.profileId);
    profiles.push(profile);
  });
  return { profiles, sawV1 };
}

function migrateHistory(raw: unknown, dropped: string[]): HistorySettings {
  const history = { ...DEFAULT_SETTINGS.history };
  if (raw === undefined) return history;
  if (!isRecord(raw)) {
    dropped.push('history: not an object; the default limits are used');
    return history;
  }
  for (const key of Object.keys(history) as (keyof HistorySettings)[]) {
    if (raw[key] === undefined) continue;
    const parsed = historySettingsSchema.shape[key].safeParse(raw[key]);
    if (parsed.success) history[key] = parsed.data;
    else dropped.push(`history.${key}: ${describeIssues(parsed.error).join('; ')}; the default ${history[key]} is used`);
  }
  return history;
}

const KNOWN_KEYS = new Set(['schemaVersion', 'profiles', 'activeProfileId', 'activeProfile', 'history', '__internal__']);

/**
 * Reads any settings document this app has ever written (or garbage) into the current shape.
 * Never throws: what cannot be kept is dropped and reported, and the rest falls back to the
 * defaults. A document may mix shapes (a store that merged today's defaults into a v1 file), so
 * each profile is migrated on its own.
 */
export function migrateSettings(raw: unknown): SettingsMigration {
  const dropped: string[] = [];
  if (raw === undefined || raw === null) return { settings: defaultSettings(), dropped };
  if (!isRecord(raw)) {
    dropped.push('the settings document is not an object; defaults are used');
    return { settings: defaultSettings(), dropped };
  }
  const version = raw.schemaVersion;
  let newerSchemaVersion: number | undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > SETTINGS_SCHEMA_VERSION) newerSchemaVersion = version;
  else if (version !== undefined && version !== 1 && version !== SETTINGS_SCHEMA_VERSION) {
    dropped.push(
      `schemaVersion: ${JSON.stringify(version)?.slice(0, 40)} is not a known version; read as version ${SETTINGS_SCHEMA_VERSION}`,
    );
  }
  for (const key of Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k))) dropped.push(`${key}: not a setting; ignored`);

  const { profiles, sawV1 } = migrateProfiles(raw.profiles, dropped);
  const history = migrateHistory(raw.history, dropped);

  const isV1 = version === 1 || (version === undefined && (raw.profiles !== undefined || raw.activeProfile !== undefined)) || sawV1;
  // A store that merged today's defaults into a v1 file holds a default activeProfileId beside v1's choice.
  const wantedActive = isV1 && raw.activeProfile !== undefined ? raw.activeProfile : (raw.activeProfileId ?? raw.activeProfile);
  let activeProfileId = SANDBOX_PROFILE_ID;
  const known = (id: string) => RESERVED_PROFILE_IDS.includes(id) || profiles.some((p) => p.profileId === id);
  if (typeof wantedActive === 'string' && known(wantedActive)) activeProfileId = wantedActive;
  else if (wantedActive !== undefined) {
    dropped.push('activeProfileId: no such profile; the Sandbox is active');
  }

  const settings: Settings = { schemaVersion: SETTINGS_SCHEMA_VERSION, profiles, activeProfileId, history };
  return {
    settings,
    dropped,
    ...(isV1 && newerSchemaVersion === undefined ? { migratedFrom: 1 } : {}),
    ...(newerSchemaVersion !== undefined ? { newerSchemaVersion } : {}),
  };
}
