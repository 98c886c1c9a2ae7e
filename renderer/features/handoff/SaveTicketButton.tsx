import { useTranslation } from 'react-i18next';
import type { TicketBundleRequest } from '../../../core/api/contract';
import { useSaveTicket } from './useSaveTicket';

/** "Save for a support ticket" for a lookup, a batch row or a live event, with what went wrong beside it. */
export function SaveTicketButton({ request, title, testId }: { request: TicketBundleRequest; title?: string; testId: string }) {
  const { t } = useTranslation();
  const ticket = useSaveTicket();
  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => void ticket.save(request)}
        disabled={ticket.saving}
        title={title}
        data-testid={testId}
      >
        {ticket.saving ? t('handoff.saving') : t('handoff.saveTicket')}
      </button>
      {ticket.error && (
        <span className="handoff-error small" role="alert">
          {ticket.error}
        </span>
      )}
    </>
  );
}
