import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton';
import { profilesStateQuery } from '../../queries';
import type { AppLinkNotice as Notice } from './useAppLinks';

interface Props {
  notice: Notice;
  onOpenWithActiveProfile: (messageId: string) => void;
  onOpenWithLinkProfile: (messageId: string, profileId: string) => void;
  onDismiss: () => void;
}

/** What a link into the app could not do by itself: a profile that is not here, a chat. */
export function AppLinkNotice({ notice, onOpenWithActiveProfile, onOpenWithLinkProfile, onDismiss }: Props) {
  const { t } = useTranslation();
  const profiles = useQuery(profilesStateQuery()).data;
  const active = profiles?.profiles.find((p) => p.profileId === profiles.activeProfileId);
  const title =
    notice.kind === 'chat'
      ? t('links.chatTitle')
      : notice.kind === 'other_profile'
        ? t('links.otherProfileTitle')
        : t('links.unknownProfileTitle');
  return (
    <section className="link-notice" role="alert" aria-labelledby="link-notice-title" data-testid="link-notice">
      <header>
        <strong id="link-notice-title">{title}</strong>
        <button type="button" className="button button-small" onClick={onDismiss}>
          {t('links.dismiss')}
        </button>
      </header>
      {notice.kind === 'chat' ? (
        <>
          <p>{t('links.chat', { id: notice.chatId })}</p>
          <div className="link-notice-actions">
            <CopyButton text={notice.chatId} label={t('links.copyChatId')} what={t('links.chatId')} />
          </div>
        </>
      ) : notice.kind === 'other_profile' ? (
        <>
          <p>{t('links.otherProfile', { id: notice.messageId, name: notice.profileName, active: active?.name ?? '' })}</p>
          <div className="link-notice-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => onOpenWithLinkProfile(notice.messageId, notice.profileId)}
            >
              {t('links.switchAndOpen', { name: notice.profileName })}
            </button>
            {active && (
              <button type="button" className="button" onClick={() => onOpenWithActiveProfile(notice.messageId)}>
                {t('links.openWithActive', { name: active.name })}
              </button>
            )}
          </div>
        </>
      ) : (
        <>
          <p>{t('links.unknownProfile', { id: notice.messageId, profileId: notice.profileId })}</p>
          {active && (
            <div className="link-notice-actions">
              <button type="button" className="button button-primary" onClick={() => onOpenWithActiveProfile(notice.messageId)}>
                {t('links.openWithActive', { name: active.name })}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
