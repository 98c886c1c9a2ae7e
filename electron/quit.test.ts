import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { closeBeforeQuit } from './quit';

class FakeApp extends EventEmitter {
  quits = 0;
  /** Like Electron: quitting emits will-quit, and the app goes unless a listener prevents it. */
  quit(): void {
    this.quits += 1;
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('gone');
  }
}

describe('closeBeforeQuit', () => {
  it('holds the quit until close() settles, then quits for real', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const gone = vi.fn();
    app.on('gone', gone);
    closeBeforeQuit(app, close);

    app.quit();
    app.quit(); // a second Cmd+Q while closing neither closes twice nor quits early
    expect(close).toHaveBeenCalledTimes(1);
    expect(gone).not.toHaveBeenCalled();

    finish();
    await vi.waitFor(() => expect(gone).toHaveBeenCalledTimes(1));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('still quits when close() fails', async () => {
    const app = new FakeApp();
    const gone = vi.fn();
    app.on('gone', gone);
    closeBeforeQuit(app, () => Promise.reject(new Error('disk full')));
    app.quit();
    await vi.waitFor(() => expect(gone).toHaveBeenCalledTimes(1));
  });
});
