import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppLink } from '../core/handoff/links';
import { appLinkFromArgv, appLinkFromUrl, claimAppLinks, type AppLinksHost } from './links';

const MESSAGE = 'om_dc13264520392913993dd051dba21dcf';
const LINK = `feishu-inspector://message/${MESSAGE}?profile=sandbox`;
const OPENED: AppLink = { kind: 'message', messageId: MESSAGE, profileId: 'sandbox' };

/** Electron's `app` as far as links go: the lock is held elsewhere when `locked`. */
class FakeApp extends EventEmitter implements AppLinksHost {
  quits = 0;
  registered: unknown[][] = [];
  constructor(
    readonly isPackaged = false,
    private readonly locked = false,
  ) {
    super();
  }
  requestSingleInstanceLock() {
    return !this.locked;
  }
  setAsDefaultProtocolClient(...args: unknown[]) {
    this.registered.push(args);
    return true;
  }
  quit() {
    this.quits += 1;
  }
  /** macOS: the OS hands over a URL; true when the app took it (prevented the default). */
  openUrl(url: string) {
    let prevented = false;
    this.emit('open-url', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function claim(app: FakeApp, argv: string[] = ['/usr/bin/electron', '/src/inspector']) {
  const shown: (AppLink | undefined)[] = [];
  const links = claimAppLinks(app, { argv, execPath: '/usr/bin/electron' }, (link) => shown.push(link));
  return { links, shown };
}

describe('links handed to the desktop app', () => {
  it('reads a link only in its desktop form, wherever it sits on the command line', () => {
    expect(appLinkFromArgv(['C:\\Inspector\\Inspector.exe', '--allow-file-access-from-files', LINK])).toEqual(OPENED);
    expect(appLinkFromArgv([LINK, '--some-switch'])).toEqual(OPENED);
    expect(appLinkFromUrl(`  FEISHU-INSPECTOR://message/${MESSAGE}`)).toEqual({ kind: 'message', messageId: MESSAGE });
    for (const other of [`/message/${MESSAGE}`, `#/message/${MESSAGE}`, `file:///tmp/x#/message/${MESSAGE}`, 'feishu-inspector://nope'])
      expect(appLinkFromArgv(['/usr/bin/electron', other]), other).toBeUndefined();
  });

  it('in a second instance, quits at once, without registering anything or taking links', () => {
    const app = new FakeApp(false, true);
    const { links } = claim(app, ['/usr/bin/electron', '/src/inspector', LINK]);
    expect(links).toBeUndefined();
    expect(app.quits).toBe(1);
    expect(app.registered).toEqual([]);
    expect(app.listenerCount('second-instance') + app.listenerCount('open-url')).toBe(0);
  });

  it('registers the scheme: with the app folder in a development run, bare when packaged', () => {
    const dev = new FakeApp(false);
    claim(dev, ['/usr/bin/electron', 'relative/app']);
    expect(dev.registered).toEqual([['feishu-inspector', '/usr/bin/electron', [path.resolve('relative/app')]]]);
    const packaged = new FakeApp(true);
    claim(packaged, ['/opt/inspector/inspector']);
    expect(packaged.registered).toEqual([['feishu-inspector']]);
  });

  it('keeps the last link that came before the first window for it, then shows each as it comes', () => {
    const app = new FakeApp();
    const { links, shown } = claim(app, ['/usr/bin/electron', '/src/inspector', `feishu-inspector://message/om_error_230002`]);
    expect(app.openUrl(LINK)).toBe(true);
    app.emit('second-instance', {}, ['/usr/bin/electron', '/src/inspector']); // a bare launch adds nothing
    expect(shown).toEqual([]);
    expect(links!.takeFirstLink()).toEqual(OPENED);
    expect(links!.takeFirstLink()).toBeUndefined();

    app.emit('second-instance', {}, ['/usr/bin/electron', '/src/inspector', LINK]);
    app.emit('second-instance', {}, ['/usr/bin/electron', '/src/inspector']);
    expect(app.openUrl('feishu-inspector://chat/oc_5ad11d72b830411d72b836c20')).toBe(true);
    expect(shown).toEqual([OPENED, undefined, { kind: 'chat', chatId: 'oc_5ad11d72b830411d72b836c20' }]);
  });

  it('ignores a link it cannot read, from any source', () => {
    const app = new FakeApp();
    const { links, shown } = claim(app, ['/usr/bin/electron', '/src/inspector', 'feishu-inspector://message/../../etc/passwd']);
    app.openUrl('feishu-inspector://message/om_<img src=x>');
    expect(links!.takeFirstLink()).toBeUndefined();
    app.openUrl('https://evil.example/#/message/om_dc13264520392913993dd051dba21dcf');
    app.emit('second-instance', {}, ['/usr/bin/electron', 'feishu-inspector://message/om_x?token=t-1']);
    // The launch itself still brings the window forward; the link in it is dropped.
    expect(shown).toEqual([undefined]);
  });
});
