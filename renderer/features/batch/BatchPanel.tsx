import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { EXPORT_FORMATS, type ExportFormat, type ProfileSummary } from '../../../core/api/contract';
import { formatPercent } from '../../i18n/format';
import { useOnlineWhen } from '../errors/online';
import { unreachableSummary } from '../errors/unreachable';
import { Segmented } from '../../components/Segmented';
import { SearchBox } from '../../components/SearchBox';
import { BatchTable } from './BatchTable';
import { useSaveTicket } from '../handoff/useSaveTicket';
import { FORMAT_NAMES, useBatch, type BatchStatus } from './useBatch';
import { BATCH_FILTERS, useBatchFilter } from './useBatchFilter';

interface Props {
  batchId: string;
  messageIds: string[];
  /** The profile the batch runs with: names the host when the platform cannot be reached. */
  profile: ProfileSummary | undefined;
  onOpen: (messageId: string) => void;
}

/** How a run that is over ended, for the status line; the first reason that applies. */
function endOfRun(status: BatchStatus, notRun: number, t: TFunction): string {
  if (status.error) return t('batch.stopped', { error: status.error });
  if (status.stoppedUnreachable) return t('batch.stoppedUnreachable', { count: status.stoppedUnreachable });
  if (status.cancelled) return t('batch.cancelled');
  if (notRun > 0) return t('batch.notRunLeft', { count: notRun });
  return t('batch.finished');
}

/**
 * A batch as it runs: progress (done / failed / remaining, rate, time left), cancel, a
 * filterable virtualised table of every ID, retries, and export of what finished.
 */
export function BatchPanel({ batchId, messageIds, profile, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const { rows, status, problem, failedIndexes, notRunIndexes, cancel, retry, exportAs } = useBatch(batchId, messageIds);
  const { filter, setFilter, query, setQuery, visible } = useBatchFilter(messageIds, rows);
  const ticket = useSaveTicket();
  const [format, setFormat] = useState<ExportFormat>('json');
  const progress = status?.progress;
  const percent = progress && progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  const online = useOnlineWhen(rows);
  const unreachable = useMemo(() => unreachableSummary(rows, profile, online), [rows, profile, online]);

  return (
    <section className="panel batch" aria-labelledby="batch-title" data-testid="batch-panel">
      <header className="batch-header">
        <h2 id="batch-title">{t('batch.title', { count: messageIds.length })}</h2>
        <div className="toolbar-actions">
          {status?.running && (
            <button type="button" className="button button-small button-danger" onClick={cancel}>
              {t('batch.cancel')}
            </button>
          )}
          {!status?.running && failedIndexes.length > 0 && (
            <button type="button" className="button button-small" onClick={() => void retry(failedIndexes)}>
              {t('batch.retryFailed', { count: failedIndexes.length })}
            </button>
          )}
          {notRunIndexes.length > 0 && (
            <button type="button" className="button button-small" onClick={() => void retry(notRunIndexes)} data-testid="batch-run-rest">
              {t('batch.runRest', { count: notRunIndexes.length })}
            </button>
          )}
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-label={t('batch.format')}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-small"
            onClick={() => void exportAs(format)}
            disabled={!progress?.done}
            data-testid="batch-export"
          >
            {t('batch.export')}
          </button>
        </div>
      </header>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={formatPercent(percent / 100, i18n.language)}
        aria-label={t('batch.progress')}
      >
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="batch-stats" data-testid="batch-stats" aria-live="polite">
        {progress
          ? t('batch.stats', {
              done: progress.done,
              failed: progress.failed,
              remaining: progress.remaining,
              rate: progress.ratePerSecond,
            })
          : t('result.loading', { id: batchId })}
        {progress?.etaMs !== undefined && status?.running ? ` · ${t('batch.eta', { left: Math.ceil(progress.etaMs / 1000) * 1000 })}` : ''}
        {status && !status.running && ` · ${endOfRun(status, notRunIndexes.length, t)}`}
      </p>
      {unreachable && (
        <p className="notice unreachable-batch" role="status" data-testid="batch-unreachable">
          {t('unreachable.batch', { count: unreachable.count, host: unreachable.host })}
        </p>
      )}
      {problem && (
        <p className="lookup-problem small" role="alert">
          {problem}
        </p>
      )}
      <div className="batch-filters">
        <Segmented
          label={t('batch.filter')}
          options={BATCH_FILTERS}
          value={filter}
          onChange={setFilter}
          optionLabel={(f) => t(`batch.filters.${f}`)}
        />
        <SearchBox label={t('batch.search')} value={query} onChange={setQuery} />
        <span className="muted small">{t('batch.shown', { count: visible.length })}</span>
      </div>
      <BatchTable
        messageIds={messageIds}
        rows={rows}
        visible={visible}
        running={status?.running ?? false}
        someNotRun={notRunIndexes.length > 0}
        onOpen={onOpen}
        onRetry={(index) => void retry([index])}
        onSaveTicket={(index) => void ticket.save({ batchId, index })}
      />
    </section>
  );
}
