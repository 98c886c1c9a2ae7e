/**
 * `inspector export <file|-> --format F --out PATH`: looks up every message ID found in a file
 * (or stdin) and saves the results as one JSON, NDJSON, Markdown, HTML or CSV file.
 *
 * - Lookups go through the app's batch pipeline (core/batch/pipeline.ts), as the desktop's batches
 *   do: paced for the profile's app (50/s and 1000/min), patient retries, a stop when the platform
 *   cannot be reached, and no history entry per lookup.
 * - Entries reach the export in the order of the IDs, as soon as their turn comes; the export is
 *   streamed into writeFileAtomically, so nothing is buffered whole. Lookups finish out of order:
 *   the ones waiting for an earlier, slower one (retries can take a minute) are held, at most
 *   WINDOW of them, after which no further lookup is queued until the writer catches up.
 * - Exit 0: all succeeded; 2: some failed (they are in the export too, and listed on stderr);
 *   1: bad usage, an error, or the platform could not be reached; 130 on Ctrl+C; whenever nothing
 *   was written, the output is left exactly as it was.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { emptyProgress, type BatchProgress } from '../core/batch/run';
import type { LookupBatchOutcome, LookupOutcome } from '../core/batch/pipeline';
import { SANDBOX_PROFILE_ID } from '../core/api/contract';
import { exportChunks, EXPORT_FORMATS, fileExtension, isExportFormat, type ExportEntry, type ExportFormat } from '../core/export';
import { formatExplanationText, hostOf } from '../core/errors';
import { USER_ID_TYPES, type FeishuFailure, type UserIdType } from '../core/feishu/types';
import { extractMessageIds } from '../core/messages/ids';
import { systemClock } from '../core/base/ports';
import type { Lang } from '../core/base/lang';
import { removeStaleTempFiles, writeFileAtomically } from '../node/atomic-write';
import { untilAborted } from '../core/base/abort';
import { createNodeService } from './host';
import { writeText } from './print';
import { createProgressBar, type ProgressBar } from './progress';
import { langFromEnv } from './print';
import { storeNoticePrinter } from './stores/notices';
import { exitCodeFor, interruptible } from './interrupt';
import { expectedIdentity, findProfile, identityChoice, identityLine } from './identity';

export interface ExportCommandOptions {
  format?: unknown;
  out?: unknown;
  profile?: unknown;
  as?: unknown;
  tenant?: unknown;
  userIdType?: unknown;
  /** Of the export's labels, in message content too. Default `en`. */
  lang?: Lang;
}

/** Bad usage: main() prints the message and exits 1. */
export class ExportUsageError extends Error {}

/** Looked-up entries held for the writer at most (about 10 s of lookups at 50/s). */
export const WINDOW = 500;

/** 128 + the signal's number, as shells report it. */

export async function exportCommand(file: string | undefined, options: ExportCommandOptions): Promise<number> {
  if (!file) throw new ExportUsageError('give a file of message IDs (or - for stdin): inspector export ids.txt --format csv --out out.csv');
  const out = options.out === undefined || options.out === true ? undefined : String(options.out);
  if (!out) throw new ExportUsageError('--out is required: where to save the export');
  const format = parseFormat(options.format, out);
  const userIdType = parseUserIdType(options.userIdType);

  const { messageIds, otherIds } = extractMessageIds(await readInput(file));
  if (messageIds.length === 0)
    throw new ExportUsageError(`no message ID found in ${file === '-' ? 'stdin' : file}: message IDs start with om_`);
  if (otherIds.length) {
    const shown = otherIds.slice(0, 5).join(', ');
    writeText(process.stderr, `skipped (not message IDs): ${shown}${otherIds.length > 5 ? ` and ${otherIds.length - 5} more` : ''}\n`);
  }

  const service = createNodeService('cli');
  const printNotices = storeNoticePrinter((text) => writeText(process.stderr, text));
  printNotices(service.storeNotices());
  const profile = await findProfile(service, options.profile, SANDBOX_PROFILE_ID);
  const choice = identityChoice(profile, options);
  const asWhom = identityLine(expectedIdentity(profile, choice));
  if (asWhom) writeText(process.stderr, `export: looking up ${asWhom}\n`);

  // An export killed outright (kill -9, a crash) left its partial temp file beside the output.
  const stale = await removeStaleTempFiles(path.dirname(path.resolve(out)));
  if (stale.length) {
    const what = stale.length === 1 ? 'temp file left by an export' : 'temp files left by exports';
    writeText(process.stderr, `export: removed ${stale.length} ${what} that did not finish, in ${path.dirname(out)}\n`);
  }

  const profileId = profile.profileId;
  const interrupt = interruptible();
  const { controller } = interrupt;

  const order = new InOrder(messageIds.length, WINDOW);
  let messages = 0;
  let last: BatchProgress = emptyProgress(messageIds.length);
  const failures: { index: number; messageId: string; failure: FeishuFailure }[] = [];
  let bar: ProgressBar | undefined;
  let batch: Promise<LookupBatchOutcome & { baseUrl: string }> | undefined;

  // The batch starts when the export asks for its first entry, so an output that cannot be
  // created fails before any lookup is made. It is the pipeline of the app's batches (pace,
  // retries, the stop when the platform cannot be reached); the export only keeps the order.
  async function* entries(): AsyncGenerator<ExportEntry> {
    bar = createProgressBar(process.stderr, 'export');
    batch = service.lookupBatch(
      { messageIds, profileId, userIdType, ...choice },
      {
        signal: controller.signal,
        admit: (signal) => order.admit(signal),
        onResult: ({ index, messageId, result }, progress) => {
          const entry = toEntry(messageId, result);
          messages += entry.items?.length ?? 0;
          if (!result.ok) failures.push({ index, messageId, failure: result.failure });
          order.put(index, entry);
          last = progress;
          bar?.update(progress);
        },
      },
    );
    batch.then(
      (outcome) => outcome.cancelled && order.fail(controller.signal.reason ?? new Error('the batch stopped')),
      (error: unknown) => order.fail(error),
    );
    yield* order.entries();
  }

  let written = false;
  let writeFailure: { error: unknown } | undefined;
  let outcome: (LookupBatchOutcome & { baseUrl: string }) | undefined;
  let batchFailure: { error: unknown } | undefined;
  try {
    try {
      await writeFileAtomically(out, exportChunks(format, entries(), { generatedAt: systemClock.now(), locale: options.lang }), {
        signal: controller.signal,
      });
      written = true;
    } catch (error) {
      writeFailure = { error };
      controller.abort(error);
    }
    try {
      outcome = await batch;
    } catch (error) {
      batchFailure = { error };
    }
  } finally {
    interrupt.dispose();
    await service.close();
  }
  last = outcome?.progress ?? last;
  const interrupted = interrupt.interrupted();

  // A signal after the rename came too late to cancel anything: the export is complete.
  if (interrupted && !written) {
    bar?.finish(last, 'cancelled');
    printNotices(service.storeNotices());
    writeText(process.stderr, `export: cancelled; nothing written (${out} is unchanged)\n`);
    return exitCodeFor(interrupted);
  }
  if (outcome?.stoppedUnreachable && !written) {
    bar?.finish(last, 'failed');
    const { inARow } = outcome.stoppedUnreachable;
    const lastFailure = failures.at(-1)!.failure;
    writeText(
      process.stderr,
      `export: stopped: ${inARow} lookups in a row could not reach ${hostOf(outcome.baseUrl)}, and the other ${last.remaining} would fail the same way; nothing written (${out} is unchanged)\n` +
        `${formatExplanationText(lastFailure, options.lang ?? langFromEnv(process.env), {})}\n`,
    );
    return 1;
  }
  bar?.finish(last, writeFailure ? 'failed' : undefined);
  // A store file read again during the run (the settings, for the batch's profile) may have more to say.
  printNotices(service.storeNotices());
  if (batchFailure) throw batchFailure.error;
  if (writeFailure) throw new Error(`cannot write ${out}: ${messageOf(writeFailure.error)}; nothing written`);

  if (failures.length) {
    failures.sort((a, b) => a.index - b.index);
    writeText(process.stderr, `export: ${failures.length} of ${messageIds.length} failed:\n`);
    for (const { messageId, failure } of failures) writeText(process.stderr, `  ${failureLine(messageId, failure)}\n`);
  }
  const failed = failures.length ? `, ${failures.length} failed` : '';
  writeText(process.stderr, `export: wrote ${out} (${messageIds.length} IDs, ${messages} messages${failed})\n`);
  return failures.length ? 2 : 0;
}

/** `--format`, or the one `--out`'s extension names, or `fallback` (for stdout); a usage error otherwise. */
export function parseFormat(value: unknown, out: string, fallback?: ExportFormat): ExportFormat {
  if (value === undefined) {
    const extension = path.extname(out).slice(1).toLowerCase();
    const inferred = EXPORT_FORMATS.find((format) => fileExtension(format) === extension) ?? fallback;
    if (inferred) return inferred;
    throw new ExportUsageError(
      `--format is required (${EXPORT_FORMATS.join(', ')}) unless --out ends in .json, .ndjson, .md, .html or .csv`,
    );
  }
  if (!isExportFormat(value)) throw new ExportUsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${String(value)}"`);
  return value;
}

function parseUserIdType(value: unknown): UserIdType | undefined {
  if (value === undefined) return undefined;
  if (!(USER_ID_TYPES as readonly unknown[]).includes(value))
    throw new ExportUsageError(`--user-id-type must be one of ${USER_ID_TYPES.join(', ')}`);
  return value as UserIdType;
}

async function readInput(file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(file, 'utf8');
    if (process.stdin.isTTY) process.stderr.write('reading message IDs from stdin (Ctrl+D ends)…\n');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw new ExportUsageError(`cannot read ${file === '-' ? 'stdin' : file}: ${messageOf(error)}`);
  }
}

function toEntry(messageId: string, result: LookupOutcome): ExportEntry {
  if (result.ok) return { messageId, items: result.value.data?.items ?? [] };
  const { code, msg, logId, httpStatus } = result.failure;
  return { messageId, error: { code, msg, logId, httpStatus } };
}

export function failureLine(messageId: string, failure: FeishuFailure): string {
  const what =
    failure.code !== undefined ? `code ${failure.code}` : failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}` : failure.kind;
  const logId = failure.logId ? `  log_id ${failure.logId}` : '';
  // One line per failure: a line break in msg must not look like another entry of the list.
  return `${messageId}  ${what}${logId}  ${failure.msg.replace(/\r?\n/g, ' ')}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Entries handed out in index order while they arrive in any order. Holds only those that
 * arrived before their turn; `admit` keeps that number (plus those in flight) under `window`.
 */
export class InOrder {
  private readonly ready = new Map<number, ExportEntry>();
  private readonly total: number;
  private readonly window: number;
  private admitted = 0;
  private handed = 0;
  private failure: { error: unknown } | undefined;
  private waiters: (() => void)[] = [];

  constructor(total: number, window: number) {
    this.total = total;
    this.window = window;
  }

  put(index: number, entry: ExportEntry): void {
    this.ready.set(index, entry);
    this.notify();
  }

  /** Ends `entries()` with this error (the batch failed or was cancelled). */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.notify();
  }

  /** Resolves once one more lookup may start without going past the window. */
  async admit(signal?: AbortSignal): Promise<void> {
    while (this.admitted - this.handed >= this.window) await this.changed(signal);
    this.admitted += 1;
  }

  async *entries(): AsyncGenerator<ExportEntry> {
    for (let index = 0; index < this.total; index += 1) {
      let entry: ExportEntry | undefined;
      for (;;) {
        if (this.failure) throw this.failure.error;
        entry = this.ready.get(index);
        if (entry) break;
        await this.changed();
      }
      this.ready.delete(index);
      this.handed += 1;
      this.notify();
      yield entry;
    }
  }

  private changed(signal?: AbortSignal): Promise<void> {
    return untilAborted(new Promise<void>((resolve) => this.waiters.push(resolve)), signal);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
