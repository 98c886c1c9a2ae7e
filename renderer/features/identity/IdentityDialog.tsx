import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SANDBOX_STORE_PROFILE_ID, type ProfileSummary, type ResendTicketResult, type SignInStatus } from '../../../core/api/contract';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { CopyButton } from '../../components/CopyButton';
import { profilesStateQuery } from '../../queries';
import { appErrorText } from '../errors/app-error';
import { ErrorPanel } from '../errors/ErrorPanel';
import { setIdentity, useExpired } from './choice';

interface Props {
  profile: ProfileSummary;
  open: boolean;
  onClose: () => void;
}

/**
 * Who a profile's lookups can be made as: signing a user in (and out), and a store app's
 * app_ticket. Tokens never come here: the page sees who signed in, and whether a ticket is kept.
 */
export function IdentityDialog({ profile, open, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      titleId="identity-title"
      title={t('identity.title', { name: profile.name })}
      testId="identity-dialog"
    >
      {profile.kind === 'pasted' ? (
        <PastedToken profile={profile} />
      ) : (
        <>
          <SignInSection profile={profile} onSignedIn={onClose} />
          {profile.kind === 'store' && <TicketSection profile={profile} />}
        </>
      )}
    </Dialog>
  );
}

/** A pasted token: whose it is and when it expires; a new one is pasted in the profile's settings. */
function PastedToken({ profile }: { profile: ProfileSummary }) {
  const { t } = useTranslation();
  const expired = useExpired(profile.pastedExpiresAt);
  return (
    <section className="identity-section">
      <p>{profile.pastedAs === 'user' ? t('identity.pastedUser') : t('identity.pastedBot')}</p>
      <p className={expired ? 'lookup-problem' : 'muted'} data-testid="identity-pasted-expiry">
        {profile.pastedExpiresAt === undefined
          ? t('identity.pastedNoExpiry')
          : expired
            ? t('identity.pastedExpired', { time: profile.pastedExpiresAt })
            : t('identity.pastedExpires', { time: profile.pastedExpiresAt })}
      </p>
    </section>
  );
}

function SignInSection({ profile, onSignedIn }: { profile: ProfileSummary; onSignedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: profilesStateQuery().queryKey });
  const [signInId, setSignInId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);

  const start = useMutation({
    mutationFn: () => api.startSignIn(profile.profileId, i18n.language === 'zh-CN' ? 'zh-CN' : 'en'),
    onSuccess: (status) => {
      setError(null);
      setSignedOut(false);
      setSignInId(status.signInId);
      client.setQueryData(['signIn', status.signInId], status);
    },
    onError: (e) => setError(appErrorText(e, t)),
  });
  // A long poll: each answer comes when the sign-in changes, or after 20 s of waiting.
  const status = useQuery({
    queryKey: ['signIn', signInId],
    queryFn: () => api.getSignIn(signInId!, 20_000),
    enabled: signInId !== null,
    refetchInterval: (query) => (query.state.data?.state === 'waiting' ? 1 : false),
    retry: false,
  });
  const current: SignInStatus | undefined = status.data;
  useEffect(() => {
    if (current?.state !== 'signed_in') return;
    void refresh();
    setIdentity(profile.profileId, { as: 'user' });
    onSignedIn();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the sign-in ends
  }, [current?.state]);

  const cancel = () => {
    if (signInId) void api.cancelSignIn(signInId);
    setSignInId(null);
  };
  const signOut = useMutation({
    mutationFn: () => api.signOut(profile.profileId),
    onSuccess: async () => {
      setIdentity(profile.profileId, { as: 'bot' });
      setSignedOut(true);
      await refresh();
    },
    onError: (e) => setError(appErrorText(e, t)),
  });

  const waiting = current?.state === 'waiting';
  return (
    <section className="identity-section" data-testid="identity-sign-in">
      <h3>{t('identity.signInHeading')}</h3>
      <p className="muted small">{t('identity.signInHint')}</p>
      {profile.signedIn ? (
        <>
          <p data-testid="identity-signed-in">
            {profile.signedIn.expiresAt !== undefined
              ? t('identity.signedInUntil', { name: profile.signedIn.name, time: profile.signedIn.expiresAt })
              : t('identity.signedIn', { name: profile.signedIn.name })}
            {!profile.signedIn.refreshable && <span className="muted small"> {t('identity.noRefresh')}</span>}
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button"
              onClick={() => signOut.mutate()}
              disabled={signOut.isPending}
              data-testid="identity-sign-out"
            >
              {t('identity.signOut')}
            </button>
          </div>
          <p className="muted small">{t('identity.signOutNote')}</p>
        </>
      ) : (
        <>
          {profile.signInRedirectUri && (
            <p className="small">
              {t('identity.registerRedirect')} <code data-testid="identity-redirect-uri">{profile.signInRedirectUri}</code>{' '}
              <CopyButton text={profile.signInRedirectUri} label={t('identity.copyRedirect')} />
            </p>
          )}
          {!waiting && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                onClick={() => start.mutate()}
                disabled={start.isPending}
                data-testid="identity-sign-in-start"
              >
                {t('identity.signIn')}
              </button>
            </div>
          )}
        </>
      )}
      {signedOut && (
        <p className="muted" role="status" data-testid="identity-signed-out">
          {t('identity.signedOut')}
        </p>
      )}
      {waiting && current && (
        <div className="identity-waiting" role="status">
          <p>{current.opened ? t('identity.waitingOpened') : t('identity.waitingOpen')}</p>
          <p className="form-actions">
            <a
              className="button button-primary"
              href={current.authorizeUrl}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="identity-authorize-link"
            >
              {t('identity.openSignInPage')}
            </a>
            <CopyButton text={current.authorizeUrl} label={t('identity.copySignInLink')} />
            <button type="button" className="button" onClick={cancel} data-testid="identity-sign-in-cancel">
              {t('identity.cancel')}
            </button>
          </p>
        </div>
      )}
      {current?.state === 'failed' && (
        <div data-testid="identity-sign-in-failed">
          {current.failure ? (
            <ErrorPanel failure={current.failure} profile={profile} />
          ) : (
            <p className="lookup-problem" role="alert">
              {current.error?.code === 'access_denied'
                ? t('identity.denied')
                : current.error?.code === 'timed_out'
                  ? t('identity.timedOut')
                  : t('identity.redirectError', { code: current.error?.code ?? '', description: current.error?.description ?? '' })}
            </p>
          )}
        </div>
      )}
      {current?.state === 'signed_in' && current.sessionOnly && <p className="notice small">{t('identity.sessionOnly')}</p>}
      {error && (
        <p className="lookup-problem" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function TicketSection({ profile }: { profile: ProfileSummary }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [ticket, setTicket] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [resent, setResent] = useState<ResendTicketResult | null>(null);
  const save = useMutation({
    mutationFn: () => api.setAppTicket(profile.profileId, ticket),
    onSuccess: async () => {
      setTicket('');
      setError(null);
      setSaved(true);
      await client.invalidateQueries({ queryKey: profilesStateQuery().queryKey });
    },
    onError: (e) => setError(appErrorText(e, t)),
  });
  const resend = useMutation({
    mutationFn: () => api.resendAppTicket(profile.profileId),
    onSuccess: setResent,
    onError: (e) => setError(appErrorText(e, t)),
  });
  return (
    <section className="identity-section" data-testid="identity-ticket">
      <h3>{t('identity.ticketHeading')}</h3>
      <p className="muted small">{t('identity.ticketHint')}</p>
      <p data-testid="identity-ticket-state">{profile.hasTicket ? t('identity.ticketKept') : t('identity.ticketMissing')}</p>
      <form
        className="identity-ticket-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (ticket.trim()) save.mutate();
        }}
      >
        <label>
          {t('identity.ticketLabel')}
          <input
            type="password"
            autoComplete="off"
            className="mono"
            value={ticket}
            onChange={(e) => setTicket(e.target.value)}
            data-testid="identity-ticket-input"
          />
        </label>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending || !ticket.trim()}
            data-testid="identity-ticket-save"
          >
            {t('identity.ticketSave')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => resend.mutate()}
            disabled={resend.isPending}
            data-testid="identity-ticket-resend"
          >
            {t('identity.ticketResend')}
          </button>
        </div>
      </form>
      {saved && (
        <p className="muted" role="status">
          {t('identity.ticketSaved')}
        </p>
      )}
      {resent?.ok && (
        <p className="muted" role="status" data-testid="identity-ticket-resent">
          {profile.profileId === SANDBOX_STORE_PROFILE_ID ? t('identity.ticketResentSandbox') : t('identity.ticketResent')}
        </p>
      )}
      {resent && !resent.ok && <ErrorPanel failure={resent.failure} profile={profile} />}
      {error && (
        <p className="lookup-problem" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
