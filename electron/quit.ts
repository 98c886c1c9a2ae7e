/**
 * Quitting waits for work the service does on the side (the history is written a moment after
 * each lookup): the first `will-quit` is held until `close()` settles, then the app quits again.
 */

export interface QuittableApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export function closeBeforeQuit(app: QuittableApp, close: () => Promise<void>): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void close()
      .catch(() => undefined) // nothing worth keeping the app open for
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
