import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  EXPORT_FORMAT_NAMES,
  type BatchRow,
  type BatchUpdates,
  type ExportFormatName,
  type ProfileSummary,
} from '../../../core/api/contract';
import { explainFailure } from '../../../core/errors';
import { api, downloadUrl } from '../../api';
import { useToast } from '../../components/Toasts';
import type { Language } from '../../i18n';
import { formatNumber, formatPercent } from '../../i18n/format';
import { useOnlineWhen } from '../errors/online';
import { unreachableSummary } from '../errors/unreachable';
import { Segmented } from '../../components/Segmented';
import { SearchBox } from '../../components/SearchBox';

const ROW_HEIGHT = 34;
const POLL_MS = 400;
const MAX_TABLE_HEIGHT = 460;

type Filter = 'all' | 'ok' | 'failed' | 'pending';
const FILTERS: readonly Filter[] = ['all', 'ok', 'failed', 'pending'];

/** The formats' own names, the same in every language. */
const FORMAT_NAMES: Record<ExportFormatName, string> = { json: 'JSON', ndjson: 'NDJSON', markdown: 'Markdown', html: 'HTML', csv: 'CSV' };

interface Props {
  batchId: string;
  messageIds: string[];
  /** The profile the batch runs with: names the host when the platform cannot be reached. */
  profile: ProfileSummary | undefined;
  onOpen: (messageId: string) => void;
}

type Status = Omit<BatchUpdates, 'rows' | 'cursor'>;

/** How a run that is over ended, for the status line; the first reason that applies. */
function endOfRun(status: Status, notRun: number, t: TFunction): string {
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
  const toast = useToast();
  const [rows, setRows] = useState<(BatchRow | undefined)[]>(() => new Array(messageIds.length));
  const [status, setStatus] = useState<Status | null>(null);
  const [generation, setGeneration] = useState(0);
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [format, setFormat] = useState<ExportFormatName>('json');
  const [problem, setProblem] = useState<string | null>(null);
  const cursor = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const updates = await api.getBatchUpdates(batchId, cursor.current);
        if (stopped) return;
        cursor.current = updates.cursor;
        if (updates.rows.length) {
          setRows((previous) => {
            const next = previous.slice();
            for (const row of updates.rows) next[row.index] = row;
            return next;
          });
        }
        // Everything but the rows (kept above) and the cursor: a field listed by hand was once left out.
        const { rows: _rows, cursor: _cursor, ...rest } = updates;
        setStatus(rest);
        if (updates.running) timer = setTimeout(() => void tick(), POLL_MS);
      } catch (error) {
        if (!stopped) setProblem(error instanceof Error ? error.message : String(error));
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [batchId, generation]);

  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const out: number[] = [];
    for (let index = 0; index < messageIds.length; index += 1) {
      const row = rows[index];
      const state: Filter = row ? row.status : 'pending';
      if (filter !== 'all' && state !== filter) continue;
      if (needle) {
        const text =
          `${messageIds[index]} ${row?.preview ?? ''} ${row?.msgType ?? ''} ${row?.failure?.code ?? ''} ${row?.failure?.msg ?? ''}`.toLowerCase();
        if (!text.includes(needle)) continue;
      }
      out.push(index);
    }
    return out;
  }, [rows, messageIds, filter, query]);

  // eslint-disable-next-line react-hooks/incompatible-library -- this build has no React Compiler; TanStack Virtual is used as documented
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const progress = status?.progress;
  const percent = progress && progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  const failedIndexes = rows.flatMap((row) => (row?.status === 'failed' ? [row.index] : []));
  // Rows a cancel or a stop left without a result; they stay so after a retry of other rows.
  const notRunIndexes = status && !status.running ? messageIds.flatMap((_, index) => (rows[index] ? [] : [index])) : [];
  const online = useOnlineWhen(rows);
  const unreachable = useMemo(() => unreachableSummary(rows, profile, online), [rows, profile, online]);

  const retry = async (indexes: number[]) => {
    if (!indexes.length) return;
    setProblem(null);
    try {
      await api.retryBatch(batchId, indexes, i18n.language as Language);
    } catch (error) {
      // A second click before the first retry shows as running: the main side refuses it.
      setProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    setGeneration((g) => g + 1);
  };
  // Success is a toast, said once; a failure stays under the progress until the next try.
  const exportNow = async () => {
    setProblem(null);
    const url = downloadUrl(batchId, format, i18n.language);
    if (url) {
      const link = document.createElement('a');
      link.href = url;
      link.click();
      toast(t('batch.downloading', { format: FORMAT_NAMES[format] }));
      return;
    }
    try {
      const result = await api.exportBatch(batchId, format, i18n.language as Language);
      if ('saved' in result) toast(t('batch.saved', { path: result.saved }));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section className="panel batch" aria-labelledby="batch-title" data-testid="batch-panel">
      <header className="batch-header">
        <h2 id="batch-title">{t('batch.title', { count: messageIds.length })}</h2>
        <div className="toolbar-actions">
          {status?.running && (
            <button type="button" className="button button-small button-danger" onClick={() => void api.cancelBatch(batchId)}>
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
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormatName)} aria-label={t('batch.format')}>
            {EXPORT_FORMAT_NAMES.map((f) => (
              <option key={f} value={f}>
                {FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-small"
            onClick={() => void exportNow()}
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
          options={FILTERS}
          value={filter}
          onChange={setFilter}
          optionLabel={(f) => t(`batch.filters.${f}`)}
        />
        <SearchBox label={t('batch.search')} value={query} onChange={setQuery} />
        <span className="muted small">{t('batch.shown', { count: visible.length })}</span>
      </div>
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
            const explanation = row?.failure ? explainFailure(row.failure, i18n.language as Language) : undefined;
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
                      : notRunIndexes.length > 0
                        ? t('batch.notRun')
                        : t('batch.filters.pending')}
                  </span>
                </span>
                <span
                  role="cell"
                  className="batch-preview"
                  title={row?.failure ? `${row.failure.msg} ${row.failure.logId ?? ''}` : undefined}
                >
                  {row?.status === 'ok' ? row.preview : explanation ? `${explanation.title} — ${row?.failure?.msg}` : ''}
                </span>
                <span role="cell">
                  {row?.status === 'failed' && !status?.running && (
                    <button type="button" className="button button-small" onClick={() => void retry([index])}>
                      {t('batch.retry')}
                    </button>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
