/**
 * Every payload of the shared corpus (`../shared/corpus`, real-shaped data nobody on this team
 * wrote) must decode without an exception and render readable text with no `@_user_N` left.
 * The folder is not part of the repository: in a fresh clone these tests report themselves
 * skipped.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode';
import { buildMessageTree } from './merge-forward';
import { KNOWN_MSG_TYPES } from './model';
import { isPayloadError, messagesFromPayload } from './normalize';
import { messagePreview, messageViewToMarkdown, messageViewToText } from './plain';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '../../../shared/corpus');
const present = existsSync(dir);

interface CorpusFile {
  source: { repo: string; path: string };
  kind: 'api-response' | 'item' | 'content-only' | 'event';
  payload: unknown;
}

const files = present
  ? readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
  : [];
const read = (name: string): CorpusFile => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CorpusFile;
/** `post-quartet-event-1.json` → `post`; `share_calendar_event-larkim-1.json` → `share_calendar_event`. */
const msgTypeOf = (name: string): string => name.split('-')[0] ?? '';

describe.skipIf(!present)(`corpus (${present ? dir : `skipped: ${dir} is absent`})`, () => {
  it('holds the payloads the manifest lists', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
  });

  const messageFiles = files.filter((name) => !name.startsWith('error-'));
  const errorFiles = files.filter((name) => name.startsWith('error-'));

  it.each(messageFiles)('%s decodes and renders', (name) => {
    const file = read(name);
    const prefix = msgTypeOf(name);
    const hint = file.kind === 'content-only' ? prefix : undefined;
    const result = messagesFromPayload(file.payload, hint);
    if (isPayloadError(result)) throw new Error(`${name}: not read as messages: ${result.error}`);
    expect(result.items.length, name).toBeGreaterThan(0);
    const sourceByKind = { 'api-response': 'api-response', item: 'item', 'content-only': 'content-only', event: 'event' } as const;
    expect(result.source).toBe(sourceByKind[file.kind]);

    for (const item of result.items) {
      const view = decodeMessage(item);
      const text = messageViewToText(view);
      expect(text.trim(), `${name}: empty rendering`).not.toBe('');
      expect(text, `${name}: a placeholder was left in the text`).not.toMatch(/@_user_\d+/);
      expect(messagePreview(view).trim()).not.toBe('');
      expect(messageViewToMarkdown(view).trim()).not.toBe('');
      expect(view.kind, `${name}: ${JSON.stringify(view.warnings)}`).not.toBe('broken');
      expect(view.kind).not.toBe('unknown_type');
      if (file.kind === 'content-only' && (KNOWN_MSG_TYPES as readonly string[]).includes(prefix)) expect(view.kind).toBe(prefix);
    }
    expect(() => buildMessageTree(result.items)).not.toThrow();
  });

  it.each(errorFiles)('%s is recognised as an API error, not a message', (name) => {
    const result = messagesFromPayload(read(name).payload);
    expect(isPayloadError(result)).toBe(true);
    expect(isPayloadError(result) && result.error).toMatch(/API error response/);
  });

  it('reads the recalled fragment as recalled and the misfiled {text} card as text', () => {
    const recalled = messagesFromPayload(read('recalled-feishucli-1.json').payload);
    expect(!isPayloadError(recalled) && decodeMessage(recalled.items[0] ?? {}).kind).toBe('recalled');
    const list = messagesFromPayload(read('interactive-feishudocs-list-1.json').payload);
    const view = !isPayloadError(list) ? decodeMessage(list.items[0] ?? {}) : undefined;
    expect(view?.kind === 'interactive' && view.form).toBe('text');
  });

  it('never shows the share_token of a shared calendar event', () => {
    const result = messagesFromPayload(read('share_calendar_event-larkim-1.json').payload, 'share_calendar_event');
    const view = !isPayloadError(result) ? decodeMessage(result.items[0] ?? {}) : undefined;
    expect(view && messageViewToText(view)).not.toContain('cse_secret');
    expect(view && messageViewToMarkdown(view)).not.toContain('cse_secret');
  });
});
