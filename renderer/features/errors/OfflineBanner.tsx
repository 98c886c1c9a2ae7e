import { useTranslation } from 'react-i18next';
import { useOnline } from './online';

/**
 * Shown while the system reports no network: lookups on real profiles will fail, and this says
 * so before one does. It blocks nothing: the Sandbox and opened files keep working.
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const online = useOnline();
  // The live region stays mounted, so screen readers hear the banner when it appears.
  return (
    <div role="status" aria-live="polite" className="offline-region">
      {!online && (
        <div className="offline-banner" data-testid="offline-banner">
          <span className="offline-dot" aria-hidden />
          <strong>{t('offline.title')}</strong> <span>{t('offline.body')}</span>
        </div>
      )}
    </div>
  );
}
