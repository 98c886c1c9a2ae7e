import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../core/api/contract';
import { api } from '../../api';
import { SearchBox } from '../../components/SearchBox';
import { historyQuery, historySettingsQuery } from '../../queries';
import { formatDateTime } from '../../i18n/format';

const RETENTION_DAYS = [1, 7, 30, 90, 365];

/** Every lookup, kept locally: searchable, re-openable, deletable; never a token or secret. */
export function HistoryPanel({ profiles, onOpen }: { profiles: ProfileSummary[]; onOpen: (messageId: string, profileId: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [query, setQuery] = useState('');
  const page = useQuery(historyQuery({ query: query || undefined, limit: 100 }));
  const settings = useQuery(historySettingsQuery());
  const invalidate = () => client.invalidateQueries({ queryKey: ['history'] });
  const remove = useMutation({ mutationFn: (id: string) => api.deleteHistoryEntry(id), onSettled: invalidate });
  const clear = useMutation({ mutationFn: () => api.clearHistory(), onSettled: invalidate });
  const retention = useMutation({
    mutationFn: (retentionDays: number) => api.setHistorySettings({ retentionDays, maxEntries: settings.data?.maxEntries ?? 1000 }),
    onSettled: () => Promise.all([invalidate(), client.invalidateQueries({ queryKey: historySettingsQuery().queryKey })]),
  });
  const nameOf = (profileId: string) => profiles.find((p) => p.profileId === profileId)?.name ?? profileId;

  return (
    <details className="panel history" data-testid="history-panel">
      <summary>
        <h2 className="inline-heading">{t('history.title')}</h2>{' '}
        <span className="muted small" data-testid="history-count">
          {page.data ? t('history.count', { count: page.data.total }) : ''}
        </span>
      </summary>
      <div className="history-tools">
        <SearchBox label={t('history.search')} value={query} onChange={setQuery} />
        <label className="small">
          {t('history.retention')}{' '}
          <select value={settings.data?.retentionDays ?? 30} onChange={(e) => retention.mutate(Number(e.target.value))}>
            {RETENTION_DAYS.map((days) => (
              <option key={days} value={days}>
                {t('history.days', { count: days })}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-small button-danger"
          disabled={!page.data?.total}
          onClick={() => {
            if (window.confirm(t('history.confirmClear'))) clear.mutate();
          }}
        >
          {t('history.clear')}
        </button>
      </div>
      {page.data && page.data.entries.length === 0 && <p className="muted">{t('history.empty')}</p>}
      <ul className="history-list">
        {page.data?.entries.map((entry) => (
          <li key={entry.id} className="history-row" data-testid="history-row">
            <button
              type="button"
              className="link-button mono"
              onClick={() => onOpen(entry.messageId, entry.profileId)}
              title={t('history.reopen')}
            >
              {entry.messageId}
            </button>
            <span className={`badge ${entry.outcome === 'error' ? 'badge-error' : ''}`}>
              {entry.outcome === 'ok' ? (entry.msgType ?? 'ok') : String(entry.code ?? 'error')}
            </span>
            <span className="history-preview">
              {entry.senderName && <span className="row-sender">{entry.senderName}</span>}
              {entry.preview}
            </span>
            <span className="muted small">
              {nameOf(entry.profileId)} ·{' '}
              <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at, i18n.language, 'short')}</time>
            </span>
            <button
              type="button"
              className="button button-small"
              aria-label={t('history.delete', { id: entry.messageId })}
              onClick={() => remove.mutate(entry.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
