/**
 * The desktop's FilesPort: the native save dialog, then an atomic streamed write (temp file in
 * the same folder, fsync, rename), so an export is either whole or absent.
 */

import { dialog, type BrowserWindow } from 'electron';
import type { FilesPort } from '../core/app/service';
// The CLI's atomic writer is plain Node; the desktop's main process uses the same one.
import { writeFileAtomically } from '../node/atomic-write';

export function electronFiles(window: () => BrowserWindow | undefined): FilesPort {
  return {
    async saveExport(suggestedName, chunks) {
      const filePath = await electronSavePath(window)(suggestedName);
      if (filePath === undefined) return { cancelled: true };
      await writeFileAtomically(filePath, chunks);
      return { saved: filePath };
    },
  };
}

/** Where a whole-chat export goes: the native save dialog (undefined when the user cancels it). */
export function electronSavePath(window: () => BrowserWindow | undefined): (suggestedName: string) => Promise<string | undefined> {
  return async (suggestedName) => {
    const parent = window();
    const options = {
      defaultPath: suggestedName,
      properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
    };
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return choice.canceled || !choice.filePath ? undefined : choice.filePath;
  };
}
