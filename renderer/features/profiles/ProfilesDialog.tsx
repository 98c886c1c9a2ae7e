import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileDomain, ProfilesState } from '../../../core/api/contract';
import type { ProfileKind } from '../../../core/profiles/types';
import { Dialog } from '../../components/Dialog';
import { UserIdTypeSelect } from '../../components/UserIdTypeSelect';
import { ErrorPanel } from '../errors/ErrorPanel';
import { ProfileList } from './ProfileList';
import { useProfilesForm } from './useProfilesForm';

interface Props {
  state: ProfilesState;
  open: boolean;
  onClose: () => void;
}

/**
 * Create, edit, duplicate, delete and test profiles. The secret field is write-only: the page
 * never receives a secret, only whether one is kept and its last four characters.
 */
export function ProfilesDialog({ state, open, onClose }: Props) {
  const { t } = useTranslation();
  const form = useProfilesForm(state);
  const { selected, values, set } = form;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    form.save();
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      titleId="profiles-title"
      title={t('profiles.title')}
      bodyClassName="profiles-layout"
      testId="profiles-dialog"
    >
      <ProfileList
        profiles={state.profiles}
        selectedId={form.selectedId}
        onPick={form.pick}
        onExport={() => void form.exportProfiles()}
        onImport={form.importProfiles}
      />

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
          {t('profiles.kind')}
          <select value={values.kind} onChange={(e) => set('kind')(e.target.value as ProfileKind)} data-testid="profile-kind">
            <option value="app">{t('profiles.kindApp')}</option>
            <option value="store">{t('profiles.kindStore')}</option>
            <option value="pasted">{t('profiles.kindPasted')}</option>
          </select>
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
            placeholder={values.kind === 'pasted' ? t('profiles.appIdOptional') : 'cli_…'}
            required={values.kind !== 'pasted'}
            className="mono"
            data-testid="profile-app-id"
          />
        </label>
        {values.kind === 'store' && (
          <label>
            {t('profiles.tenants')}
            <textarea
              value={values.tenants}
              onChange={(e) => set('tenants')(e.target.value)}
              rows={3}
              placeholder="736588c9260f175e Acme Ltd"
              required
              className="mono"
              data-testid="profile-tenants"
            />
            <span className="muted small">{t('profiles.tenantsHint')}</span>
          </label>
        )}
        {values.kind === 'pasted' && (
          <>
            <label>
              {t('profiles.pastedAs')}
              <select
                value={values.pastedAs}
                onChange={(e) => set('pastedAs')(e.target.value === 'user' ? 'user' : 'bot')}
                data-testid="profile-pasted-as"
              >
                <option value="bot">{t('profiles.pastedAsBot')}</option>
                <option value="user">{t('profiles.pastedAsUser')}</option>
              </select>
            </label>
            <label>
              {t('profiles.pastedExpiresAt')}
              <input
                type="datetime-local"
                value={values.pastedExpiresAt}
                onChange={(e) => set('pastedExpiresAt')(e.target.value)}
                data-testid="profile-pasted-expires"
              />
              <span className="muted small">{t('profiles.pastedExpiresHint')}</span>
            </label>
          </>
        )}
        <label>
          {values.kind === 'pasted' ? t('profiles.token') : t('profiles.appSecret')}
          <input
            type="password"
            autoComplete="off"
            value={values.appSecret}
            onChange={(e) => set('appSecret')(e.target.value)}
            placeholder={
              selected?.hasSecret
                ? t('profiles.secretKept', { masked: selected.maskedSecret })
                : values.kind === 'pasted'
                  ? t('profiles.tokenPlaceholder')
                  : t('profiles.secretPlaceholder')
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
        {values.kind !== 'pasted' && (
          <label>
            {t('profiles.signInPort')}
            <input
              type="number"
              min={1024}
              max={65535}
              value={values.signInPort}
              onChange={(e) => set('signInPort')(e.target.value)}
              data-testid="profile-sign-in-port"
            />
            <span className="muted small">
              {t('profiles.signInPortHint', { uri: `http://127.0.0.1:${values.signInPort || '…'}/callback` })}
            </span>
          </label>
        )}
        <label>
          {t('profiles.userIdType')}
          <UserIdTypeSelect value={values.defaultUserIdType} onChange={set('defaultUserIdType')} />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.persist && state.secretStorage.canPersist}
            disabled={!state.secretStorage.canPersist}
            onChange={(e) => form.setPersist(e.target.checked)}
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
        {form.error && (
          <p className="lookup-problem" role="alert">
            {form.error}
          </p>
        )}
        {form.notice && (
          <p className="muted" role="status">
            {form.notice}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.saving}>
            {t('profiles.save')}
          </button>
          {selected && (
            <>
              <button
                type="button"
                className="button"
                onClick={() => form.testConnection(selected.profileId)}
                disabled={form.testing}
                data-testid="profile-test"
              >
                {t('profiles.test')}
              </button>
              <button type="button" className="button" onClick={() => form.duplicate(selected.profileId)}>
                {t('profiles.duplicate')}
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  if (window.confirm(t('profiles.confirmDelete', { name: selected.name }))) form.remove(selected.profileId);
                }}
              >
                {t('profiles.delete')}
              </button>
            </>
          )}
        </div>
        {form.connectionTest?.ok && (
          <p className="test-ok" role="status" data-testid="profile-test-result">
            {t('profiles.testOk', { time: form.connectionTest.expiresAt })}
          </p>
        )}
        {form.connectionTest && !form.connectionTest.ok && <ErrorPanel failure={form.connectionTest.failure} profile={selected} />}
      </form>
    </Dialog>
  );
}
