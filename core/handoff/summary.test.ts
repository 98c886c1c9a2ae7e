import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { InspectorService } from '../app/service';
import { FakeClock } from '../testing/fake-clock';
import { memoryStores } from '../testing/memory-stores';
import { chatSummary, SUMMARY_LINE_CHARS, SUMMARY_MAX_LINES, type LookupLike } from './summary';

function sandboxService() {
  const clock = new FakeClock();
  return new InspectorService({
    stores: memoryStores(clock),
    fetch: () => Promise.reject(new Error('offline')),
    clock,
    host: 'browser',
    version: 't',
  });
}

const text = (content: string, extra: object = {}): LookupLike => ({
  messageId: 'om_summary0001',
  profileId: 'sandbox',
  exchanges: [],
  ok: true,
  response: {
    data: {
      items: [
        {
          message_id: 'om_summary0001',
          msg_type: 'text',
          create_time: String(Date.UTC(2024, 0, 2, 12)),
          chat_id: 'oc_chat00001',
          sender: { id: 'ou_sender0001', id_type: 'open_id', sender_type: 'user' },
          body: { content: JSON.stringify({ text: content }) },
          ...extra,
        },
      ],
    },
  },
});

describe('the summary for chat', () => {
  it('of a message: ID, type, time, sender, chat, the first lines and a link back', () => {
    const summary = chatSummary(text('first line\nsecond line'), 'en');
    expect(summary).toBe(
      [
        '**Feishu message** `om_summary0001` · `text` · 2024-01-02 12:00:00 UTC',
        '',
        'Sender: `ou_sender0001` · Chat: `oc_chat00001`',
        '',
        '> first line',
        '> second line',
        '',
        'Open in the inspector: feishu-inspector://message/om_summary0001?profile=sandbox',
        '',
      ].join('\n'),
    );
  });

  it("names the sender as the platform did, in the reader's language", () => {
    const named = text('hi', {
      sender: {
        id: 'ou_sender0001',
        sender_type: 'user',
        sender_name: 'Zhang San',
        sender_i18n_names: { zh_cn: '张三', en_us: 'Zhang San' },
      },
    });
    expect(chatSummary(named, 'zh-CN')).toContain('发送者: 张三 (`ou_sender0001`)');
    expect(chatSummary(named, 'en')).toContain('Sender: Zhang San (`ou_sender0001`)');
  });

  it('stays chat-sized however long the message', () => {
    const long = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(400)}`).join('\n');
    const summary = chatSummary(text(long), 'en');
    const quoted = summary.split('\n').filter((line) => line.startsWith('> '));
    expect(quoted).toHaveLength(SUMMARY_MAX_LINES + 1);
    expect(quoted.at(-1)).toBe('> …');
    for (const line of quoted) expect(Array.from(line).length).toBeLessThanOrEqual(SUMMARY_LINE_CHARS + 2 + 20);
    expect(summary.length).toBeLessThan(1500);
  });

  it('pastes as Markdown that shows what was sent, with nothing live in it', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](javascript:alert(2)) # heading @all \u001b[2J';
    const html = marked.parse(chatSummary(text(hostile), 'en'), { async: false });
    expect(html).not.toMatch(/<img|<h1|href="javascript/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('\\x1b[2J');
    expect(html).toContain('<strong>Feishu message</strong>');
  });

  it('reads as separate paragraphs: no line runs into the next, none is swallowed by the quote', () => {
    const html = marked.parse(chatSummary(text('one\ntwo'), 'en'), { async: false });
    expect(html).toBe(
      [
        '<p><strong>Feishu message</strong> <code>om_summary0001</code> · <code>text</code> · 2024-01-02 12:00:00 UTC</p>',
        '<p>Sender: <code>ou_sender0001</code> · Chat: <code>oc_chat00001</code></p>',
        '<blockquote>\n<p>one\ntwo</p>\n</blockquote>',
        '<p>Open in the inspector: feishu-inspector://message/om_summary0001?profile=sandbox</p>',
        '',
      ].join('\n'),
    );
  });

  it('of a failure: code, meaning, msg, log ID and the first step, from a real sandbox lookup', async () => {
    const lookup = await sandboxService().getMessage({ messageId: 'om_error_230002' });
    expect(lookup.ok).toBe(false);
    if (lookup.ok) return;
    const summary = chatSummary(lookup, 'en');
    const lines = summary.trimEnd().split('\n\n');
    expect(lines[0]).toMatch(/^\*\*Fetching the message failed\*\* `om_error_230002` `230002` · /);
    expect(lines[1]).toContain(`msg: \``);
    expect(lines[1]).toContain(`Log ID: \`${lookup.failure.logId}\``);
    expect(lines[1]).toContain('HTTP 400');
    expect(lines[2]).toMatch(/^First step: \S/);
    expect(lines.at(-1)).toBe('Open in the inspector: feishu-inspector://message/om_error_230002?profile=sandbox');
  });
});
