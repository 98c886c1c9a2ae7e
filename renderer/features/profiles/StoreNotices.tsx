import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreNotice } from '../../../core/api/contract';

function fileName(notice: StoreNotice): string {
  const file = notice.kind === 'settings_too_new' ? 'settings' : notice.file;
  return notice.path?.split(/[\\/]/).pop() ?? `${file}.json`;
}

/**
 * What the store files held that could not be read, and where the originals were kept (the main
 * side found it; see StoreNotice). Shown above everything until dismissed, once per window: the
 * details are the file's own field paths and reasons, as the main side wrote them.
 */
export function StoreNotices({ notices }: { notices: readonly StoreNotice[] }) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = notices.filter((notice) => !dismissed.has(JSON.stringify(notice)));
  if (shown.length === 0) return null;
  return (
    <section className="store-notices" role="alert" aria-labelledby="store-notices-title" data-testid="store-notices">
      <header>
        <strong id="store-notices-title">{t('storeNotices.title')}</strong>
        <button
          type="button"
          className="button button-small"
          onClick={() => setDismissed(new Set([...dismissed, ...shown.map((notice) => JSON.stringify(notice))]))}
        >
          {t('storeNotices.dismiss')}
        </button>
      </header>
      {shown.map((notice) => {
        const name = fileName(notice);
        const path = notice.path ?? name;
        return (
          <div key={JSON.stringify(notice)} className="store-notice">
            {notice.kind === 'settings_too_new' ? (
              <p>{t('storeNotices.settingsTooNew', { name })}</p>
            ) : (
              <>
                <p>{t(notice.kind === 'file_unreadable' ? 'storeNotices.fileUnreadable' : 'storeNotices.entriesSetAside', { name })}</p>
                {notice.kind === 'entries_set_aside' && (
                  <ul className="mono small">
                    {notice.details.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
                <p>{notice.aside ? t('storeNotices.aside', { path: notice.aside }) : t('storeNotices.noAside')}</p>
                <p>{t('storeNotices.fixBeforeChange', { path })}</p>
              </>
            )}
          </div>
        );
      })}
    </section>
  );
}
