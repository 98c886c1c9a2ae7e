import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../core/api/contract';
import { FilePicker } from '../../components/FilePicker';

interface Props {
  profiles: ProfileSummary[];
  selectedId: string | null;
  /** A profile to edit; none for a new one. */
  onPick: (profile: ProfileSummary | undefined) => void;
  onExport: () => void;
  onImport: (text: string) => void;
}

/** Every profile (the built-in and environment ones shown but not editable), and new / export / import. */
export function ProfileList({ profiles, selectedId, onPick, onExport, onImport }: Props) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('profiles.list')}>
      <ul className="profile-list">
        {profiles.map((profile) => (
          <li key={profile.profileId}>
            <button
              type="button"
              className={`profile-item ${profile.profileId === selectedId ? 'active' : ''}`}
              disabled={profile.builtIn || profile.fromEnvironment}
              aria-current={profile.profileId === selectedId ? 'true' : undefined}
              onClick={() => onPick(profile)}
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
        <button type="button" className="button button-small" onClick={() => onPick(undefined)}>
          {t('profiles.new')}
        </button>
        <button type="button" className="button button-small" onClick={onExport}>
          {t('profiles.export')}
        </button>
        <FilePicker
          label={t('profiles.import')}
          className="button button-small"
          accept=".json,application/json"
          inputTestId="profiles-import-input"
          onFile={async (file) => onImport(await file.text())}
        />
      </div>
      <p className="muted small">{t('profiles.exportNote')}</p>
    </nav>
  );
}
