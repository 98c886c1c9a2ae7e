import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfilesState } from '../../../core/api/contract';
import { api } from '../../api';
import { profilesStateQuery } from '../../queries';
import { ProfilesDialog } from './ProfilesDialog';

/** Switching profile is one choice; the active one is always visible in the header. */
export function ProfilePicker({ state }: { state: ProfilesState }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [managing, setManaging] = useState(false);
  const activate = useMutation({
    mutationFn: (profileId: string) => api.setActiveProfile(profileId),
    onMutate: (profileId) => client.setQueryData(profilesStateQuery().queryKey, { ...state, activeProfileId: profileId }),
    onSettled: () => client.invalidateQueries({ queryKey: profilesStateQuery().queryKey }),
  });
  return (
    <div className="header-control">
      <label className="header-control">
        <span className="header-label">{t('profile.label')}</span>
        <select value={state.activeProfileId} onChange={(e) => activate.mutate(e.target.value)} data-testid="profile-picker">
          {state.profiles.map((p) => (
            <option key={p.profileId} value={p.profileId}>
              {p.builtIn
                ? `${p.name} — ${t('profile.sandboxNote')}`
                : `${p.name} (${p.appId}${p.maskedSecret ? `, ${p.maskedSecret}` : `, ${t('profiles.noSecret')}`})`}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button-small" onClick={() => setManaging(true)} data-testid="manage-profiles">
        {t('profiles.manage')}
      </button>
      {managing && <ProfilesDialog state={state} open={managing} onClose={() => setManaging(false)} />}
    </div>
  );
}
