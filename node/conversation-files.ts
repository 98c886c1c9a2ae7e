/**
 * The images and files of an exported chat, downloaded into `<name>_files/` beside the export once
 * the walk is done, from its spool. Resumable the same way: each file is written aside and renamed
 * into place, so a file that is there is whole and is not asked for again; a run killed in the
 * middle of a file loses that file only (its temp file is removed by the next run). A resource
 * that cannot be had is a problem with its code; the others go on.
 */

import { readFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  downloadResource,
  entryResources,
  imageTypeOf,
  resourceExtension,
  resourceStem,
  type EntryResource,
  type ResourceProblem,
  type ResourceSource,
} from '../core/conversations/resources';
import type { ExportEntry, ExportResources } from '../core/export';
import { removeStaleTempFiles, writeFileAtomically } from './atomic-write';

/** Downloads at once: enough to keep the limiter's slots busy while a body arrives, little held in memory. */
const DOWNLOADS_AT_ONCE = 4;

export interface FilesProgress {
  /** Resources the exported messages carry. */
  total: number;
  /** Had: downloaded by this run or already there; the failed ones are not counted. */
  done: number;
  failed: number;
  /** Bytes this run downloaded. */
  bytes: number;
  /** Found whole in the folder from an earlier run. */
  resumed: number;
}

export interface FilesResult {
  progress: FilesProgress;
  problems: ResourceProblem[];
  /** The links the Markdown and HTML writers take. */
  resources: ExportResources;
}

/** `chat.html` → `chat_files`, beside it. */
export function filesDirFor(out: string): string {
  return path.join(path.dirname(out), `${path.basename(out, path.extname(out))}_files`);
}

export interface DownloadFilesOptions {
  entries: AsyncIterable<ExportEntry>;
  source: ResourceSource;
  /** The export's target: the folder goes beside it. */
  out: string;
  /** Images as data: URIs instead of links (HTML). */
  inlineImages: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: FilesProgress) => void;
  /** Called after each file: the export's owner stays alive while it downloads. */
  touch?: () => Promise<void>;
}

export async function downloadConversationFiles(options: DownloadFilesOptions): Promise<FilesResult> {
  const folder = filesDirFor(options.out);
  const wanted = new Map<string, EntryResource>();
  for await (const entry of options.entries) for (const resource of entryResources(entry)) wanted.set(resource.stem, resource);
  if (wanted.size === 0) {
    const none: FilesProgress = { total: 0, done: 0, failed: 0, bytes: 0, resumed: 0 };
    options.onProgress?.({ ...none });
    return { progress: none, problems: [], resources: { href: () => undefined } };
  }

  await mkdir(folder, { recursive: true });
  await removeStaleTempFiles(folder);
  // What an earlier run finished: `<stem>.<ext>`, written whole before it got its name.
  const saved = new Map<string, string>();
  for (const name of await readdir(folder)) {
    if (name.startsWith('.')) continue;
    const dot = name.indexOf('.');
    if (dot > 0) saved.set(name.slice(0, dot), name);
  }

  const missing = [...wanted.values()].filter((resource) => !saved.has(resource.stem));
  const resumed = wanted.size - missing.length;
  const progress: FilesProgress = { total: wanted.size, done: resumed, failed: 0, bytes: 0, resumed };
  const problems: ResourceProblem[] = [];
  options.onProgress?.({ ...progress });

  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const resource = missing[next++]!;
      options.signal?.throwIfAborted();
      const result = await downloadResource(options.source, resource, options.signal ? { signal: options.signal } : {});
      if (result.ok) {
        const name = `${resource.stem}.${resourceExtension(resource, result.value)}`;
        const bytes = result.value.bytes;
        await writeFileAtomically(
          path.join(folder, name),
          (async function* () {
            yield bytes;
          })(),
          options.signal ? { signal: options.signal } : {},
        );
        saved.set(resource.stem, name);
        progress.done++;
        progress.bytes += bytes.length;
      } else {
        problems.push({ messageId: resource.messageId, key: resource.key, type: resource.type, failure: result.failure });
        progress.failed++;
      }
      options.onProgress?.({ ...progress });
      await options.touch?.();
    }
  };
  const runs = await Promise.allSettled(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, missing.length) }, worker));
  const failed = runs.find((run): run is PromiseRejectedResult => run.status === 'rejected');
  if (failed) throw failed.reason;

  // Problems in the order of the export, whichever download finished first.
  const order = new Map([...wanted.keys()].map((stem, index) => [stem, index]));
  problems.sort((a, b) => order.get(resourceStem(a.messageId, a.key))! - order.get(resourceStem(b.messageId, b.key))!);
  return { progress, problems, resources: resourceLinks(folder, saved, wanted, options.inlineImages) };
}

/** Links into the folder, relative to the export and URL-encoded; with `inlineImages`, images as data: URIs. */
function resourceLinks(
  folder: string,
  saved: ReadonlyMap<string, string>,
  wanted: ReadonlyMap<string, EntryResource>,
  inlineImages: boolean,
): ExportResources {
  const base = encodePathPart(path.basename(folder));
  return {
    href(messageId, key) {
      const stem = resourceStem(messageId, key);
      const name = saved.get(stem);
      if (name === undefined) return undefined;
      if (inlineImages && wanted.get(stem)?.type === 'image') {
        const type = imageTypeOf(path.extname(name).slice(1));
        if (type !== undefined) return `data:${type};base64,${readFileSync(path.join(folder, name)).toString('base64')}`;
      }
      return `${base}/${encodePathPart(name)}`;
    },
  };
}

/** A path segment as a URL: everything but unreserved characters encoded (parentheses too, for Markdown). */
function encodePathPart(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
