import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTest, ProfileDomain, ProfilesState, ProfileSummary } from '../../../core/api/contract';
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
  appSecret: string;
  defaultUserIdType: UserIdType;
}

const EMPTY: FormValues = { name: '', domain: 'feishu', baseUrl: '', appId: '', appSecret: '', defaultUserIdType: 'open_id' };

function valuesOf(profile: ProfileSummary): FormValues {
  return {
    name: profile.name,
    domain: profile.domain,
    baseUrl: profile.domain === 'custom' ? profile.baseUrl : '',
    appId: profile.appId,
    appSecret: '',
    defaultUserIdType: profile.defaultUserIdType,
  };
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
          appId: values.appId,
          defaultUserIdType: values.defaultUserIdType,
          ...(values.appSecret ? { appSecret: values.appSecret } : {}),
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
