/**
 * A whole chat or thread to a file, resumable. The walk (core/conversations) goes a chat page at
 * a time; each finished step is appended to a spool beside the target (`.<name>.resume/`,
 * one JSON entry a line) and only then is the step's cursor written (atomically). An export
 * that is cancelled, killed (`kill -9`) or loses the network leaves the spool and the cursor
 * behind; the same command run again cuts the spool back to the last step the cursor names
 * (a step half written when the process died is dropped and fetched again), skips IDs already
 * there, and goes on from that cursor: no message twice, none missing. Once the walk is done the
 * file is made from the spool, streamed and atomic as every export is, and the spool removed.
 *
 * Why a spool and not the target itself: every format but NDJSON has a head and a tail (JSON's
 * brackets, HTML's document, Markdown's summary) that would have to be undone and redone on
 * resume; the spool makes resuming one rule for all five.
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Lang } from '../core/base/lang';
import { walkConversation, type ConversationSource, type WalkCursor, type WalkOptions, type WalkProblem } from '../core/conversations/walk';
import type { ExportEntry } from '../core/export/common';
import { exportChunks, type ExportFormat } from '../core/export';
import { writeFileAtomically } from './atomic-write';
import { isRunning } from './file-lock';

export interface ConversationExportOptions {
  source: ConversationSource;
  walk: WalkOptions;
  format: ExportFormat;
  /** The file to write. */
  out: string;
  lang: Lang;
  title?: string;
  /** Epoch ms, for the export's "generated" line. */
  generatedAt: number;
  /** What else makes two runs the same export (the profile, say): a resume continues only the same one. */
  identity?: Record<string, unknown>;
  onProgress?: (progress: ConversationProgress) => void;
}

export interface ConversationProgress {
  pages: number;
  /** Entries in the spool (messages; a forward counts once). */
  entries: number;
  /** Entries that were already there from an earlier run. */
  resumedEntries: number;
  /** Create time (epoch ms) of the latest message written, to say how far through a time range. */
  reachedMs?: number;
}

export interface ConversationExportResult {
  entries: number;
  problems: WalkProblem[];
  /** Entries an earlier, interrupted run had already fetched. */
  resumedEntries: number;
  /** List and GET calls this run made. */
  calls: number;
}

interface ResumeState {
  version: 1;
  key: string;
  cursor: WalkCursor;
  /** The spool's length when the cursor was written: anything after it is a step half done. */
  spoolBytes: number;
  entries: number;
  problems: WalkProblem[];
  reachedMs?: number;
}

/** The folder that holds an export's spool and cursor until it is done: beside the target, hidden. */
export function resumeDirFor(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.resume`);
}

export async function exportConversation(options: ConversationExportOptions): Promise<ConversationExportResult> {
  const dir = resumeDirFor(options.out);
  const spoolPath = path.join(dir, 'spool.ndjson');
  const statePath = path.join(dir, 'state.json');
  const key = exportKey(options);
  await mkdir(dir, { recursive: true });
  const release = await claim(dir);
  try {
    return await run(options, dir, spoolPath, statePath, key);
  } finally {
    await release();
  }
}

/** Another run of the same export is writing its spool: two at once would interleave their steps. */
export class ExportInProgressError extends Error {
  constructor(
    readonly pid: number,
    readonly host: string,
  ) {
    super(`another run of this export is in progress (process ${pid} on ${host}): wait for it or stop it, then run this again`);
    this.name = 'ExportInProgressError';
  }
}

/**
 * Makes this process the one that writes the export's spool (\`owner.json\`, created exclusively).
 * A run that died (kill -9, a crash) left its owner behind: taken over when that process no
 * longer runs on this machine.
 */
async function claim(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, 'owner.json');
  const me = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, JSON.stringify(me), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as { pid?: unknown; host?: unknown })
      .catch(() => ({}) as { pid?: unknown; host?: unknown });
    const pid = typeof owner.pid === 'number' ? owner.pid : 0;
    const host = typeof owner.host === 'string' ? owner.host : '';
    if (pid > 0 && (host !== me.host || isRunning(pid))) throw new ExportInProgressError(pid, host);
    await rm(file, { force: true });
  }
  throw new Error(`cannot take ${file}: remove it if no other export is running`);
}

async function run(
  options: ConversationExportOptions,
  dir: string,
  spoolPath: string,
  statePath: string,
  key: string,
): Promise<ConversationExportResult> {
  let state = await resumableState(statePath, spoolPath, key);
  const resumedEntries = state.entries;
  const seen = await idsIn(spoolPath);
  const progress = (): ConversationProgress => ({
    pages: state.cursor.pages,
    entries: state.entries,
    resumedEntries,
    ...(state.reachedMs !== undefined ? { reachedMs: state.reachedMs } : {}),
  });
  options.onProgress?.(progress());

  let calls = 0;
  if (!(state.cursor.pages > 0 && state.cursor.pageToken === undefined)) {
    const spool = await open(spoolPath, 'a');
    try {
      for await (const step of walkConversation(options.source, options.walk, state.cursor)) {
        calls += step.calls;
        const fresh = step.entries.filter((entry) => entry.messageId === '' || !seen.has(entry.messageId));
        const text = fresh.map((entry) => `${JSON.stringify(entry)}\n`).join('');
        const bytes = Buffer.from(text, 'utf8');
        if (bytes.length > 0) {
          await spool.write(bytes);
          await spool.sync();
        }
        for (const entry of fresh) seen.add(entry.messageId);
        const reached = step.reachedMs;
        state = {
          ...state,
          cursor: step.done ? { pages: step.cursor.pages } : step.cursor,
          spoolBytes: state.spoolBytes + bytes.length,
          entries: state.entries + fresh.length,
          problems: [...state.problems, ...step.problems],
          ...(reached !== undefined ? { reachedMs: reached } : {}),
        };
        await writeState(statePath, state);
        options.onProgress?.(progress());
      }
    } finally {
      await spool.close();
    }
  }

  await writeFileAtomically(
    options.out,
    exportChunks(options.format, entriesIn(spoolPath), { generatedAt: options.generatedAt, locale: options.lang, title: options.title }),
  );
  await rm(dir, { recursive: true, force: true });
  return { entries: state.entries, problems: state.problems, resumedEntries, calls };
}

/** The state an earlier run of the same export left, its spool cut back to it; a clean one otherwise. */
async function resumableState(statePath: string, spoolPath: string, key: string): Promise<ResumeState> {
  const state = await readState(statePath);
  if (!state || state.key !== key) {
    // Nothing to resume (or another export's leftovers under this name): start clean.
    await rm(spoolPath, { force: true });
    return { version: 1, key, cursor: { pages: 0 }, spoolBytes: 0, entries: 0, problems: [] };
  }
  const size = (await stat(spoolPath).catch(() => undefined))?.size ?? 0;
  if (size < state.spoolBytes)
    throw new Error(`the resume spool ${spoolPath} is shorter than its cursor says: remove its folder to start over`);
  if (size > state.spoolBytes) await truncate(spoolPath, state.spoolBytes);
  return state;
}

/** Two runs are the same export when they ask the same of the same container in the same format. */
function exportKey(options: ConversationExportOptions): string {
  const { target, since, until, includeThreads, userIdType } = options.walk;
  const identity = JSON.stringify({
    target,
    since,
    until,
    includeThreads: Boolean(includeThreads),
    userIdType,
    format: options.format,
    ...options.identity,
  });
  return createHash('sha256').update(identity).digest('hex');
}

async function readState(statePath: string): Promise<ResumeState | undefined> {
  try {
    const state = JSON.parse(await readFile(statePath, 'utf8')) as ResumeState;
    return state.version === 1 && typeof state.key === 'string' && typeof state.spoolBytes === 'number' ? state : undefined;
  } catch {
    return undefined;
  }
}

async function writeState(statePath: string, state: ResumeState): Promise<void> {
  await writeFileAtomically(
    statePath,
    (async function* () {
      yield JSON.stringify(state);
    })(),
  );
}

async function* entriesIn(spoolPath: string): AsyncGenerator<ExportEntry> {
  const lines = createInterface({ input: createReadStream(spoolPath, { encoding: 'utf8' }).on('error', () => {}), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as ExportEntry;
}

async function idsIn(spoolPath: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const exists = await stat(spoolPath).catch(() => undefined);
  if (!exists) return ids;
  for await (const entry of entriesIn(spoolPath)) if (entry.messageId !== '') ids.add(entry.messageId);
  return ids;
}
