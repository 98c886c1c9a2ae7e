import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeishuFailure } from '../../../core/feishu/types';
import type { ProfileSummary } from '../../../core/api/contract';
import { IdentityDialog } from './IdentityDialog';
import { setIdentity } from './choice';

/** The bot is not in the chat (230002), or not allowed to read it (230027): a user who is in it can read it. */
const USER_CAN_READ = new Set([230002, 230027]);

/**
 * The ways out of a failure that lie in whom the call was made as: "Try as <user>" when the bot
 * cannot read the chat and a user is signed in, signing one in when none is, and the identity
 * dialog when the credentials themselves failed (no ticket, an expired sign-in).
 */
export function IdentityActions({ failure, profile }: { failure: FeishuFailure; profile: ProfileSummary | undefined }) {
  const { t } = useTranslation();
  const [managing, setManaging] = useState(false);
  if (!profile || profile.kind === 'pasted') return null;
  const asUser = failure.identity?.as === 'user';
  const botCannotRead = failure.code !== undefined && USER_CAN_READ.has(failure.code) && !asUser;
  const credentials =
    failure.kind === 'credential' || failure.credential !== undefined || failure.stage === 'app_token' || failure.stage === 'user_token';
  if (!botCannotRead && !credentials && !asUser) return null;
  return (
    <div className="identity-actions" data-testid="identity-actions">
      {asUser && profile.signedIn && <p className="muted small">{t('identity.madeAsUser', { name: profile.signedIn.name })}</p>}
      {botCannotRead && profile.signedIn && (
        <button
          type="button"
          className="button button-primary"
          onClick={() => setIdentity(profile.profileId, { as: 'user' })}
          data-testid="error-try-as-user"
        >
          {t('identity.tryAs', { name: profile.signedIn.name })}
        </button>
      )}
      {botCannotRead && !profile.signedIn && (
        <button type="button" className="button" onClick={() => setManaging(true)} data-testid="error-sign-in">
          {t('identity.signInToRead')}
        </button>
      )}
      {credentials && (
        <button type="button" className="button" onClick={() => setManaging(true)} data-testid="error-identity">
          {profile.kind === 'store' && failure.stage === 'app_token' ? t('identity.manageNeedsTicket') : t('identity.manage')}
        </button>
      )}
      {managing && <IdentityDialog profile={profile} open={managing} onClose={() => setManaging(false)} />}
    </div>
  );
}
