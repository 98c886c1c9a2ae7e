/**
 * Ports: the small interfaces through which core/ reaches the outside world. Hosts
 * (electron/, cli/) pass in adapters; tests pass in fakes.
 */

import { onAbort } from './abort';

/**
 * The fetch standard's signature, narrowed to what core/ uses. The signal comes beside the
 * request, not inside it: undici makes a Request of its own from the one it is given, and a
 * Request carrying a signal costs a second abort link (a listener and a finalizer) on every call.
 */
export type FetchLike = (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fire` once, `ms` from now, unless the returned function is called first. A request's
   * timeout is set and cancelled on every call: this costs a timer, where a cancellable sleep
   * costs a timer, an AbortController, a listener and an abort event.
   */
  after(ms: number, fire: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      // The listener goes when the timer fires: a long-lived signal must not collect one per sleep.
      const timer = setTimeout(() => {
        stopListening?.();
        resolve();
      }, ms);
      const stopListening = signal
        ? onAbort(signal, () => {
            clearTimeout(timer);
            reject(signal.reason);
          })
        : undefined;
    }),
  after: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};
