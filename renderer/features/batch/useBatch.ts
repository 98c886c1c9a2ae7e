import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRow, BatchUpdates, ExportFormat } from '../../../core/api/contract';
import { api, downloadUrl } from '../../api';
import { useToast } from '../../components/Toasts';
import { langOf } from '../../i18n';
import { appErrorText } from '../errors/app-error';

const POLL_MS = 400;

/** The formats' own names, the same in every language. */
export const FORMAT_NAMES: Record<ExportFormat, string> = {
  json: 'JSON',
  ndjson: 'NDJSON',
  markdown: 'Markdown',
  html: 'HTML',
  csv: 'CSV',
};

export type BatchStatus = Omit<BatchUpdates, 'rows' | 'cursor'>;

/**
 * A batch running in the main side, followed by polling `getBatchUpdates` while it runs: its
 * rows as they come (one slot per ID, empty until looked up), its status, and what can be done
 * with it (cancel, retry some rows, export what finished). `problem` is the last call that
 * failed, kept until the next try.
 */
export function useBatch(batchId: string, messageIds: string[]) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [rows, setRows] = useState<(BatchRow | undefined)[]>(() => new Array(messageIds.length));
  const [status, setStatus] = useState<BatchStatus | null>(null);
  const [generation, setGeneration] = useState(0);
  // The failed call's error, said in the reader's language when shown (it follows a language switch).
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const cursor = useRef(0);

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
        if (!stopped) setFailure({ error });
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [batchId, generation]);

  const failedIndexes = rows.flatMap((row) => (row?.status === 'failed' ? [row.index] : []));
  // Rows a cancel or a stop left without a result; they stay so after a retry of other rows.
  const notRunIndexes = status && !status.running ? messageIds.flatMap((_, index) => (rows[index] ? [] : [index])) : [];

  const cancel = () => void api.cancelBatch(batchId);
  const retry = async (indexes: number[]) => {
    if (!indexes.length) return;
    setFailure(null);
    try {
      await api.retryBatch(batchId, indexes, langOf(i18n));
    } catch (error) {
      // A second click before the first retry shows as running: the main side refuses it.
      setFailure({ error });
      return;
    }
    setGeneration((g) => g + 1);
  };
  // Success is a toast, said once; a failure stays under the progress until the next try.
  const exportAs = async (format: ExportFormat) => {
    setFailure(null);
    const url = downloadUrl(batchId, format, i18n.language);
    if (url) {
      const link = document.createElement('a');
      link.href = url;
      link.click();
      toast(t('batch.downloading', { format: FORMAT_NAMES[format] }));
      return;
    }
    try {
      const result = await api.exportBatch(batchId, format, langOf(i18n));
      if ('saved' in result) toast(t('batch.saved', { path: result.saved }));
    } catch (error) {
      setFailure({ error });
    }
  };

  const problem = failure && appErrorText(failure.error, t);
  return { rows, status, problem, failedIndexes, notRunIndexes, cancel, retry, exportAs };
}
