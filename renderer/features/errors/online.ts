import { useMemo, useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** What the browser or the OS says about the network: false once it reports being offline. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine);
}

/**
 * Whether the network was up when `result` arrived, not now: a failure is explained by the
 * state it happened in, so a DNS error from this morning does not turn into "offline" when
 * the network drops this afternoon.
 */
export function useOnlineWhen(result: unknown): boolean {
  // `result` is the point: read navigator.onLine again only when a new result comes in.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => navigator.onLine, [result]);
}
