import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from '../../../core/base/shortcuts';
import { Dialog } from '../../components/Dialog';

/** The shortcuts sheet (press ?): every key the app answers to, in the user's language. */
export function ShortcutsSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      titleId="shortcuts-title"
      title={t('shortcuts.title')}
      className="shortcuts-dialog"
      testId="shortcuts-sheet"
    >
      <dl className="fields">
        {SHORTCUTS.map((s) => (
          <div key={s.id} className="shortcut-row">
            <dt>
              <kbd>{s.label}</kbd>
            </dt>
            <dd>{t(`shortcuts.${s.id}`)}</dd>
          </div>
        ))}
        <div className="shortcut-row">
          <dt>
            <kbd>Enter</kbd>
          </dt>
          <dd>{t('shortcuts.fetch')}</dd>
        </div>
        <div className="shortcut-row">
          <dt>
            <kbd>← → ↑ ↓</kbd>
          </dt>
          <dd>{t('shortcuts.tree')}</dd>
        </div>
      </dl>
    </Dialog>
  );
}
