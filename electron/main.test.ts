/**
 * electron/main.ts booted whole, over a stand-in of Electron (the binary is absent on most test
 * machines; e2e/electron.spec.ts drives the real one where it exists). Everything but Electron
 * is the app's own: the window and its settings, the IPC binding, the security handlers, the
 * menu, electron-store files in a temporary userData folder, safeStorage, the quit sequence.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL, type Reply } from '../core/api/contract';
import { PRODUCTION_CSP_HEADER } from '../core/base/csp';
import { SEED_MESSAGE_ID } from '../core/sandbox/fixtures/messages';
import { createSandbox, SANDBOX_APP_SECRET } from '../core/sandbox/emulator';
import { systemClock } from '../core/base/ports';
import { SHORTCUTS } from '../core/base/shortcuts';
import { keyPressFor } from './menu';
import { bootWithFakeElectron, createFakeMachine, FakeFrame, type FakeElectron, type FakeElectronOptions } from './testing/fake-electron';

const here = import.meta.dirname;
const RENDERER_URL = pathToFileURL(path.join(here, '../dist/renderer/index.html')).href;
const VERSION = '9.8.7';

let booted: { electron: FakeElectron; userData: string }[] = [];

async function boot(
  options: Pick<FakeElectronOptions, 'isPackaged' | 'argv' | 'machine'> = {},
  beforeReady?: (electron: FakeElectron) => void,
) {
  const userData = mkdtempSync(path.join(tmpdir(), 'inspector-main-'));
  const electron = await bootWithFakeElectron(() => import('./main'), { userData, version: VERSION, ...options }, beforeReady);
  booted.push({ electron, userData });
  const [window, ...others] = electron.BrowserWindow.getAllWindows();
  expect(others).toEqual([]);
  /** What the preload's `window.inspector.<method>(...args)` gets back in a frame. */
  const call = (frame: FakeFrame, method: string, ...args: unknown[]) =>
    electron.ipcMain.invoke(frame, IPC_CHANNEL, method, args) as Promise<Reply>;
  return { electron, userData, window: window!, call };
}

const storeFile = (userData: string, name: string) => readFileSync(path.join(userData, `${name}.json`), 'utf8');

afterEach(async () => {
  // Quitting flushes what the app still holds, so nothing writes into a folder already removed.
  for (const { electron, userData } of booted) {
    if (!electron.app.hasQuit) {
      electron.app.quit();
      await electron.app.untilQuit();
    }
    rmSync(userData, { recursive: true, force: true });
  }
  booted = [];
  vi.unstubAllEnvs();
});

describe('the main process, booted over a stand-in of Electron', () => {
  it('turns the sandbox on before the app is ready and opens one locked-down window on the built renderer', async () => {
    vi.stubEnv('VITE_DEV_SERVER_URL', undefined);
    const { electron, window } = await boot();
    expect(electron.app.sandboxEnabled).toBe(true);
    expect(window.options.webPreferences).toMatchObject({
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(window.webContents.getURL()).toBe(RENDERER_URL);
    // Hidden until its first paint, then shown.
    expect(window.options.show).toBe(false);
    expect(window.visible).toBe(true);
  });

  it('answers the contract over IPC from its own frame with the real service, and refuses other frames', async () => {
    const { electron, window, call } = await boot();
    expect([...electron.ipcMain.handlers.keys()]).toEqual([IPC_CHANNEL]);
    const app = window.webContents.mainFrame;

    expect(await call(app, 'getAppInfo')).toMatchObject({ ok: true, value: { host: 'desktop', version: VERSION } });
    const lookup = await call(app, 'getMessage', { messageId: SEED_MESSAGE_ID });
    expect(lookup).toMatchObject({ ok: true, value: { ok: true, profileId: 'sandbox', messageId: SEED_MESSAGE_ID } });

    // A page elsewhere (a top frame that is not the app's), and frames inside the app's page.
    const foreign = [
      new FakeFrame('https://evil.example/'),
      window.webContents.subframe('https://evil.example/'),
      window.webContents.subframe(RENDERER_URL),
    ];
    for (const frame of foreign) {
      expect(await call(frame, 'getAppInfo')).toEqual({ ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } });
    }
  });

  it('keeps the window on the app: other origins and webviews are refused, platform links go to the browser', async () => {
    const { electron, window } = await boot();
    const contents = window.webContents;

    expect(contents.navigate('https://evil.example/phish')).toBe(false);
    expect(contents.redirect('http://127.0.0.1:8080/')).toBe(false);
    expect(contents.navigate('https://open.feishu.cn/document/server-docs/im-v1/message/get')).toBe(false);
    expect(contents.getURL()).toBe(RENDERER_URL);
    expect(contents.attachWebview('https://evil.example/')).toBe(false);

    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.openWindow('https://open.larksuite.com/document/')).toEqual({ action: 'deny' });
    expect(contents.openWindow('http://open.feishu.cn/')).toEqual({ action: 'deny' });
    expect(electron.shell.opened).toEqual([
      'https://open.feishu.cn/document/server-docs/im-v1/message/get',
      'https://open.larksuite.com/document/',
    ]);
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(1);

    // Its own page may still move within itself (the renderer's history).
    expect(contents.navigate(`${RENDERER_URL}#/history`)).toBe(true);
  });

  it('denies every permission and sets the production CSP on every response', async () => {
    const { electron, window } = await boot();
    const session = electron.session.defaultSession;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      expect(await session.requestPermission(window.webContents, permission)).toBe(false);
      expect(session.checkPermission(window.webContents, permission)).toBe(false);
    }
    const headers = await session.responseHeaders(RENDERER_URL, { 'Content-Type': ['text/html'] });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [PRODUCTION_CSP_HEADER] });
  });

  it('builds the application menu, whose items press their shortcut in the focused window', async () => {
    const { electron, window } = await boot();
    const menu = electron.Menu.applicationMenu!;
    expect(menu.items.map((item) => item.label ?? item.role)).toEqual(
      expect.arrayContaining(['File', 'editMenu', 'View', 'windowMenu', 'help']),
    );
    menu.item('View', 'Focus Lookup')!.click!();
    const press = keyPressFor(
      SHORTCUTS.find((s) => s.id === 'focusLookup')!,
      process.platform,
    );
    expect(window.webContents.inputEvents).toEqual([
      { type: 'keyDown', ...press },
      { type: 'keyUp', ...press },
    ]);
  });

  it('keeps an app secret encrypted with safeStorage, apart from the settings, and fetches through net', async () => {
    const { electron, userData, window, call } = await boot();
    const app = window.webContents.mainFrame;
    const saved = await call(app, 'saveProfile', {
      input: {
        name: 'Local',
        domain: 'custom',
        baseUrl: 'http://127.0.0.1:9000',
        appId: 'cli_sandbox',
        defaultUserIdType: 'open_id',
        appSecret: SANDBOX_APP_SECRET,
      },
      persistSecret: true,
    });
    expect(saved).toMatchObject({ ok: true, value: { hasSecret: true } });
    expect(electron.safeStorage.encrypted).toEqual([SANDBOX_APP_SECRET]);
    expect(storeFile(userData, 'secrets')).toContain('safeStorage-v1');
    for (const file of ['secrets', 'settings']) expect(storeFile(userData, file)).not.toContain(SANDBOX_APP_SECRET);
    expect(await call(app, 'getProfilesState')).toMatchObject({ ok: true, value: { secretStorage: { canPersist: true } } });

    const sandbox = createSandbox({ clock: systemClock });
    electron.net.handler = (request) => sandbox.handle(request);
    const profileId = saved.ok && (saved.value as { profileId: string }).profileId;
    expect(await call(app, 'testProfile', profileId)).toMatchObject({ ok: true, value: { ok: true } });
    expect(electron.net.requests[0]).toMatchObject({ method: 'POST', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:9000\//) });
  });

  it('exports a batch through the native save dialog of its window, written whole where the user chose', async () => {
    const { electron, userData, window, call } = await boot();
    const app = window.webContents.mainFrame;
    const started = await call(app, 'startBatch', { messageIds: [SEED_MESSAGE_ID] });
    const batchId = started.ok && (started.value as { batchId: string }).batchId;
    await vi.waitFor(async () => {
      expect(await call(app, 'getBatchUpdates', batchId, 0)).toMatchObject({ ok: true, value: { running: false } });
    });

    expect(await call(app, 'exportBatch', batchId, 'json')).toEqual({ ok: true, value: { cancelled: true } });
    const chosen = path.join(userData, 'chosen.json');
    electron.dialog.saveAnswer = { canceled: false, filePath: chosen };
    expect(await call(app, 'exportBatch', batchId, 'ndjson')).toEqual({ ok: true, value: { saved: chosen } });
    expect(electron.dialog.saveDialogs.map((d) => [d.parent, d.options.defaultPath])).toEqual([
      [window, `messages-${batchId}.json`],
      [window, `messages-${batchId}.ndjson`],
    ]);
    expect(readFileSync(chosen, 'utf8')).toContain(SEED_MESSAGE_ID);
  });

  it('writes the history of a lookup before it quits, though the write was not due yet', async () => {
    const { electron, userData, window, call } = await boot();
    await call(window.webContents.mainFrame, 'getMessage', { messageId: SEED_MESSAGE_ID });
    const history = path.join(userData, 'history.json');
    expect(existsSync(history) ? readFileSync(history, 'utf8') : '').not.toContain(SEED_MESSAGE_ID);

    electron.app.quit();
    await electron.app.untilQuit();
    expect(readFileSync(history, 'utf8')).toContain(SEED_MESSAGE_ID);
    expect(electron.app.quitCalls).toBe(2); // held once for the flush, then quit again
  });

  it.skipIf(process.platform === 'darwin')('quits when its last window closes (on macOS the app stays in the Dock)', async () => {
    const { electron, window } = await boot();
    window.close();
    await electron.app.untilQuit();
    expect(electron.app.hasQuit).toBe(true);
  });

  it('loads the dev server in a development run only, without the production CSP', async () => {
    vi.stubEnv('VITE_DEV_SERVER_URL', 'http://localhost:5173/');
    const dev = await boot();
    expect(dev.window.webContents.getURL()).toBe('http://localhost:5173/');
    expect(dev.window.options.webPreferences).toMatchObject({ devTools: true, sandbox: true, contextIsolation: true });
    expect(await dev.electron.session.defaultSession.responseHeaders('http://localhost:5173/', {})).toEqual({});
    expect(await dev.call(dev.window.webContents.mainFrame, 'getAppInfo')).toMatchObject({ ok: true });

    const packaged = await boot({ isPackaged: true });
    expect(packaged.window.webContents.getURL()).toBe(RENDERER_URL);
    expect(packaged.window.options.webPreferences).toMatchObject({ devTools: false });
  });
});

describe('links into the app (feishu-inspector://), through the main process', () => {
  const MESSAGE = SEED_MESSAGE_ID;
  const LINK = `feishu-inspector://message/${MESSAGE}?profile=sandbox`;
  const PAGE_WITH_LINK = `${RENDERER_URL}#/message/${MESSAGE}?profile=sandbox`;
  // How the OS starts a development run (`electron <app folder> <link>`) and a packaged app.
  const APP_FOLDER = path.resolve(here, '..');
  const devArgv = (...args: string[]) => [process.execPath, APP_FOLDER, ...args];

  it('registers the scheme with the OS: the app folder as argument in a development run, nothing else when packaged', async () => {
    vi.stubEnv('VITE_DEV_SERVER_URL', undefined);
    const dev = await boot({ argv: devArgv() });
    expect(dev.electron.app.protocolClients).toEqual([{ protocol: 'feishu-inspector', path: process.execPath, args: [APP_FOLDER] }]);
    const packaged = await boot({ isPackaged: true, argv: ['/opt/inspector/inspector'] });
    expect(packaged.electron.app.protocolClients).toEqual([{ protocol: 'feishu-inspector' }]);
  });

  it("opens the link it was started with (Windows, Linux) as the page's fragment", async () => {
    vi.stubEnv('VITE_DEV_SERVER_URL', undefined);
    const { window } = await boot({ argv: devArgv('--allow-file-access-from-files', LINK) });
    expect(window.webContents.getURL()).toBe(PAGE_WITH_LINK);

    vi.stubEnv('VITE_DEV_SERVER_URL', 'http://localhost:5173/');
    const dev = await boot({ argv: devArgv(LINK) });
    expect(dev.window.webContents.getURL()).toBe(`http://localhost:5173/#/message/${MESSAGE}?profile=sandbox`);
  });

  it('a second instance hands its link to the running window, which comes forward without a reload, and quits', async () => {
    vi.stubEnv('VITE_DEV_SERVER_URL', undefined);
    const machine = createFakeMachine();
    const first = await boot({ argv: devArgv(), machine });
    const contents = first.window.webContents;
    first.window.minimize();

    const second = await boot({ argv: devArgv(LINK), machine });
    expect(second.electron.app.hasQuit).toBe(true);
    expect(second.electron.BrowserWindow.getAllWindows()).toEqual([]);

    await vi.waitFor(() => expect(contents.getURL()).toBe(PAGE_WITH_LINK));
    expect(contents.documentLoads).toBe(1); // the same page: its renderer follows the fragment
    expect(first.window.isMinimized()).toBe(false);
    expect(first.electron.BrowserWindow.getFocusedWindow()).toBe(first.window);
    expect(first.electron.BrowserWindow.getAllWindows()).toHaveLength(1);

    // Still locked to the app: its own page moves within itself, nothing else loads.
    expect(contents.navigate(`${RENDERER_URL}#/message/om_error_230002`)).toBe(true);
    expect(contents.navigate('https://evil.example/#/message/om_error_230002')).toBe(false);

    // A launch without a link only brings the window forward.
    first.window.minimize();
    await boot({ argv: devArgv(), machine });
    await vi.waitFor(() => expect(first.window.isMinimized()).toBe(false));
    expect(contents.getURL()).toBe(`${RENDERER_URL}#/message/om_error_230002`);
  });

  it('keeps a macOS open-url that comes before the app is ready, and opens later ones in the running window', async () => {
    vi.stubEnv('VITE_DEV_SERVER_URL', undefined);
    const events: boolean[] = [];
    const { electron, window } = await boot({ argv: devArgv() }, (early) => events.push(early.app.openUrl(LINK).defaultPrevented));
    expect(events).toEqual([true]);
    expect(window.webContents.getURL()).toBe(PAGE_WITH_LINK);

    electron.app.openUrl('feishu-inspector://chat/oc_5ad11d72b830411d72b836c20');
    expect(window.webContents.getURL()).toBe(`${RENDERER_URL}#/chat/oc_5ad11d72b830411d72b836c20`);
    expect(window.webContents.documentLoads).toBe(1);
  });

  it('ignores what is not a link of its own: nothing loads, nothing opens', async () => {
    vi.stubEnv('VITE_DEV_SERVER_URL', undefined);
    const machine = createFakeMachine();
    const bad = [
      'feishu-inspector://message/om_<script>alert(1)</script>',
      'feishu-inspector://settings?app_secret=x',
      `https://evil.example/#/message/${MESSAGE}`,
      `#/message/${MESSAGE}`,
      `javascript:location='feishu-inspector://message/${MESSAGE}'`,
    ];
    const { electron, window } = await boot({ argv: devArgv(...bad), machine }, (early) => {
      for (const url of bad) early.app.openUrl(url);
    });
    expect(window.webContents.getURL()).toBe(RENDERER_URL);

    for (const url of bad) electron.app.openUrl(url);
    await boot({ argv: devArgv(...bad), machine });
    await new Promise((resolve) => setImmediate(resolve));
    expect(window.webContents.getURL()).toBe(RENDERER_URL);
    expect(window.webContents.documentLoads).toBe(1);
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(1);
    expect(electron.shell.opened).toEqual([]);
  });
});
