/**
 * Batches of lookups run by the main side: paced by one RateLimiter per app (so every window
 * and command of this process shares the platform's limits), cancellable, retryable, and read by
 * the renderer as a log of updates (it polls with a cursor; no push channel is needed on either
 * binding). Finished lookups are kept for export.
 */

import type { FeishuClient } from '../feishu/client';
import type { Exchange } from '../feishu/exchange';
import type { LimiterRegistry } from '../feishu/limiter';
import type { FeishuFailure, ApiMessage, UserIdType } from '../feishu/types';
import type { Lang } from '../base/lang';
import type { Clock } from '../base/ports';
import { emptyProgress, type BatchProgress } from './run';
import { AppError } from '../base/app-error';
import { runLookupBatch } from './pipeline';
import { decodeMessage, messagePreview, senderName } from '../messages';
import type { ExportEntry } from '../export';

export const MAX_BATCH_IDS = 10_000;
/** Finished batches kept for export and review; older ones are let go. */
const KEPT_FINISHED_BATCHES = 5;

export interface BatchRow {
  index: number;
  messageId: string;
  status: 'ok' | 'failed';
  /** Epoch ms when the row's lookup finished. */
  at: number;
  msgType?: string;
  /** The platform's name for the sender of the first item, in the batch's language; absent when it gave none. */
  senderName?: string;
  preview?: string;
  itemsCount?: number;
  failure?: FeishuFailure;
}

export interface BatchUpdates {
  batchId: string;
  progress: BatchProgress;
  /** Rows that finished (or finished again, after a retry) since the cursor given. */
  rows: BatchRow[];
  cursor: number;
  running: boolean;
  cancelled: boolean;
  /** Why the batch stopped early, when something other than the user stopped it. */
  error?: string;
  /** Set when the batch stopped by itself: this many lookups in a row could not reach the platform. */
  stoppedUnreachable?: number;
}

interface BatchRun {
  batchId: string;
  profileId: string;
  messageIds: string[];
  rows: (BatchRow | undefined)[];
  items: (ApiMessage[] | undefined)[];
  /** Indexes in the order they finished: what a cursor counts. */
  log: number[];
  progress: BatchProgress;
  controller: AbortController;
  running: boolean;
  cancelled: boolean;
  error?: string;
  /** Lookups in a row that could not reach the platform when the batch stopped by itself. */
  stoppedUnreachable: number | undefined;
  /** Language of the rows' previews. */
  lang: Lang;
  /** The exchanges of the latest failures (at most KEPT_FAILURE_EXCHANGES rows), for a ticket bundle of a row. */
  failureExchanges: Map<number, Exchange[]>;
  userIdType?: UserIdType;
}

/** Failed rows whose requests and responses a batch keeps: a support ticket needs them, memory does not. */
export const KEPT_FAILURE_EXCHANGES = 200;

/** One row as a ticket bundle needs it. */
export interface BatchRowRecord {
  messageId: string;
  profileId: string;
  /** Epoch ms when the lookup finished. */
  at: number;
  userIdType?: UserIdType;
  outcome: { ok: true; items: ApiMessage[] } | { ok: false; failure: FeishuFailure };
  /** Undefined when not kept (a success, or a failure older than the latest KEPT_FAILURE_EXCHANGES). */
  exchanges?: Exchange[];
}

export interface BatchContext {
  profileId: string;
  appId: string;
  client: FeishuClient;
  userIdType?: UserIdType;
  /** Language of the previews of the rows this run makes; for a retry, the batch's own when absent. */
  lang?: Lang;
}

export class BatchManager {
  private readonly runs = new Map<string, BatchRun>();
  private sequence = 0;

  constructor(
    private readonly limiters: LimiterRegistry,
    private readonly clock: Clock,
  ) {}

  start(messageIds: string[], context: BatchContext): { batchId: string; total: number } {
    this.sequence += 1;
    const batchId = `b${this.sequence}-${context.profileId}`;
    const run: BatchRun = {
      batchId,
      profileId: context.profileId,
      messageIds,
      rows: new Array(messageIds.length),
      items: new Array(messageIds.length),
      log: [],
      progress: emptyProgress(messageIds.length),
      controller: new AbortController(),
      running: true,
      cancelled: false,
      stoppedUnreachable: undefined,
      lang: context.lang ?? 'en',
      failureExchanges: new Map(),
      userIdType: context.userIdType,
    };
    this.runs.set(batchId, run);
    void this.execute(
      run,
      messageIds.map((_, i) => i),
      context,
    );
    return { batchId, total: messageIds.length };
  }

  /** Runs the given rows again (failed ones, usually); their new results are logged anew. */
  retry(batchId: string, indexes: number[], context: BatchContext): void {
    const run = this.run(batchId);
    if (run.running) throw new AppError('batch_running', 'the batch is still running: wait for it or cancel it first');
    run.controller = new AbortController();
    run.running = true;
    run.cancelled = false;
    run.error = undefined;
    run.stoppedUnreachable = undefined;
    // Retried rows read in the language asked for now (the reader may have switched); rows that
    // are not retried keep the words they were made with.
    run.lang = context.lang ?? run.lang;
    void this.execute(
      run,
      indexes.filter((i) => i >= 0 && i < run.messageIds.length),
      context,
    );
  }

  /** The profile a batch runs with (retries use it again). */
  profileOf(batchId: string): string {
    return this.run(batchId).profileId;
  }

  cancel(batchId: string): void {
    const run = this.run(batchId);
    run.cancelled = true;
    run.controller.abort(new Error('cancelled by the user'));
  }

  updates(batchId: string, cursor: number): BatchUpdates {
    const run = this.run(batchId);
    const from = Math.max(0, Math.min(cursor, run.log.length));
    const seen = new Set<number>();
    const rows: BatchRow[] = [];
    for (let i = run.log.length - 1; i >= from; i -= 1) {
      const index = run.log[i]!;
      if (seen.has(index)) continue;
      seen.add(index);
      rows.push(run.rows[index]!);
    }
    rows.reverse();
    return {
      batchId,
      progress: run.progress,
      rows,
      cursor: run.log.length,
      running: run.running,
      cancelled: run.cancelled,
      error: run.error,
      ...(run.stoppedUnreachable !== undefined ? { stoppedUnreachable: run.stoppedUnreachable } : {}),
    };
  }

  /** A finished row, for a ticket bundle; undefined when the row has not run. */
  record(batchId: string, index: number): BatchRowRecord | undefined {
    const run = this.run(batchId);
    const row = run.rows[index];
    if (!row) return undefined;
    const base = { messageId: row.messageId, profileId: run.profileId, at: row.at, userIdType: run.userIdType };
    if (row.status === 'ok') return { ...base, outcome: { ok: true, items: run.items[index] ?? [] } };
    const failure = row.failure ?? { kind: 'network', stage: 'message', msg: '' };
    return { ...base, outcome: { ok: false, failure }, exchanges: run.failureExchanges.get(index) };
  }

  /** What an export of the batch contains: every finished row, in input order. */
  *entries(batchId: string): Generator<ExportEntry> {
    const run = this.run(batchId);
    for (let index = 0; index < run.messageIds.length; index += 1) {
      const row = run.rows[index];
      if (!row) continue;
      if (row.status === 'ok') yield { messageId: row.messageId, items: run.items[index] ?? [] };
      else
        yield {
          messageId: row.messageId,
          error: { code: row.failure?.code, msg: row.failure?.msg ?? '', logId: row.failure?.logId, httpStatus: row.failure?.httpStatus },
        };
    }
  }

  /** Finished batches hold every message they fetched: only the most recent few are kept. */
  private forgetOldRuns(): void {
    const finished = [...this.runs.values()].filter((run) => !run.running);
    for (const run of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED_BATCHES))) this.runs.delete(run.batchId);
  }

  private run(batchId: string): BatchRun {
    const run = this.runs.get(batchId);
    if (!run) throw new AppError('batch_not_found', `no batch ${batchId}: it may have ended with the app`, { batchId });
    return run;
  }

  private async execute(run: BatchRun, indexes: number[], context: BatchContext): Promise<void> {
    try {
      const outcome = await runLookupBatch({
        messageIds: indexes.map((i) => run.messageIds[i]!),
        client: context.client,
        limiter: this.limiters.forApp(context.appId),
        clock: this.clock,
        userIdType: context.userIdType,
        signal: run.controller.signal,
        onResult: ({ index: position, result }, progress) => {
          const index = indexes[position]!;
          const messageId = run.messageIds[index]!;
          const previous = run.rows[index];
          if (result.ok) {
            const items = result.value.data?.items ?? [];
            const first = items[0];
            run.items[index] = items;
            run.rows[index] = {
              index,
              messageId,
              status: 'ok',
              at: this.clock.now(),
              msgType: first?.msg_type,
              senderName: first ? senderName(first, run.lang) : undefined,
              preview: first ? messagePreview(decodeMessage(first), run.lang) : undefined,
              itemsCount: items.length,
            };
          } else {
            run.items[index] = undefined;
            run.rows[index] = { index, messageId, status: 'failed', at: this.clock.now(), failure: result.failure };
          }
          keepFailureExchanges(run.failureExchanges, index, result.ok ? undefined : result.exchanges);
          run.log.push(index);
          // Counts cover the whole batch (a retry replaces a row's earlier outcome); rate and ETA
          // are those of the run in progress.
          const done = run.progress.done + (previous ? 0 : 1);
          const failed = run.progress.failed - (previous?.status === 'failed' ? 1 : 0) + (result.ok ? 0 : 1);
          run.progress = { ...progress, total: run.messageIds.length, done, failed, remaining: run.messageIds.length - done };
        },
      });
      if (outcome.stoppedUnreachable) {
        run.stoppedUnreachable = outcome.stoppedUnreachable.inARow;
        run.cancelled = true;
      }
    } catch (error) {
      // A lookup that threw (not a failure it reported): the batch stops and says why, the
      // process goes on.
      run.cancelled = true;
      run.error = error instanceof Error ? error.message : String(error);
    } finally {
      run.running = false;
      if (run.cancelled) run.progress = { ...run.progress, etaMs: undefined };
      this.forgetOldRuns();
    }
  }
}

/** Keeps the exchanges of the latest failures, the oldest forgotten first; a success forgets the row's. */
function keepFailureExchanges(kept: Map<number, Exchange[]>, index: number, exchanges: Exchange[] | undefined): void {
  kept.delete(index);
  if (exchanges === undefined) return;
  kept.set(index, exchanges);
  if (kept.size > KEPT_FAILURE_EXCHANGES) kept.delete(kept.keys().next().value!);
}
