import { describe, expect, it } from 'vitest';
import { IPC_CHANNEL, type Reply } from '../core/api/contract';
import { InspectorService } from '../core/app/service';
import { memoryStores } from '../core/testing/memory-stores';
import { FakeClock } from '../core/testing/fake-clock';
import { SEED_MESSAGE_ID } from '../core/sandbox/fixtures/messages';
import { bindIpc, isTrustedSender, type InvokeEventLike, type IpcMainLike } from './ipc';
import { appUrlMatcher } from './security';

const APP_URL = 'file:///opt/inspector/dist/renderer/index.html';
const isAppUrl = appUrlMatcher({ rendererIndexUrl: APP_URL });

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<Reply>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const service = () =>
  new InspectorService({
    stores: memoryStores(new FakeClock()),
    fetch: () => Promise.reject(new Error('offline')),
    clock: new FakeClock(),
    host: 'desktop',
    version: 'test',
  });

const topFrame = (url = APP_URL): InvokeEventLike => ({ senderFrame: { url, parent: null } });

describe('IPC binding', () => {
  it('registers one channel that serves every contract method from the app frame', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    bindIpc(ipcMain, service(), isAppUrl);
    expect([...handlers.keys()]).toEqual([IPC_CHANNEL]);
    const handler = handlers.get(IPC_CHANNEL)!;
    const reply = await handler(topFrame(), 'getMessage', [{ messageId: SEED_MESSAGE_ID }]);
    expect(reply).toMatchObject({ ok: true, value: { ok: true, messageId: SEED_MESSAGE_ID } });
    const profiles = await handler(topFrame(), 'listProfiles', []);
    expect(profiles.ok && (profiles.value as { profileId: string }[])[0]?.profileId).toBe('sandbox');
  });

  it('refuses subframes, foreign pages and destroyed frames', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    bindIpc(ipcMain, service(), isAppUrl);
    const handler = handlers.get(IPC_CHANNEL)!;
    const events: InvokeEventLike[] = [
      { senderFrame: { url: APP_URL, parent: { url: APP_URL } } },
      topFrame('https://evil.example/index.html'),
      topFrame('file:///tmp/other/index.html'),
      { senderFrame: null },
    ];
    for (const event of events) {
      expect(isTrustedSender(event, isAppUrl)).toBe(false);
      expect(await handler(event, 'listProfiles', [])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('rejects unknown methods and bad arguments from the app frame too', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    bindIpc(ipcMain, service(), isAppUrl);
    const handler = handlers.get(IPC_CHANNEL)!;
    expect(await handler(topFrame(), 'readFile', ['/etc/passwd'])).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await handler(topFrame(), 'getMessage', [{ messageId: 42 }])).toMatchObject({ ok: false, error: { code: 'bad_arguments' } });
  });

  it('unbinds', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unbind = bindIpc(ipcMain, service(), isAppUrl);
    unbind();
    expect(handlers.size).toBe(0);
  });
});
