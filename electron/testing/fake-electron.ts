/**
 * A stand-in for the `electron` module where the Electron binary is absent: the app's own
 * main-process code runs whole under vitest, only Electron is replaced. It behaves as
 * Electron documents where the app relies on it (`web-contents-created` fires as a window is
 * made, `whenReady` waits for `ready`, `enableSandbox` throws once ready, navigation and new
 * windows are allowed and permissions granted unless a handler says otherwise, a prevented
 * `will-quit` keeps the app running, one instance holds the single-instance lock and hears of
 * the others, a `loadURL` that changes only the fragment stays in the page) and records what it
 * is asked, for tests to assert on. Test-side helpers (`ready()`, `navigate()`, `invoke()`,
 * `openUrl()`…) play the user, the page and the OS.
 *
 * Load code with `bootWithFakeElectron`, which also serves electron-store (inlined in
 * vitest.config.ts, so its own `import 'electron'` reaches this stand-in).
 */

import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

/** A preventable Electron event. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

function fakeEvent<T extends object>(fields: T = {} as T): FakeEvent & T {
  return Object.assign(
    {
      defaultPrevented: false,
      preventDefault(this: FakeEvent) {
        this.defaultPrevented = true;
      },
    },
    fields,
  );
}

export class FakeFrame {
  constructor(
    public url: string,
    public readonly parent: FakeFrame | null = null,
  ) {}
  get top(): FakeFrame {
    return this.parent ? this.parent.top : this;
  }
}

type WindowOpenResponse = { action: 'allow' | 'deny'; overrideBrowserWindowOptions?: object };
type PermissionRequestHandler = (
  contents: FakeWebContents,
  permission: string,
  callback: (granted: boolean) => void,
  details: object,
) => void;
type PermissionCheckHandler = (contents: FakeWebContents | null, permission: string, origin: string, details: object) => boolean;
type HeadersResponse = { cancel?: boolean; responseHeaders?: Record<string, string[]>; statusLine?: string };
type HeadersListener = (
  details: { url: string; responseHeaders: Record<string, string[]> },
  callback: (response: HeadersResponse) => void,
) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  private headersListener: HeadersListener | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  readonly webRequest = {
    onHeadersReceived: (filterOrListener: object | HeadersListener | null, listener?: HeadersListener | null) => {
      this.headersListener = (typeof filterOrListener === 'function' ? (filterOrListener as HeadersListener) : listener) ?? null;
    },
  };

  /** The page asks for a permission (camera, notifications…): Electron grants it when no handler is set. */
  requestPermission(contents: FakeWebContents, permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(contents, permission, resolve, { requestingUrl: contents.getURL() }));
  }
  /** The page checks a permission synchronously: granted when no handler is set. */
  checkPermission(contents: FakeWebContents, permission: string): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(contents, permission, contents.getURL(), {}) : true;
  }
  /** A response arrives: the headers the page then sees. */
  responseHeaders(url: string, responseHeaders: Record<string, string[]>): Promise<Record<string, string[]>> {
    const listener = this.headersListener;
    if (!listener) return Promise.resolve(responseHeaders);
    return new Promise((resolve) => listener({ url, responseHeaders }, (response) => resolve(response.responseHeaders ?? responseHeaders)));
  }
}

let nextWebContentsId = 1;

const withoutFragment = (url: string) => url.split('#')[0];

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame = new FakeFrame('about:blank');
  windowOpenHandler: ((details: { url: string; frameName: string; features: string; disposition: string }) => WindowOpenResponse) | null =
    null;
  /** Key presses sent with sendInputEvent, in order. */
  readonly inputEvents: { type: string; keyCode: string; modifiers?: string[] }[] = [];

  constructor(readonly session: FakeSession) {
    super();
  }

  getURL(): string {
    return this.mainFrame.url;
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  sendInputEvent(event: { type: string; keyCode: string; modifiers?: string[] }): void {
    this.inputEvents.push(event);
  }
  /** Documents loaded in the top frame; a move to a fragment of the page loads none. */
  documentLoads = 0;

  /**
   * Called by the window's loadFile/loadURL: a programmatic load fires no will-navigate. Like
   * Chromium, a URL that differs from the page's only by a fragment is a same-document
   * navigation (the page gets `hashchange`), anything else a new document.
   */
  load(url: string): void {
    const sameDocument = this.documentLoads > 0 && url.includes('#') && withoutFragment(url) === withoutFragment(this.mainFrame.url);
    this.mainFrame.url = url;
    if (sameDocument) {
      this.emit('did-navigate-in-page', fakeEvent(), url, true);
      return;
    }
    this.documentLoads += 1;
    this.emit('did-navigate', fakeEvent(), url);
  }

  /** The page navigates its top frame (a link, `location =`): true when the navigation went ahead. */
  navigate(url: string): boolean {
    const event = fakeEvent({ url, isMainFrame: true, frame: this.mainFrame });
    this.emit('will-navigate', event, url, false, true);
    if (event.defaultPrevented) return false;
    this.load(url);
    return true;
  }
  /** A server redirect of the top frame's navigation: true when it went ahead. */
  redirect(url: string): boolean {
    const event = fakeEvent({ url, isMainFrame: true, frame: this.mainFrame });
    this.emit('will-redirect', event, url, false, true);
    if (event.defaultPrevented) return false;
    this.load(url);
    return true;
  }
  /** The page calls window.open or follows a target=_blank link: Electron allows it without a handler. */
  openWindow(url: string): WindowOpenResponse {
    return this.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'foreground-tab' }) ?? { action: 'allow' };
  }
  /** The page adds a <webview>: true when it was attached. */
  attachWebview(src: string): boolean {
    const event = fakeEvent();
    this.emit('will-attach-webview', event, { nodeIntegration: false }, { src });
    return !event.defaultPrevented;
  }
  /** A frame inside the page, at `url`. */
  subframe(url: string): FakeFrame {
    return new FakeFrame(url, this.mainFrame);
  }
}

export interface FakeElectronOptions {
  /** app.getPath('userData'): where electron-store keeps its files. */
  userData: string;
  isPackaged?: boolean;
  version?: string;
  /** What safeStorage says about the system keyring. */
  safeStorage?: { available: boolean; backend: string };
  /** The command line this instance was started with (process.argv while it boots). */
  argv?: string[];
  /**
   * The machine: instances of the app booted with the same one share the single-instance lock
   * (the first to ask holds it until it quits, a later one's argv reaches it).
   */
  machine?: FakeMachine;
}

/** What instances of the app share on one machine. */
export interface FakeMachine {
  lockHolder: { emit(event: string, ...args: unknown[]): boolean; hasQuit: boolean } | null;
}

export function createFakeMachine(): FakeMachine {
  return { lockHolder: null };
}

/** Everything `electron` exports that the app uses, as one set of records. */
export function createFakeElectron(options: FakeElectronOptions) {
  const defaultSession = new FakeSession();
  const machine = options.machine ?? createFakeMachine();
  const windows: FakeBrowserWindow[] = [];
  const focus = { window: null as FakeBrowserWindow | null };

  class FakeApp extends EventEmitter {
    isPackaged = options.isPackaged ?? false;
    sandboxEnabled = false;
    /** How many times app.quit() was called, and whether the app did go. */
    quitCalls = 0;
    hasQuit = false;
    private isReadyNow = false;
    private markReady!: () => void;
    private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));
    private readonly paths: Record<string, string> = {
      userData: options.userData,
      appData: path.dirname(options.userData),
      temp: path.join(options.userData, 'tmp'),
    };

    enableSandbox(): void {
      if (this.isReadyNow) throw new Error('app.enableSandbox() can only be called before app is ready');
      this.sandboxEnabled = true;
    }
    whenReady(): Promise<void> {
      return this.readyPromise;
    }
    isReady(): boolean {
      return this.isReadyNow;
    }
    getPath(name: string): string {
      const found = this.paths[name];
      if (!found) throw new Error(`Failed to get '${name}' path`);
      return found;
    }
    getVersion(): string {
      return options.version ?? '0.0.0-fake';
    }
    getName(): string {
      return 'Feishu Message Inspector';
    }
    /** Protocols registered with setAsDefaultProtocolClient, with the command the OS is to run. */
    readonly protocolClients: { protocol: string; path?: string; args?: string[] }[] = [];
    setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
      this.protocolClients.push({ protocol, ...(path === undefined ? {} : { path }), ...(args === undefined ? {} : { args }) });
      return true;
    }
    /**
     * Like Electron: true for the first instance on the machine; a later one gets false and the
     * holder hears `second-instance` with its argv and working directory (a moment later: it
     * comes from another process).
     */
    requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
      const holder = machine.lockHolder;
      if (holder && holder !== this && !holder.hasQuit) {
        const argv = [...(options.argv ?? [])];
        setImmediate(() => holder.emit('second-instance', fakeEvent(), argv, process.cwd(), additionalData ?? null));
        return false;
      }
      machine.lockHolder = this;
      return true;
    }
    /** Like Electron: before-quit, the windows close, will-quit; a prevented event keeps the app running. */
    quit(): void {
      this.quitCalls += 1;
      const beforeQuit = fakeEvent();
      this.emit('before-quit', beforeQuit);
      if (beforeQuit.defaultPrevented) return;
      for (const window of [...windows]) window.close();
      const willQuit = fakeEvent();
      this.emit('will-quit', willQuit);
      if (willQuit.defaultPrevented) return;
      this.hasQuit = true;
      this.emit('quit', fakeEvent(), 0);
    }

    /** Test: the OS has started the app; resolves once what waited for whenReady() has run. */
    async ready(): Promise<void> {
      this.isReadyNow = true;
      this.emit('ready', fakeEvent(), {});
      this.markReady();
      // A turn for the whenReady callbacks, another for what they started (a window's first paint).
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    }
    /** Test: macOS hands the app a URL of a scheme it registered (possibly before it is ready). */
    openUrl(url: string): FakeEvent {
      const event = fakeEvent();
      this.emit('open-url', event, url);
      return event;
    }
    /** Test: resolves when the app has quit (after every will-quit listener let it). */
    untilQuit(): Promise<void> {
      return this.hasQuit ? Promise.resolve() : new Promise((resolve) => this.once('quit', () => resolve()));
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents(defaultSession);
    visible = false;
    destroyed = false;
    minimized = false;

    constructor(readonly options: { webPreferences?: Record<string, unknown>; show?: boolean } & Record<string, unknown> = {}) {
      super();
      windows.push(this);
      // Electron announces the new contents while the window is being made.
      app.emit('web-contents-created', fakeEvent(), this.webContents);
      app.emit('browser-window-created', fakeEvent(), this);
      if (options.show !== false) this.show();
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return [...windows];
    }
    static getFocusedWindow(): FakeBrowserWindow | null {
      return focus.window;
    }
    /** As Electron: `hash` (and `search`) end up in the file URL. */
    loadFile(file: string, loadOptions: { hash?: string; search?: string } = {}): Promise<void> {
      const url = new URL(pathToFileURL(path.resolve(file)).href);
      if (loadOptions.search) url.search = loadOptions.search;
      if (loadOptions.hash) url.hash = loadOptions.hash;
      return this.loaded(url.href);
    }
    loadURL(url: string): Promise<void> {
      return this.loaded(url);
    }
    show(): void {
      this.visible = true;
      this.focus();
    }
    focus(): void {
      focus.window = this;
      this.emit('focus');
    }
    minimize(): void {
      this.minimized = true;
      if (focus.window === this) focus.window = null;
      this.emit('minimize');
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    restore(): void {
      this.minimized = false;
      this.emit('restore');
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    close(): void {
      if (this.destroyed) return;
      const event = fakeEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      if (focus.window === this) focus.window = null;
      this.emit('closed');
      if (windows.length === 0 && !app.hasQuit && app.quitCalls === 0) app.emit('window-all-closed');
    }
    private loaded(url: string): Promise<void> {
      const loads = this.webContents.documentLoads;
      this.webContents.load(url);
      // The first paint of a new document comes a moment after its load starts.
      if (this.webContents.documentLoads > loads) setImmediate(() => this.emit('ready-to-show', fakeEvent()));
      return Promise.resolve();
    }
  }

  type InvokeListener = (event: object, ...args: unknown[]) => unknown;
  class FakeIpcMain extends EventEmitter {
    readonly handlers = new Map<string, InvokeListener>();
    handle(channel: string, listener: InvokeListener): void {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    }
    removeHandler(channel: string): void {
      this.handlers.delete(channel);
    }
    /** Test: what `ipcRenderer.invoke(channel, ...args)` from `frame` gets back (structured-cloned, as over IPC). */
    async invoke(frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
      const handler = this.handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      const sender = windows.find((w) => frame && w.webContents.mainFrame === frame.top)?.webContents;
      return structuredClone(await handler(fakeEvent({ senderFrame: frame, sender, frameId: 1, processId: 1 }), ...structuredClone(args)));
    }
  }
  const ipcMain = new FakeIpcMain();

  type MenuTemplateItem = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: MenuTemplateItem[] };
  class FakeMenu {
    constructor(readonly items: MenuTemplateItem[]) {}
    /** Test: the item at this path of labels, e.g. `item('View', 'Focus Lookup')`. */
    item(...labels: string[]): MenuTemplateItem | undefined {
      let items: MenuTemplateItem[] | undefined = this.items;
      let found: MenuTemplateItem | undefined;
      for (const label of labels) {
        found = items?.find((i) => i.label === label);
        items = found?.submenu;
      }
      return found;
    }
  }
  const Menu = {
    applicationMenu: null as FakeMenu | null,
    buildFromTemplate: (template: MenuTemplateItem[]) => new FakeMenu(template),
    setApplicationMenu(menu: FakeMenu | null) {
      Menu.applicationMenu = menu;
    },
    getApplicationMenu: () => Menu.applicationMenu,
  };

  // Reversible but not readable: a secret must never reach a file as it was typed.
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  const safeStorage = {
    available: options.safeStorage?.available ?? true,
    backend: options.safeStorage?.backend ?? 'gnome_libsecret',
    /** The plain texts it was asked to encrypt. */
    encrypted: [] as string[],
    isEncryptionAvailable: () => safeStorage.available,
    isAsyncEncryptionAvailable: async () => safeStorage.available,
    getSelectedStorageBackend: () => safeStorage.backend,
    async encryptStringAsync(plain: string): Promise<Buffer> {
      if (!safeStorage.available) throw new Error('Encryption is not available.');
      safeStorage.encrypted.push(plain);
      return Buffer.concat([Buffer.from('fake:'), scramble(Buffer.from(plain, 'utf8'))]);
    },
    async decryptStringAsync(cipher: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
      if (!cipher.subarray(0, 5).equals(Buffer.from('fake:')))
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: scramble(cipher.subarray(5)).toString('utf8'), shouldReEncrypt: false };
    },
  };

  const dialog = {
    /** Each save dialog shown: its parent window and options. */
    saveDialogs: [] as { parent: FakeBrowserWindow | undefined; options: Record<string, unknown> }[],
    /** What the next save dialog answers (the user cancels unless a test says otherwise). */
    saveAnswer: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
    async showSaveDialog(...args: unknown[]) {
      const [parent, dialogOptions] = args[0] instanceof FakeBrowserWindow ? args : [undefined, args[0]];
      dialog.saveDialogs.push({ parent: parent as FakeBrowserWindow | undefined, options: dialogOptions as Record<string, unknown> });
      return { ...dialog.saveAnswer };
    },
  };

  const shell = {
    /** URLs handed to the system browser. */
    opened: [] as string[],
    async openExternal(url: string): Promise<void> {
      shell.opened.push(url);
    },
  };

  const net = {
    /** Requests made through Chromium's network stack. */
    requests: [] as { url: string; method: string }[],
    /** Where they go (offline unless a test says otherwise). */
    handler: ((_request: Request) => Promise.reject(new TypeError('net::ERR_INTERNET_DISCONNECTED'))) as (
      request: Request,
    ) => Promise<Response>,
    fetch(input: string | Request, init?: RequestInit): Promise<Response> {
      const request = new Request(input, init);
      net.requests.push({ url: request.url, method: request.method });
      return net.handler(request);
    },
  };

  const api = { app, BrowserWindow: FakeBrowserWindow, ipcMain, Menu, safeStorage, dialog, shell, net, session: { defaultSession } };
  return {
    ...api,
    /** What `import … from 'electron'` gives: the named exports and the default (electron-store reads that one). */
    module: { ...api, default: api },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeBrowserWindow = InstanceType<FakeElectron['BrowserWindow']>;

/**
 * Loads main-process code afresh (its top-level code runs again) over a new stand-in, and
 * starts the app: `load` is e.g. `() => import('../main')`.
 */
export async function bootWithFakeElectron(
  load: () => Promise<unknown>,
  options: FakeElectronOptions,
  /** What the OS does before the app is ready (macOS may send open-url then). */
  beforeReady?: (electron: FakeElectron) => void,
): Promise<FakeElectron> {
  const electron = createFakeElectron(options);
  vi.resetModules();
  vi.doMock('electron', () => electron.module);
  const argv = process.argv;
  if (options.argv) process.argv = options.argv;
  try {
    await load();
  } finally {
    process.argv = argv;
  }
  beforeReady?.(electron);
  // An instance that quit while it loaded (a second instance) never becomes ready.
  if (!electron.app.hasQuit) await electron.app.ready();
  return electron;
}
