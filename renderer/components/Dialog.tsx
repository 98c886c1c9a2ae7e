import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  onClose: () => void;
  /** The heading's id, which names the dialog for assistive technology. */
  titleId: string;
  title: ReactNode;
  /** Added to `dialog`, and to `dialog-body`, for a dialog's own layout. */
  className?: string;
  bodyClassName?: string;
  testId?: string;
  children: ReactNode;
}

/**
 * A modal dialog with its title and a Close button. It is the platform's `<dialog>` opened with
 * `showModal()`: the browser keeps focus inside, makes the page behind it inert and closes it on
 * Escape, and every way of closing it ends in `onClose`.
 */
export function Dialog({ open, onClose, titleId, title, className, bodyClassName, testId, children }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid={testId}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('open.close')}
        </button>
      </header>
      <div className={bodyClassName ? `dialog-body ${bodyClassName}` : 'dialog-body'}>{children}</div>
    </dialog>
  );
}
