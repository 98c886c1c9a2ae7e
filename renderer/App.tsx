import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SANDBOX_PROFILE_IDS } from '../core/api/contract';
import { HistoryPanel } from './features/history/HistoryPanel';
import { EmptyState } from './features/lookup/EmptyState';
import { IdTabs } from './features/lookup/IdTabs';
import { LookupBar } from './features/lookup/LookupBar';
import { NavButtons } from './features/lookup/NavButtons';
import { DropZone, OfflineHeader, OpenFileButton } from './features/lookup/OpenFile';
import { useLookupSession } from './features/lookup/useLookupSession';
import { MessagesView } from './features/viewer/MessagesView';
import { BatchPanel } from './features/batch/BatchPanel';
import { ProfilePicker } from './features/profiles/ProfilePicker';
import { SettingsControls } from './features/settings/SettingsControls';
import { ShortcutsSheet } from './features/settings/ShortcutsSheet';
import { useKeyboardShortcuts } from './features/settings/useKeyboardShortcuts';
import { SandboxSettingsPanel } from './features/settings/SandboxSettingsPanel';
import { LookupResultView } from './features/viewer/LookupResultView';
import { OfflineBanner } from './features/errors/OfflineBanner';
import { StoreNotices } from './features/profiles/StoreNotices';
import { AppLinkNotice } from './features/links/AppLinkNotice';
import { useAppLinks } from './features/links/useAppLinks';
import { ConversationView } from './features/conversation/ConversationView';
import { ChatExportsTray } from './features/conversation/ChatExportsTray';
import { LiveView } from './features/live/LiveView';
import { IdentityControl } from './features/identity/IdentityControl';
import { effectiveIdentity, useIdentity } from './features/identity/choice';

export function App() {
  const { t } = useTranslation();
  const session = useLookupSession();
  const { profilesState, profileId, profile, history, lookup, offline, setOffline, openMessage } = session;
  const lookupInput = useRef<HTMLInputElement>(null);
  const { showShortcuts, setShowShortcuts } = useKeyboardShortcuts(lookupInput, history);
  const links = useAppLinks(session);
  const identity = effectiveIdentity(useIdentity(profileId), profile);
  // The Live view stands in for the inspector while open; its connection runs on in the main side.
  const [live, setLive] = useState(false);
  const openFromLive = (messageId: string) => {
    setLive(false);
    openMessage(messageId);
  };

  return (
    <DropZone onOpen={setOffline}>
      <div className="app">
        <header className="app-header">
          <div className="brand">
            <h1>{t('app.title')}</h1>
            <p className="muted small">{t('app.tagline')}</p>
          </div>
          <div className="header-controls">
            {profilesState && <ProfilePicker state={profilesState} />}
            <button
              type="button"
              className="button button-small"
              aria-pressed={live}
              onClick={() => setLive((on) => !on)}
              data-testid="live-toggle"
            >
              {live ? t('live.navBack') : t('live.nav')}
            </button>
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
          {profilesState && <StoreNotices notices={profilesState.notices} />}
          {links.notice && (
            <AppLinkNotice
              notice={links.notice}
              onOpenWithActiveProfile={links.openWithActiveProfile}
              onOpenWithLinkProfile={links.openWithLinkProfile}
              onDismiss={links.dismiss}
            />
          )}
          <ChatExportsTray
            onOpen={(open) => {
              setLive(false);
              session.openConversation(open);
            }}
          />
          {live ? (
            <LiveView
              key={profileId}
              profile={profile}
              profileId={profileId}
              userIdType={session.userIdType}
              onOpenMessage={openFromLive}
            />
          ) : (
            <>
              <div className="lookup-row">
                <NavButtons
                  canGoBack={history.canGoBack}
                  canGoForward={history.canGoForward}
                  onBack={history.back}
                  onForward={history.forward}
                />
                <LookupBar
                  inputRef={lookupInput}
                  text={session.text}
                  onTextChange={session.setText}
                  userIdType={session.userIdType}
                  onUserIdTypeChange={session.setUserIdType}
                  onLookup={session.lookUp}
                  onOpenConversation={(target) => session.openConversation({ target }, session.text)}
                />
                <OpenFileButton onOpen={setOffline} />
              </div>
              {profile && <IdentityControl profile={profile} />}
              {SANDBOX_PROFILE_IDS.includes(profileId) && <SandboxSettingsPanel />}
              {offline && <OfflineHeader file={offline} onClose={() => setOffline(null)} />}
              {offline && !('error' in offline.result) && (
                <div className="result" data-testid="offline-result">
                  <MessagesView key={offline.fileName} items={offline.result.items} onOpenMessage={openMessage} />
                </div>
              )}
              {session.batchError && (
                <p className="lookup-problem" role="alert">
                  {session.batchError}
                </p>
              )}
              {!offline && lookup?.batchId && (
                <BatchPanel
                  key={lookup.batchId}
                  batchId={lookup.batchId}
                  messageIds={lookup.messageIds}
                  profile={profilesState?.profiles.find((p) => p.profileId === lookup.batchProfileId) ?? profile}
                  onOpen={openMessage}
                />
              )}
              {!offline && lookup && !lookup.batchId && lookup.messageIds.length > 1 && (
                <IdTabs
                  messageIds={lookup.messageIds}
                  selected={lookup.selected}
                  onSelect={history.select}
                  onRunAsBatch={() => void session.runBatch(lookup.messageIds)}
                />
              )}
              {!offline && lookup?.conversation && (
                <ConversationView
                  key={lookup.attempt}
                  open={lookup.conversation}
                  profile={profilesState?.profiles.find((p) => p.profileId === lookup.conversation!.profileId)}
                  userIdType={session.userIdType}
                  onOpen={(open) => session.openConversation(open)}
                  onOpenMessage={openMessage}
                />
              )}
              {offline || lookup?.batchId || lookup?.conversation ? null : lookup ? (
                <LookupResultView
                  key={`${lookup.selected}:${lookup.attempt}`}
                  request={{ messageId: lookup.selected, profileId, userIdType: session.userIdType, ...identity }}
                  attempt={lookup.attempt}
                  profile={profile}
                  onOpenMessage={openMessage}
                  onShowConversation={(open) => session.openConversation(open)}
                />
              ) : (
                <EmptyState onPick={openMessage} />
              )}
            </>
          )}
          {profilesState && <HistoryPanel profiles={profilesState.profiles} onOpen={session.reopen} />}
        </main>
        {showShortcuts && <ShortcutsSheet open={showShortcuts} onClose={() => setShowShortcuts(false)} />}
      </div>
    </DropZone>
  );
}
