/**
 * Picks the transport for InspectorApi: Electron IPC through the preload when the page runs in
 * the desktop app, the loopback HTTP bridge (with the session token from the URL) in browser mode.
 */

import { createApiProxy, PRELOAD_GLOBAL, type InspectorApi, type Reply, type Transport } from '../core/api/contract';
import { API_PREFIX, DOWNLOAD_PATH, TOKEN_HEADER } from '../core/api/http-bridge';

type PreloadBridge = Record<string, (...args: unknown[]) => Promise<Reply>>;

const TOKEN_KEY = 'inspector.sessionToken';

function sessionToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar (and so out of screenshots and shared links).
    const url = new URL(window.location.href);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function ipcTransport(bridge: PreloadBridge): Transport {
  return (method, args) => {
    const fn = bridge[method];
    if (!fn) return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `the preload does not expose ${method}` } });
    return fn(...args);
  };
}

function httpTransport(token: string): Transport {
  return async (method, args) => {
    const response = await fetch(`${API_PREFIX}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(args),
    });
    try {
      return (await response.json()) as Reply;
    } catch {
      return { ok: false, error: { code: 'internal', message: `the inspector server answered HTTP ${response.status} without JSON` } };
    }
  };
}

function createApi(): InspectorApi {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[PRELOAD_GLOBAL];
  return createApiProxy(bridge ? ipcTransport(bridge) : httpTransport(sessionToken()));
}

export const api: InspectorApi = createApi();

/** In browser mode, the address of a batch's export download (the session token rides along). */
export function downloadUrl(batchId: string, format: string, lang: string): string | undefined {
  if ((window as unknown as Record<string, unknown>)[PRELOAD_GLOBAL]) return undefined;
  const params = new URLSearchParams({ batch: batchId, format, lang, token: sessionStorage.getItem(TOKEN_KEY) ?? '' });
  return `${DOWNLOAD_PATH}?${params}`;
}

/** In browser mode, the address of a finished chat export's file (the session token rides along). */
export function chatExportDownloadUrl(exportId: string): string | undefined {
  if ((window as unknown as Record<string, unknown>)[PRELOAD_GLOBAL]) return undefined;
  const params = new URLSearchParams({ chatExport: exportId, token: sessionStorage.getItem(TOKEN_KEY) ?? '' });
  return `${DOWNLOAD_PATH}?${params}`;
}

/** In browser mode, the address of the live events caught, as NDJSON (the session token rides along). */
export function liveExportDownloadUrl(profileId: string): string | undefined {
  if ((window as unknown as Record<string, unknown>)[PRELOAD_GLOBAL]) return undefined;
  const params = new URLSearchParams({ live: profileId, token: sessionStorage.getItem(TOKEN_KEY) ?? '' });
  return `${DOWNLOAD_PATH}?${params}`;
}
