import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTest, ProfileDomain, ProfilesState, ProfileSummary } from '../../../core/api/contract';
import { DEFAULT_SIGN_IN_PORT, type ProfileKind, type StoreTenant } from '../../../core/profiles/types';
import type { UserIdType } from '../../../core/feishu/types';
import { api } from '../../api';
import { profilesStateQuery } from '../../queries';
import { appErrorText } from '../errors/app-error';
import { saveAsDownload } from '../../components/save-download';

export interface FormValues {
  name: string;
  domain: ProfileDomain;
  baseUrl: string;
  appId: string;
  /** The app_secret, or for a pasted-token profile the token itself: write-only either way. */
  appSecret: string;
  defaultUserIdType: UserIdType;
  kind: ProfileKind;
  /** A store app's tenants, one a line: `tenant_key name`. */
  tenants: string;
  pastedAs: 'bot' | 'user';
  /** `datetime-local` text (the reader's time zone), or empty when not known. */
  pastedExpiresAt: string;
  /** The sign-in's loopback port, as typed. */
  signInPort: string;
}

const EMPTY: FormValues = {
  name: '',
  domain: 'feishu',
  baseUrl: '',
  appId: '',
  appSecret: '',
  defaultUserIdType: 'open_id',
  kind: 'app',
  tenants: '',
  pastedAs: 'bot',
  pastedExpiresAt: '',
  signInPort: String(DEFAULT_SIGN_IN_PORT),
};

/** `2026-12-06T15:30` in the reader's time zone, as a datetime-local input shows it. */
function localDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The tenants as the form lists them: `key name`, a line each. */
export function tenantsText(tenants: readonly StoreTenant[]): string {
  return tenants.map((tenant) => (tenant.name === tenant.key ? tenant.key : `${tenant.key} ${tenant.name}`)).join('\n');
}

/** The lines of the tenants box: a tenant_key, then its name (the key when none is given). */
export function parseTenants(text: string): StoreTenant[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [key = '', ...name] = line.split(/\s+/);
      return { key, name: name.join(' ') || key };
    });
}

function valuesOf(profile: ProfileSummary): FormValues {
  const port = profile.signInRedirectUri ? new URL(profile.signInRedirectUri).port : '';
  return {
    name: profile.name,
    domain: profile.domain,
    baseUrl: profile.domain === 'custom' ? profile.baseUrl : '',
    appId: profile.appId,
    appSecret: '',
    defaultUserIdType: profile.defaultUserIdType,
    kind: profile.kind ?? 'app',
    tenants: tenantsText(profile.tenants ?? []),
    pastedAs: profile.pastedAs ?? 'bot',
    pastedExpiresAt: profile.pastedExpiresAt !== undefined ? localDateTime(profile.pastedExpiresAt) : '',
    signInPort: port || String(DEFAULT_SIGN_IN_PORT),
  };
}

/** What each kind of profile sends beside the common fields (the main side validates it). */
function kindFields(values: FormValues): Record<string, unknown> {
  const port = Number(values.signInPort);
  const signIn = values.signInPort.trim() && port !== DEFAULT_SIGN_IN_PORT ? { signInPort: port } : {};
  switch (values.kind) {
    case 'store':
      return { kind: 'store', tenants: parseTenants(values.tenants), ...signIn };
    case 'pasted': {
      const expiresAt = values.pastedExpiresAt ? new Date(values.pastedExpiresAt).getTime() : undefined;
      return {
        kind: 'pasted',
        pastedAs: values.pastedAs,
        ...(expiresAt && Number.isFinite(expiresAt) ? { pastedExpiresAt: expiresAt } : {}),
      };
    }
    default:
      return signIn;
  }
}

/**
 * The profiles dialog's state: which profile is being edited (none: a new one), the form's
 * values, and the calls that save, delete, duplicate, test, import and export profiles, each
 * ending in a notice, a test result or an error to show. The secret is write-only: the form
 * starts empty and sends a secret only when one was typed.
 */
export function useProfilesForm(state: ProfilesState) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const editable = state.profiles.filter((p) => !p.builtIn && !p.fromEnvironment);
  const [selectedId, setSelectedId] = useState<string | null>(editable[0]?.profileId ?? null);
  const selected = editable.find((p) => p.profileId === selectedId);
  const [values, setValues] = useState<FormValues>(selected ? valuesOf(selected) : EMPTY);
  const [persist, setPersist] = useState(state.secretStorage.canPersist);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [connectionTest, setConnectionTest] = useState<ConnectionTest | null>(null);

  const refresh = () => client.invalidateQueries({ queryKey: profilesStateQuery().queryKey });
  const pick = (profile: ProfileSummary | undefined) => {
    setSelectedId(profile?.profileId ?? null);
    setValues(profile ? valuesOf(profile) : EMPTY);
    setError(null);
    setNotice(null);
    setConnectionTest(null);
  };
  const fail = (e: unknown) => setError(appErrorText(e, t));

  const save = useMutation({
    mutationFn: () =>
      api.saveProfile({
        profileId: selected?.profileId,
        input: {
          name: values.name,
          domain: values.domain,
          ...(values.domain === 'custom' ? { baseUrl: values.baseUrl } : {}),
          appId: values.appId.trim(),
          defaultUserIdType: values.defaultUserIdType,
          ...(values.appSecret ? { appSecret: values.appSecret } : {}),
          ...kindFields(values),
        },
        persistSecret: persist && state.secretStorage.canPersist,
      }),
    onSuccess: async (saved) => {
      await refresh();
      setSelectedId(saved.profileId);
      setValues(valuesOf(saved));
      setError(null);
      setNotice(t('profiles.saved', { name: saved.name }));
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: (profileId: string) => api.deleteProfile(profileId),
    onSuccess: async () => {
      await refresh();
      pick(undefined);
    },
    onError: fail,
  });
  const duplicate = useMutation({
    mutationFn: (profileId: string) => api.duplicateProfile(profileId),
    onSuccess: async (copy) => {
      await refresh();
      pick(copy);
    },
    onError: fail,
  });
  const testConnection = useMutation({
    mutationFn: (profileId: string) => api.testProfile(profileId),
    onSuccess: setConnectionTest,
    onError: fail,
  });
  const importProfiles = useMutation({
    mutationFn: (text: string) => api.importProfiles(text),
    onSuccess: async (result) => {
      await refresh();
      setNotice(
        t('profiles.imported', { count: result.imported }) +
          (result.ignoredSecretFields ? ` ${t('profiles.importIgnoredSecrets', { count: result.ignoredSecretFields })}` : ''),
      );
    },
    onError: fail,
  });

  const exportProfiles = async () => {
    try {
      const text = await api.exportProfiles();
      saveAsDownload('feishu-inspector-profiles.json', text, 'application/json');
    } catch (e) {
      fail(e);
    }
  };

  const set =
    <K extends keyof FormValues>(key: K) =>
    (value: FormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  return {
    selectedId,
    selected,
    values,
    set,
    persist,
    setPersist,
    error,
    notice,
    connectionTest,
    pick,
    save: () => save.mutate(),
    saving: save.isPending,
    remove: (profileId: string) => remove.mutate(profileId),
    duplicate: (profileId: string) => duplicate.mutate(profileId),
    testConnection: (profileId: string) => testConnection.mutate(profileId),
    testing: testConnection.isPending,
    importProfiles: (text: string) => importProfiles.mutate(text),
    exportProfiles,
  };
}
