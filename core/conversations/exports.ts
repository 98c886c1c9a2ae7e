/**
 * Whole-chat exports started from the page: each runs in the main side (the host's runner, which
 * is node/conversation-export.ts: resumable, atomic, at the platform's pace), and the page polls
 * its status. Where the file goes is the host's: the desktop asks with a save dialog, browser mode
 * writes in a folder of its own and the page downloads the file when it is done. Running the same
 * export to the same place again resumes it (the runner's spool), so a cancelled or failed export
 * is finished by starting it again.
 */

import type { FeishuFailure } from '../feishu/types';
import type { Lang } from '../base/lang';
import type { Clock } from '../base/ports';
import type { ConversationSource, ConversationTarget, WalkOptions, WalkProblem } from './walk';
import { fileExtension, type ExportFormat } from '../export';

export interface ChatExportFilesProgress {
  total: number;
  done: number;
  failed: number;
  bytes: number;
  resumed: number;
}

export interface ChatExportProgress {
  pages: number;
  entries: number;
  resumedEntries: number;
  reachedMs?: number;
  files?: ChatExportFilesProgress;
}

export interface ChatExportResourceProblem {
  messageId: string;
  key: string;
  type: 'image' | 'file';
  failure: FeishuFailure;
}

export interface ChatExportOutcome {
  entries: number;
  problems: WalkProblem[];
  resumedEntries: number;
  files?: ChatExportFilesProgress & { folder: string };
  fileProblems: ChatExportResourceProblem[];
}

/** What the host's runner is given: the walk, the file, and where to say how far it is. */
export interface ChatExportRun {
  source: ConversationSource;
  walk: WalkOptions;
  format: ExportFormat;
  out: string;
  lang: Lang;
  title: string;
  generatedAt: number;
  identity: Record<string, unknown>;
  withFiles?: { inlineImages?: boolean };
  onProgress: (progress: ChatExportProgress) => void;
}

export interface ChatExportPort {
  /** Where the export goes: the desktop asks (a save dialog); browser mode makes a place of its own. Undefined: the user cancelled. */
  chooseOut(suggestedName: string): Promise<string | undefined>;
  /** Whether the place chosen is one the page downloads from (browser mode) rather than a file the user picked. */
  readonly downloads: boolean;
  run(run: ChatExportRun): Promise<ChatExportOutcome>;
}

export interface ChatExportRequest {
  profileId: string;
  /** Whom the export reads as (the contract's identity fields): the bot when absent. */
  as?: 'bot' | 'user';
  tenantKey?: string;
  target: ConversationTarget;
  since?: number;
  until?: number;
  includeThreads?: boolean;
  format: ExportFormat;
  withFiles?: boolean;
  inlineImages?: boolean;
  lang?: Lang;
}

/** A problem of the export as the page lists it: which message, what, the platform's code and msg. */
export interface ChatExportProblemLine {
  messageId: string;
  what: 'thread' | 'forward' | 'image' | 'file';
  code?: number;
  kind: FeishuFailure['kind'];
  msg: string;
}

export interface ChatExportStatus {
  exportId: string;
  state: 'running' | 'done' | 'stopped' | 'cancelled';
  /** The profile it reads with: the page shows the export beside that profile's conversation. */
  profileId: string;
  startedAt: number;
  /** Epoch ms of the last change. */
  updatedAt: number;
  target: ConversationTarget;
  format: ExportFormat;
  since?: number;
  until?: number;
  progress: ChatExportProgress;
  /** The file's name; its whole path where the user chose it (the desktop). */
  file: string;
  /** Browser mode: the finished file is fetched from the download route with this export's ID. */
  download: boolean;
  result?: { entries: number; resumedEntries: number; files?: { folder: string; done: number; failed: number; resumed: number } };
  /** Threads, forwards, images and files that could not be had, the rest exported. At most MAX_PROBLEM_LINES. */
  problems: ChatExportProblemLine[];
  problemCount: number;
  /** Why it stopped: the platform's failure (a page it refused, the network), or our own error's words. */
  failure?: FeishuFailure;
  error?: string;
}

const MAX_PROBLEM_LINES = 200;
/** Finished exports kept for the page to read; older ones are let go. */
const KEPT_FINISHED = 10;

interface Job {
  status: ChatExportStatus;
  controller: AbortController;
  out: string;
}

export class ChatExportManager {
  private readonly jobs = new Map<string, Job>();
  private next = 1;

  constructor(
    private readonly port: ChatExportPort,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts an export once the host knows where it goes; `cancelled` when the user closed the save
   * dialog. `source` is the profile's (the service makes it).
   */
  async start(
    request: ChatExportRequest,
    source: ConversationSource & { baseUrl: string },
    title: string,
  ): Promise<{ exportId: string } | { cancelled: true }> {
    const suggested = suggestedName(request);
    const out = await this.port.chooseOut(suggested);
    if (out === undefined) return { cancelled: true };
    for (const job of this.jobs.values()) {
      if (job.out === out && job.status.state === 'running') throw new Error(`an export to ${out} is already running`);
    }
    const exportId = `chat-${this.clock.now().toString(36)}-${this.next++}`;
    const now = this.clock.now();
    const job: Job = {
      out,
      controller: new AbortController(),
      status: {
        exportId,
        state: 'running',
        profileId: request.profileId,
        startedAt: now,
        updatedAt: now,
        target: request.target,
        format: request.format,
        ...(request.since !== undefined ? { since: request.since } : {}),
        ...(request.until !== undefined ? { until: request.until } : {}),
        progress: { pages: 0, entries: 0, resumedEntries: 0 },
        file: this.port.downloads ? suggested : out,
        download: this.port.downloads,
        problems: [],
        problemCount: 0,
      },
    };
    this.jobs.set(exportId, job);
    this.forgetOld();
    void this.run(job, request, source, title);
    return { exportId };
  }

  status(exportId: string): ChatExportStatus {
    const job = this.jobs.get(exportId);
    if (!job) throw new Error(`no export ${exportId}: it may have ended with the app`);
    return job.status;
  }

  /** Every export running and the finished ones still kept, oldest first. */
  list(): ChatExportStatus[] {
    return [...this.jobs.values()].map((job) => job.status);
  }

  cancel(exportId: string): void {
    this.jobs.get(exportId)?.controller.abort(new Error('cancelled'));
  }

  /** The finished file of a download export (browser mode), with the name to give it. */
  finishedFile(exportId: string): { path: string; name: string; format: ExportFormat } | undefined {
    const job = this.jobs.get(exportId);
    if (!job || job.status.state !== 'done' || !job.status.download) return undefined;
    return { path: job.out, name: job.status.file, format: job.status.format };
  }

  private async run(job: Job, request: ChatExportRequest, source: ConversationSource & { baseUrl: string }, title: string) {
    const update = (change: Partial<ChatExportStatus>) => {
      job.status = { ...job.status, ...change, updatedAt: this.clock.now() };
    };
    try {
      const outcome = await this.port.run({
        source,
        walk: {
          target: request.target,
          ...(request.since !== undefined ? { since: request.since } : {}),
          ...(request.until !== undefined ? { until: request.until } : {}),
          includeThreads: Boolean(request.includeThreads),
          signal: job.controller.signal,
        },
        format: request.format,
        out: job.out,
        lang: request.lang ?? 'en',
        title,
        generatedAt: job.status.startedAt,
        identity: { profile: request.profileId, baseUrl: source.baseUrl },
        ...(request.withFiles ? { withFiles: { inlineImages: Boolean(request.inlineImages) } } : {}),
        onProgress: (progress) => update({ progress }),
      });
      const lines = problemLines(outcome);
      update({
        state: 'done',
        result: {
          entries: outcome.entries,
          resumedEntries: outcome.resumedEntries,
          ...(outcome.files
            ? {
                files: {
                  folder: outcome.files.folder,
                  done: outcome.files.done,
                  failed: outcome.files.failed,
                  resumed: outcome.files.resumed,
                },
              }
            : {}),
        },
        problems: lines.slice(0, MAX_PROBLEM_LINES),
        problemCount: lines.length,
      });
    } catch (error) {
      if (job.controller.signal.aborted) update({ state: 'cancelled' });
      else {
        const failure = (error as { failure?: FeishuFailure }).failure;
        update({ state: 'stopped', ...(failure ? { failure } : { error: error instanceof Error ? error.message : String(error) }) });
      }
    }
  }

  private forgetOld() {
    const finished = [...this.jobs.values()].filter((job) => job.status.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) this.jobs.delete(job.status.exportId);
  }
}

function problemLines(outcome: ChatExportOutcome): ChatExportProblemLine[] {
  const line = (messageId: string, what: ChatExportProblemLine['what'], failure: FeishuFailure): ChatExportProblemLine => ({
    messageId,
    what,
    ...(failure.code !== undefined ? { code: failure.code } : {}),
    kind: failure.kind,
    msg: failure.msg,
  });
  return [
    ...outcome.problems.map((problem) => line(problem.messageId, problem.what, problem.failure)),
    ...outcome.fileProblems.map((problem) => line(problem.messageId, problem.type, problem.failure)),
  ];
}

/** `chat-oc_….html`, `thread-omt_….md`: the same name for the same container, so running it again finds what the last run left. */
export function suggestedName(request: Pick<ChatExportRequest, 'target' | 'format' | 'since' | 'until'>): string {
  const range = request.since !== undefined || request.until !== undefined ? `-${request.since ?? 'start'}-${request.until ?? 'now'}` : '';
  return `${request.target.kind}-${request.target.id.replace(/[^\w-]/g, '_')}${range}.${fileExtension(request.format)}`;
}
