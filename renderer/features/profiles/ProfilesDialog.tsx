import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTest, ProfileDomain, ProfilesState, ProfileSummary } from '../../../core/api/contract';
import type { UserIdType } from '../../../core/feishu/types';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FilePicker } from '../../components/FilePicker';
import { UserIdTypeSelect } from '../../components/UserIdTypeSelect';
import { profilesStateQuery } from '../../queries';
import { ErrorPanel } from '../errors/ErrorPanel';

interface Props {
  state: ProfilesState;
  open: boolean;
  onClose: () => void;
}

interface FormValues {
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
 * Create, edit, duplicate, delete and test profiles. The secret field is write-only: the page
 * never receives a secret, only whether one is kept and its last four characters.
 */
export function ProfilesDialog({ state, open, onClose }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const editable = state.profiles.filter((p) => !p.builtIn && !p.fromEnvironment);
  const [selectedId, setSelectedId] = useState<string | null>(editable[0]?.profileId ?? null);
  const selected = editable.find((p) => p.profileId === selectedId);
  const [values, setValues] = useState<FormValues>(selected ? valuesOf(selected) : EMPTY);
  const [persist, setPersist] = useState(state.secretStorage.canPersist);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(null);

  const refresh = () => client.invalidateQueries({ queryKey: profilesStateQuery().queryKey });
  const pick = (profile: ProfileSummary | undefined) => {
    setSelectedId(profile?.profileId ?? null);
    setValues(profile ? valuesOf(profile) : EMPTY);
    setError(null);
    setNotice(null);
    setTest(null);
  };
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

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
    onSuccess: setTest,
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
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = 'feishu-inspector-profiles.json';
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      fail(e);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const set =
    <K extends keyof FormValues>(key: K) =>
    (value: FormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  return (
    <Dialog
      open={open}
      onClose={onClose}
      titleId="profiles-title"
      title={t('profiles.title')}
      bodyClassName="profiles-layout"
      testId="profiles-dialog"
    >
      <nav aria-label={t('profiles.list')}>
        <ul className="profile-list">
          {state.profiles.map((profile) => (
            <li key={profile.profileId}>
              <button
                type="button"
                className={`profile-item ${profile.profileId === selectedId ? 'active' : ''}`}
                disabled={profile.builtIn || profile.fromEnvironment}
                aria-current={profile.profileId === selectedId ? 'true' : undefined}
                onClick={() => pick(profile)}
              >
                <strong>{profile.name}</strong>
                <span className="muted small">
                  {profile.builtIn
                    ? t('profile.sandboxNote')
                    : profile.fromEnvironment
                      ? t('profiles.fromEnv')
                      : `${profile.appId} · ${profile.maskedSecret ?? t(profile.secretProblem ? 'profiles.secretUnreadable' : 'profiles.noSecret')}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <div className="profile-list-actions">
          <button type="button" className="button button-small" onClick={() => pick(undefined)}>
            {t('profiles.new')}
          </button>
          <button type="button" className="button button-small" onClick={() => void exportProfiles()}>
            {t('profiles.export')}
          </button>
          <FilePicker
            label={t('profiles.import')}
            className="button button-small"
            accept=".json,application/json"
            inputTestId="profiles-import-input"
            onFile={async (file) => importProfiles.mutate(await file.text())}
          />
        </div>
        <p className="muted small">{t('profiles.exportNote')}</p>
      </nav>

      <form
        className="profile-form"
        onSubmit={submit}
        aria-label={selected ? t('profiles.editing', { name: selected.name }) : t('profiles.new')}
      >
        <h3>{selected ? t('profiles.editing', { name: selected.name }) : t('profiles.new')}</h3>
        <label>
          {t('profiles.name')}
          <input value={values.name} onChange={(e) => set('name')(e.target.value)} required maxLength={80} data-testid="profile-name" />
        </label>
        <label>
          {t('profiles.domain')}
          <select value={values.domain} onChange={(e) => set('domain')(e.target.value as ProfileDomain)} data-testid="profile-domain">
            <option value="feishu">{t('profiles.domainFeishu')}</option>
            <option value="lark">{t('profiles.domainLark')}</option>
            <option value="custom">{t('profiles.domainCustom')}</option>
          </select>
        </label>
        {values.domain === 'custom' && (
          <label>
            {t('profiles.baseUrl')}
            <input
              value={values.baseUrl}
              onChange={(e) => set('baseUrl')(e.target.value)}
              placeholder="http://127.0.0.1:9000"
              required
              data-testid="profile-base-url"
            />
          </label>
        )}
        <label>
          {t('profiles.appId')}
          <input
            value={values.appId}
            onChange={(e) => set('appId')(e.target.value)}
            placeholder="cli_…"
            required
            className="mono"
            data-testid="profile-app-id"
          />
        </label>
        <label>
          {t('profiles.appSecret')}
          <input
            type="password"
            autoComplete="off"
            value={values.appSecret}
            onChange={(e) => set('appSecret')(e.target.value)}
            placeholder={
              selected?.hasSecret ? t('profiles.secretKept', { masked: selected.maskedSecret }) : t('profiles.secretPlaceholder')
            }
            required={!selected}
            className="mono"
            data-testid="profile-secret"
          />
        </label>
        {selected?.secretProblem && (
          <p className="notice small" data-testid="secret-problem">
            {selected.secretProblem.kind === 'undecryptable'
              ? t('profiles.secretUndecryptable')
              : selected.secretProblem.kind === 'unknown_scheme'
                ? t('profiles.secretUnknownScheme', { type: selected.secretProblem.scheme ?? '' })
                : t('profiles.secretMalformed')}
          </p>
        )}
        <label>
          {t('profiles.userIdType')}
          <UserIdTypeSelect value={values.defaultUserIdType} onChange={set('defaultUserIdType')} />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={persist && state.secretStorage.canPersist}
            disabled={!state.secretStorage.canPersist}
            onChange={(e) => setPersist(e.target.checked)}
          />
          {t('profiles.persist')}
        </label>
        {!state.secretStorage.canPersist && (
          <p className="notice small" data-testid="secret-storage-warning">
            {t('profiles.sessionOnly', {
              reason:
                state.secretStorage.backend === 'none'
                  ? t('profiles.reasonBrowserMode')
                  : state.secretStorage.backend === 'basic_text'
                    ? t('profiles.reasonBasicText')
                    : (state.secretStorage.reason ?? ''),
            })}
          </p>
        )}
        {error && (
          <p className="lookup-problem" role="alert">
            {error}
          </p>
        )}
        {notice && (
          <p className="muted" role="status">
            {notice}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {t('profiles.save')}
          </button>
          {selected && (
            <>
              <button
                type="button"
                className="button"
                onClick={() => testConnection.mutate(selected.profileId)}
                disabled={testConnection.isPending}
                data-testid="profile-test"
              >
                {t('profiles.test')}
              </button>
              <button type="button" className="button" onClick={() => duplicate.mutate(selected.profileId)}>
                {t('profiles.duplicate')}
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  if (window.confirm(t('profiles.confirmDelete', { name: selected.name }))) remove.mutate(selected.profileId);
                }}
              >
                {t('profiles.delete')}
              </button>
            </>
          )}
        </div>
        {test?.ok && (
          <p className="test-ok" role="status" data-testid="profile-test-result">
            {t('profiles.testOk', { time: test.expiresAt })}
          </p>
        )}
        {test && !test.ok && <ErrorPanel failure={test.failure} profile={selected} />}
      </form>
    </Dialog>
  );
}
