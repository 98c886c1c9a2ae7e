import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import type { ApiMessage } from '../feishu/types';
import { CSV_COLUMNS, csvCell } from './csv';
import { EXPORT_FORMATS, exportChunks, fileExtension, mimeType, type ExportEntry, type ExportFormat } from './index';
import { maskCredentials } from '../base/redact';

/* ------------------------------------------------------------------------------------------ */
/* Fixtures                                                                                    */
/* ------------------------------------------------------------------------------------------ */

const TOM = 'ou_155184d1e73cbfb8973e5a9e698e74f2';
const HANNA = 'ou_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const CHAT = 'oc_5ad11d72b830411d72b836c20';
const SECRET = 'SECRET_SHARE_TOKEN_9f3a';
const NESTED_SECRET = 'NESTED_SECRET_7c1e';
const TEXT_SECRET = 'TEXT_SECRET_44d0';
const HOSTILE = `<script>alert("x")</script> 'single' & "double", comma`;

const FORWARD = 'om_x100b4d2e9f0a1b2c3d4e5f607182f0';
const NESTED = 'om_x100b4d2e9f0a1b2c3d4e5f607182f2';

function msg(fields: Partial<ApiMessage> & { message_id: string; msg_type: string; content: string }): ApiMessage {
  const { content, ...rest } = fields;
  return {
    create_time: '1615380573411',
    update_time: '1615380573411',
    deleted: false,
    updated: false,
    chat_id: CHAT,
    sender: { id: TOM, id_type: 'open_id', sender_type: 'user', tenant_key: 't' },
    ...rest,
    body: { content },
  };
}

const textWithMention = msg({
  message_id: 'om_x100b4a1e2d3c4b5a69788796a5b4c1',
  msg_type: 'text',
  content: JSON.stringify({ text: `@_user_1 please look ${HOSTILE}` }),
  mentions: [{ key: '@_user_1', id: HANNA, id_type: 'open_id', name: 'Hanna', tenant_key: 't' }],
});

const post = msg({
  message_id: 'om_x100b4a1e2d3c4b5a69788796a5b4c2',
  msg_type: 'post',
  sender: { id: HANNA, id_type: 'open_id', sender_type: 'user' },
  content: JSON.stringify({
    title: 'Release <b>notes</b>',
    content: [
      [
        { tag: 'text', text: 'Read ', style: ['bold'] },
        { tag: 'a', text: 'the docs', href: 'https://open.feishu.cn/document?a=1&b="2"' },
        { tag: 'text', text: ' and not ' },
        { tag: 'a', text: 'this', href: 'javascript:alert(document.cookie)' },
        { tag: 'a', text: 'nor this', href: ' JavaScript:alert(1)' },
        { tag: 'a', text: 'data', href: 'data:text/html,<script>alert(1)</script>' },
      ],
      [{ tag: 'at', user_id: '@_user_1', user_name: '' }],
      [{ tag: 'code_block', language: 'js', text: 'if (a < b && c > d) { "</code>" }' }],
    ],
  }),
  mentions: [{ key: '@_user_1', id: HANNA, id_type: 'open_id', name: 'Hanna' }],
});

const calendar = msg({
  message_id: 'om_x100b4a1e2d3c4b5a69788796a5b4c3',
  msg_type: 'share_calendar_event',
  content: JSON.stringify({ summary: 'Weekly sync', start_time: '1615380000', end_time: '1615383600', share_token: SECRET }),
});

/** A raw card whose json_card (a JSON string) holds a share_token: escaped quotes hide it from a flat regex. */
const rawCard = msg({
  message_id: 'om_x100b4a1e2d3c4b5a69788796a5b4c4',
  msg_type: 'interactive',
  content: JSON.stringify({
    json_card: JSON.stringify({ schema: '2.0', header: { title: { tag: 'plain_text', content: 'Card' } }, share_token: NESTED_SECRET }),
    card_schema: 2,
  }),
});

const unknownType = msg({
  message_id: 'om_x100b4a1e2d3c4b5a69788796a5b4c5',
  msg_type: 'brand_new_type',
  content: `{"payload":"<script>alert(1)</script>","token":"${TEXT_SECRET}"}`,
});

const formulaTexts = [
  '=HYPERLINK("http://evil.example","click")',
  '+1+2',
  '-3',
  '@SUM(A1:A2)',
  '\tTabbed',
  '\u00A0\u3000=HYPERLINK("http://evil.example")',
  'multi\nline, "quoted"',
];
const formulas = formulaTexts.map((text, i) =>
  msg({ message_id: `om_x100b4a1e2d3c4b5a69788796a5b4d${i}`, msg_type: 'text', content: JSON.stringify({ text }) }),
);

/** Listed out of display order on purpose: the tree orders siblings by create_time. */
const forwardItems: ApiMessage[] = [
  msg({
    message_id: FORWARD,
    msg_type: 'merge_forward',
    sender: { id: HANNA, sender_type: 'user' },
    content: 'Merged and Forwarded Message',
  }),
  msg({
    message_id: 'om_x100b4d2e9f0a1b2c3d4e5f607182f3',
    msg_type: 'text',
    upper_message_id: NESTED,
    create_time: '1615380003000',
    content: JSON.stringify({ text: 'grandchild C' }),
  }),
  msg({
    message_id: 'om_x100b4d2e9f0a1b2c3d4e5f607182f1',
    msg_type: 'text',
    upper_message_id: FORWARD,
    create_time: '1615380001000',
    content: JSON.stringify({ text: 'child A <img src=x onerror=alert(1)>' }),
  }),
  msg({
    message_id: NESTED,
    msg_type: 'merge_forward',
    upper_message_id: FORWARD,
    create_time: '1615380002000',
    content: 'Merged and Forwarded Message',
  }),
  msg({
    message_id: 'om_x100b4d2e9f0a1b2c3d4e5f607182f4',
    msg_type: 'text',
    upper_message_id: NESTED,
    create_time: '1615380004000',
    content: JSON.stringify({ text: 'grandchild D' }),
  }),
  msg({
    message_id: 'om_x100b4d2e9f0a1b2c3d4e5f607182f5',
    msg_type: 'text',
    upper_message_id: FORWARD,
    create_time: '1615380005000',
    content: JSON.stringify({ text: 'child E' }),
  }),
];

const failed: ExportEntry = {
  messageId: 'om_<img src=x onerror=alert(1)>',
  error: {
    code: 230002,
    msg: 'The bot is not in the chat <b>"group"</b>',
    logId: '20240308123456abcdef0123456789abcdef01',
    httpStatus: 400,
  },
};

const ENTRIES: ExportEntry[] = [
  { messageId: textWithMention.message_id ?? '', items: [textWithMention] },
  { messageId: post.message_id ?? '', items: [post] },
  { messageId: FORWARD, items: forwardItems },
  failed,
  { messageId: 'om_x100b4e5c6b7a8f9e0d1cc1d0e9f8a7', items: [] },
  { messageId: calendar.message_id ?? '', items: [calendar] },
  { messageId: rawCard.message_id ?? '', items: [rawCard] },
  { messageId: unknownType.message_id ?? '', items: [unknownType] },
  ...formulas.map((item) => ({ messageId: item.message_id ?? '', items: [item] })),
];

const ITEM_COUNT = ENTRIES.reduce((n, e) => n + (e.items?.length ?? 0), 0);
const OPTIONS = { title: 'Export <script>', generatedAt: Date.UTC(2024, 2, 8, 12, 0, 0) };

async function collect(format: ExportFormat, entries: Iterable<ExportEntry> | AsyncIterable<ExportEntry> = ENTRIES, options = OPTIONS) {
  const chunks: string[] = [];
  for await (const chunk of exportChunks(format, entries, options)) chunks.push(chunk);
  return chunks.join('');
}

/** A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes; a bare LF or CR outside quotes fails. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const c = text[i];
    if (atCellStart && c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i];
        i++;
      }
      atCellStart = false;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`junk after quoted field at ${i}`);
      continue;
    }
    if (c === ',') {
      row.push(cell);
      cell = '';
      atCellStart = true;
      i++;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i += 2;
    } else if (c === '\n') {
      throw new Error(`bare LF at ${i}`);
    } else if (c === '"') {
      throw new Error(`quote inside an unquoted field at ${i}`);
    } else {
      cell += c;
      atCellStart = false;
      i++;
    }
  }
  if (!atCellStart || row.length > 0) throw new Error('last record not ended by CRLF');
  return rows;
}

/* ------------------------------------------------------------------------------------------ */
/* Tests                                                                                       */
/* ------------------------------------------------------------------------------------------ */

describe('formats', () => {
  it('names extensions and MIME types', () => {
    expect(EXPORT_FORMATS).toEqual(['json', 'ndjson', 'markdown', 'html', 'csv']);
    expect(EXPORT_FORMATS.map(fileExtension)).toEqual(['json', 'ndjson', 'md', 'html', 'csv']);
    expect(mimeType('json')).toBe('application/json');
    expect(mimeType('ndjson')).toBe('application/x-ndjson');
    expect(mimeType('markdown')).toMatch(/^text\/markdown/);
    expect(mimeType('html')).toMatch(/^text\/html/);
    expect(mimeType('csv')).toMatch(/^text\/csv/);
  });

  it('rejects an unknown format', async () => {
    await expect(collect('xml' as ExportFormat)).rejects.toThrow(/Unknown export format/);
  });

  it.each(EXPORT_FORMATS)('%s never contains a credential value', async (format) => {
    const out = await collect(format);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(NESTED_SECRET);
    expect(out).not.toContain(TEXT_SECRET);
  });

  it.each(EXPORT_FORMATS)('%s reads entries from an async iterable', async (format) => {
    async function* entries() {
      for (const entry of ENTRIES) {
        await Promise.resolve();
        yield entry;
      }
    }
    expect(await collect(format, entries())).toBe(await collect(format));
  });
});

describe('maskCredentials', () => {
  it('masks fields at the top level and inside JSON strings, and leaves other text alone', () => {
    expect(maskCredentials(`{"share_token":"${SECRET}","a":1}`)).toBe('{"share_token":"«redacted»","a":1}');
    const nested = JSON.stringify({ json_card: JSON.stringify({ inner: JSON.stringify({ token: NESTED_SECRET }) }) });
    expect(maskCredentials(nested)).not.toContain(NESTED_SECRET);
    const plain = '{"text":"say \\"hi\\"",  "b": 2}';
    expect(maskCredentials(plain)).toBe(plain);
    expect(maskCredentials('not json \\"share_token\\"')).toBe('not json \\"share_token\\"');
  });
});

describe('json', () => {
  it('is the API shape with every item in order and the errors apart', async () => {
    const parsed = JSON.parse(await collect('json')) as {
      code: number;
      msg: string;
      data: { items: ApiMessage[] };
      errors: unknown[];
    };
    expect(parsed.code).toBe(0);
    expect(parsed.msg).toBe('success');
    expect(parsed.data.items).toHaveLength(ITEM_COUNT);
    expect(parsed.data.items.map((i) => i.message_id)).toEqual(ENTRIES.flatMap((e) => (e.items ?? []).map((i) => i.message_id)));
    expect(parsed.data.items[0]).toEqual(textWithMention);
    expect(parsed.errors).toEqual([
      { message_id: failed.messageId, code: 230002, msg: failed.error?.msg, log_id: failed.error?.logId, http_status: 400 },
    ]);
    const cal = parsed.data.items.find((i) => i.msg_type === 'share_calendar_event');
    expect(JSON.parse(cal?.body?.content ?? '')).toMatchObject({ summary: 'Weekly sync', share_token: '«redacted»' });
  });

  it('omits errors when there are none, and stays valid when empty', async () => {
    const ok = JSON.parse(await collect('json', ENTRIES.slice(0, 2))) as Record<string, unknown>;
    expect(Object.keys(ok)).toEqual(['code', 'msg', 'data']);
    expect(JSON.parse(await collect('json', []))).toEqual({ code: 0, msg: 'success', data: { items: [] } });
    const onlyFailed = JSON.parse(await collect('json', [failed])) as { data: { items: unknown[] }; errors: unknown[] };
    expect(onlyFailed.data.items).toEqual([]);
    expect(onlyFailed.errors).toHaveLength(1);
  });
});

describe('ndjson', () => {
  it('writes one parsable line per item, error and empty lookup', async () => {
    const out = await collect('ndjson');
    expect(out.endsWith('\n')).toBe(true);
    const lines = out
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(ITEM_COUNT + 2);
    const first = lines[0] ?? {};
    expect(Object.keys(first).slice(0, 2)).toEqual(['message_id', 'lookup_id']);
    expect(first).toMatchObject({ message_id: textWithMention.message_id, msg_type: 'text', chat_id: CHAT });
    expect(first.content).toEqual({ text: `@_user_1 please look ${HOSTILE}` });
    expect(first).not.toHaveProperty('body');

    const container = lines.find((l) => l.message_id === FORWARD);
    expect(container?.content).toBe('Merged and Forwarded Message');
    const grandchild = lines.find((l) => (l.content as { text?: string } | undefined)?.text === 'grandchild C');
    expect(grandchild).toMatchObject({ lookup_id: FORWARD, upper_message_id: NESTED });

    expect(lines).toContainEqual({
      message_id: failed.messageId,
      error: { code: 230002, msg: failed.error?.msg, log_id: failed.error?.logId, http_status: 400 },
    });
    expect(lines).toContainEqual({ message_id: 'om_x100b4e5c6b7a8f9e0d1cc1d0e9f8a7', no_items: true });
    const cal = lines.find((l) => l.msg_type === 'share_calendar_event');
    expect(cal?.content).toMatchObject({ share_token: '«redacted»' });
    const unknown = lines.find((l) => l.msg_type === 'brand_new_type');
    expect(unknown?.content).toEqual({ payload: '<script>alert(1)</script>', token: '«redacted»' });
  });
});

describe('markdown', () => {
  it('has a heading per lookup, meta, mentions by name and nested forwards', async () => {
    const md = await collect('markdown');
    expect(md.startsWith('# Export &lt;script\\>\n')).toBe(true);
    expect(md).toContain('Generated: 2024-03-08T12:00:00.000Z');
    for (const entry of ENTRIES) expect(md).toContain(`## \`${entry.messageId}\``);
    expect(md).toContain('**@Hanna** please look');
    expect(md).toContain('- **Time:** 2021-03-10T12:49:33.411Z');
    expect(md).toContain('- **Type:** `text`');
    expect(md).toContain(`- **Sender:** \`${TOM}\` (user)`);
    // The post mentions its own sender: the sender line names her.
    expect(md).toContain(`- **Sender:** **Hanna** \`${HANNA}\` (user)`);
    // Raw HTML only inside code (the unknown type's raw content, the failed ID), escaped everywhere else.
    expect(md).toContain('```\n{"payload":"<script>alert(1)</script>","token":"«redacted»"}\n```');
    expect(md).toContain('## `om_<img src=x onerror=alert(1)>`');
    const outsideCode = md.replace(/^(`{3,})[^\n`]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`\n]+?\1/g, '');
    expect(outsideCode).not.toMatch(/(?<!\\)<(script|img|b)\b/i);

    const lines = md.split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    const childA = at('child A');
    const nested = lines.findIndex((l) => l.startsWith('* ') && lines[lines.indexOf(l) + 2]?.includes('merged forward'));
    const grandC = at('grandchild C');
    const grandD = at('grandchild D');
    const childE = at('child E');
    expect([childA, nested, grandC, grandD, childE].every((i) => i > 0)).toBe(true);
    expect(childA).toBeLessThan(nested);
    expect(nested).toBeLessThan(grandC);
    expect(grandC).toBeLessThan(grandD);
    expect(grandD).toBeLessThan(childE);
    // Depth 1: a top-level `*` item with its content indented by 2; depth 2: nested by 2 more.
    expect(lines[childA - 2]).toMatch(/^\* /);
    expect(lines[childA]).toMatch(/^ {2}child A/);
    expect(lines[grandC - 2]).toMatch(/^ {2}\* /);
    expect(lines[grandC]).toMatch(/^ {4}grandchild C/);
    expect(lines[childE - 2]).toMatch(/^\* /);
    expect(md).toContain('**Forwarded messages (5)**');

    expect(md).toContain(
      '> **Error 230002** · The bot is not in the chat &lt;b\\>"group"&lt;/b\\> · Log ID: `20240308123456abcdef0123456789abcdef01` · HTTP 400',
    );
    expect(md).toContain('*The API returned no items: the message may have been recalled or deleted.*');
    expect(md.trimEnd().endsWith(`${ENTRIES.length} message IDs looked up · ${ITEM_COUNT} messages · 1 failed`)).toBe(true);
    expect(ITEM_COUNT).toBe(18);
  });

  it('speaks Chinese when asked', async () => {
    const md = await collect('markdown', ENTRIES.slice(0, 1), { ...OPTIONS, title: '', locale: 'zh-CN' } as typeof OPTIONS);
    expect(md.startsWith('# 飞书消息导出\n')).toBe(true);
    expect(md).toContain('- **发送者:**');
  });
});

describe('html', () => {
  const parse = (html: string) => new new Window().DOMParser().parseFromString(html, 'text/html');

  it('is one self-contained document with every message text escaped', async () => {
    const html = await collect('html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<link|<iframe|<object|<embed|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;single&#39; &amp; &quot;double&quot;, comma');
    expect(html).toContain('<title>Export &lt;script&gt;</title>');
    for (const [open, close] of [
      ['<ul', '</ul>'],
      ['<li>', '</li>'],
      ['<article', '</article>'],
      ['<section', '</section>'],
    ] as const)
      expect(html.split(open).length).toBe(html.split(close).length);
  });

  it('makes live links of http(s) only', async () => {
    const html = await collect('html');
    const hrefs = [...html.matchAll(/href\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
    expect(hrefs).toEqual(['https://open.feishu.cn/document?a=1&amp;b=&quot;2&quot;']);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    expect(html).toContain('this <span class="href">(javascript:alert(document.cookie))</span>');

    const doc = parse(html);
    expect(doc.querySelectorAll('script, img, iframe, object, embed, link, [src]')).toHaveLength(0);
    expect([...doc.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((a) => a.startsWith('on')))).toEqual([]);
    const links = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['https://open.feishu.cn/document?a=1&b="2"']);
  });

  it('nests merge-forward sub-messages as lists', async () => {
    const doc = parse(await collect('html'));
    const item = (text: string) =>
      [...doc.querySelectorAll('li')].find((li) => li.querySelector(':scope > .content')?.textContent === text);
    const grandchild = item('grandchild C');
    expect(grandchild).toBeDefined();
    const nestedItem = grandchild?.parentElement?.closest('li');
    expect(nestedItem?.querySelector(':scope > .content')?.textContent).toContain('merged forward');
    expect(nestedItem?.parentElement?.closest('li')).toBeNull();
    expect(nestedItem?.closest('section')?.querySelector('h2')?.textContent).toBe(FORWARD);
    expect(item('child E')?.parentElement).toBe(nestedItem?.parentElement);
    expect(doc.querySelector('p.error')?.textContent).toContain('The bot is not in the chat <b>"group"</b>');
    expect(doc.querySelectorAll('section.entry')).toHaveLength(ENTRIES.length);
    // The post: mention resolved, code block kept as text.
    expect([...doc.querySelectorAll('.mention')].map((m) => m.textContent)).toEqual(['@Hanna', '@Hanna']);
    expect(doc.querySelector('pre code')?.textContent).toBe('if (a < b && c > d) { "</code>" }');
  });
});

describe('csv', () => {
  const HEADER =
    'message_id,parent_message_id,depth,msg_type,sender_id,sender_name,sender_type,chat_id,create_time_iso,deleted,updated,text,error_code,error_msg,log_id';

  it('is RFC 4180 with a BOM, and reads back to the same cells', async () => {
    const csv = await collect('csv');
    expect(csv.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]?.join(',')).toBe(HEADER);
    for (const row of rows) expect(row).toHaveLength(15);
    const body = rows.slice(1);
    // Every item, plus a row for the failed lookup and one for the empty one.
    expect(body).toHaveLength(ITEM_COUNT + 2);
    const byId = new Map(body.map((row) => [row[0], row]));

    expect(byId.get(textWithMention.message_id)).toEqual([
      textWithMention.message_id,
      '',
      '0',
      'text',
      TOM,
      // The platform gave no name, and no mention names Tom.
      '',
      'user',
      CHAT,
      '2021-03-10T12:49:33.411Z',
      'false',
      'false',
      // Starts with `@`: neutralised like a formula.
      `'@Hanna please look ${HOSTILE}`,
      '',
      '',
      '',
    ]);
    const grand = byId.get('om_x100b4d2e9f0a1b2c3d4e5f607182f3');
    expect(grand?.slice(0, 4)).toEqual(['om_x100b4d2e9f0a1b2c3d4e5f607182f3', NESTED, '2', 'text']);
    expect(body.map((r) => r[0]).slice(2, 8)).toEqual([
      FORWARD,
      'om_x100b4d2e9f0a1b2c3d4e5f607182f1',
      NESTED,
      'om_x100b4d2e9f0a1b2c3d4e5f607182f3',
      'om_x100b4d2e9f0a1b2c3d4e5f607182f4',
      'om_x100b4d2e9f0a1b2c3d4e5f607182f5',
    ]);
    expect(byId.get(failed.messageId)).toEqual([
      failed.messageId,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '230002',
      failed.error?.msg,
      failed.error?.logId,
    ]);
    expect(byId.get('om_x100b4e5c6b7a8f9e0d1cc1d0e9f8a7')?.[CSV_COLUMNS.indexOf('error_msg')]).toMatch(/no items/);
  });

  it('neutralises formula cells', async () => {
    const rows = parseCsv((await collect('csv', ENTRIES.slice(-formulas.length))).slice(1)).slice(1);
    expect(rows.map((row) => row[CSV_COLUMNS.indexOf('text')])).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      "'+1+2",
      "'-3",
      "'@SUM(A1:A2)",
      "'\tTabbed",
      `'\u00A0\u3000=HYPERLINK("http://evil.example")`,
      'multi\nline, "quoted"',
    ]);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^(?:[\t\r]|\s*[=+\-@])/);
  });

  // Spreadsheets that trim a value on import evaluate what is left: whitespace of any kind, and
  // invisible control and format characters, in front of a formula hide nothing.
  it.each([
    ['space', ' =1+1', true],
    ['spaces and a tab', '  \t=HYPERLINK("http://evil.example")', true],
    ['no-break space', '\u00A0=1+1', true],
    ['en quad', '\u2000+1', true],
    ['hair space', '\u200A-1', true],
    ['narrow no-break space', '\u202F@SUM(A1:A2)', true],
    ['ideographic space', '\u3000=cmd|"/c calc"!A1', true],
    ['line feed', '\n=1+1', true],
    ['carriage return and line feed', '\r\n@x', true],
    ['NUL', '\u0000=1', true],
    ['zero-width space', '\u200B=1', true],
    ['byte order mark', '\uFEFF+1', true],
    ['mixed', ' \u00A0\u3000\u200B\t-2+3', true],
    ['a tab before text (OWASP)', '\tTabbed', true],
    ['a CR before text (OWASP)', '\rtext', true],
    ['text before =', 'a=1', false],
    ['space before text', '  plain', false],
    ['space before a number', ' 12', false],
    ['a line feed before text', '\ntext', false],
    ['a sum in the middle', '1+1', false],
    ['empty', '', false],
  ])('csvCell: %s', (_name, value, neutralised) => {
    const cell = csvCell(value);
    const text = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    expect(text).toBe(neutralised ? `'${value}` : value);
  });
});

describe('sender names', () => {
  /** Named by the platform (`with_sender_name`), a forward's sub-message too; Hanna also by a mention. */
  const container = msg({
    message_id: 'om_x100b4f0000000000000000000000a0',
    msg_type: 'merge_forward',
    sender: {
      id: TOM,
      id_type: 'open_id',
      sender_type: 'user',
      sender_name: 'Tom Li',
      sender_i18n_names: { zh_cn: '李汤姆', en_us: 'Tom Li' },
    },
    content: 'Merged and Forwarded Message',
  });
  const fromBot = msg({
    message_id: 'om_x100b4f0000000000000000000000a1',
    msg_type: 'text',
    upper_message_id: container.message_id,
    sender: { id: 'cli_9f427eec54ae901b', id_type: 'app_id', sender_type: 'app', sender_name: 'Deploy Bot' },
    content: JSON.stringify({ text: 'deployed' }),
  });
  const fromHanna = msg({
    message_id: 'om_x100b4f0000000000000000000000a2',
    msg_type: 'text',
    upper_message_id: container.message_id,
    sender: { id: HANNA, id_type: 'open_id', sender_type: 'user', sender_name: 'Hanna Berg' },
    content: JSON.stringify({ text: '@_user_1 thanks' }),
    mentions: [{ key: '@_user_1', id: HANNA, id_type: 'open_id', name: 'Hanna' }],
  });
  const unnamed = msg({
    message_id: 'om_x100b4f0000000000000000000000a3',
    msg_type: 'text',
    upper_message_id: container.message_id,
    sender: { id: 'ou_ffff0000ffff0000ffff0000ffff0000', id_type: 'open_id', sender_type: 'user' },
    content: JSON.stringify({ text: 'who am I' }),
  });
  const entries: ExportEntry[] = [{ messageId: container.message_id ?? '', items: [container, fromBot, fromHanna, unnamed] }];
  const zh = { ...OPTIONS, locale: 'zh-CN' } as typeof OPTIONS;

  it('JSON and NDJSON keep the names as the platform gave them', async () => {
    const json = JSON.parse(await collect('json', entries)) as { data: { items: ApiMessage[] } };
    expect(json.data.items.map((item) => item.sender?.sender_name)).toEqual(['Tom Li', 'Deploy Bot', 'Hanna Berg', undefined]);
    const lines = (await collect('ndjson', entries))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { sender: unknown });
    expect(lines[0]?.sender).toMatchObject({ sender_name: 'Tom Li', sender_i18n_names: { zh_cn: '李汤姆', en_us: 'Tom Li' } });
  });

  it('Markdown and HTML name each sender in the export language, the platform before a mention, the ID when none', async () => {
    const md = await collect('markdown', entries);
    expect(md).toContain(`- **Sender:** **Tom Li** \`${TOM}\` (user)`);
    expect(md).toContain('* **Deploy Bot** `cli_9f427eec54ae901b` (app)');
    expect(md).toContain(`* **Hanna Berg** \`${HANNA}\` (user)`);
    expect(md).toContain('* `ou_ffff0000ffff0000ffff0000ffff0000` (user)');
    expect(await collect('markdown', entries, zh)).toContain(`- **发送者:** **李汤姆** \`${TOM}\` (user)`);

    const html = await collect('html', entries);
    const names = [...html.matchAll(/<span class="name">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(names).toEqual(['Tom Li', 'Deploy Bot', 'Hanna Berg']);
    expect(await collect('html', entries, zh)).toContain('<span class="name">李汤姆</span>');
  });

  it('CSV has the name beside the ID, empty where none was given', async () => {
    const column = async (options: typeof OPTIONS) =>
      parseCsv((await collect('csv', entries, options)).slice(1))
        .slice(1)
        .map((row) => [row[CSV_COLUMNS.indexOf('sender_id')], row[CSV_COLUMNS.indexOf('sender_name')]]);
    expect(await column(OPTIONS)).toEqual([
      [TOM, 'Tom Li'],
      ['cli_9f427eec54ae901b', 'Deploy Bot'],
      [HANNA, 'Hanna Berg'],
      ['ou_ffff0000ffff0000ffff0000ffff0000', ''],
    ]);
    expect((await column(zh))[0]).toEqual([TOM, '李汤姆']);
  });
});

describe('streaming', () => {
  const COUNT = 10_000;
  const LIMIT = 64 * 1024;

  function* manyEntries(): Generator<ExportEntry> {
    for (let i = 0; i < COUNT; i++) {
      const id = `om_x100b${i.toString(16).padStart(27, '0')}`;
      if (i % 100 === 99) yield { messageId: id, error: { code: 230001, msg: 'bad id', logId: `log${i}` } };
      else
        yield {
          messageId: id,
          items: [msg({ message_id: id, msg_type: 'text', content: JSON.stringify({ text: `message ${i}, "q" <b>` }) })],
        };
    }
  }

  /** A forward of 10,000 sub-messages, each nested in the one before: one entry, unbounded depth. */
  function* deepForward(): Generator<ExportEntry> {
    const items: ApiMessage[] = [msg({ message_id: 'om_root', msg_type: 'merge_forward', content: 'Merged and Forwarded Message' })];
    for (let i = 0; i < COUNT; i++)
      items.push(
        msg({
          message_id: `om_sub${i}`,
          msg_type: 'text',
          upper_message_id: i === 0 ? 'om_root' : `om_sub${i - 1}`,
          content: '{"text":"x"}',
        }),
      );
    yield { messageId: 'om_root', items };
  }

  async function consume(format: ExportFormat, entries: Iterable<ExportEntry>) {
    let largest = 0;
    let chunks = 0;
    const kept: string[] = [];
    for await (const chunk of exportChunks(format, entries, OPTIONS)) {
      largest = Math.max(largest, chunk.length);
      chunks++;
      kept.push(chunk);
    }
    return { largest, chunks, text: kept.join('') };
  }

  it.each(EXPORT_FORMATS)('%s streams 10,000 lookups in small chunks', async (format) => {
    const { largest, chunks, text } = await consume(format, manyEntries());
    expect(largest).toBeLessThan(LIMIT);
    expect(chunks).toBeGreaterThan(10);
    if (format === 'json') {
      const parsed = JSON.parse(text) as { data: { items: unknown[] }; errors: unknown[] };
      expect(parsed.data.items).toHaveLength(COUNT - COUNT / 100);
      expect(parsed.errors).toHaveLength(COUNT / 100);
    }
    if (format === 'ndjson') expect(text.trimEnd().split('\n')).toHaveLength(COUNT);
    if (format === 'csv') expect(parseCsv(text.slice(1))).toHaveLength(COUNT + 1);
    if (format === 'markdown') expect(text.match(/^## /gm)).toHaveLength(COUNT);
    if (format === 'html') expect(text.match(/<section class="entry">/g)).toHaveLength(COUNT);
  });

  it.each(EXPORT_FORMATS)('%s streams one 10,000-deep forward in small chunks', async (format) => {
    const { largest, text } = await consume(format, deepForward());
    expect(largest).toBeLessThan(LIMIT);
    // Output grows linearly: nesting shown is capped, the real depth written beside it.
    expect(text.length).toBeLessThan(COUNT * 1200);
    if (format === 'csv')
      expect(parseCsv(text.slice(1)).at(-1)?.slice(0, 3)).toEqual([`om_sub${COUNT - 1}`, `om_sub${COUNT - 2}`, String(COUNT)]);
    if (format === 'markdown') expect(text).toContain(`depth ${COUNT}`);
    if (format === 'html') {
      expect(text.split('<ul').length).toBe(text.split('</ul>').length);
      expect(text.split('<li>').length).toBe(text.split('</li>').length);
    }
  });
});

describe('labels inside message content', () => {
  const image = msg({
    message_id: 'om_x100b4a1e2d3c4b5a69788796a5b4e1',
    msg_type: 'image',
    content: JSON.stringify({ image_key: 'img_v3_e1' }),
  });
  const attachment = msg({
    message_id: 'om_x100b4a1e2d3c4b5a69788796a5b4e2',
    msg_type: 'post',
    content: JSON.stringify({
      title: 'Minutes',
      content: [[{ tag: 'img', image_key: 'img_v3_e2' }]],
      files: [{ file_key: 'file_v3_e2', file_name: 'minutes.pdf' }],
    }),
  });
  const entries: ExportEntry[] = [
    { messageId: image.message_id ?? '', items: [image] },
    { messageId: attachment.message_id ?? '', items: [attachment] },
    { messageId: FORWARD, items: forwardItems },
    { messageId: calendar.message_id ?? '', items: [calendar] },
  ];
  const zh = { ...OPTIONS, locale: 'zh-CN' } as typeof OPTIONS;

  it('are in Chinese in a Chinese Markdown export', async () => {
    const md = await collect('markdown', entries, zh);
    expect(md).toContain('\\[图片 `img_v3_e1`\\]');
    expect(md).toContain('\\[文件 minutes.pdf `file_v3_e2`\\]');
    expect(md).toContain('\\[合并转发\\] Merged and Forwarded Message');
    expect(md).toContain('\\[分享日程\\] Weekly sync');
    expect(md).not.toMatch(/\\\[(?:image|file|merged forward|shared calendar event)\b/);
  });

  it('are in Chinese in a Chinese HTML export, text and post runs alike', async () => {
    const html = await collect('html', entries, zh);
    expect(html).toContain('[图片 img_v3_e1]');
    expect(html).toContain('<span class="tag">[图片 img_v3_e2]</span>');
    expect(html).toContain('<div class="para tag">[文件 minutes.pdf file_v3_e2]</div>');
    expect(html).toContain('[合并转发] Merged and Forwarded Message');
    expect(html).not.toMatch(/\[(?:image|file|merged forward|shared calendar event)\b/);
  });

  it('are in Chinese in the text column of a Chinese CSV export', async () => {
    const rows = parseCsv((await collect('csv', entries, zh)).replace(/^\uFEFF/, ''));
    const text = rows.map((row) => row[CSV_COLUMNS.indexOf('text')]);
    expect(text).toContain('[图片 img_v3_e1]');
    expect(text).toContain('[合并转发] Merged and Forwarded Message');
    expect(text.some((cell) => cell?.startsWith('[分享日程] Weekly sync'))).toBe(true);
  });

  it('stay English in an English export', async () => {
    const md = await collect('markdown', entries);
    expect(md).toContain('\\[image `img_v3_e1`\\]');
    expect(md).toContain('\\[merged forward\\] Merged and Forwarded Message');
    expect(await collect('html', entries)).toContain('<div class="para tag">[file minutes.pdf file_v3_e2]</div>');
  });
});

describe('images and files saved beside the export', () => {
  const image = msg({ message_id: 'om_res_image', msg_type: 'image', content: JSON.stringify({ image_key: 'img_saved' }) });
  const lost = msg({ message_id: 'om_res_lost', msg_type: 'image', content: JSON.stringify({ image_key: 'img_lost' }) });
  const file = msg({
    message_id: 'om_res_file',
    msg_type: 'file',
    content: JSON.stringify({ file_key: 'file_saved', file_name: 'notes <v2>.pdf' }),
  });
  const post = msg({
    message_id: 'om_res_post',
    msg_type: 'post',
    content: JSON.stringify({
      title: '',
      content: [[{ tag: 'img', image_key: 'img_in_post' }]],
      files: [{ file_key: 'file_att', file_name: 'a.zip' }],
    }),
  });
  const entries: ExportEntry[] = [image, lost, file, post].map((item) => ({ messageId: item.message_id ?? '', items: [item] }));
  const saved = new Map([
    ['om_res_image img_saved', 'my%20chat_files/om_res_image-img_saved.png'],
    ['om_res_file file_saved', 'my%20chat_files/om_res_file-file_saved.pdf'],
    ['om_res_post img_in_post', 'data:image/png;base64,iVBORw0KGgo='],
    ['om_res_post file_att', 'javascript:alert(1)'],
  ]);
  const resources = { href: (messageId: string, key: string) => saved.get(`${messageId} ${key}`) };
  const run = async (format: ExportFormat, withResources: boolean) => {
    const chunks: string[] = [];
    for await (const chunk of exportChunks(format, entries, { ...OPTIONS, ...(withResources ? { resources } : {}) })) chunks.push(chunk);
    return chunks.join('');
  };

  it('Markdown links each saved one (images as images) and keeps the tag of the others', async () => {
    const md = await run('markdown', true);
    expect(md).toContain('![image](<my%20chat_files/om_res_image-img_saved.png>)');
    expect(md).toContain('[notes &lt;v2\\>.pdf](<my%20chat_files/om_res_file-file_saved.pdf>)');
    expect(md).toContain('\\[image `img_lost`\\]');
    // A data: URI is for HTML only, and an href that is no path of ours stays out.
    expect(md).toContain('\\[image `img_in_post`\\]');
    expect(md).toContain('\\[file a.zip `file_att`\\]');
    expect(md).not.toContain('javascript');
  });

  it('HTML shows the saved images, links the saved files, and lets images in only then', async () => {
    const html = await run('html', true);
    const doc = new new Window().DOMParser().parseFromString(html, 'text/html');
    expect([...doc.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual([
      'my%20chat_files/om_res_image-img_saved.png',
      'data:image/png;base64,iVBORw0KGgo=',
    ]);
    expect([...doc.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['notes <v2>.pdf', 'my%20chat_files/om_res_file-file_saved.pdf'],
    ]);
    expect(html).toContain('[image img_lost]');
    expect(html).toContain('[file a.zip file_att]');
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toContain(
      "img-src 'self' file: data:",
    );

    const plain = await run('html', false);
    expect(plain).not.toMatch(/<img|img-src/);
    expect(plain).toContain('[image img_saved]');
  });
});
