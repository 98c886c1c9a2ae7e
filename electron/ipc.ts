/**
 * The IPC binding of InspectorApi: one channel for every method (the name travels inside), so a
 * method added to the contract needs no glue here. Only the app's own top frame may call.
 */

import { dispatch, IPC_CHANNEL, type InspectorApi, type Reply } from '../core/api/contract';

/** The parts of Electron's IpcMainInvokeEvent the check reads (kept structural for tests). */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<Reply>): void;
  removeHandler(channel: string): void;
}

/** True when the call comes from the app's own top-level frame at a URL we loaded. */
export function isTrustedSender(event: InvokeEventLike, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export function bindIpc(ipcMain: IpcMainLike, api: InspectorApi, isAppUrl: (url: string) => boolean): () => void {
  ipcMain.handle(IPC_CHANNEL, async (event, method, args) => {
    if (!isTrustedSender(event, isAppUrl)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } };
    }
    return dispatch(api, method, args);
  });
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}
