/**
 * Listening for an abort on a signal that outlives many calls (an export's, a batch's).
 *
 * Every call of an export listens on the export's one signal and stops listening when it ends. With
 * `addEventListener`, Node keeps a signal's listeners in a linked list whose removed nodes keep
 * their links: a removed node that has reached the old generation holds the next listener, its
 * closure and what that captured (the call's promise, so its answer) alive through every minor
 * collection until the next major one. A 10,000-message export promoted about 4 MB of its pages
 * that way (`npm run bench -- chat-export-heap`). `onAbort` puts one listener on a signal and keeps
 * the callbacks in a Set, which keeps nothing of a callback once it is removed.
 */

const callbacksOf = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` when `signal` aborts (not when it already has: check `aborted` first, as with
 * `addEventListener`). Returns the function that stops listening; call it when the work ends.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = callbacksOf.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    callbacksOf.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        callbacksOf.delete(signal);
        // As with removeEventListener during the event: one that stopped listening is not called.
        for (const each of [...set]) if (set.delete(each)) each();
      },
      { once: true },
    );
  }
  const own = callbacks;
  // Each registration is its own entry, even for the same function twice.
  const entry = () => callback();
  own.add(entry);
  return () => {
    own.delete(entry);
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
