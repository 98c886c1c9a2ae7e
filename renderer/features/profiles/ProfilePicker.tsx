import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../core/contract';

interface Props {
  profiles: ProfileSummary[];
  profileId: string;
  onChange: (profileId: string) => void;
}

/** Switching profile is one choice; the active one is always visible in the header. */
export function ProfilePicker({ profiles, profileId, onChange }: Props) {
  const { t } = useTranslation();
  const active = profiles.find((p) => p.profileId === profileId);
  return (
    <label className="header-control">
      <span className="header-label">{t('profile.label')}</span>
      <select
        value={profileId}
        onChange={(e) => onChange(e.target.value)}
        data-testid="profile-picker"
        title={active ? t('profile.active', { name: active.name }) : undefined}
      >
        {profiles.map((p) => (
          <option key={p.profileId} value={p.profileId}>
            {p.builtIn ? `${p.name} — ${t('profile.sandboxNote')}` : `${p.name} (${p.appId}${p.maskedSecret ? `, ${p.maskedSecret}` : ''})`}
          </option>
        ))}
      </select>
    </label>
  );
}
