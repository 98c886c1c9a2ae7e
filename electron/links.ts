/**
 * Links into the desktop app (`feishu-inspector://message/om_…`, core/handoff/links.ts): one
 * instance of the app, the scheme registered with the OS, and links taken from wherever the OS
 * delivers them (Electron's deep-link guide:
 * https://www.electronjs.org/docs/latest/tutorial/launch-app-from-url-in-another-app):
 * - Windows and Linux start the app with the link in its argv; when the app already runs, the
 *   new instance hands its argv to the running one (`second-instance`) and quits;
 * - macOS sends `open-url`, which may come before the app is ready.
 * Any app on the machine can send a link, so each is parsed strictly and only what the parser
 * wrote back goes on; everything else is ignored.
 */

import path from 'node:path';
import { APP_LINK_SCHEME, parseAppLink, type AppLink } from '../core/handoff/links';

/** The part of Electron's `app` this uses. */
export interface AppLinksHost {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  quit(): void;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
}

export interface AppLinks {
  /** The link the app was started with, or the last that came before its first window: once. */
  takeFirstLink(): AppLink | undefined;
}

/** A link in its desktop form, the only form another app hands over; anything else is not one. */
export function appLinkFromUrl(url: string): AppLink | undefined {
  return url.trim().toLowerCase().startsWith(`${APP_LINK_SCHEME}:`) ? parseAppLink(url) : undefined;
}

/** The link among a command line's arguments (Chromium may put its own switches around it). */
export function appLinkFromArgv(argv: readonly string[]): AppLink | undefined {
  for (const arg of [...argv].reverse()) {
    const link = appLinkFromUrl(arg);
    if (link) return link;
  }
  return undefined;
}

/**
 * Claims the single instance and the scheme. In a second instance it quits (the first gets its
 * argv) and returns undefined: the caller then starts nothing. Otherwise links go to `show` once
 * the first window has taken its own, and `show(undefined)` means "another launch: come to the
 * front".
 */
export function claimAppLinks(
  app: AppLinksHost,
  launch: { argv: readonly string[]; execPath: string },
  show: (link: AppLink | undefined) => void,
): AppLinks | undefined {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  // A development run is `electron <app folder>`: the OS must start Electron with that folder.
  if (app.isPackaged) app.setAsDefaultProtocolClient(APP_LINK_SCHEME);
  else if (launch.argv[1] !== undefined) app.setAsDefaultProtocolClient(APP_LINK_SCHEME, launch.execPath, [path.resolve(launch.argv[1])]);

  let waiting: { link: AppLink | undefined } | undefined = { link: appLinkFromArgv(launch.argv) };
  const deliver = (link: AppLink | undefined) => {
    if (!waiting) show(link);
    else if (link) waiting.link = link;
  };
  app.on('second-instance', (_event, argv) => deliver(appLinkFromArgv(argv)));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = appLinkFromUrl(url);
    if (link) deliver(link);
  });
  return {
    takeFirstLink: () => {
      const link = waiting?.link;
      waiting = undefined;
      return link;
    },
  };
}
