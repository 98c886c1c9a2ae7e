import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from '../../../core/base/shortcuts';

/** The shortcuts sheet (press ?): every key the app answers to, in the user's language. */
export function ShortcutsSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
    if (!open && element?.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="dialog shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      data-testid="shortcuts-sheet"
    >
      <header className="dialog-header">
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('open.close')}
        </button>
      </header>
      <div className="dialog-body">
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
      </div>
    </dialog>
  );
}
