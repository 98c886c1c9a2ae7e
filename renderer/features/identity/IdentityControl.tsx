import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../core/api/contract';
import { IdentityDialog } from './IdentityDialog';
import { setIdentity, useExpired, useIdentity } from './choice';

/**
 * Beside the lookup box: whom the profile's lookups are made as (the bot, or the signed-in user),
 * a store app's tenant, and the way to sign in or paste a ticket. Remembered per profile.
 */
export function IdentityControl({ profile }: { profile: ProfileSummary }) {
  const { t } = useTranslation();
  const choice = useIdentity(profile.profileId);
  const [managing, setManaging] = useState(false);
  const tenants = profile.kind === 'store' ? (profile.tenants ?? []) : [];
  const as = choice.as === 'user' ? 'user' : 'bot';
  const expired = useExpired(profile.pastedExpiresAt);

  if (profile.kind === 'pasted') {
    return (
      <div className="identity-row">
        <span className={`identity-badge${expired ? ' identity-expired' : ''}`} data-testid="identity-pasted">
          {profile.pastedAs === 'user' ? t('identity.badgePastedUser') : t('identity.badgePastedBot')}
          {profile.pastedExpiresAt !== undefined && (
            <> · {expired ? t('identity.badgeExpired') : t('identity.badgeExpires', { time: profile.pastedExpiresAt })}</>
          )}
        </span>
      </div>
    );
  }

  return (
    <div className="identity-row" data-testid="identity-control">
      <label className="identity-option">
        <span className="muted small">{t('identity.asLabel')}</span>
        <select
          value={as === 'user' && !profile.signedIn ? 'sign-in' : as}
          aria-label={t('identity.asLabel')}
          data-testid="identity-as"
          onChange={(event) => {
            const value = event.target.value;
            if (value === 'sign-in') setManaging(true);
            else setIdentity(profile.profileId, { as: value === 'user' ? 'user' : 'bot' });
          }}
        >
          <option value="bot">{t('identity.asBot')}</option>
          {profile.signedIn ? (
            <option value="user">{t('identity.asUser', { name: profile.signedIn.name })}</option>
          ) : (
            <option value="sign-in">{t('identity.asSignIn')}</option>
          )}
        </select>
      </label>
      {tenants.length > 0 && (
        <label className="identity-option">
          <span className="muted small">{t('identity.tenantLabel')}</span>
          <select
            value={choice.tenantKey && tenants.some((tenant) => tenant.key === choice.tenantKey) ? choice.tenantKey : tenants[0]!.key}
            aria-label={t('identity.tenantLabel')}
            data-testid="identity-tenant"
            onChange={(event) => setIdentity(profile.profileId, { tenantKey: event.target.value })}
          >
            {tenants.map((tenant) => (
              <option key={tenant.key} value={tenant.key}>
                {tenant.name} ({tenant.key})
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="button button-small" onClick={() => setManaging(true)} data-testid="identity-manage">
        {profile.kind === 'store' && !profile.hasTicket ? t('identity.manageNeedsTicket') : t('identity.manage')}
      </button>
      {managing && <IdentityDialog profile={profile} open={managing} onClose={() => setManaging(false)} />}
    </div>
  );
}
