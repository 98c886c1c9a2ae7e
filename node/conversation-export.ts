/**
 * A whole chat or thread to a file, resumable. The walk (core/conversations) goes a chat page at
 * a time; each finished step is appended to a spool beside the target (`.<name>.resume/`,
 * one JSON entry a line) and only then is the step's cursor written (atomically). An export
 * that is cancelled, killed (`kill -9`) or loses the network leaves the spool and the cursor
 * behind; the same command run again cuts the spool back to the last step the cursor names
 * (a step half written when the process died is dropped and fetched again), skips IDs already
 * there, and goes on from that cursor: no message twice, none missing. Once the walk is done the
 * file is made from the spool, streamed and atomic as every export is, and the spool removed.
 * NDJSON is written as the walk goes instead (beside the spool, cut back with it on resume, its
 * length in the cursor too), and the finished file is renamed into place: its lines depend on
 * their own entry only, and making them during the walk uses the time the rate limits leave.
 *
 * With files asked for, the images and files of the exported messages are downloaded next, from
 * the spool, into `<name>_files/` beside the target (./conversation-files.ts: resumable too), and
 * the Markdown and HTML link them.
 *
 * Why a spool and not the target itself: every format but NDJSON has a head and a tail (JSON's
 * brackets, HTML's document, Markdown's summary) that would have to be undone and redone on
 * resume; the spool makes resuming one rule for all five.
 */

import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, link, mkdir, open, readFile, rename, rm, stat, truncate, utimes, writeFile, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Lang } from '../core/base/lang';
import { walkConversation, type ConversationSource, type WalkCursor, type WalkOptions, type WalkProblem } from '../core/conversations/walk';
import type { ExportEntry } from '../core/export/common';
import { exportChunks, type ExportFormat, type ExportOptions, type ExportResources } from '../core/export';
import type { ResourceProblem, ResourceSource } from '../core/conversations/resources';
import { syncDirectory, writeFileAtomically, writeTextAtomically } from './atomic-write';
import { isRunning } from './file-lock';
import { downloadConversationFiles, filesDirFor, type FilesProgress } from './conversation-files';

export interface ConversationExportOptions {
  /** The list call and lookups; with `withFiles`, the resource download too. */
  source: ConversationSource & Partial<ResourceSource>;
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
  /**
   * Also download every image and file of the exported messages into `<name>_files/` beside `out`
   * (after the walk; resumable), linked from Markdown and HTML. `inlineImages` (HTML only) puts the
   * images into the HTML itself as data: URIs. Cancelled by the walk's signal.
   */
  withFiles?: { inlineImages?: boolean };
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
  /** Once the walk is done, with files asked for: how far the downloads are. */
  files?: FilesProgress;
}

export interface ConversationExportResult {
  entries: number;
  problems: WalkProblem[];
  /** Entries an earlier, interrupted run had already fetched. */
  resumedEntries: number;
  /** List and GET calls this run made. */
  calls: number;
  /** With files asked for: where they are and how many were had. */
  files?: FilesProgress & { folder: string };
  /** Images and files that could not be had (their messages keep the `[image key]` tag). */
  fileProblems: ResourceProblem[];
}

/** What an export with these options cannot do, as a sentence; `undefined` when it can. */
export function conversationExportProblem(options: Pick<ConversationExportOptions, 'format' | 'withFiles'>): string | undefined {
  if (options.withFiles?.inlineImages && options.format !== 'html') return 'images can be inlined in an HTML export only';
  return undefined;
}

interface ResumeState {
  version: 1;
  key: string;
  cursor: WalkCursor;
  /** The spool's length when the cursor was written: anything after it is a step half done. */
  spoolBytes: number;
  entries: number;
  problems: WalkProblem[];
  /** With a format written as the walk goes: the file's length when the cursor was written. */
  bodyBytes?: number;
}

/**
 * Formats whose file is the concatenation of what each entry makes of itself (no head, no tail,
 * nothing an entry writes depends on another or on the files downloaded): written as walked.
 */
const WRITTEN_AS_WALKED: ReadonlySet<ExportFormat> = new Set(['ndjson']);

/** The folder that holds an export's spool and cursor until it is done: beside the target, hidden. */
export function resumeDirFor(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.resume`);
}

export async function exportConversation(options: ConversationExportOptions): Promise<ConversationExportResult> {
  const problem = conversationExportProblem(options);
  if (problem !== undefined) throw new Error(problem);
  if (options.withFiles && !options.source.getResource) throw new Error('files asked for, but the source cannot download them');
  const dir = resumeDirFor(options.out);
  const spoolPath = path.join(dir, 'spool.ndjson');
  const statePath = path.join(dir, 'state.json');
  const key = exportKey(options);
  await mkdir(dir, { recursive: true });
  const owner = await claim(dir);
  try {
    return await run(options, dir, spoolPath, statePath, key, owner.touch);
  } finally {
    await owner.release();
  }
}

/** Another run of the same export is writing its spool: two at once would interleave their steps. */
export class ExportInProgressError extends Error {
  constructor(
    readonly pid: number,
    readonly host: string,
    readonly file: string,
  ) {
    super(
      `another run of this export is in progress (process ${pid} on ${host}): wait for it or stop it, then run this again (if none is running, remove ${file})`,
    );
    this.name = 'ExportInProgressError';
  }
}

/** An owner that has not been heard from for this long is gone, whatever host it named. */
const OWNER_STALE_MS = 10 * 60 * 1000;

interface Owner {
  pid: number;
  host: string;
  /** This run's own mark: release removes the owner file only while it is still this run's. */
  token: string;
}

/**
 * Makes this process the one that writes the export's spool. `owner.json` appears whole or not at
 * all (written aside, then hard-linked into place, which fails when one is there). The owner
 * touches it after every step. An owner is taken over when its process no longer runs on this
 * machine, when it is this very process (a pid given again, in a container), or when it has not
 * been touched for OWNER_STALE_MS (a run on another host, or one that hangs). Returns the touch and
 * the release.
 */
async function claim(dir: string): Promise<{ touch: () => Promise<void>; release: () => Promise<void> }> {
  const file = path.join(dir, 'owner.json');
  const me: Owner = { pid: process.pid, host: hostname(), token: randomUUID() };
  const aside = path.join(dir, `owner.${me.token}.tmp`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      await writeFile(aside, JSON.stringify(me));
      try {
        await link(aside, file);
        return claimHeld(file, me);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await readOwner(file);
      const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? 0);
      const gone = owner
        ? (owner.host === me.host && (owner.pid === me.pid || !isRunning(owner.pid))) || age > OWNER_STALE_MS
        : age > OWNER_STALE_MS;
      if (!gone) throw new ExportInProgressError(owner?.pid ?? 0, owner?.host ?? '?', file);
      // Taken over by renaming our own copy over it: two runs doing so at once leave one owner.
      await rename(aside, file).catch(() => undefined);
      if ((await readOwner(file))?.token === me.token) return claimHeld(file, me);
    }
    throw new Error(`cannot take ${file}: remove it if no other run of this export is going on`);
  } finally {
    await rm(aside, { force: true });
  }
}

function claimHeld(file: string, me: Owner): { touch: () => Promise<void>; release: () => Promise<void> } {
  return {
    touch: () => utimes(file, new Date(), new Date()).catch(() => undefined),
    release: async () => {
      const owner = await readOwner(file);
      if (owner?.token === me.token) await rm(file, { force: true });
    },
  };
}

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.token === 'string'
      ? (owner as Owner)
      : undefined;
  } catch {
    return undefined;
  }
}

async function run(
  options: ConversationExportOptions,
  dir: string,
  spoolPath: string,
  statePath: string,
  key: string,
  touch: () => Promise<void>,
): Promise<ConversationExportResult> {
  let state = await resumableState(statePath, spoolPath, key);
  const resumedEntries = state.entries;
  const seen = await resumableIds(spoolPath, state.cursor, options.walk.target.kind === 'chat');
  const exportOptions: ExportOptions = { generatedAt: options.generatedAt, locale: options.lang, title: options.title };
  const bodyPath = WRITTEN_AS_WALKED.has(options.format) ? path.join(dir, `body.${options.format}`) : undefined;
  if (bodyPath) state = { ...state, bodyBytes: await resumableBody(bodyPath, spoolPath, state, options.format, exportOptions) };
  const progress = (): ConversationProgress => ({
    pages: state.cursor.pages,
    entries: state.entries,
    resumedEntries,
    ...(state.cursor.reachedMs !== undefined ? { reachedMs: state.cursor.reachedMs } : {}),
  });
  options.onProgress?.(progress());

  let calls = 0;
  if (!(state.cursor.pages > 0 && state.cursor.pageToken === undefined)) {
    const spool = await open(spoolPath, 'a');
    let body: FileHandle | undefined;
    try {
      if (bodyPath) body = await open(bodyPath, 'a');
      for await (const step of walkConversation(options.source, options.walk, state.cursor)) {
        calls += step.calls;
        const fresh = step.entries.filter((entry) => entry.messageId === '' || !seen.has(entry.messageId));
        const bytes = Buffer.from(fresh.map((entry) => `${JSON.stringify(entry)}\n`).join(''), 'utf8');
        const lines = body ? Buffer.from(await textOf(exportChunks(options.format, fresh, exportOptions)), 'utf8') : undefined;
        await Promise.all([appendSynced(spool, bytes), body && lines ? appendSynced(body, lines) : undefined]);
        await touch();
        for (const entry of fresh) seen.add(entry);
        seen.forgetBefore(step.cursor);
        state = {
          ...state,
          cursor: step.cursor,
          spoolBytes: state.spoolBytes + bytes.length,
          entries: state.entries + fresh.length,
          problems: [...state.problems, ...step.problems],
          ...(lines ? { bodyBytes: (state.bodyBytes ?? 0) + lines.length } : {}),
        };
        await writeState(statePath, state);
        options.onProgress?.(progress());
      }
    } finally {
      await Promise.all([spool.close(), body?.close()]);
    }
  }

  let resources: ExportResources | undefined;
  let files: ConversationExportResult['files'];
  let fileProblems: ResourceProblem[] = [];
  if (options.withFiles && options.source.getResource) {
    const downloaded = await downloadConversationFiles({
      entries: entriesIn(spoolPath),
      source: { getResource: options.source.getResource.bind(options.source) },
      out: options.out,
      inlineImages: Boolean(options.withFiles.inlineImages),
      ...(options.walk.signal ? { signal: options.walk.signal } : {}),
      touch,
      onProgress: (files) => options.onProgress?.({ ...progress(), files }),
    });
    resources = downloaded.resources;
    files = { ...downloaded.progress, folder: filesDirFor(options.out) };
    fileProblems = downloaded.problems;
  }

  if (bodyPath) await renameIntoPlace(bodyPath, options.out, options.walk.signal);
  else
    await writeFileAtomically(
      options.out,
      exportChunks(options.format, entriesIn(spoolPath), { ...exportOptions, ...(resources ? { resources } : {}) }),
    );
  await rm(dir, { recursive: true, force: true });
  return { entries: state.entries, problems: state.problems, resumedEntries, calls, ...(files ? { files } : {}), fileProblems };
}

/** Appends all of `bytes` (a write may take less than it was given: a full disk) and syncs them. */
async function appendSynced(handle: FileHandle, bytes: Buffer): Promise<void> {
  if (bytes.length === 0) return;
  for (let offset = 0; offset < bytes.length;) offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
  await handle.sync();
}

async function textOf(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/**
 * The file written as walked, its length checked against the cursor: cut back to it (a step half
 * written when the process died), or made again from the spool when it is shorter or missing (a
 * power cut before it was synced, or a spool left by a build that did not write it).
 */
async function resumableBody(
  bodyPath: string,
  spoolPath: string,
  state: ResumeState,
  format: ExportFormat,
  exportOptions: ExportOptions,
): Promise<number> {
  const size = (await stat(bodyPath).catch(() => undefined))?.size;
  if (size !== undefined && state.bodyBytes !== undefined && size >= state.bodyBytes) {
    if (size > state.bodyBytes) await truncate(bodyPath, state.bodyBytes);
    return state.bodyBytes;
  }
  const spooled = state.spoolBytes > 0 ? entriesIn(spoolPath) : [];
  await writeFileAtomically(bodyPath, exportChunks(format, spooled, exportOptions));
  return (await stat(bodyPath)).size;
}

/** The finished file written as walked, put in the target's place as writeFileAtomically would. */
async function renameIntoPlace(file: string, target: string, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new Error(`${target} is a directory`);
  if (existing) await chmod(file, existing.mode & 0o7777);
  await rename(file, target);
  await syncDirectory(path.dirname(target));
}

/** The state an earlier run of the same export left, its spool cut back to it; a clean one otherwise. */
async function resumableState(statePath: string, spoolPath: string, key: string): Promise<ResumeState> {
  const state = await readState(statePath);
  const size = (await stat(spoolPath).catch(() => undefined))?.size ?? 0;
  // Nothing to resume, another export's leftovers under this name, or a spool shorter than its
  // cursor (not ours to trust): start clean, the cursor gone with the spool.
  if (!state || state.key !== key || size < state.spoolBytes) {
    await rm(statePath, { force: true });
    await rm(spoolPath, { force: true });
    return { version: 1, key, cursor: { pages: 0 }, spoolBytes: 0, entries: 0, problems: [] };
  }
  if (size > state.spoolBytes) await truncate(spoolPath, state.spoolBytes);
  return state;
}

/** Two runs are the same export when they ask the same of the same container in the same format. */
function exportKey(options: ConversationExportOptions): string {
  const { target, since, until, includeThreads } = options.walk;
  const identity = JSON.stringify({
    target,
    since,
    until,
    includeThreads: Boolean(includeThreads),
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

function writeState(statePath: string, state: ResumeState): Promise<void> {
  return writeTextAtomically(statePath, JSON.stringify(state));
}

async function* entriesIn(spoolPath: string): AsyncGenerator<ExportEntry> {
  const lines = createInterface({ input: createReadStream(spoolPath, { encoding: 'utf8' }).on('error', () => {}), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield JSON.parse(line) as ExportEntry;
}

/**
 * The IDs in the spool that the walk can still meet, so that none is written twice. A chat's walk
 * goes forward in time, and after a refused page token lists again from the second of the last
 * message it reached (core/conversations/walk.ts): a message created before that second, and a
 * reply whose root was too (a reply is never older than its root), cannot come again and is
 * forgotten as the walk goes on. A thread's walk starts again from its top: it forgets nothing.
 */
export class SeenIds {
  /** ID → the time (epoch ms) after which it cannot be met again; Infinity when its time is unknown. */
  private readonly until = new Map<string, number>();

  constructor(private readonly forgets: boolean) {}

  has(messageId: string): boolean {
    return this.until.has(messageId);
  }

  add(entry: ExportEntry): void {
    if (entry.messageId === '') return;
    const item = entry.items?.[0];
    const time = Number(item?.create_time);
    const root = item?.root_id;
    const rootTime = typeof root === 'string' && root !== entry.messageId ? this.until.get(root) : undefined;
    this.until.set(entry.messageId, Math.max(Number.isFinite(time) ? time : Infinity, rootTime ?? -Infinity));
  }

  /** Forgets what a walk going on from `cursor` cannot list again. */
  forgetBefore(cursor: WalkCursor): void {
    if (!this.forgets || cursor.reachedMs === undefined) return;
    const from = Math.floor(cursor.reachedMs / 1000) * 1000;
    for (const [id, time] of this.until) if (time < from) this.until.delete(id);
  }
}

async function resumableIds(spoolPath: string, cursor: WalkCursor, chat: boolean): Promise<SeenIds> {
  const ids = new SeenIds(chat);
  const exists = await stat(spoolPath).catch(() => undefined);
  if (!exists) return ids;
  for await (const entry of entriesIn(spoolPath)) ids.add(entry);
  ids.forgetBefore(cursor);
  return ids;
}
