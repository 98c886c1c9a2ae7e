/**
 * The one way many message IDs are looked up, for every host: the desktop's and browser mode's
 * batches (BatchManager) and `inspector export` (the CLI). Each host chooses what it does with a
 * result and how it shows progress; the rest is decided here, once:
 * - every request waits for the app's limiter (the process's one RateLimiter per app), retries
 *   included: the client paces itself, so runBatch does not take a second slot;
 * - a batch is more patient than one lookup (BATCH_RETRY), so faults cost time, not results;
 * - the batch stops when the platform cannot be reached (UNREACHABLE_STOP_AFTER in a row, over
 *   at least UNREACHABLE_STOP_MS), instead of failing every row after ten seconds of tries;
 * - credentials inside message content are masked before a result leaves (as for one lookup);
 * - no lookup of a batch is written to the history: it keeps what a person looked up, and one
 *   batch of 10,000 would push all of that out.
 */

import type { Clock } from '../base/ports';
import type { CallResult, FeishuClient } from '../feishu/client';
import type { RateLimiter } from '../feishu/limiter';
import type { GetMessageResponse, UserIdType } from '../feishu/types';
import { unreachableReason, type UnreachableReason } from '../errors/reach';
import { withContentCredentialsMasked } from '../feishu/mask';
import { runBatch, type BatchItemResult, type BatchProgress } from './run';

/** Retries per item in a batch: with 20 % of calls failing, 6 tries lose about one item in 15,000. */
export const BATCH_RETRY = { rateLimitRetries: 8, transientRetries: 5 };
/**
 * A batch stops when this many lookups in a row could not reach the platform, over at least
 * UNREACHABLE_STOP_MS: the network, DNS, proxy or VPN is down, and the rest would fail the same
 * way, each after about ten seconds of tries. The time counts too because the lookups running
 * together share one token request: when it fails (a blip while the token is renewed), they all
 * fail at the same moment, and that is one failure, not ten.
 */
export const UNREACHABLE_STOP_AFTER = 10;
export const UNREACHABLE_STOP_MS = 10_000;

export type LookupOutcome = CallResult<GetMessageResponse>;

export interface LookupBatchOptions {
  messageIds: string[];
  client: FeishuClient;
  /** The app's limiter, shared by every lookup of the process: it informs the ETA. */
  limiter: RateLimiter;
  clock: Clock;
  userIdType?: UserIdType;
  signal?: AbortSignal;
  /** Waited for before each lookup starts (the CLI holds lookups that run too far ahead of its writer). */
  admit?: (signal: AbortSignal) => Promise<void>;
  /** Every finished lookup, in the order they finish; `index` is its place in `messageIds`. */
  onResult?: (item: BatchItemResult<LookupOutcome>, progress: BatchProgress) => void;
}

export interface LookupBatchOutcome {
  /** The batch ended before every ID was looked up (a cancel, or the stop below). */
  cancelled: boolean;
  /** Set when the batch stopped by itself: this many lookups in a row could not reach the platform, and why. */
  stoppedUnreachable?: { inARow: number; reason: UnreachableReason };
  progress: BatchProgress;
}

/**
 * Looks the IDs up. It resolves when every ID is done, or once the running lookups have settled
 * after a cancel or a stop; it rejects only when a lookup or `onResult` throws.
 */
export async function runLookupBatch(options: LookupBatchOptions): Promise<LookupBatchOutcome> {
  const { clock, client, userIdType } = options;
  // The batch stops when the caller cancels or when the platform cannot be reached.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;

  let inARow = 0;
  let since = 0;
  let stopped: LookupBatchOutcome['stoppedUnreachable'];
  const outcome = await runBatch<LookupOutcome>({
    messageIds: options.messageIds,
    limiter: options.limiter,
    clock,
    signal,
    admit: options.admit,
    lookup: async (messageId, signal) => {
      const result = await client.getMessage(messageId, { userIdType, signal, retry: BATCH_RETRY });
      return result.ok ? { ...result, value: withContentCredentialsMasked(result.value) } : result;
    },
    lookupPacesItself: true,
    // The results are the hosts' to keep: runBatch's own list would hold every message twice.
    keepResults: false,
    isFailure: (result) => !result.ok,
    onResult: (item, progress) => {
      const reason = item.result.ok ? undefined : unreachableReason(item.result.failure);
      const now = clock.now();
      if (!reason) inARow = 0;
      else if ((inARow += 1) === 1) since = now;
      // The last lookup of the batch leaves nothing to stop: the batch simply ends.
      if (reason && inARow >= UNREACHABLE_STOP_AFTER && now - since >= UNREACHABLE_STOP_MS && progress.remaining > 0 && !signal.aborted) {
        stopped = { inARow, reason };
        stop.abort(new Error('the platform cannot be reached'));
      }
      options.onResult?.(item, progress);
    },
  });
  return { cancelled: outcome.cancelled, progress: outcome.progress, ...(stopped ? { stoppedUnreachable: stopped } : {}) };
}
