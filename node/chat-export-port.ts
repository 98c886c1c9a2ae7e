/**
 * The hosts' ChatExportPort: a whole-chat export started from the page runs through
 * exportConversation (resumable, atomic, at the platform's pace) into the place the host chose —
 * the desktop's save dialog, or browser mode's own folder, from which the page downloads it.
 */

import { lstat, mkdir } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import type { ChatExportPort } from '../core/conversations/exports';
import { exportConversation } from './conversation-export';

export function chatExportPort(options: {
  chooseOut: (suggestedName: string) => Promise<string | undefined>;
  downloads: boolean;
}): ChatExportPort {
  return {
    chooseOut: options.chooseOut,
    downloads: options.downloads,
    run: (run) =>
      exportConversation({
        source: run.source,
        walk: run.walk,
        format: run.format,
        out: run.out,
        lang: run.lang,
        title: run.title,
        generatedAt: run.generatedAt,
        identity: run.identity,
        ...(run.withFiles ? { withFiles: run.withFiles } : {}),
        onProgress: run.onProgress,
      }),
  };
}

/**
 * Browser mode's place for chat exports: one folder for this computer's user (readable by that
 * user alone: the temp folder is shared), the same name for the same export, so that starting it
 * again after a cancel or a crash finds its spool and resumes.
 */
export function downloadFolderPort(folder = path.join(tmpdir(), `feishu-inspector-exports-${userTag()}`)): ChatExportPort {
  return chatExportPort({
    downloads: true,
    chooseOut: async (suggestedName) => {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      // A folder of that name made by someone else (the temp folder is shared) is not ours to write in.
      const owner = (await lstat(folder)).uid;
      const me = process.getuid?.();
      if (me !== undefined && owner !== me)
        throw new Error(`${folder} belongs to another user: remove it, or run with TMPDIR set to a folder of your own`);
      return path.join(folder, path.basename(suggestedName));
    },
  });
}

/** Names the user in the folder's name, so that two users of one machine never share it. */
function userTag(): string {
  try {
    const { uid, username } = userInfo();
    return uid >= 0 ? String(uid) : username.replace(/[^\w-]/g, '_');
  } catch {
    return 'user';
  }
}
