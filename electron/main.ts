/**
 * The Electron main process: owns the window, its security settings, the credentials and every
 * network call. All of the logic lives in core/ (InspectorService); this file only wires
 * Electron's pieces to it.
 */

import { app, BrowserWindow, ipcMain, Menu, net, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InspectorService } from '../core/app/service';
import { systemClock } from '../core/base/ports';
import { profileFromEnv } from '../core/profiles/env';
import { openStores } from '../core/app/stores';
import { createElectronStorePorts } from './stores/electron-ports';
import { electronFiles, electronSavePath } from './files';
import { systemInfo } from '../node/system';
import { chatExportPort } from '../node/chat-export-port';
import { openWsSocket } from '../node/ws-socket';
import { loopbackPort } from '../node/loopback-port';
import { eventSpillFiles } from '../node/event-spill';
import { menuTemplate } from './menu';
import { bindIpc, type IpcMainLike } from './ipc';
import { closeBeforeQuit } from './quit';
import { claimAppLinks, type AppLinks } from './links';
import { appLinkPath, type AppLink } from '../core/handoff/links';
import {
  appUrlMatcher,
  denyAllPermissions,
  isAllowedExternalUrl,
  lockDownWebContents,
  PRODUCTION_CSP_HEADER,
  secureWindowOptions,
} from './security';

const here = path.dirname(fileURLToPath(import.meta.url));
// Only a development run may load the dev server: a packaged app ignores the variable.
const devServerUrl = app.isPackaged ? undefined : process.env.VITE_DEV_SERVER_URL;
const isProduction = app.isPackaged || !devServerUrl;
const rendererIndex = path.join(here, '../dist/renderer/index.html');
const isAppUrl = appUrlMatcher({ rendererIndexUrl: pathToFileURL(rendererIndex).href, devServerUrl });

// Checklist 8 / no remote content: nothing but our own files and dev server is ever loaded.
app.enableSandbox();

const focusedWindow = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];

/** Profiles and history in electron-store files; app secrets encrypted with safeStorage, apart. */
function buildService(): InspectorService {
  const stores = openStores(createElectronStorePorts(), systemClock);
  void stores.history.prune();
  return new InspectorService({
    stores,
    envProfile: profileFromEnv(process.env),
    fetch: (request, init) => net.fetch(request, init),
    clock: systemClock,
    host: 'desktop',
    version: app.getVersion(),
    system: systemInfo(),
    openSocket: openWsSocket,
    liveSpill: eventSpillFiles(),
    files: electronFiles(focusedWindow),
    chatExports: chatExportPort({ downloads: false, chooseOut: electronSavePath(focusedWindow) }),
    // A sign-in's page opens in the system browser (never in the app's window); its redirect comes to 127.0.0.1.
    loopback: loopbackPort((url) => shell.openExternal(url)),
  });
}

function createWindow(link?: AppLink): BrowserWindow {
  const window = new BrowserWindow(secureWindowOptions(path.join(here, 'preload.cjs'), isProduction));
  window.once('ready-to-show', () => window.show());
  // A link arriving while the page loads cancels that load: not an error anyone must see.
  loadRenderer(window, link).catch(() => undefined);
  return window;
}

/**
 * The app's page, with a link as its fragment (the renderer follows it). On a page already up,
 * only the fragment changes: a move within the page, not a reload.
 */
function loadRenderer(window: BrowserWindow, link: AppLink | undefined): Promise<void> {
  const hash = link && appLinkPath(link);
  if (devServerUrl) {
    const url = new URL(devServerUrl);
    if (hash) url.hash = hash;
    return window.loadURL(url.href);
  }
  return hash ? window.loadFile(rendererIndex, { hash }) : window.loadFile(rendererIndex);
}

/** Another launch of the app, with or without a link: the window comes to the front and opens it. */
function showLink(link: AppLink | undefined): void {
  const window = BrowserWindow.getAllWindows()[0];
  if (!window) {
    createWindow(link);
    return;
  }
  if (window.isMinimized()) window.restore();
  window.focus();
  if (link) loadRenderer(window, link).catch(() => undefined);
}

function start(links: AppLinks): void {
  app.on('web-contents-created', (_event, contents) => {
    lockDownWebContents(contents, isAppUrl, (url) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    });
  });

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler(denyAllPermissions);
    session.defaultSession.setPermissionCheckHandler(() => false);
    if (isProduction) {
      session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [PRODUCTION_CSP_HEADER] } });
      });
    }
    const service = buildService();
    bindIpc(ipcMain as unknown as IpcMainLike, service, isAppUrl);
    closeBeforeQuit(app, () => service.close());
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(process.platform, ({ keyCode, modifiers }) => {
          const contents = BrowserWindow.getFocusedWindow()?.webContents;
          contents?.sendInputEvent({ type: 'keyDown', keyCode, modifiers });
          contents?.sendInputEvent({ type: 'keyUp', keyCode, modifiers });
        }),
      ),
    );
    createWindow(links.takeFirstLink());
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// One instance: a second launch hands its link to this one and quits, before it starts anything.
const links = claimAppLinks(app, { argv: process.argv, execPath: process.execPath }, showLink);
if (links) start(links);
