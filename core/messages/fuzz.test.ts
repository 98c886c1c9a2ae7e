import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { ApiMention, ApiMessage } from '../feishu/types';
import { decodeContent, decodeMessage } from './decode';
import { buildMessageTree, flattenMessageTree } from './merge-forward';
import { KNOWN_MSG_TYPES, type MessageView } from './model';
import { isPayloadError, messagesFromPayload } from './normalize';
import { messagePreview, messageViewToMarkdown, messageViewToText } from './plain';

// Properties over hundreds of generated messages, not speed tests: on a shared, busy machine they
// need more than vitest's default five seconds.
vi.setConfig({ testTimeout: 60_000 });

const RUNS = 2000;

const VIEW_KINDS = new Set<string>([...KNOWN_MSG_TYPES, 'recalled', 'unknown_type', 'broken']);

/** Decoding and every rendering succeed, and none of the renderings is empty. */
function checkView(view: MessageView): void {
  expect(VIEW_KINDS.has(view.kind)).toBe(true);
  expect(Array.isArray(view.warnings)).toBe(true);
  const text = messageViewToText(view);
  expect(typeof text).toBe('string');
  expect(text.trim()).not.toBe('');
  const preview = messagePreview(view);
  expect(preview.trim()).not.toBe('');
  expect(preview).not.toMatch(/\n/);
  expect(Array.from(preview).length).toBeLessThanOrEqual(120);
  expect(messageViewToMarkdown(view).trim()).not.toBe('');
}

/* ------------------------------------------------------------------------------------------ */
/* Arbitraries                                                                                 */
/* ------------------------------------------------------------------------------------------ */

const junk = fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: false });
const PLACEHOLDERS = [
  '@_user_1',
  '@_user_2',
  '@_user_10',
  '@_all',
  '<at user_id="ou_1">Tom</at>',
  '<at id=all></at>',
  '{from_user}',
  '{}',
  '\n',
  '```',
];
const str = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PLACEHOLDERS)), { maxLength: 8 }).map((parts) => parts.join('')),
);
/** Mostly the right type, sometimes anything at all. */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: junk });
const time = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000_000 }),
  fc.integer({ min: 0, max: 2_000_000_000 }).map(String),
  fc.integer({ min: 0, max: 2_000_000_000_000 }).map(String),
  fc.double(),
  str,
);
const key = fc.oneof(str, fc.constantFrom('img_v3_0210t_demo', 'file_v3_0010k_x', 'ou_1', 'oc_1'));
const idObject = fc.record(
  { open_id: fc.option(str, { nil: null }), union_id: fc.option(str), user_id: fc.option(str, { nil: null }) },
  { requiredKeys: [] },
);
const mention = fc.record(
  {
    key: maybe(fc.oneof(fc.constantFrom('@_user_1', '@_user_2', '@_all', ''), str)),
    id: maybe(fc.oneof(str, idObject)),
    id_type: maybe(fc.constantFrom('open_id', 'user_id', 'union_id', 'app_id')),
    name: maybe(str),
  },
  { requiredKeys: [] },
);
const mentions = fc.option(fc.oneof({ weight: 5, arbitrary: fc.array(mention, { maxLength: 4 }) }, { weight: 1, arbitrary: junk }), {
  nil: undefined,
});
const style = fc.array(fc.constantFrom('bold', 'italic', 'underline', 'lineThrough', 'markdown', 'code', '__proto__', 'constructor'), {
  maxLength: 3,
});

const postElement = fc.record(
  {
    tag: maybe(fc.constantFrom('text', 'a', 'at', 'img', 'media', 'emotion', 'code_block', 'hr', 'md', 'mystery', '')),
    text: maybe(str),
    href: maybe(str),
    user_id: maybe(fc.oneof(fc.constantFrom('@_user_1', '@_user_3', 'all', '@_all', 'ou_1', ''), str)),
    user_name: maybe(str),
    image_key: maybe(key),
    file_key: maybe(key),
    emoji_type: maybe(str),
    language: maybe(str),
    style: maybe(style),
  },
  { requiredKeys: [] },
);
const paragraphs = fc.array(fc.oneof({ weight: 6, arbitrary: fc.array(postElement, { maxLength: 5 }) }, postElement, junk), {
  maxLength: 6,
});
const postBody = fc.record({ title: maybe(str), content: maybe(paragraphs) }, { requiredKeys: [] });
const post = fc.oneof(
  postBody,
  fc.dictionary(fc.constantFrom('zh_cn', 'en_us', 'ja_jp', 'files', 'content_v2', 'post', 'title', 'content'), fc.oneof(postBody, junk), {
    maxKeys: 4,
  }),
  fc.record({
    zh_cn: postBody,
    files: maybe(fc.array(fc.record({ file_key: maybe(key), file_name: maybe(str), is_folder: maybe(fc.boolean()) }))),
  }),
);

const CARD_TAGS = [
  'plain_text',
  'lark_md',
  'markdown',
  'text',
  'div',
  'hr',
  'img',
  'image',
  'note',
  'button',
  'action',
  'column_set',
  'column',
  'a',
  'at',
  'person',
  'person_list',
  'code_block',
  'code_span',
  'table',
  'list',
  'heading',
  'select_static',
  'overflow',
  'date_picker',
  'chart',
  'collapsible_panel',
  'img_combination',
  'form',
  'mystery',
  '',
];
const cardLeafFields = {
  tag: maybe(fc.constantFrom(...CARD_TAGS)),
  content: maybe(str),
  text: maybe(fc.oneof(str, fc.record({ tag: fc.constantFrom('plain_text', 'lark_md'), content: maybe(str) }))),
  contents: maybe(fc.array(fc.record({ contents: fc.array(fc.record({ content: maybe(str) }), { maxLength: 3 }) }), { maxLength: 2 })),
  image_key: maybe(key),
  imageID: maybe(fc.constantFrom('1', '2', '3', '__proto__')),
  userID: maybe(fc.constantFrom('cde8a6c8', 'ou_1', '@_user_1', 'all', 'toString')),
  user_id: maybe(fc.constantFrom('ou_1', '@_user_1', 'all', 'constructor')),
  options: maybe(fc.array(fc.oneof(str, fc.record({ text: fc.record({ content: str }) })), { maxLength: 3 })),
  placeholder: maybe(fc.oneof(str, fc.record({ content: str }))),
  url: maybe(str),
  behaviors: maybe(fc.array(fc.record({ type: fc.constant('open_url'), default_url: maybe(str) }), { maxLength: 1 })),
  persons: maybe(fc.array(fc.record({ id: maybe(fc.constantFrom('ou_1', 'ou_2')) }), { maxLength: 2 })),
};
const cardLeaf = fc.record(cardLeafFields, { requiredKeys: [] });
const { cardElement } = fc.letrec<{ cardElement: unknown }>((tie) => ({
  cardElement: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    cardLeaf,
    str,
    junk,
    fc.record(
      {
        ...cardLeafFields,
        elements: maybe(fc.array(tie('cardElement'), { maxLength: 3 })),
        property: fc.option(tie('cardElement'), { nil: undefined }),
        columns: maybe(fc.array(tie('cardElement'), { maxLength: 2 })),
        actions: maybe(fc.array(tie('cardElement'), { maxLength: 2 })),
        fields: maybe(fc.array(fc.record({ text: cardLeaf }), { maxLength: 2 })),
        items: maybe(
          fc.array(fc.record({ elements: fc.array(cardLeaf, { maxLength: 2 }), type: fc.constantFrom('ul', 'ol') }), { maxLength: 2 }),
        ),
        rows: maybe(fc.array(fc.dictionary(fc.constantFrom('0', '1', 'x'), fc.record({ data: cardLeaf })), { maxLength: 2 })),
      },
      { requiredKeys: [] },
    ),
  ),
}));
const attachment = fc.record(
  {
    images: maybe(fc.dictionary(fc.constantFrom('1', '2', '__proto__'), fc.oneof(fc.record({ origin_key: maybe(key), token: str }), str))),
    at_users: maybe(
      fc.dictionary(
        fc.constantFrom('cde8a6c8', 'toString'),
        fc.record({ user_id: maybe(str), content: maybe(str), mention_key: maybe(fc.constantFrom('@_user_1', '@_user_9')) }),
      ),
    ),
    persons: maybe(fc.dictionary(fc.constantFrom('ou_1', 'valueOf'), fc.oneof(str, fc.record({ content: maybe(str) })))),
  },
  { requiredKeys: [] },
);
const cardJson = fc.record(
  {
    schema: maybe(fc.constantFrom('2.0', '1.0', 1, 2)),
    header: maybe(
      fc.record(
        { title: maybe(fc.oneof(str, fc.record({ tag: fc.constant('plain_text'), content: maybe(str) }))), subtitle: maybe(str) },
        { requiredKeys: [] },
      ),
    ),
    body: maybe(
      fc.oneof(
        fc.record({ elements: maybe(fc.array(cardElement, { maxLength: 4 })) }),
        fc.record({ property: fc.record({ elements: fc.array(cardElement, { maxLength: 4 }) }) }),
      ),
    ),
    elements: maybe(fc.array(cardElement, { maxLength: 4 })),
    i18n_elements: maybe(fc.dictionary(fc.constantFrom('zh_cn', 'en_us'), fc.array(cardElement, { maxLength: 2 }))),
    config: maybe(fc.record({ summary: maybe(fc.record({ content: maybe(str) })) })),
    type: maybe(fc.constantFrom('template', 'card')),
  },
  { requiredKeys: [] },
);
const interactive = fc.oneof(
  fc.record(
    { title: maybe(fc.option(str, { nil: null })), elements: maybe(fc.array(fc.array(cardElement, { maxLength: 4 }), { maxLength: 5 })) },
    { requiredKeys: [] },
  ),
  fc.constant({ title: null, elements: [[{ tag: 'text', text: '请升级至最新版本客户端，以查看内容' }]] }),
  fc.record(
    {
      json_card: fc.oneof(
        cardJson.map((c) => JSON.stringify(c)),
        cardJson,
        str,
        junk,
      ),
      json_attachment: fc.oneof(
        attachment.map((a) => JSON.stringify(a)),
        attachment,
        str,
        junk,
      ),
      card_schema: maybe(fc.constantFrom(1, 2)),
    },
    { requiredKeys: ['json_card'] },
  ),
  cardJson,
  fc.record({ text: maybe(str) }),
);

const system = fc
  .record(
    {
      template: maybe(
        fc.oneof(
          str,
          fc.constant(' '),
          fc.constantFrom('{from_user} invited {to_chatters}', '{divider_text}', '{} {count} {constructor} {__proto__}'),
        ),
      ),
      from_user: maybe(fc.array(maybe(str), { maxLength: 3 })),
      to_chatters: maybe(fc.array(maybe(str), { maxLength: 3 })),
      divider_text: maybe(
        fc.record(
          { text: maybe(str), i18n_text: maybe(fc.dictionary(fc.constantFrom('zh_cn', 'en_us', 'ja_jp'), maybe(str))) },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  )
  .chain((base) => fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 2 }).map((extra) => ({ ...extra, ...base })));

const CONTENT: Record<string, fc.Arbitrary<unknown>> = {
  text: fc.record({ text: maybe(str) }, { requiredKeys: [] }),
  post,
  image: fc.record({ image_key: maybe(key) }, { requiredKeys: [] }),
  file: fc.record({ file_key: maybe(key), file_name: maybe(str) }, { requiredKeys: [] }),
  folder: fc.record({ file_key: maybe(key), file_name: maybe(str) }, { requiredKeys: [] }),
  audio: fc.record({ file_key: maybe(key), duration: maybe(time) }, { requiredKeys: [] }),
  media: fc.record({ file_key: maybe(key), image_key: maybe(key), file_name: maybe(str), duration: maybe(time) }, { requiredKeys: [] }),
  sticker: fc.record({ file_key: maybe(key) }, { requiredKeys: [] }),
  interactive,
  share_chat: fc.record({ chat_id: maybe(key) }, { requiredKeys: [] }),
  share_user: fc.record({ user_id: maybe(key) }, { requiredKeys: [] }),
  system,
  location: fc.record(
    { name: maybe(str), longitude: maybe(fc.oneof(str, fc.double().map(String))), latitude: maybe(fc.oneof(str, fc.double())) },
    { requiredKeys: [] },
  ),
  video_chat: fc.record(
    { topic: maybe(str), meet_number: maybe(str), start_time: maybe(time), end_time: maybe(time) },
    { requiredKeys: [] },
  ),
  todo: fc.record(
    {
      task_id: maybe(str),
      summary: maybe(fc.oneof(str, fc.record({ title: maybe(str), content: maybe(paragraphs) }, { requiredKeys: [] }))),
      due_time: maybe(time),
    },
    { requiredKeys: [] },
  ),
  vote: fc.record(
    { topic: maybe(str), options: maybe(fc.array(maybe(str), { maxLength: 4 })), status: maybe(fc.constantFrom(0, 1, '1', 2)) },
    { requiredKeys: [] },
  ),
  hongbao: fc.record({ text: maybe(str) }, { requiredKeys: [] }),
  share_calendar_event: fc.record(
    { summary: maybe(str), start_time: maybe(time), end_time: maybe(time), share_token: maybe(str) },
    { requiredKeys: [] },
  ),
  calendar: fc.record(
    { summary: maybe(str), start_time: maybe(time), end_time: maybe(time), open_calendar_id: maybe(str) },
    { requiredKeys: [] },
  ),
  general_calendar: fc.record(
    { summary: maybe(str), start_time: maybe(time), end_time: maybe(time), open_event_id: maybe(str) },
    { requiredKeys: [] },
  ),
  merge_forward: fc.oneof(
    fc.constant('Merged and Forwarded Message'),
    fc.record({ content: maybe(str) }),
    fc.record({ text: maybe(str) }),
    fc.record({ create_message_ids: maybe(fc.array(maybe(str), { maxLength: 3 })) }),
    str,
  ),
};

const itemOf = (msgType: unknown, content: unknown, extra: { mentions?: unknown; deleted?: unknown } = {}): ApiMessage =>
  ({
    message_id: 'om_x100b4d2e9f0a1b2c3d4e5f607182930',
    msg_type: msgType,
    body: { content: typeof content === 'string' ? content : JSON.stringify(content) },
    mentions: extra.mentions,
    deleted: extra.deleted,
  }) as ApiMessage;

/* ------------------------------------------------------------------------------------------ */
/* Properties                                                                                  */
/* ------------------------------------------------------------------------------------------ */

describe('fuzz: decoders never throw and always render something', () => {
  it('arbitrary strings as content, for every msg_type and unknown ones', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KNOWN_MSG_TYPES, 'hologram', ''), str, mentions, (msgType, content, m) => {
        checkView(decodeMessage(itemOf(msgType, content, { mentions: m })));
        checkView(decodeContent(msgType, content, m as ApiMention[] | undefined));
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary JSON as content, for every msg_type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KNOWN_MSG_TYPES, 'hologram'), fc.json({ maxDepth: 4 }), fc.boolean(), (msgType, json, deleted) => {
        checkView(decodeMessage(itemOf(msgType, json, { deleted })));
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary values as the item itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          junk,
          fc.record(
            {
              msg_type: maybe(fc.constantFrom(...KNOWN_MSG_TYPES)),
              body: maybe(fc.record({ content: junk })),
              mentions: junk,
              deleted: junk,
            },
            { requiredKeys: [] },
          ),
        ),
        (value) => {
          checkView(decodeMessage(value as ApiMessage));
        },
      ),
      { numRuns: RUNS },
    );
  });

  for (const [msgType, arbitrary] of Object.entries(CONTENT)) {
    it(`shaped ${msgType} content`, () => {
      fc.assert(
        fc.property(arbitrary, mentions, fc.constantFrom(undefined, false, true), (content, m, deleted) => {
          checkView(decodeMessage(itemOf(msgType, content, { mentions: m, deleted })));
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('fuzz: mentions', () => {
  const name = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes('@_') && s.trim() !== '');
  it('no @_user_N placeholder survives in the text of text and post messages', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 5 }).filter((s) => !s.includes('@_')),
            fc.constantFrom('@_user_1', '@_user_2', '@_user_13', '@_all', ' '),
          ),
          { maxLength: 10 },
        ),
        fc.array(
          fc.record({ key: fc.constantFrom('@_user_1', '@_user_2', '@_user_13'), name, id: fc.oneof(name, fc.record({ open_id: name })) }),
          { maxLength: 3 },
        ),
        (parts, ms) => {
          const text = parts.join('');
          const textView = decodeMessage(itemOf('text', { text }, { mentions: ms }));
          expect(messageViewToText(textView)).not.toMatch(/@_user_\d/);
          const postView = decodeMessage(
            itemOf(
              'post',
              {
                title: '',
                content: [parts.map((p) => (p.startsWith('@_') ? { tag: 'at', user_id: p, user_name: '' } : { tag: 'text', text: p }))],
              },
              { mentions: ms },
            ),
          );
          expect(messageViewToText(postView)).not.toMatch(/@_user_\d/);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: payloads', () => {
  it('messagesFromPayload never throws; whatever it accepts decodes and renders', () => {
    const payload = fc.oneof(
      junk,
      fc.string(),
      fc.json({ maxDepth: 4 }),
      fc.record(
        {
          code: maybe(fc.constantFrom(0, 230110, '0')),
          msg: maybe(str),
          data: maybe(fc.record({ items: maybe(fc.array(junk, { maxLength: 3 })) })),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          event: maybe(
            fc.record({
              message: maybe(fc.record({ message_type: maybe(str), content: maybe(str), mentions: junk }, { requiredKeys: [] })),
              sender: junk,
            }),
          ),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(payload, fc.option(fc.constantFrom(...KNOWN_MSG_TYPES)), (value, hint) => {
        const result = messagesFromPayload(value, hint ?? undefined);
        if (isPayloadError(result)) {
          expect(result.error).not.toBe('');
          return;
        }
        for (const item of result.items) checkView(decodeMessage(item));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: merge-forward trees', () => {
  it('every item lands in the tree exactly once, depths are consistent, nothing loops', () => {
    const ids = fc.constantFrom('om_0', 'om_1', 'om_2', 'om_3', 'om_4', 'om_5', 'om_6', 'om_7', '');
    const items = fc.array(
      fc.record(
        {
          message_id: maybe(ids),
          upper_message_id: maybe(fc.oneof(ids, fc.constant('om_missing'))),
          create_time: maybe(fc.oneof(fc.integer({ min: 0, max: 9 }).map(String), str)),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(items, fc.constantFrom('container', 'root') as fc.Arbitrary<'container' | 'root'>, (list, orphans) => {
        const tree = buildMessageTree(list as ApiMessage[], { orphans });
        const flat = flattenMessageTree(tree.roots);
        expect(flat).toHaveLength(list.length);
        expect(new Set(flat).size).toBe(list.length);
        for (const root of tree.roots) expect(root.depth).toBe(0);
        for (const node of flat) for (const child of node.children) expect(child.depth).toBe(node.depth + 1);
        if (list.length > 0) expect(tree.roots[0]?.item).toBe(list[0]);
      }),
      { numRuns: RUNS },
    );
  });
});
