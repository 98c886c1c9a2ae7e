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
  function* gather(pieces: Iterable<string>): Generator<string> {
    for (const piece of pieces) {
      parts.push(piece);
      size += piece.length;
      if (size >= CHUNK_TARGET) {
        const chunk = parts.join('');
        parts = [];
        size = 0;
        yield chunk;
      }
    }
  }

  yield* gather(writer.start());
  for await (const entry of entries) {
    const prepared = prepareEntry(entry);
    summary.entries++;
    summary.messages += prepared.items.length;
    if (prepared.error !== undefined) summary.failed++;
    yield* gather(writer.entry(prepared));
  }
  yield* gather(writer.end(summary));
  if (size > 0) yield parts.join('');
}
