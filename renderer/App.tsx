import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserIdType } from '../core/feishu/types';
import { SANDBOX_PROFILE_ID } from '../core/contract';
import { appInfoQuery, profilesQuery } from './queries';
import { LookupBar } from './features/lookup/LookupBar';
import { ProfilePicker } from './features/profiles/ProfilePicker';
import { SettingsControls } from './features/settings/SettingsControls';
import { SandboxSettingsPanel } from './features/settings/SandboxSettingsPanel';
import { LookupResultView } from './features/viewer/LookupResultView';

interface Lookup {
  messageIds: string[];
  selected: string;
  attempt: number;
}

export function App() {
  const { t } = useTranslation();
  const profiles = useQuery(profilesQuery());
  const [profileId, setProfileId] = useState(SANDBOX_PROFILE_ID);
  const [userIdType, setUserIdType] = useState<UserIdType>('open_id');
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const profile = profiles.data?.find((p) => p.profileId === profileId);

  const startLookup = (messageIds: string[]) =>
    setLookup((previous) => ({ messageIds, selected: messageIds[0]!, attempt: (previous?.attempt ?? 0) + 1 }));
  const openMessage = (messageId: string) => startLookup([messageId]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <p className="muted small">{t('app.tagline')}</p>
        </div>
        <div className="header-controls">
          {profiles.data && <ProfilePicker profiles={profiles.data} profileId={profileId} onChange={setProfileId} />}
          <SettingsControls />
        </div>
      </header>
      <main className="app-main">
        <LookupBar userIdType={userIdType} onUserIdTypeChange={setUserIdType} onLookup={startLookup} />
        {profileId === SANDBOX_PROFILE_ID && <SandboxSettingsPanel />}
        {lookup && lookup.messageIds.length > 1 && (
          <nav className="id-tabs" aria-label={t('lookup.found', { count: lookup.messageIds.length })}>
            <span className="muted small">{t('lookup.found', { count: lookup.messageIds.length })}</span>
            {lookup.messageIds.map((id) => (
              <button
                key={id}
                type="button"
                className={`id-tab mono ${id === lookup.selected ? 'active' : ''}`}
                aria-current={id === lookup.selected ? 'true' : undefined}
                onClick={() => setLookup({ ...lookup, selected: id })}
              >
                {id}
              </button>
            ))}
          </nav>
        )}
        {lookup ? (
          <LookupResultView
            key={`${lookup.selected}:${lookup.attempt}`}
            request={{ messageId: lookup.selected, profileId, userIdType }}
            attempt={lookup.attempt}
            profile={profile}
            onOpenMessage={openMessage}
          />
        ) : (
          <EmptyState onPick={openMessage} />
        )}
      </main>
    </div>
  );
}

function EmptyState({ onPick }: { onPick: (messageId: string) => void }) {
  const { t } = useTranslation();
  const info = useQuery(appInfoQuery());
  return (
    <section className="panel empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('empty.title')}</h2>
      <p className="muted">{t('empty.body')}</p>
      <ul className="samples">
        {info.data?.sampleMessageIds.map((sample) => (
          <li key={sample.messageId}>
            <button type="button" className="link-button mono" onClick={() => onPick(sample.messageId)}>
              {sample.messageId}
            </button>
            <span className="muted small"> {t(`samples.${sample.sample}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
