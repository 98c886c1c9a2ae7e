import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { profilesStateQuery } from '../../queries';
import type { AppLinkNotice as Notice, LinkTarget } from './useAppLinks';

interface Props {
  notice: Notice;
  onOpenWithActiveProfile: (target: LinkTarget) => void;
  onOpenWithLinkProfile: (target: LinkTarget, profileId: string) => void;
  onDismiss: () => void;
}

/** What a link into the app could not do by itself: open with a profile that is not here, or is not the active one. */
export function AppLinkNotice({ notice, onOpenWithActiveProfile, onOpenWithLinkProfile, onDismiss }: Props) {
  const { t } = useTranslation();
  const profiles = useQuery(profilesStateQuery()).data;
  const active = profiles?.profiles.find((p) => p.profileId === profiles.activeProfileId);
  const title = notice.kind === 'other_profile' ? t('links.otherProfileTitle') : t('links.unknownProfileTitle');
  const what = notice.target.kind === 'chat' ? t('links.theChat', { id: notice.target.id }) : notice.target.id;
  return (
    <section className="link-notice" role="alert" aria-labelledby="link-notice-title" data-testid="link-notice">
      <header>
        <strong id="link-notice-title">{title}</strong>
        <button type="button" className="button button-small" onClick={onDismiss}>
          {t('links.dismiss')}
        </button>
      </header>
      {notice.kind === 'other_profile' ? (
        <>
          <p>{t('links.otherProfile', { id: what, name: notice.profileName, active: active?.name ?? '' })}</p>
          <div className="link-notice-actions">
            <button type="button" className="button button-primary" onClick={() => onOpenWithLinkProfile(notice.target, notice.profileId)}>
              {t('links.switchAndOpen', { name: notice.profileName })}
            </button>
            {active && (
              <button type="button" className="button" onClick={() => onOpenWithActiveProfile(notice.target)}>
                {t('links.openWithActive', { name: active.name })}
              </button>
            )}
          </div>
        </>
      ) : (
        <>
          <p>{t('links.unknownProfile', { id: what, profileId: notice.profileId })}</p>
          {active && (
            <div className="link-notice-actions">
              <button type="button" className="button button-primary" onClick={() => onOpenWithActiveProfile(notice.target)}>
                {t('links.openWithActive', { name: active.name })}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
