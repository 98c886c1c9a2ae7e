/**
 * Looks up many message IDs through one app's RateLimiter: at most `concurrency` in flight,
 * started in the order given, with progress and an ETA after every result. Cancelling stops
 * what waits and aborts what runs; what already finished is kept.
 */

import type { Clock } from '../base/ports';
import type { RateLimiter } from '../feishu/limiter';

export interface BatchProgress {
  total: number;
  /** Items finished, failures included. */
  done: number;
  /** Of `done`, those `isFailure` says failed. */
  failed: number;
  /** `total - done`: items waiting, running, or (after a cancel) never run. */
  remaining: number;
  /** Items finished per second since the batch began (elapsed time counted as at least 1 s). */
  ratePerSecond: number;
  /** Milliseconds until the last item should finish; undefined until something has finished. */
  etaMs: number | undefined;
}

export interface BatchItemResult<R> {
  messageId: string;
  index: number;
  result: R;
}

export interface BatchOptions<R> {
  messageIds: string[];
  limiter: RateLimiter;
  clock: Clock;
  /** One lookup. It reports failures in its result; it should throw only when `signal` aborts. */
  lookup: (messageId: string, signal: AbortSignal) => Promise<R>;
  isFailure: (r: R) => boolean;
  signal?: AbortSignal;
  /** The most lookups waiting in the limiter or running at once (default 10). */
  concurrency?: number;
  onResult?: (item: BatchItemResult<R>, progress: BatchProgress) => void;
  /** The lookup takes its own places in `limiter` (for every attempt); runBatch then does not schedule it. */
  lookupPacesItself?: boolean;
  /** Waited for before each item is handed over (a consumer that holds results in order keeps them few). */
  admit?: (signal: AbortSignal) => Promise<void>;
  /** Keep every item's result for the outcome (default true); a host that keeps its own says false. */
  keepResults?: boolean;
}

export interface BatchOutcome<R> {
  /** Finished items, in the order of `messageIds` (none when `keepResults` is false). */
  results: BatchItemResult<R>[];
  /** The signal aborted before every item finished. */
  cancelled: boolean;
  progress: BatchProgress;
}

export const DEFAULT_BATCH_CONCURRENCY = 10;

/** The progress of a batch of `total` before anything has finished. */
export function emptyProgress(total: number): BatchProgress {
  return { total, done: 0, failed: 0, remaining: total, ratePerSecond: 0, etaMs: undefined };
}

/**
 * Runs the batch. It resolves once every item has finished or, after a cancel, once every
 * running lookup has settled. If a lookup throws without having been aborted, the rest is
 * cancelled and runBatch rejects with that error; so does an `onResult` that throws.
 */
export async function runBatch<R>(opts: BatchOptions<R>): Promise<BatchOutcome<R>> {
  const { messageIds, limiter, clock, lookup, isFailure, onResult, keepResults = true } = opts;
  const total = messageIds.length;
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_BATCH_CONCURRENCY));
  const startedAt = clock.now();
  const results: BatchItemResult<R>[] = [];
  const inner = new AbortController();
  const outer = opts.signal;
  const onOuterAbort = () => inner.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  let next = 0; // the next index to hand to a worker
  let submitted = 0; // handed to the limiter
  let done = 0;
  let failed = 0;
  let busyMs = 0; // summed lookup durations, for the average latency
  let thrown: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    thrown ??= { error };
    inner.abort(error);
  };

  const progress = (): BatchProgress => {
    const now = clock.now();
    const remaining = total - done;
    const ratePerSecond = done / (Math.max(now - startedAt, 1000) / 1000);
    let etaMs: number | undefined;
    if (remaining === 0) etaMs = 0;
    else if (inner.signal.aborted) etaMs = undefined;
    else if (done > 0) {
      // The limits' bound: every call queued in the limiter (ours and anyone else's) and every
      // item not yet handed over must start first; the last then takes a typical lookup's time.
      const byLimits = limiter.estimateMs(limiter.pending + (total - submitted)) + busyMs / done;
      // The observed pace: what the server's latency and the concurrency cap actually allow.
      const byRate = (remaining / ratePerSecond) * 1000;
      etaMs = Math.round(Math.max(byLimits, byRate));
    }
    return { total, done, failed, remaining, ratePerSecond, etaMs };
  };

  const worker = async (): Promise<void> => {
    while (!inner.signal.aborted && next < total) {
      if (opts.admit) {
        try {
          await opts.admit(inner.signal);
        } catch (error) {
          if (!inner.signal.aborted) fail(error);
          return;
        }
        if (inner.signal.aborted || next >= total) return;
      }
      const index = next;
      next += 1;
      const messageId = messageIds[index]!;
      submitted += 1;
      let began = 0;
      let result: R;
      try {
        const run = () => {
          began = clock.now();
          return lookup(messageId, inner.signal);
        };
        // A lookup that paces each of its own requests (retries included) must not take a
        // second slot here: the limiter then only informs the ETA.
        result = opts.lookupPacesItself ? await run() : await limiter.schedule(run, inner.signal);
      } catch (error) {
        if (!inner.signal.aborted) fail(error);
        return;
      }
      busyMs += clock.now() - began;
      done += 1;
      if (isFailure(result)) failed += 1;
      const item = { messageId, index, result };
      if (keepResults) results.push(item);
      try {
        onResult?.(item, progress());
      } catch (error) {
        fail(error);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (thrown) throw thrown.error;
  results.sort((a, b) => a.index - b.index);
  return { results, cancelled: done < total, progress: progress() };
}
