import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { appInfoQuery } from '../../queries';

/** Before the first lookup: what to paste, and sample messages to open with one click. */
export function EmptyState({ onPick }: { onPick: (messageId: string) => void }) {
  const { t } = useTranslation();
  const info = useQuery(appInfoQuery());
  return (
    <section className="panel empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('empty.title')}</h2>
      <p className="muted">{t('empty.body')}</p>
      <ul className="samples">
        {info.data?.sampleMessageIds.map((sample) => (
          <li key={sample.messageId}>
            <button type="button" className="link-button mono" onClick={() => onPick(sample.messageId)}>
              {sample.messageId}
            </button>
            <span className="muted small"> {t(`samples.${sample.sample}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
