/**
 * Electron security settings, each a plain function of its inputs so unit tests can hold them
 * to the Electron security checklist without an Electron binary.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */

import type { BrowserWindowConstructorOptions } from 'electron';

/** Checklist 2, 3, 4, 6, 9: isolation, sandbox, no Node, web security, no insecure content. */
export function secureWindowOptions(preloadPath: string, isProduction: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Feishu Message Inspector',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !isProduction,
    },
  };
}

/** Checklist 7: the CSP of production builds (shared with browser mode). */
export { PRODUCTION_CSP, PRODUCTION_CSP_HEADER } from '../core/base/csp';

/** The platform's own domains: the only places "open in browser" may lead (checklist 14). */
export const EXTERNAL_LINK_DOMAINS = ['feishu.cn', 'larksuite.com', 'larkoffice.com', 'feishu.net', 'larksuite.net'] as const;

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return EXTERNAL_LINK_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The app's own pages: the built file, or the dev server in development. */
export function appUrlMatcher(options: { rendererIndexUrl: string; devServerUrl?: string }): (url: string) => boolean {
  const allowed = [options.rendererIndexUrl, options.devServerUrl].filter((u): u is string => Boolean(u));
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    return allowed.some((base) => {
      const expected = new URL(base);
      if (expected.protocol === 'file:') return url.protocol === 'file:' && url.pathname === expected.pathname;
      return url.origin === expected.origin;
    });
  };
}

/** Checklist 5: every permission request (camera, notifications, geolocation...) is denied. */
export function denyAllPermissions(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url: string }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Checklist 12, 13, 14: no navigation away from the app, no new windows, no webviews; links to
 * the platform's docs open in the system browser, anything else is dropped.
 */
export function lockDownWebContents(
  contents: WebContentsLike,
  isAppUrl: (url: string) => boolean,
  openExternal: (url: string) => void,
): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(url)) openExternal(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}
