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
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};
