/**
 * Inline runs: the text/post element model, mention resolution and the decoding context that
 * collects warnings. Shared by the text, post, todo and card decoders.
 */

import type { InlineRun, MentionRun, Paragraph, RunStyle } from './model';
import { isRecord, nonEmptyStringOf, own, stringOf } from './values';

interface MentionEntry {
  name?: string;
  id?: string;
  idType?: string;
}

const ID_FIELDS = ['open_id', 'union_id', 'user_id'] as const;
const GENERIC_PLACEHOLDER = String.raw`@_user_\d+|@_all`;
const AT_TAG = String.raw`<at\b([^>]*)>([\s\S]*?)</at>`;
const AT_ATTRIBUTE = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True for `@_user_N` and `@_all`: placeholders the platform puts where a mention was. */
export function isPlaceholderKey(value: string): boolean {
  return /^(?:@_user_\d+|@_all)$/.test(value);
}

/**
 * `mentions[]` of a message, indexed by key and by id. Accepts both the API form
 * (`id` a string, with `id_type`) and the event form (`id` an object `{open_id, union_id, user_id}`,
 * where `user_id` may be `null`).
 */
export class MentionIndex {
  private readonly byKey = new Map<string, MentionEntry>();
  private readonly byId = new Map<string, MentionEntry>();
  /** Matches every placeholder, custom mention key and `<at …>…</at>` tag in a text. */
  readonly pattern: RegExp;

  constructor(mentions: unknown) {
    const customKeys: string[] = [];
    if (Array.isArray(mentions)) {
      for (const mention of mentions) {
        if (!isRecord(mention)) continue;
        const key = nonEmptyStringOf(own(mention, 'key'));
        const entry = mentionEntryOf(mention);
        if (key !== undefined && !this.byKey.has(key)) {
          this.byKey.set(key, entry);
          if (!isPlaceholderKey(key)) customKeys.push(key);
        }
        if (entry.id !== undefined && !this.byId.has(entry.id)) this.byId.set(entry.id, entry);
        const idObject = own(mention, 'id');
        if (isRecord(idObject)) {
          for (const field of ID_FIELDS) {
            const other = nonEmptyStringOf(own(idObject, field));
            if (other !== undefined && !this.byId.has(other)) this.byId.set(other, entry);
          }
        }
      }
    }
    customKeys.sort((a, b) => b.length - a.length);
    const alternatives = [...customKeys.map(escapeRegExp), GENERIC_PLACEHOLDER, AT_TAG];
    this.pattern = new RegExp(alternatives.join('|'), 'g');
  }

  get size(): number {
    return this.byKey.size;
  }

  /** A mention for a placeholder key (`@_user_1`, `@_all`) or, failing that, a raw user id. */
  resolve(key: string, ctx: DecodeContext, fallbackName?: string): MentionRun {
    if (key === '@_all' || key === 'all') {
      const entry = this.byKey.get(key);
      return { type: 'mention', name: entry?.name ?? nonEmpty(fallbackName) ?? 'all', key, all: true };
    }
    const entry = this.byKey.get(key);
    if (entry !== undefined) return mentionRun(key, entry, fallbackName);
    if (isPlaceholderKey(key) || key === '') {
      ctx.warn(`Mention ${key || '(empty key)'} has no entry in mentions[]: the name is unknown.`);
      return { type: 'mention', name: nonEmpty(fallbackName) ?? null, key };
    }
    const byId = this.byId.get(key);
    if (byId !== undefined) return mentionRun(key, { ...byId, id: key }, fallbackName);
    return { type: 'mention', name: nonEmpty(fallbackName) ?? null, id: key, key };
  }

  /** A mention of a user known only by id (cards' `person`, `<at id=…>`). */
  resolveId(id: string, ctx: DecodeContext, fallbackName?: string): MentionRun {
    if (id === 'all' || id === '@_all') return this.resolve(id, ctx, fallbackName);
    if (isPlaceholderKey(id) || this.byKey.has(id)) return this.resolve(id, ctx, fallbackName);
    const entry = this.byId.get(id);
    const run: MentionRun = { type: 'mention', name: nonEmpty(fallbackName) ?? entry?.name ?? null, id, key: id };
    if (entry?.idType !== undefined && entry.id === id) run.idType = entry.idType;
    return run;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function mentionEntryOf(mention: Record<string, unknown>): MentionEntry {
  const entry: MentionEntry = {};
  const name = nonEmptyStringOf(own(mention, 'name'));
  if (name !== undefined) entry.name = name;
  const id = own(mention, 'id');
  const idType = nonEmptyStringOf(own(mention, 'id_type'));
  if (typeof id === 'string' && id !== '') {
    entry.id = id;
    if (idType !== undefined) entry.idType = idType;
  } else if (isRecord(id)) {
    for (const field of ID_FIELDS) {
      const value = nonEmptyStringOf(own(id, field));
      if (value !== undefined) {
        entry.id = value;
        entry.idType = field;
        break;
      }
    }
  }
  return entry;
}

function mentionRun(key: string, entry: MentionEntry, fallbackName?: string): MentionRun {
  const run: MentionRun = { type: 'mention', name: entry.name ?? nonEmpty(fallbackName) ?? null, key };
  if (entry.id !== undefined) run.id = entry.id;
  if (entry.idType !== undefined) run.idType = entry.idType;
  return run;
}

const MAX_WARNINGS = 40;

/** What every decoder needs: the message's mentions, and a place to note oddities once each. */
export class DecodeContext {
  readonly warnings: string[] = [];
  private readonly seen = new Set<string>();
  private dropped = 0;

  constructor(readonly mentions: MentionIndex) {}

  warn(message: string): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.dropped += 1;
  }

  /** The warnings, with a last line saying how many were left out. */
  finalWarnings(): string[] {
    return this.dropped > 0 ? [...this.warnings, `${this.dropped} more warnings left out.`] : [...this.warnings];
  }
}

/** `style` of a post element: the strings of an array, or nothing. */
export function styleOf(value: unknown): RunStyle[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const styles = value.filter((s): s is string => typeof s === 'string' && s !== '');
  return styles.length > 0 ? styles : undefined;
}

export function textRun(text: string, style?: RunStyle[]): InlineRun {
  return style === undefined ? { type: 'text', text } : { type: 'text', text, style };
}

/**
 * Runs of one piece of text: mention placeholders (`@_user_1`, `@_all`, any key of mentions[])
 * and `<at user_id="…">name</at>` tags become mention runs, the rest text runs.
 */
export function runsFromText(text: string, ctx: DecodeContext, style?: RunStyle[]): InlineRun[] {
  const runs: InlineRun[] = [];
  const pattern = ctx.mentions.pattern;
  pattern.lastIndex = 0;
  let last = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0] === '') {
      pattern.lastIndex += 1;
      continue;
    }
    if (match.index > last) runs.push(textRun(text.slice(last, match.index), style));
    runs.push(mentionOfMatch(match, ctx));
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push(textRun(text.slice(last), style));
  return runs;
}

function mentionOfMatch(match: RegExpExecArray, ctx: DecodeContext): MentionRun {
  const whole = match[0];
  if (!whole.startsWith('<at')) return ctx.mentions.resolve(whole, ctx);
  const attributes = new Map<string, string>();
  AT_ATTRIBUTE.lastIndex = 0;
  for (let m = AT_ATTRIBUTE.exec(match[1] ?? ''); m !== null; m = AT_ATTRIBUTE.exec(match[1] ?? '')) {
    attributes.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  const inner = (match[2] ?? '').replace(/<[^>]*>/g, '').trim();
  const id = attributes.get('user_id') ?? attributes.get('id') ?? attributes.get('open_id') ?? attributes.get('email') ?? '';
  if (id === '') {
    ctx.warn('An <at> tag names no user.');
    return { type: 'mention', name: inner === '' ? null : inner, key: whole };
  }
  return ctx.mentions.resolveId(id, ctx, inner === '' ? undefined : inner);
}

/** Runs of one post element (`text`, `a`, `at`, `img`, `media`, `emotion`, `code_block`, `hr`, …). */
function postElementRuns(element: unknown, ctx: DecodeContext): InlineRun[] {
  if (typeof element === 'string') {
    ctx.warn('A post paragraph held a bare string instead of an element: shown as text.');
    return runsFromText(element, ctx);
  }
  if (!isRecord(element)) {
    ctx.warn('A post paragraph held something that is not an element: skipped.');
    return [];
  }
  const tag = stringOf(own(element, 'tag')) ?? '';
  const style = styleOf(own(element, 'style'));
  switch (tag) {
    case 'text':
      return runsFromText(stringOf(own(element, 'text')) ?? '', ctx, style);
    case 'a': {
      const href = stringOf(own(element, 'href')) ?? '';
      const text = stringOf(own(element, 'text')) ?? '';
      if (href === '') {
        ctx.warn('A link element has no href: shown as text.');
        return text === '' ? [] : [textRun(text, style)];
      }
      const link: InlineRun =
        style === undefined ? { type: 'link', text: text || href, href } : { type: 'link', text: text || href, href, style };
      return [link];
    }
    case 'at': {
      const userId = stringOf(own(element, 'user_id')) ?? '';
      const userName = stringOf(own(element, 'user_name'));
      return [userId === '' ? ctx.mentions.resolve('', ctx, userName) : ctx.mentions.resolveId(userId, ctx, userName)];
    }
    case 'img': {
      const imageKey = nonEmptyStringOf(own(element, 'image_key'));
      if (imageKey === undefined) {
        ctx.warn('An img element has no image_key.');
        return [textRun('[image]')];
      }
      return [{ type: 'image', imageKey }];
    }
    case 'media': {
      const fileKey = nonEmptyStringOf(own(element, 'file_key'));
      const imageKey = nonEmptyStringOf(own(element, 'image_key'));
      if (fileKey === undefined) {
        ctx.warn('A media element has no file_key.');
        return imageKey === undefined ? [textRun('[video]')] : [{ type: 'image', imageKey }];
      }
      return [imageKey === undefined ? { type: 'media', fileKey } : { type: 'media', fileKey, imageKey }];
    }
    case 'emotion': {
      const emojiType = nonEmptyStringOf(own(element, 'emoji_type'));
      if (emojiType === undefined) {
        ctx.warn('An emotion element has no emoji_type.');
        return [textRun('[emoji]')];
      }
      return [{ type: 'emotion', emojiType }];
    }
    case 'code_block': {
      const language = nonEmptyStringOf(own(element, 'language'));
      const text = stringOf(own(element, 'text')) ?? '';
      return [language === undefined ? { type: 'code_block', text } : { type: 'code_block', language, text }];
    }
    case 'hr':
      return [{ type: 'hr' }];
    case 'md':
      ctx.warn('A post held an md element, which the platform normally returns flattened to text.');
      return runsFromText(stringOf(own(element, 'text')) ?? '', ctx, style);
    default: {
      const text = stringOf(own(element, 'text'));
      ctx.warn(`Unknown post element tag ${JSON.stringify(tag)}: shown as ${text === undefined ? 'a placeholder' : 'its text'}.`);
      return text === undefined ? [textRun(`[${tag || 'element'}]`)] : runsFromText(text, ctx, style);
    }
  }
}

/** Paragraphs of a post body (`content: [[element…]…]`). Empty paragraphs are kept. */
export function postParagraphs(content: unknown, ctx: DecodeContext): Paragraph[] {
  if (content === undefined || content === null) return [];
  if (!Array.isArray(content)) {
    ctx.warn('A post content is not an array of paragraphs.');
    return typeof content === 'string' ? [runsFromText(content, ctx)] : [];
  }
  const paragraphs: Paragraph[] = [];
  for (const paragraph of content) {
    if (Array.isArray(paragraph)) {
      const runs: InlineRun[] = [];
      for (const element of paragraph) pushAll(runs, postElementRuns(element, ctx));
      paragraphs.push(runs);
    } else if (isRecord(paragraph)) {
      ctx.warn('A post paragraph is a single element, not an array: read as a one-element paragraph.');
      paragraphs.push(postElementRuns(paragraph, ctx));
    } else {
      ctx.warn('A post paragraph is neither an array nor an element: skipped.');
    }
  }
  return paragraphs;
}

/** `target.push(...items)` without the argument-count limit of a spread. */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** One paragraph per line of a text message. */
export function textParagraphs(text: string, ctx: DecodeContext): Paragraph[] {
  return text.split(/\r?\n/).map((line) => runsFromText(line, ctx));
}
