import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ChatExportStatus } from '../../../core/api/contract';
import { langOf } from '../../i18n';
import { chatInfoQuery } from '../../queries';
import { identityFor } from '../identity/choice';
import { ExportStatus } from './ChatExport';
import { useChatExports, useExportsElsewhere } from './chat-exports';
import type { ConversationOpen } from './open';

/**
 * The whole-chat exports whose conversation is not on screen: still running (progress, cancel),
 * or how they ended, each with the way back to its conversation. The conversation view shows its
 * own; this is where the others go on showing while the user looks at something else.
 */
export function ChatExportsTray({ onOpen }: { onOpen: (open: ConversationOpen) => void }) {
  const { t } = useTranslation();
  const elsewhere = useExportsElsewhere();
  const { cancel, dismiss } = useChatExports();
  if (elsewhere.length === 0) return null;
  return (
    <section className="chat-exports-tray" aria-label={t('chatExport.tray')} data-testid="chat-exports-tray">
      {elsewhere.map((status) => (
        <div key={status.exportId} className="chat-exports-tray-item" data-export-id={status.exportId}>
          <ExportOf status={status} onOpen={() => onOpen({ profileId: status.profileId, target: status.target })} />
          <ExportStatus
            status={status}
            onCancel={() => cancel(status.exportId)}
            onDismiss={() => dismiss(status.exportId)}
            announce={false}
          />
        </div>
      ))}
    </section>
  );
}

/** "Export of <chat name>" (the platform's name, kept a while per profile), or of the thread, and the way back to it. */
function ExportOf({ status, onOpen }: { status: ChatExportStatus; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const chat = status.target.kind === 'chat';
  const info = useQuery({
    ...chatInfoQuery({ profileId: status.profileId, chatId: status.target.id, lang: langOf(i18n), ...identityFor(status.profileId) }),
    enabled: chat,
  });
  const name = chat && info.data?.ok ? info.data.name : status.target.id;
  const title = t(chat ? 'chatExport.ofChat' : 'chatExport.ofThread', { name });
  return (
    <p className="small chat-exports-tray-title">
      <strong>{title}</strong>{' '}
      <button type="button" className="link-button small" onClick={onOpen} aria-label={`${t('chatExport.show')}: ${title}`}>
        {t('chatExport.show')}
      </button>
    </p>
  );
}
