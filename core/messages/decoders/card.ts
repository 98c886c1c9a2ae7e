/**
 * Interactive cards in their three forms (see `CardForm`): the default simplified rendering,
 * the sender's card JSON (1.0 and 2.0), and the `raw_card_content` wrapper whose `json_card`
 * wraps every element as `{tag, property: {…}}` and whose `json_attachment` names images,
 * @-mentioned users and persons by id.
 *
 * The card walker is recursive but bounded: nesting deeper than MAX_CARD_DEPTH is cut with a
 * warning, so hostile or fuzzed content cannot exhaust the stack.
 */

import type { CardImage, CardParagraph, CardRun, InteractiveView, MentionRun, ViewBase } from '../model';
import type { DecodeContext } from '../runs';
import { isPlaceholderKey, pushAll, runsFromText, styleOf, textParagraphs, textRun } from '../runs';
import { isRecord, nonEmptyStringOf, own, parseJson, pickLocale, stringOf, type JsonObject } from '../values';
import type { Decoded } from './common';

const MAX_CARD_DEPTH = 64;

/** The text the platform puts in the default rendering of a JSON 2.0 / CardKit card. */
const UPGRADE_PLACEHOLDER = /请升级至最新版本客户端|upgrade to the latest version/i;

/** What a card decodes to: the interactive view without the fields every view has. */
export type DecodedCard = Omit<InteractiveView, keyof ViewBase | 'kind'>;

interface AtUser {
  name?: string;
  id?: string;
  key?: string;
}

/** The lookup tables of a raw card's `json_attachment`. */
interface CardTables {
  images: Map<string, string>;
  atUsers: Map<string, AtUser>;
  persons: Map<string, string>;
}

const NO_TABLES: CardTables = { images: new Map(), atUsers: new Map(), persons: new Map() };

/** The interactive msg_type: a card in any of its forms. */
export function decodeInteractive(p: JsonObject, ctx: DecodeContext): Decoded {
  return { fields: { kind: 'interactive', ...decodeCard(p, ctx) } };
}

export function decodeCard(parsed: JsonObject, ctx: DecodeContext): DecodedCard {
  if (own(parsed, 'json_card') !== undefined) return decodeRawCard(parsed, ctx);
  const elements = own(parsed, 'elements');
  const looksLikeCardJson = ['schema', 'header', 'body', 'i18n_elements', 'i18n_header', 'card_link', 'config'].some(
    (key) => own(parsed, key) !== undefined,
  );
  if (
    !looksLikeCardJson &&
    (Array.isArray(elements) ? elements.every(Array.isArray) : elements === null || own(parsed, 'title') !== undefined)
  ) {
    return decodeSimplified(parsed, ctx);
  }
  if (looksLikeCardJson || Array.isArray(elements) || own(parsed, 'type') === 'template') {
    const content = cardJsonContent(parsed, ctx, NO_TABLES);
    return { form: 'user_card', upgradePlaceholder: false, card: parsed, images: [], ...content };
  }
  const text = stringOf(own(parsed, 'text'));
  if (text !== undefined) {
    ctx.warn('This interactive message carries a {text} body, not a card: shown as text.');
    return { form: 'text', title: null, paragraphs: textParagraphs(text, ctx), upgradePlaceholder: false, images: [] };
  }
  ctx.warn('The card content has none of title/elements, json_card, or schema/header/body: nothing to show but the raw JSON.');
  return { form: 'unrecognised', title: null, paragraphs: [], upgradePlaceholder: false, card: parsed, images: [] };
}

function decodeSimplified(parsed: JsonObject, ctx: DecodeContext): DecodedCard {
  const walker = new CardWalker(ctx, NO_TABLES, true);
  const elements = own(parsed, 'elements');
  if (Array.isArray(elements)) {
    for (const row of elements) {
      walker.walk(row, 1);
      walker.endParagraph();
    }
  }
  const paragraphs = walker.finish();
  const upgradePlaceholder = paragraphs.some((p) => p.some((run) => run.type === 'text' && UPGRADE_PLACEHOLDER.test(run.text)));
  if (upgradePlaceholder) {
    ctx.warn(
      'The platform returned its "please upgrade your client" placeholder: this is a JSON 2.0 / CardKit card, whose content the default form does not carry. Fetch it again with card_msg_content_type=user_card_content or raw_card_content.',
    );
  }
  const title = nonEmptyStringOf(cardText(own(parsed, 'title'), 0)) ?? null;
  return { form: 'simplified', title, paragraphs, upgradePlaceholder, images: [] };
}

function decodeRawCard(parsed: JsonObject, ctx: DecodeContext): DecodedCard {
  const jsonCard = own(parsed, 'json_card');
  let card: unknown;
  if (typeof jsonCard === 'string') {
    const result = parseJson(jsonCard);
    if (result.ok) card = result.value;
    else ctx.warn(`json_card is not valid JSON (${result.error}).`);
  } else {
    card = jsonCard;
  }
  let attachment = own(parsed, 'json_attachment');
  if (typeof attachment === 'string') {
    const result = parseJson(attachment);
    if (result.ok) attachment = result.value;
    else ctx.warn(`json_attachment is a string but not valid JSON (${result.error}).`);
  }
  const tables = tablesOf(attachment);
  const images: CardImage[] = [...tables.images].map(([id, imageKey]) => ({ id, imageKey }));
  const schemaValue = stringOf(own(parsed, 'card_schema')) ?? (isRecord(card) ? stringOf(own(card, 'schema')) : undefined);
  const base = { form: 'raw_card' as const, upgradePlaceholder: false, card, attachment, images };
  if (!isRecord(card)) {
    if (card !== undefined) ctx.warn('json_card does not hold a card object.');
    const paragraphs: CardParagraph[] = typeof jsonCard === 'string' && card === undefined ? [[textRun(jsonCard)]] : [];
    return schemaValue === undefined ? { ...base, title: null, paragraphs } : { ...base, title: null, paragraphs, schema: schemaValue };
  }
  const content = cardJsonContent(card, ctx, tables);
  if (schemaValue !== undefined) content.schema = schemaValue;
  return { ...base, ...content };
}

function tablesOf(attachment: unknown): CardTables {
  const tables: CardTables = { images: new Map(), atUsers: new Map(), persons: new Map() };
  if (!isRecord(attachment)) return tables;
  const images = own(attachment, 'images');
  if (isRecord(images)) {
    for (const [id, value] of Object.entries(images)) {
      const key =
        typeof value === 'string' ? value : (nonEmptyStringOf(own(value, 'origin_key')) ?? nonEmptyStringOf(own(value, 'image_key')));
      if (key !== undefined && key !== '') tables.images.set(id, key);
    }
  }
  const atUsers = own(attachment, 'at_users');
  if (isRecord(atUsers)) {
    for (const [id, value] of Object.entries(atUsers)) {
      const user: AtUser = {};
      const name = nonEmptyStringOf(own(value, 'content')) ?? nonEmptyStringOf(own(value, 'name'));
      const userId = nonEmptyStringOf(own(value, 'user_id')) ?? nonEmptyStringOf(own(value, 'open_id'));
      const key = nonEmptyStringOf(own(value, 'mention_key'));
      if (name !== undefined) user.name = name;
      if (userId !== undefined) user.id = userId;
      if (key !== undefined) user.key = key;
      tables.atUsers.set(id, user);
    }
  }
  const persons = own(attachment, 'persons');
  if (isRecord(persons)) {
    for (const [id, value] of Object.entries(persons)) {
      const name = typeof value === 'string' ? value : (nonEmptyStringOf(own(value, 'content')) ?? nonEmptyStringOf(own(value, 'name')));
      if (name !== undefined && name !== '') tables.persons.set(id, name);
    }
  }
  return tables;
}

/** `{tag, property: {…}}` (raw cards) read as one flat element; anything else as it is. */
function unwrap(node: unknown): JsonObject | undefined {
  if (!isRecord(node)) return undefined;
  const property = own(node, 'property');
  if (!isRecord(property)) return node;
  const merged: JsonObject = { ...property };
  const tag = own(node, 'tag');
  if (tag !== undefined) merged['tag'] = tag;
  return merged;
}

/** Readable text of a card text object: a string, `{content}`, `{text}`, an i18n map, or text elements. */
function cardText(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (depth > MAX_CARD_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const parts = value.map((v) => cardText(v, depth + 1)).filter((s): s is string => s !== undefined);
    return parts.length > 0 ? parts.join('') : undefined;
  }
  const node = unwrap(value);
  if (node === undefined) return undefined;
  const content = own(node, 'content');
  if (typeof content === 'string') return content;
  const text = own(node, 'text');
  if (text !== undefined && text !== null) {
    const inner = cardText(text, depth + 1);
    if (inner !== undefined) return inner;
  }
  for (const key of ['i18n', 'i18n_content', 'i18n_text']) {
    const map = own(node, key);
    if (isRecord(map)) {
      const picked = pickLocale(map);
      const inner = picked === undefined ? undefined : cardText(picked.value, depth + 1);
      if (inner !== undefined) return inner;
    }
  }
  const elements = own(node, 'elements');
  if (Array.isArray(elements)) return cardText(elements, depth + 1);
  return undefined;
}

interface CardJsonContent {
  title: string | null;
  subtitle?: string;
  summary?: string;
  schema?: string;
  paragraphs: CardParagraph[];
}

/** Header, summary and body of a card JSON (1.0 or 2.0; plain or raw-wrapped). */
function cardJsonContent(card: JsonObject, ctx: DecodeContext, tables: CardTables): CardJsonContent {
  let header = unwrap(own(card, 'header'));
  if (header === undefined) {
    const i18nHeader = own(card, 'i18n_header');
    if (isRecord(i18nHeader)) header = unwrap(pickLocale(i18nHeader)?.value);
  }
  const result: CardJsonContent = { title: null, paragraphs: [] };
  if (header !== undefined) {
    const title = nonEmptyStringOf(cardText(own(header, 'title'), 0));
    if (title !== undefined) result.title = title;
    const subtitle = nonEmptyStringOf(cardText(own(header, 'subtitle'), 0));
    if (subtitle !== undefined) result.subtitle = subtitle;
  }
  const summary = nonEmptyStringOf(cardText(own(own(card, 'config'), 'summary'), 0));
  if (summary !== undefined) result.summary = summary;
  const schema = stringOf(own(card, 'schema'));
  if (schema !== undefined) result.schema = schema;

  const walker = new CardWalker(ctx, tables, false);
  if (own(card, 'type') === 'template') {
    const data = own(card, 'data');
    const templateId = nonEmptyStringOf(own(data, 'template_id')) ?? '';
    ctx.warn('This card is sent from a template: only the template id and its variables are in the content.');
    walker.inline({ type: 'widget', tag: 'template', text: templateId === '' ? 'card template' : `card template ${templateId}` });
  }
  const body = unwrap(own(card, 'body'));
  let elements: unknown = body === undefined ? undefined : own(body, 'elements');
  if (elements === undefined) elements = own(card, 'elements');
  if (elements === undefined) {
    const i18nElements = own(card, 'i18n_elements') ?? (body === undefined ? undefined : own(body, 'i18n_elements'));
    if (isRecord(i18nElements)) elements = pickLocale(i18nElements)?.value;
  }
  walker.walk(elements, 1);
  result.paragraphs = walker.finish();
  return result;
}

/** Tags whose text runs inline (joined into the surrounding paragraph). */
const INLINE_TAGS = new Set([
  'plain_text',
  'text',
  'lark_md',
  'code_span',
  'a',
  'link',
  'at',
  'person',
  'emoji',
  'emotion',
  'button',
  'text_tag',
]);
/** Form controls shown as a labelled widget. */
const WIDGET_TAGS = new Set([
  'select_static',
  'multi_select_static',
  'select_person',
  'multi_select_person',
  'select_img',
  'overflow',
  'date_picker',
  'picker_time',
  'picker_datetime',
  'input',
  'chart',
  'audio',
  'video',
]);
/** Keys under which elements hold child elements. */
const CHILD_KEYS = ['elements', 'columns', 'actions', 'fields', 'extra'] as const;

class CardWalker {
  private readonly paragraphs: CardParagraph[] = [];
  private current: CardRun[] = [];
  private readonly unknownTags = new Set<string>();

  /** `inlineOnly`: the simplified form, where each row of `elements` is one paragraph. */
  constructor(
    private readonly ctx: DecodeContext,
    private readonly tables: CardTables,
    private readonly inlineOnly: boolean,
  ) {}

  inline(run: CardRun): void {
    this.current.push(run);
  }

  private inlineAll(runs: readonly CardRun[]): void {
    pushAll(this.current, runs);
  }

  /** Ends the paragraph being built (a no-op inside a simplified-form row). */
  private flush(): void {
    if (!this.inlineOnly) this.endParagraph();
  }

  endParagraph(): void {
    if (this.current.length > 0) this.paragraphs.push(this.current);
    this.current = [];
  }

  private block(runs: CardRun[]): void {
    this.flush();
    this.inlineAll(runs);
    this.flush();
  }

  finish(): CardParagraph[] {
    this.endParagraph();
    if (this.unknownTags.size > 0) {
      this.ctx.warn(`Card elements not understood (shown by their text, if any): ${[...this.unknownTags].slice(0, 20).join(', ')}.`);
    }
    return this.paragraphs;
  }

  walk(node: unknown, depth: number): void {
    if (depth > MAX_CARD_DEPTH) {
      this.ctx.warn(`The card is nested more than ${MAX_CARD_DEPTH} levels deep: the deeper part is not shown.`);
      return;
    }
    if (Array.isArray(node)) {
      for (const child of node) this.walk(child, depth + 1);
      return;
    }
    if (typeof node === 'string') {
      if (node !== '') this.inlineAll(runsFromText(node, this.ctx));
      return;
    }
    const element = unwrap(node);
    if (element === undefined) return;
    const tag = stringOf(own(element, 'tag')) ?? '';
    if (INLINE_TAGS.has(tag)) {
      this.inlineElement(tag, element, depth);
      return;
    }
    if (WIDGET_TAGS.has(tag)) {
      this.inline(widgetOf(tag, element));
      return;
    }
    switch (tag) {
      case 'hr':
      case 'divider':
        this.block([{ type: 'hr' }]);
        return;
      case 'markdown':
      case 'div':
      case 'heading':
      case 'blockquote':
      case 'note':
      case 'checker':
        this.flush();
        this.textAndChildren(element, depth, tag === 'markdown' ? ['markdown'] : undefined);
        this.flush();
        return;
      case 'img':
      case 'image':
      case 'img_v2': {
        const run = this.imageRun(element);
        if (run !== undefined) this.block([run]);
        return;
      }
      case 'img_combination': {
        const list = own(element, 'img_list');
        const runs = Array.isArray(list)
          ? list.map((img) => this.imageRun(unwrap(img) ?? {})).filter((r): r is CardRun => r !== undefined)
          : [];
        this.block(runs);
        return;
      }
      case 'code_block': {
        const language = nonEmptyStringOf(own(element, 'language'));
        const text = codeTextOf(element);
        this.block([language === undefined ? { type: 'code_block', text } : { type: 'code_block', language, text }]);
        return;
      }
      case 'table':
        this.flush();
        this.table(element, depth);
        this.flush();
        return;
      case 'list':
        this.flush();
        this.list(element, depth);
        this.flush();
        return;
      case 'person_list': {
        const persons = own(element, 'persons');
        if (Array.isArray(persons)) {
          const runs: CardRun[] = [];
          for (const person of persons) {
            const id = nonEmptyStringOf(own(person, 'id')) ?? nonEmptyStringOf(own(person, 'user_id'));
            if (id !== undefined) runs.push(this.personRun(id));
          }
          this.block(runs);
        }
        return;
      }
      case 'collapsible_panel': {
        this.flush();
        const title = cardText(own(unwrap(own(element, 'header')), 'title'), depth);
        if (title !== undefined && title !== '') this.block([textRun(title, ['bold'])]);
        this.children(element, depth);
        this.flush();
        return;
      }
      default:
        this.other(tag, element, depth);
    }
  }

  private inlineElement(tag: string, element: JsonObject, depth: number): void {
    switch (tag) {
      case 'a':
      case 'link': {
        const href = nonEmptyStringOf(own(element, 'href')) ?? nonEmptyStringOf(own(element, 'url')) ?? urlOf(element) ?? '';
        const text = cardText(own(element, 'text'), depth) ?? cardText(own(element, 'content'), depth) ?? href;
        this.inline(href === '' ? textRun(text) : { type: 'link', text: text || href, href });
        return;
      }
      case 'at':
        this.inline(this.atRun(element));
        return;
      case 'person': {
        const id =
          nonEmptyStringOf(own(element, 'user_id')) ??
          nonEmptyStringOf(own(element, 'userID')) ??
          nonEmptyStringOf(own(element, 'open_id'));
        this.inline(id === undefined ? textRun('[person]') : this.personRun(id));
        return;
      }
      case 'emoji':
      case 'emotion': {
        const emojiType = nonEmptyStringOf(own(element, 'emoji_type')) ?? nonEmptyStringOf(own(element, 'key'));
        this.inline(emojiType === undefined ? textRun('[emoji]') : { type: 'emotion', emojiType });
        return;
      }
      case 'button': {
        const text = cardText(own(element, 'text'), depth) ?? '';
        const href = urlOf(element);
        this.inline(href === undefined ? { type: 'button', text } : { type: 'button', text, href });
        return;
      }
      default: {
        const style = styleOf(own(own(element, 'textStyle'), 'attributes')) ?? styleOf(own(element, 'style'));
        const runStyle = tag === 'code_span' ? [...(style ?? []), 'code'] : tag === 'lark_md' ? ['markdown'] : style;
        const text = cardText(own(element, 'content'), depth) ?? cardText(own(element, 'text'), depth);
        if (text !== undefined) this.inlineAll(runsFromText(text, this.ctx, runStyle));
        const children = own(element, 'elements');
        if (Array.isArray(children)) this.walk(children, depth + 1);
      }
    }
  }

  /** Own text (`content`, `text`), then `fields`, then child elements. */
  private textAndChildren(element: JsonObject, depth: number, style: string[] | undefined): void {
    const textValue = own(element, 'content') ?? own(element, 'text');
    const isMarkdown = style !== undefined || own(unwrap(textValue), 'tag') === 'lark_md';
    const text = cardText(textValue, depth);
    if (text !== undefined && text !== '') {
      this.inlineAll(runsFromText(text, this.ctx, isMarkdown ? ['markdown'] : undefined));
      this.flush();
    }
    this.children(element, depth);
  }

  private children(element: JsonObject, depth: number): void {
    for (const key of CHILD_KEYS) {
      const child = own(element, key);
      if (child === undefined || child === null) continue;
      if (key === 'fields' && Array.isArray(child)) {
        for (const field of child) this.block(runsFromText(cardText(own(unwrap(field), 'text'), depth) ?? '', this.ctx));
        continue;
      }
      this.walk(child, depth + 1);
    }
  }

  private other(tag: string, element: JsonObject, depth: number): void {
    const text = cardText(own(element, 'content'), depth) ?? cardText(own(element, 'text'), depth);
    const hasChildren = CHILD_KEYS.some((key) => own(element, key) !== undefined);
    if (text === undefined && !hasChildren && tag !== '') this.unknownTags.add(tag);
    this.flush();
    if (text !== undefined && text !== '') {
      this.inlineAll(runsFromText(text, this.ctx));
      this.flush();
    }
    this.children(element, depth);
    this.flush();
  }

  private imageRun(element: JsonObject): CardRun | undefined {
    const imageId = nonEmptyStringOf(own(element, 'imageID'));
    const fromTable = imageId === undefined ? undefined : this.tables.images.get(imageId);
    const key = nonEmptyStringOf(own(element, 'image_key')) ?? nonEmptyStringOf(own(element, 'img_key')) ?? fromTable;
    if (key !== undefined) return { type: 'image', imageKey: key };
    if (imageId !== undefined) {
      this.ctx.warn(`Card image ${imageId} is not named in json_attachment.images.`);
      return textRun(`[image ${imageId}]`);
    }
    this.ctx.warn('A card image names no image key.');
    return textRun('[image]');
  }

  private atRun(element: JsonObject): MentionRun {
    const userId =
      nonEmptyStringOf(own(element, 'userID')) ?? nonEmptyStringOf(own(element, 'user_id')) ?? nonEmptyStringOf(own(element, 'id')) ?? '';
    const userName = nonEmptyStringOf(own(element, 'user_name')) ?? nonEmptyStringOf(own(element, 'content'));
    const atUser = this.tables.atUsers.get(userId);
    if (atUser !== undefined) {
      if (atUser.key !== undefined && this.ctx.mentions.size > 0) {
        const resolved = this.ctx.mentions.resolve(atUser.key, this.ctx, atUser.name ?? userName);
        if (resolved.name !== null || resolved.id !== undefined) return resolved;
      }
      const run: MentionRun = { type: 'mention', name: atUser.name ?? userName ?? null, key: atUser.key ?? userId };
      if (atUser.id !== undefined) run.id = atUser.id;
      return run;
    }
    if (userId === '') return this.ctx.mentions.resolve('', this.ctx, userName);
    if (isPlaceholderKey(userId) || userId === 'all') return this.ctx.mentions.resolve(userId, this.ctx, userName);
    return this.ctx.mentions.resolveId(userId, this.ctx, userName ?? this.tables.persons.get(userId));
  }

  private personRun(id: string): MentionRun {
    return this.ctx.mentions.resolveId(id, this.ctx, this.tables.persons.get(id));
  }

  private table(element: JsonObject, depth: number): void {
    const columns = own(element, 'columns');
    const names: string[] = [];
    const headers: string[] = [];
    if (Array.isArray(columns)) {
      for (const column of columns) {
        const name = stringOf(own(column, 'name'));
        if (name === undefined) continue;
        names.push(name);
        headers.push(cardText(own(column, 'display_name'), depth) ?? cardText(own(column, 'displayName'), depth) ?? name);
      }
    }
    if (headers.length > 0) this.block([textRun(headers.join(' | '), ['bold'])]);
    const rows = own(element, 'rows');
    if (!Array.isArray(rows)) return;
    for (const row of rows) {
      if (!isRecord(row)) continue;
      const keys = names.length > 0 ? names : Object.keys(row);
      const cells = keys.map((name) => this.cellText(own(row, name), depth));
      this.block([textRun(cells.join(' | '))]);
    }
  }

  private cellText(cell: unknown, depth: number): string {
    if (cell === undefined || cell === null) return '';
    const data = own(cell, 'data');
    const text = cardText(data ?? cell, depth + 1);
    if (text !== undefined) return text;
    if (Array.isArray(data)) return data.map((d) => cardText(own(d, 'text') ?? d, depth + 1) ?? '').join(', ');
    return '';
  }

  private list(element: JsonObject, depth: number): void {
    const items = own(element, 'items');
    if (!Array.isArray(items)) {
      this.children(element, depth);
      return;
    }
    for (const [index, item] of items.entries()) {
      const ordered = own(item, 'type') === 'ol';
      this.inline(textRun(ordered ? `${index + 1}. ` : '• '));
      this.walk(own(item, 'elements'), depth + 1);
      this.flush();
    }
  }
}

function widgetOf(tag: string, element: JsonObject): CardRun {
  const widget: CardRun = { type: 'widget', tag };
  const text =
    nonEmptyStringOf(cardText(own(element, 'placeholder'), 0)) ??
    nonEmptyStringOf(cardText(own(element, 'label'), 0)) ??
    nonEmptyStringOf(cardText(own(element, 'text'), 0)) ??
    nonEmptyStringOf(own(element, 'initial_date')) ??
    nonEmptyStringOf(own(element, 'initial_option'));
  if (text !== undefined) widget.text = text;
  const options = own(element, 'options');
  if (Array.isArray(options)) {
    const labels = options
      .map((option) => cardText(own(option, 'text') ?? option, 0))
      .filter((s): s is string => s !== undefined && s !== '');
    if (labels.length > 0) widget.options = labels;
  }
  return widget;
}

/**
 * The URL a button or link opens: `url` (a string, or `{url}` in raw cards), `multi_url.url`,
 * `behaviors[open_url]`, raw `actions[open_url]`.
 */
function urlOf(element: JsonObject): string | undefined {
  const direct =
    nonEmptyStringOf(own(element, 'url')) ??
    nonEmptyStringOf(own(own(element, 'url'), 'url')) ??
    nonEmptyStringOf(own(own(element, 'multi_url'), 'url'));
  if (direct !== undefined) return direct;
  for (const key of ['behaviors', 'actions']) {
    const list = own(element, key);
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const url =
        nonEmptyStringOf(own(entry, 'default_url')) ??
        nonEmptyStringOf(own(entry, 'url')) ??
        nonEmptyStringOf(own(own(entry, 'action'), 'url')) ??
        nonEmptyStringOf(own(own(entry, 'action'), 'default_url'));
      if (url !== undefined) return url;
    }
  }
  return undefined;
}

/** Code of a card code block: `text`/`content`, or the token lines of a raw card (`contents[].contents[].content`). */
function codeTextOf(element: JsonObject): string {
  const direct = stringOf(own(element, 'text')) ?? stringOf(own(element, 'content'));
  if (direct !== undefined) return direct;
  const lines = own(element, 'contents');
  if (!Array.isArray(lines)) return '';
  let code = '';
  for (const line of lines) {
    const tokens = own(line, 'contents');
    if (Array.isArray(tokens)) {
      for (const token of tokens) code += stringOf(own(token, 'content')) ?? '';
    } else {
      code += stringOf(own(line, 'content')) ?? '';
    }
  }
  return code.replace(/\n$/, '');
}
