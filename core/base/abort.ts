/**
 * Listening for an abort on a signal that outlives many calls (an export's, a batch's).
 *
 * Every call of an export listens on the export's one signal and stops listening when it ends. With
 * `addEventListener`, Node keeps a signal's listeners in a linked list whose removed nodes keep
 * their links: a removed node that has reached the old generation holds the next listener, its
 * closure and what that captured (the call's promise, so its answer) alive through every minor
 * collection until the next major one. A 10,000-message export promoted about 4 MB of its pages
 * that way (`npm run bench -- chat-export-heap`). `onAbort` puts one listener on a signal while
 * any call listens and keeps the callbacks in a Set, which keeps nothing of a callback once it is
 * removed.
 */

interface Listening {
  callbacks: Set<() => void>;
  /** The one listener on the signal itself. */
  listener: () => void;
}

const listeningOn = new WeakMap<AbortSignal, Listening>();

/**
 * Calls `callback` when `signal` aborts (not when it already has: check `aborted` first, as with
 * `addEventListener`). Returns the function that stops listening; call it when the work ends.
 * The signal's one listener goes when its last callback does, so that a signal Node keeps alive
 * while it is listened to (`AbortSignal.any`, `AbortSignal.timeout`) is not kept for nothing.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let listening = listeningOn.get(signal);
  if (!listening) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      listeningOn.delete(signal);
      // As with removeEventListener during the event: one that stopped listening is not called;
      // and as with listeners of their own, one that throws does not keep the others from running.
      for (const each of [...callbacks]) {
        if (!callbacks.delete(each)) continue;
        try {
          each();
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    };
    listening = { callbacks, listener };
    listeningOn.set(signal, listening);
    signal.addEventListener('abort', listener, { once: true });
  }
  const own = listening;
  // Each registration is its own entry, even for the same function twice.
  const entry = () => callback();
  own.callbacks.add(entry);
  return () => {
    if (!own.callbacks.delete(entry) || own.callbacks.size > 0) return;
    signal.removeEventListener('abort', own.listener);
    if (listeningOn.get(signal) === own) listeningOn.delete(signal);
  };
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts (whether or not the promise heeds it). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason as Error));
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error as Error);
      },
    );
  });
}
