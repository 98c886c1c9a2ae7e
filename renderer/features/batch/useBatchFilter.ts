import { useMemo, useState } from 'react';
import type { BatchRow } from '../../../core/api/contract';

export type BatchFilter = 'all' | 'ok' | 'failed' | 'pending';
export const BATCH_FILTERS: readonly BatchFilter[] = ['all', 'ok', 'failed', 'pending'];

/** Which rows of a batch the table shows: by outcome, and by text in the ID, type, preview or error. */
export function useBatchFilter(messageIds: string[], rows: (BatchRow | undefined)[]) {
  const [filter, setFilter] = useState<BatchFilter>('all');
  const [query, setQuery] = useState('');
  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const out: number[] = [];
    for (let index = 0; index < messageIds.length; index += 1) {
      const row = rows[index];
      const state: BatchFilter = row ? row.status : 'pending';
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
  return { filter, setFilter, query, setQuery, visible };
}
