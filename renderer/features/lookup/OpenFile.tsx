import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { messagesFromSavedFile, type SavedMessages } from '../../../core/messages';
import { FilePicker } from '../../components/FilePicker';
import { MESSAGES_READ_MARK } from './marks';

export interface OpenedFile {
  fileName: string;
  result: SavedMessages;
}

async function readFile(file: File): Promise<OpenedFile> {
  const result = messagesFromSavedFile(await file.text());
  performance.mark(MESSAGES_READ_MARK);
  return { fileName: file.name, result };
}

/** "Open file…": a saved API response (or its items, or an event) viewed offline. */
export function OpenFileButton({ onOpen }: { onOpen: (file: OpenedFile) => void }) {
  const { t } = useTranslation();
  return (
    <FilePicker
      label={t('open.button')}
      title={t('open.hint')}
      accept=".json,application/json,text/plain"
      inputTestId="open-file-input"
      onFile={async (file) => onOpen(await readFile(file))}
    />
  );
}

/** Dropping a JSON file anywhere on the window opens it. */
export function DropZone({ onOpen, children }: { onOpen: (file: OpenedFile) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = async (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      setDragging(false);
      onOpen(await readFile(file));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onOpen]);
  return (
    <>
      {children}
      {dragging && (
        <div className="drop-overlay" aria-hidden>
          {t('open.drop')}
        </div>
      )}
    </>
  );
}

/** What was opened: its messages, or why the file is not a saved response. */
export function OfflineHeader({ file, onClose }: { file: OpenedFile; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div
      className={`panel offline-header ${'error' in file.result ? 'error-panel' : ''}`}
      role={'error' in file.result ? 'alert' : 'status'}
      data-testid="offline-header"
    >
      <div>
        <strong>{t('open.opened', { name: file.fileName })}</strong>
        {'error' in file.result ? (
          <p className="mono small">{file.result.error}</p>
        ) : (
          <p className="muted small">{t('open.summary', { count: file.result.items.length, source: file.result.source })}</p>
        )}
      </div>
      <button type="button" className="button button-small" onClick={onClose}>
        {t('open.close')}
      </button>
    </div>
  );
}
