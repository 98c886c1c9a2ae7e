import { useTranslation } from 'react-i18next';
import type { LookupResult } from '../../../core/api/contract';
import { chatSummary } from '../../../core/handoff/summary';
import { CopyButton } from '../../components/CopyButton';
import { langOf } from '../../i18n';
import { SaveTicketButton } from './SaveTicketButton';

/**
 * Handing a lookup on: "Copy for chat" (a short Markdown summary) and "Save for a support ticket"
 * (one HTML page the main side makes, with every exchange, secrets and tokens redacted).
 */
export function HandOffBar({ result }: { result: LookupResult }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="handoff" role="group" aria-label={t('handoff.group')} data-testid="handoff">
      <CopyButton
        text={() => chatSummary(result, langOf(i18n))}
        label={t('handoff.copyForChat')}
        what={t('handoff.summary')}
        testId="copy-for-chat"
      />
      <SaveTicketButton request={{ lookupId: result.lookupId }} testId="save-ticket" />
    </div>
  );
}
