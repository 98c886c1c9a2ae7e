import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRow } from '../../../core/api/contract';
import { explainFailure } from '../../../core/errors';
import { langOf } from '../../i18n';
import { formatNumber } from '../../i18n/format';

const ROW_HEIGHT = 34;
const MAX_TABLE_HEIGHT = 460;

interface Props {
  messageIds: string[];
  rows: (BatchRow | undefined)[];
  /** Indexes into `messageIds` of the rows shown, in order. */
  visible: number[];
  running: boolean;
  /** A cancel or a stop left rows without a result: those say "not run" rather than "pending". */
  someNotRun: boolean;
  onOpen: (messageId: string) => void;
  onRetry: (index: number) => void;
  /** "Ticket": a support ticket bundle of a failed row. */
  onSaveTicket: (index: number) => void;
}

/** The batch's rows, virtualised: index, ID (opens the message), outcome, sender's name and preview or error, retry. */
export function BatchTable({ messageIds, rows, visible, running, someNotRun, onOpen, onRetry, onSaveTicket }: Props) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- this build has no React Compiler; TanStack Virtual is used as documented
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <div
      ref={scroller}
      className="batch-scroller"
      role="table"
      aria-label={t('batch.title', { count: messageIds.length })}
      style={{ height: Math.min(MAX_TABLE_HEIGHT, Math.max(visible.length, 3) * ROW_HEIGHT + 2) }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const index = visible[item.index]!;
          const row = rows[index];
          const explanation = row?.failure ? explainFailure(row.failure, langOf(i18n)) : undefined;
          return (
            <div
              key={item.key}
              role="row"
              className={`batch-row ${row?.status ?? 'pending'}`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              data-testid="batch-row"
            >
              <span role="cell" className="muted small batch-index">
                {formatNumber(index + 1, i18n.language)}
              </span>
              <span role="cell">
                <button type="button" className="link-button mono" onClick={() => onOpen(messageIds[index]!)}>
                  {messageIds[index]}
                </button>
              </span>
              <span role="cell">
                <span className={`badge ${row?.status === 'failed' ? 'badge-error' : ''}`}>
                  {row
                    ? row.status === 'ok'
                      ? (row.msgType ?? 'ok')
                      : String(row.failure?.code ?? row.failure?.kind)
                    : someNotRun
                      ? t('batch.notRun')
                      : t('batch.filters.pending')}
                </span>
              </span>
              <span
                role="cell"
                className="batch-preview"
                title={row?.failure ? `${row.failure.msg} ${row.failure.logId ?? ''}` : undefined}
              >
                {row?.status === 'ok' ? (
                  <>
                    {row.senderName && <span className="row-sender">{row.senderName}</span>}
                    {row.preview}
                  </>
                ) : explanation ? (
                  `${explanation.title} — ${row?.failure?.msg}`
                ) : (
                  ''
                )}
              </span>
              <span role="cell" className="batch-actions">
                {row?.status === 'failed' && !running && (
                  <button type="button" className="button button-small" onClick={() => onRetry(index)}>
                    {t('batch.retry')}
                  </button>
                )}
                {row?.status === 'failed' && (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => onSaveTicket(index)}
                    title={t('handoff.saveTicket')}
                    aria-label={t('handoff.saveTicketFor', { id: messageIds[index] })}
                    data-testid="batch-save-ticket"
                  >
                    {t('handoff.ticket')}
                  </button>
                )}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
