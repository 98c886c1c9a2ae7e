import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton';
import { sandboxTicketsQuery } from '../../queries';

/**
 * The app_tickets the sandbox pushed to its store app, as a webhook log would show them: a
 * store-app profile against the sandbox needs one pasted, and this is where it arrives.
 */
export function SandboxTickets() {
  const { t } = useTranslation();
  const tickets = useQuery(sandboxTicketsQuery());
  const list = [...(tickets.data ?? [])].reverse();
  return (
    <section className="sandbox-tickets" data-testid="sandbox-tickets">
      <h3>{t('sandbox.ticketsHeading')}</h3>
      <p className="muted small">{t('sandbox.ticketsHint')}</p>
      {list.length === 0 ? (
        <p className="muted small">{t('sandbox.ticketsNone')}</p>
      ) : (
        <ul>
          {list.map((ticket) => (
            <li key={ticket.ticket} data-testid="sandbox-ticket">
              {/* The whole ticket goes by the copy button only: a screenshot of this list holds none. */}
              <code>{`••••${ticket.ticket.slice(-6)}`}</code>{' '}
              <span className="muted small">
                {t('sandbox.ticketPushed', { id: ticket.appId, at: ticket.pushedAt, until: ticket.expiresAt })}
              </span>{' '}
              <CopyButton text={ticket.ticket} label={t('sandbox.copyTicket')} what={t('sandbox.ticketWhat')} />{' '}
              <CopyButton
                text={() => JSON.stringify(ticket.webhook, null, 2)}
                label={t('sandbox.copyWebhook')}
                what={t('sandbox.webhookWhat')}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
