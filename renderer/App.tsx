import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserIdType } from '../core/feishu/types';
import { MAX_BATCH_IDS, SANDBOX_PROFILE_ID } from '../core/api/contract';
import { appInfoQuery, profilesStateQuery } from './queries';
import { HistoryPanel } from './features/history/HistoryPanel';
import { LookupBar } from './features/lookup/LookupBar';
import { useLookupHistory } from './features/lookup/navigation';
import { DropZone, OfflineHeader, OpenFileButton, type OpenedFile } from './features/lookup/OpenFile';
import { MessagesView } from './features/viewer/MessagesView';
import { BatchPanel } from './features/batch/BatchPanel';
import { ProfilePicker } from './features/profiles/ProfilePicker';
import { SettingsControls } from './features/settings/SettingsControls';
import { ShortcutsSheet } from './features/settings/ShortcutsSheet';
import { shortcutFor, type Shortcut } from '../core/base/shortcuts';
import { SandboxSettingsPanel } from './features/settings/SandboxSettingsPanel';
import { LookupResultView } from './features/viewer/LookupResultView';
import { OfflineBanner } from './features/errors/OfflineBanner';
import { StoreNotices } from './features/profiles/StoreNotices';
import { langOf } from './i18n';
import { appErrorText } from './features/errors/app-error';

/** More IDs than this run as a batch; fewer show as tabs, each fetched when chosen. */
const BATCH_THRESHOLD = 20;

export function App() {
  const { t, i18n } = useTranslation();
  const profilesState = useQuery(profilesStateQuery());
  const profileId = profilesState.data?.activeProfileId ?? SANDBOX_PROFILE_ID;
  const [userIdType, setUserIdType] = useState<UserIdType>('open_id');
  const history = useLookupHistory();
  const lookup = history.current;
  // What the box shows: the user's edit of the current entry, else the text the entry came from.
  const entryKey = lookup ? String(lookup.attempt) : 'none';
  const [draft, setDraft] = useState<{ entryKey: string; text: string } | null>(null);
  const text = draft?.entryKey === entryKey ? draft.text : (lookup?.text ?? '');
  const lookupInput = useRef<HTMLInputElement>(null);
  const profile = profilesState.data?.profiles.find((p) => p.profileId === profileId);

  const [offline, setOffline] = useState<OpenedFile | null>(null);
  const openMessage = (messageId: string) => {
    setOffline(null);
    history.push(messageId, [messageId]);
  };
  const queryClient = useQueryClient();
  const [batchError, setBatchError] = useState<string | null>(null);
  /** Many IDs run as a batch in the main side, paced by the app's rate limits. */
  const runBatch = async (ids: string[]) => {
    setBatchError(null);
    try {
      const { batchId } = await api.startBatch({
        messageIds: ids.slice(0, MAX_BATCH_IDS),
        profileId,
        userIdType,
        lang: langOf(i18n),
      });
      history.push(text, ids.slice(0, MAX_BATCH_IDS), { batchId, profileId });
      if (ids.length > MAX_BATCH_IDS) setBatchError(t('batch.truncated', { max: MAX_BATCH_IDS, count: ids.length }));
    } catch (error) {
      setBatchError(appErrorText(error, t));
    }
  };
  /** From the history: the same message with the profile it was looked up with. */
  const reopen = async (messageId: string, fromProfileId: string) => {
    if (fromProfileId !== profileId && profilesState.data?.profiles.some((p) => p.profileId === fromProfileId)) {
      await api.setActiveProfile(fromProfileId);
      await queryClient.invalidateQueries({ queryKey: profilesStateQuery().queryKey });
    }
    openMessage(messageId);
  };
  const goBack = () => {
    if (!history.canGoBack) return;
    history.back();
  };
  const goForward = () => {
    if (!history.canGoForward) return;
    history.forward();
  };

  const [showShortcuts, setShowShortcuts] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      const typing = event.target instanceof HTMLElement && event.target.matches('input, textarea, select, [contenteditable]');
      if (shortcut.id === 'help' && typing) return;
      event.preventDefault();
      runShortcut(shortcut.id);
    };
    const runShortcut = (id: Shortcut['id']) => {
      const click = (selector: string) => document.querySelector<HTMLElement>(selector)?.click();
      switch (id) {
        case 'focusLookup':
          lookupInput.current?.focus();
          lookupInput.current?.select();
          break;
        case 'back':
          history.back();
          break;
        case 'forward':
          history.forward();
          break;
        case 'toggleView':
          click('.content-header [role=tab][aria-selected=false]');
          break;
        case 'findInJson':
          click('.content-header [role=tab]:nth-child(2)[aria-selected=false]');
          // The JSON view mounts on the next frame after switching.
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>('.json-view .json-search')?.focus());
          break;
        case 'export':
          click('[data-testid=batch-export]');
          break;
        case 'help':
          setShowShortcuts(true);
          break;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [history]);

  return (
    <DropZone onOpen={setOffline}>
      <div className="app">
        <header className="app-header">
          <div className="brand">
            <h1>{t('app.title')}</h1>
            <p className="muted small">{t('app.tagline')}</p>
          </div>
          <div className="header-controls">
            {profilesState.data && <ProfilePicker state={profilesState.data} />}
            <SettingsControls />
            <button
              type="button"
              className="button button-small"
              onClick={() => setShowShortcuts(true)}
              aria-label={t('shortcuts.open')}
              title={t('shortcuts.open')}
            >
              ?
            </button>
          </div>
        </header>
        <main className="app-main">
          <OfflineBanner />
          {profilesState.data && <StoreNotices notices={profilesState.data.notices} />}
          <div className="lookup-row">
            <div className="nav-buttons">
              <button
                type="button"
                className="button"
                onClick={goBack}
                disabled={!history.canGoBack}
                aria-label={t('nav.back')}
                title={`${t('nav.back')} (Alt+←)`}
              >
                ←
              </button>
              <button
                type="button"
                className="button"
                onClick={goForward}
                disabled={!history.canGoForward}
                aria-label={t('nav.forward')}
                title={`${t('nav.forward')} (Alt+→)`}
              >
                →
              </button>
            </div>
            <LookupBar
              inputRef={lookupInput}
              text={text}
              onTextChange={(next) => setDraft({ entryKey, text: next })}
              userIdType={userIdType}
              onUserIdTypeChange={setUserIdType}
              onLookup={(ids) => {
                setOffline(null);
                if (ids.length > BATCH_THRESHOLD) void runBatch(ids);
                else history.push(text, ids);
              }}
            />
            <OpenFileButton onOpen={setOffline} />
          </div>
          {profileId === SANDBOX_PROFILE_ID && <SandboxSettingsPanel />}
          {offline && <OfflineHeader file={offline} onClose={() => setOffline(null)} />}
          {offline && !('error' in offline.result) && (
            <div className="result" data-testid="offline-result">
              <MessagesView key={offline.fileName} items={offline.result.items} onOpenMessage={openMessage} />
            </div>
          )}
          {batchError && (
            <p className="lookup-problem" role="alert">
              {batchError}
            </p>
          )}
          {!offline && lookup?.batchId && (
            <BatchPanel
              key={lookup.batchId}
              batchId={lookup.batchId}
              messageIds={lookup.messageIds}
              profile={profilesState.data?.profiles.find((p) => p.profileId === lookup.batchProfileId) ?? profile}
              onOpen={openMessage}
            />
          )}
          {!offline && lookup && !lookup.batchId && lookup.messageIds.length > 1 && (
            <nav className="id-tabs" aria-label={t('lookup.found', { count: lookup.messageIds.length })}>
              <span className="muted small">{t('lookup.found', { count: lookup.messageIds.length })}</span>
              {lookup.messageIds.map((id) => (
                <button
                  key={id}
                  type="button"
                  className={`id-tab mono ${id === lookup.selected ? 'active' : ''}`}
                  aria-current={id === lookup.selected ? 'true' : undefined}
                  onClick={() => history.select(id)}
                >
                  {id}
                </button>
              ))}
              <button
                type="button"
                className="button button-small"
                onClick={() => void runBatch(lookup.messageIds)}
                data-testid="run-as-batch"
              >
                {t('batch.run', { count: lookup.messageIds.length })}
              </button>
            </nav>
          )}
          {offline || lookup?.batchId ? null : lookup ? (
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
          {profilesState.data && <HistoryPanel profiles={profilesState.data.profiles} onOpen={reopen} />}
        </main>
        {showShortcuts && <ShortcutsSheet open={showShortcuts} onClose={() => setShowShortcuts(false)} />}
      </div>
    </DropZone>
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
