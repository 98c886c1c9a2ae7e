/**
 * Exports of looked-up messages as JSON, NDJSON, Markdown, HTML or CSV, streamed as text
 * chunks of about 16 KB so that memory stays flat however many messages go through (only a
 * single message larger than that makes a larger chunk). Credential fields (`share_token`…)
 * are masked in every format, inside nested JSON strings too.
 */

import { prepareEntry, type ExportEntry, type ExportFormat, type ExportOptions, type ExportSummary, type Writer } from './common';
import { csvWriter } from './csv';
import { htmlWriter } from './html';
import { jsonWriter } from './json';
import { labelsFor } from './labels';
import { markdownWriter } from './markdown';
import { ndjsonWriter } from './ndjson';

export type { ExportEntry, ExportFormat, ExportOptions, ExportResources, ExportSummary } from './common';

export { EXPORT_FORMATS } from './common';

const EXTENSIONS: Record<ExportFormat, string> = { json: 'json', ndjson: 'ndjson', markdown: 'md', html: 'html', csv: 'csv' };

const MIME_TYPES: Record<ExportFormat, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EXTENSIONS, value);
}

/** File name extension, without the dot. */
export function fileExtension(format: ExportFormat): string {
  return EXTENSIONS[format];
}

export function mimeType(format: ExportFormat): string {
  return MIME_TYPES[format];
}

/** Chunks are cut once they reach this many UTF-16 code units. */
export const CHUNK_TARGET = 16 * 1024;

function writerFor(format: ExportFormat, options: ExportOptions): Writer {
  const context = { options, labels: labelsFor(options.locale) };
  switch (format) {
    case 'json':
      return jsonWriter();
    case 'ndjson':
      return ndjsonWriter();
    case 'markdown':
      return markdownWriter(context);
    case 'html':
      return htmlWriter(context);
    case 'csv':
      return csvWriter(context);
  }
}

/**
 * The export as text chunks, in order: concatenated, they are the whole file. Entries are read
 * one at a time, as the caller produces them. Throws (on the first `next()`) for an unknown
 * format.
 */
export async function* exportChunks(
  format: ExportFormat,
  entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>,
  options: ExportOptions,
): AsyncGenerator<string> {
  if (!isExportFormat(format)) throw new Error(`Unknown export format: ${String(format)}`);
  const writer = writerFor(format, options);
  const summary: ExportSummary = { entries: 0, messages: 0, failed: 0 };
  let parts: string[] = [];
  let size = 0;
  /**
   * Takes a writer's pieces; returns the chunks they completed. Not a generator delegated to with
   * `yield*`: in Node 20, an async generator that delegates to a sync one for every entry promotes
   * about 400 bytes an entry to the old generation (33 MB for 75,000 entries, all garbage that
   * only a major collection takes), which dominated a whole-chat export's peak heap.
   */
  const gather = (pieces: Iterable<string>): string[] => {
    const chunks: string[] = [];
    for (const piece of pieces) {
      parts.push(piece);
      size += piece.length;
      if (size >= CHUNK_TARGET) {
        chunks.push(parts.join(''));
        parts = [];
        size = 0;
      }
    }
    return chunks;
  };

  for (const chunk of gather(writer.start())) yield chunk;
  for await (const entry of entries) {
    const prepared = prepareEntry(entry);
    summary.entries++;
    summary.messages += prepared.items.length;
    if (prepared.error !== undefined) summary.failed++;
    for (const chunk of gather(writer.entry(prepared))) yield chunk;
  }
  for (const chunk of gather(writer.end(summary))) yield chunk;
  if (size > 0) yield parts.join('');
}
