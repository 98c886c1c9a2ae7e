import { describe, expect, it, vi } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import {
  appUrlMatcher,
  denyAllPermissions,
  isAllowedExternalUrl,
  lockDownWebContents,
  PRODUCTION_CSP,
  secureWindowOptions,
  type WebContentsLike,
} from './security';

describe('window options (Electron security checklist)', () => {
  const prefs = secureWindowOptions('/app/preload.cjs', true).webPreferences!;
  it('isolates the context, sandboxes the renderer and gives it no Node', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });
  it('keeps web security on, insecure content and experimental features off, no webview tag', () => {
    expect(prefs).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false });
  });
  it('turns devtools off in production only', () => {
    expect(prefs.devTools).toBe(false);
    expect(secureWindowOptions('/app/preload.cjs', false).webPreferences!.devTools).toBe(true);
  });
});

describe('content security policy', () => {
  it('allows only our own scripts and no eval or remote content', () => {
    expect(PRODUCTION_CSP).toContain("default-src 'none'");
    expect(PRODUCTION_CSP).toContain("script-src 'self'");
    expect(PRODUCTION_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(PRODUCTION_CSP).toContain("object-src 'none'");
  });
  const built = path.resolve(import.meta.dirname, '../dist/renderer/index.html');
  it.skipIf(!existsSync(built))('is built into index.html (needs `npm run build` first)', () => {
    expect(readFileSync(built, 'utf8')).toContain('Content-Security-Policy');
  });
});

describe('external links', () => {
  it.each([
    ['https://open.feishu.cn/document/server-docs/im-v1/message/get', true],
    ['https://open.larksuite.com/app/cli_x/auth', true],
    ['https://www.feishu.cn/admin', true],
    ['http://open.feishu.cn/document', false],
    ['https://open.feishu.cn.evil.example/', false],
    ['https://evilfeishu.cn/', false],
    ['https://user:pass@open.feishu.cn/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});

describe('navigation and windows', () => {
  const isAppUrl = appUrlMatcher({ rendererIndexUrl: 'file:///app/dist/renderer/index.html', devServerUrl: 'http://127.0.0.1:5173/' });

  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void; url: string }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: WebContentsLike = {
      on: (event: string, listener: never) => void listeners.set(event, listener),
      setWindowOpenHandler: (handler) => void (openHandler = handler),
    };
    return { contents, listeners, open: (url: string) => openHandler!({ url }) };
  }

  it('blocks navigation away from the app and opens only platform links outside', () => {
    const { contents, listeners } = fakeContents();
    const openExternal = vi.fn();
    lockDownWebContents(contents, isAppUrl, openExternal);
    for (const [url, blocked, opened] of [
      ['http://127.0.0.1:5173/#/x', false, false],
      ['https://evil.example/', true, false],
      ['https://open.feishu.cn/document', true, true],
    ] as const) {
      const event = { preventDefault: vi.fn(), url };
      listeners.get('will-navigate')!(event, url);
      expect(event.preventDefault).toHaveBeenCalledTimes(blocked ? 1 : 0);
      expect(openExternal.mock.calls.some(([u]) => u === url)).toBe(opened);
    }
    const webview = { preventDefault: vi.fn(), url: '' };
    listeners.get('will-attach-webview')!(webview, '');
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn();
    lockDownWebContents(contents, isAppUrl, openExternal);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('https://open.feishu.cn/app')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://open.feishu.cn/app');
  });

  it('denies permission requests', () => {
    const callback = vi.fn();
    denyAllPermissions({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('recognises only the app file and the dev server as the app', () => {
    expect(isAppUrl('file:///app/dist/renderer/index.html')).toBe(true);
    expect(isAppUrl('file:///app/dist/renderer/other.html')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5174/')).toBe(false);
  });
});
