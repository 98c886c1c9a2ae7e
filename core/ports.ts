/**
 * Ports: the small interfaces through which core/ reaches the outside world. Hosts
 * (electron/, cli/) pass in adapters; tests pass in fakes.
 */

/** The fetch standard's signature, narrowed to what core/ uses. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      // The listener goes when the timer fires: a long-lived signal must not collect one per sleep.
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
