/**
 * `inspector chat <oc_…|omt_…|text holding one>`: a whole chat (a time range) or thread to a file,
 * at the platform's pace, resumable; with `--with-files`, its images and files into a folder
 * beside it. Progress on stderr; exit 0 when everything was exported, 2 when some threads,
 * forwards or files could not be had (listed with their codes), 1 on bad usage or when the export
 * stopped (a page the platform refused, the network gone, Ctrl+C) — run the same command again and
 * it goes on from the last page (or file) it finished.
 */

import { rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SANDBOX_PROFILE_ID } from '../core/profiles/types';
import { extractContainerId } from '../core/messages/ids';
import { fileExtension } from '../core/export';
import { WalkStoppedError } from '../core/conversations/walk';
import type { Lang } from '../core/base/lang';
import {
  conversationExportProblem,
  exportConversation,
  resumeDirFor,
  type ConversationExportResult,
  type ConversationProgress,
} from '../node/conversation-export';
import { createNodeService } from './host';
import { writeText } from './print';
import { failureLine, parseFormat } from './export';
import { formatDuration } from './progress';
import { exitCodeFor, interruptible } from './interrupt';
import { storeNoticePrinter } from './stores/notices';
import { expectedIdentity, findProfile, identityChoice, identityLine } from './identity';

export interface ChatCommandOptions {
  since?: unknown;
  until?: unknown;
  threads?: boolean;
  withFiles?: boolean;
  inlineImages?: boolean;
  format?: unknown;
  out?: unknown;
  profile?: unknown;
  as?: unknown;
  tenant?: unknown;
  lang: Lang;
}

export class ChatUsageError extends Error {}

export async function chatCommand(words: string[], options: ChatCommandOptions): Promise<number> {
  const target = extractContainerId(words.join(' '));
  if (!target) throw new ChatUsageError(`no chat (oc_…) or thread (omt_…) ID in "${words.join(' ')}"`);
  const out = options.out === undefined || options.out === true ? undefined : String(options.out);
  if (!out) throw new ChatUsageError('--out is required: where to save the export (- for stdout)');
  const format = parseFormat(options.format, out, out === '-' ? 'ndjson' : undefined);
  const since = parseTime(options.since, '--since');
  const until = parseTime(options.until, '--until');
  if (since !== undefined && until !== undefined && since > until) throw new ChatUsageError('--since is after --until');
  if (target.kind === 'thread' && (since !== undefined || until !== undefined))
    throw new ChatUsageError('--since and --until apply to a chat: a thread is always exported whole');
  const withFiles = options.withFiles === true ? { inlineImages: options.inlineImages === true } : undefined;
  if (options.inlineImages === true && !withFiles) throw new ChatUsageError('--inline-images goes with --with-files');
  if (withFiles && out === '-') throw new ChatUsageError('--with-files needs --out PATH: the files go into a folder beside it');
  const unfit = withFiles ? conversationExportProblem({ format, withFiles }) : undefined;
  if (unfit !== undefined) throw new ChatUsageError(`--inline-images: ${unfit}`);

  const service = createNodeService('cli');
  storeNoticePrinter((text) => writeText(process.stderr, text))(service.storeNotices());
  const profile = await findProfile(service, options.profile, SANDBOX_PROFILE_ID);
  const choice = identityChoice(profile, options);
  const source = await service.conversationSource(profile.profileId, choice);
  const asWhom = identityLine(expectedIdentity(profile, choice));
  if (asWhom) writeText(process.stderr, `chat: reading ${asWhom}\n`);

  // To stdout: made in a file of its own first (so a rerun resumes it too), then copied out.
  const file = out === '-' ? path.join(tmpdir(), `inspector-chat-${target.id}.${fileExtension(format)}`) : path.resolve(out);
  const interrupt = interruptible();
  const { controller } = interrupt;
  const startedAt = Date.now();
  const report = progressReporter(startedAt, since, until);
  try {
    const result = await exportConversation({
      source,
      walk: { target, since, until, includeThreads: Boolean(options.threads), signal: controller.signal },
      format,
      out: file,
      lang: options.lang,
      title: await service.conversationTitle(profile.profileId, target, options.lang, choice),
      generatedAt: startedAt,
      // As another identity the chat reads differently: that is another export, not this one resumed.
      identity: { profile: profile.profileId, baseUrl: source.baseUrl, ...choice },
      ...(withFiles ? { withFiles } : {}),
      onProgress: report,
    });
    if (out === '-') {
      await pipeline(createReadStream(file), process.stdout, { end: false });
      await rm(file, { force: true });
    }
    const resumed = result.resumedEntries > 0 ? `, ${result.resumedEntries} of them from the interrupted run` : '';
    writeText(process.stderr, `\nchat: wrote ${out === '-' ? 'stdout' : out} (${result.entries} messages${resumed})\n`);
    if (result.files) writeText(process.stderr, filesLine(result.files));
    if (result.problems.length > 0) {
      writeText(process.stderr, `chat: ${result.problems.length} could not be read in full:\n`);
      for (const problem of result.problems)
        writeText(
          process.stderr,
          `  ${problem.what === 'thread' ? 'thread of ' : 'forward '}${failureLine(problem.messageId, problem.failure)}\n`,
        );
    }
    if (result.fileProblems.length > 0) {
      writeText(
        process.stderr,
        `chat: ${result.fileProblems.length} file${result.fileProblems.length === 1 ? '' : 's'} could not be downloaded (their messages keep the [image key] tag):\n`,
      );
      for (const problem of result.fileProblems)
        writeText(process.stderr, `  ${problem.type} ${problem.key} of ${failureLine(problem.messageId, problem.failure)}\n`);
    }
    return result.problems.length > 0 || result.fileProblems.length > 0 ? 2 : 0;
  } catch (error) {
    const again = `run the same command again to go on from there (its progress is kept in ${resumeDirFor(file)})`;
    const signal = interrupt.interrupted();
    if (signal) {
      writeText(process.stderr, `\nchat: interrupted; ${again}\n`);
      return exitCodeFor(signal);
    }
    if (error instanceof WalkStoppedError) {
      writeText(process.stderr, `\nchat: stopped after ${error.cursor.pages} pages: ${failureLine(target.id, error.failure)}\n${again}\n`);
      return 1;
    }
    throw error;
  } finally {
    interrupt.dispose();
    await service.close();
  }
}

function filesLine(files: NonNullable<ConversationExportResult['files']>): string {
  if (files.total === 0) return 'chat: no images or files to download in these messages\n';
  const resumed = files.resumed > 0 ? `, ${files.resumed} of them already there` : '';
  return `chat: files in ${files.folder} (${files.done} of ${files.total}${resumed}, ${formatBytes(files.bytes)} downloaded)\n`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Progress on stderr: pages, messages, messages a second, how far through the chat's time; the
 * time left when the range has both ends (without an end, how much is left cannot be known); then,
 * with files, how many of them are had. Redrawn on a terminal; at most a line a second in a log.
 */
function progressReporter(startedAt: number, since?: number, until?: number): (progress: ConversationProgress) => void {
  const tty = Boolean(process.stderr.isTTY);
  let firstEntries: number | undefined;
  let lastLine = 0;
  let inFiles = false;
  return (progress) => {
    firstEntries ??= progress.entries;
    const now = Date.now();
    // The first line of each phase and the last of the files always show.
    const files = progress.files;
    const edge = files ? !inFiles || files.done + files.failed === files.total : progress.pages === 0;
    if (!tty && now - lastLine < 1000 && !edge) return;
    lastLine = now;
    if (files) {
      inFiles = true;
      const { done, total, failed, bytes } = files;
      const parts = [`files ${done}/${total}`, formatBytes(bytes)];
      if (failed > 0) parts.push(`${failed} failed`);
      writeText(process.stderr, `${tty ? '\r\x1b[K' : ''}chat: ${parts.join(', ')}${tty ? '' : '\n'}`);
      return;
    }
    const elapsed = Math.max(1, now - startedAt);
    const rate = ((progress.entries - firstEntries) / elapsed) * 1000;
    const parts = [`${progress.pages} pages`, `${progress.entries} messages`, `${rate.toFixed(1)}/s`];
    if (progress.reachedMs !== undefined) {
      parts.push(`through ${new Date(progress.reachedMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
      if (since !== undefined && until !== undefined) {
        const covered = progress.reachedMs - since * 1000;
        const left = until * 1000 - progress.reachedMs;
        if (covered > 0 && left > 0) parts.push(`ETA ${formatDuration((elapsed * left) / covered)}`);
      }
    }
    writeText(process.stderr, `${tty ? '\r\x1b[K' : ''}chat: ${parts.join(', ')}${tty ? '' : '\n'}`);
  };
}

/**
 * `2026-12-01` (a day on this machine's clock: its start, or for `--until` its last second),
 * `2026-12-01T08:00:00+08:00`, or epoch seconds or milliseconds → epoch seconds.
 */
export function parseTime(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const day = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  if (day) {
    const start = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])).getTime() / 1000;
    return flag === '--until' ? start + 24 * 60 * 60 - 1 : start;
  }
  if (/^\d{9,13}$/.test(text)) {
    const number = Number(text);
    return text.length > 11 ? Math.floor(number / 1000) : number;
  }
  const ms = Date.parse(text);
  if (!Number.isFinite(ms))
    throw new ChatUsageError(`${flag} must be a date (2026-12-01), a date and time (2026-12-01T08:00:00Z) or epoch seconds, not "${text}"`);
  return Math.floor(ms / 1000);
}
