import { useTranslation } from 'react-i18next';

/** A few message IDs from one lookup: one tab each (the shown one current), and "run as a batch". */
export function IdTabs({
  messageIds,
  selected,
  onSelect,
  onRunAsBatch,
}: {
  messageIds: string[];
  selected: string;
  onSelect: (messageId: string) => void;
  onRunAsBatch: () => void;
}) {
  const { t } = useTranslation();
  return (
    <nav className="id-tabs" aria-label={t('lookup.found', { count: messageIds.length })}>
      <span className="muted small">{t('lookup.found', { count: messageIds.length })}</span>
      {messageIds.map((id) => (
        <button
          key={id}
          type="button"
          className={`id-tab mono ${id === selected ? 'active' : ''}`}
          aria-current={id === selected ? 'true' : undefined}
          onClick={() => onSelect(id)}
        >
          {id}
        </button>
      ))}
      <button type="button" className="button button-small" onClick={onRunAsBatch} data-testid="run-as-batch">
        {t('batch.run', { count: messageIds.length })}
      </button>
    </nav>
  );
}
