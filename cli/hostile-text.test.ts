/**
 * What a sender or a server writes must not drive the reader's terminal: `get`, `render` and
 * `export` print escape sequences, lone CRs and bidi overrides visibly; JSON and files keep them.
 */

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSandbox } from '../core/sandbox/emulator';
import { main } from './main';
import { serveOnLoopback, type LoopbackServer } from '../node/node-http';

/** Clears the screen, sets the window title, overwrites the line, reverses what follows. */
const HOSTILE = 'hi\u001b[2J\u001b[H\u001b]0;pwned\u0007 all good\rALL BAD \u202Eevil\u202C \u009b31mred';
/** What a terminal could obey: ESC, BEL, a CR not followed by LF, CSI (C1), the bidi overrides. */
const RAW = /[\u001b\u0007\u009b\u202a-\u202e\u2066-\u2069]|\r(?!\n)/; // eslint-disable-line no-control-regex

const TEXT_ID = 'om_hostile_text_000000000000000000000';
const FAILING_ID = 'om_hostile_fail_000000000000000000000';
/** A platform msg that would also forge a line of the failure list. */
const FAILING_MSG = 'The bot is not in the chat.\u001b[2J\r\u001b]0;pwned\u0007\n  om_forged_0000000000  code 0  fine';

function message(messageId: string) {
  return {
    message_id: messageId,
    msg_type: 'text',
    create_time: '1700000000000',
    update_time: '1700000000000',
    chat_id: 'oc_hostile',
    sender: { id: 'ou_hostile', id_type: 'open_id', sender_type: 'user', sender_name: `Eve\u001b]0;title\u0007` },
    body: { content: JSON.stringify({ text: `${HOSTILE} @_user_1` }) },
    mentions: [{ key: '@_user_1', id: 'ou_tom', id_type: 'open_id', name: `Tom\u001b]0;title\u0007`, tenant_key: 't' }],
  };
}

let server: LoopbackServer;
let stdout = '';
let stderr = '';
let dir = '';

beforeAll(async () => {
  const sandbox = createSandbox({ rateLimits: false });
  server = await serveOnLoopback(async (request, init) => {
    const id = new URL(request.url).pathname.split('/').at(-1);
    if (id === TEXT_ID) return Response.json({ code: 0, msg: 'success', data: { items: [message(TEXT_ID)] } });
    if (id === FAILING_ID) {
      return Response.json({ code: 230002, msg: FAILING_MSG, data: {} }, { status: 400 });
    }
    return sandbox.handle(request, init);
  });
});

afterAll(() => server.close());

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.stubEnv('INSPECTOR_CONFIG_DIR', mkdtempSync(path.join(tmpdir(), 'inspector-config-')));
  vi.stubEnv('FEISHU_APP_ID', 'cli_sandbox');
  vi.stubEnv('FEISHU_APP_SECRET', 'sandbox_secret');
  vi.stubEnv('FEISHU_DOMAIN', server.url);
  dir = mkdtempSync(path.join(tmpdir(), 'inspector-hostile-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('hostile text on the terminal', () => {
  it('get prints the message and the failure with their escapes visible, not obeyed', async () => {
    expect(await main(['get', TEXT_ID, FAILING_ID, '--profile', 'env', '--lang', 'en'])).toBe(1);
    expect(stdout).toContain('hi\\x1b[2J\\x1b[H\\x1b]0;pwned\\x07 all good\\x0dALL BAD \\u202eevil\\u202c \\x9b31mred');
    expect(stdout).toContain('Tom\\x1b]0;title\\x07');
    expect(stdout).toContain('ou_hostile · Eve\\x1b]0;title\\x07');
    expect(stdout).not.toMatch(RAW);
    expect(stderr).toContain('230002');
    expect(stderr).not.toMatch(RAW);
  });

  it('get --json prints the data exactly, as JSON', async () => {
    expect(await main(['get', TEXT_ID, '--profile', 'env', '--json'])).toBe(0);
    const data = JSON.parse(stdout) as { items: { body: { content: string } }[] };
    expect(JSON.parse(data.items[0]!.body.content)).toEqual({ text: `${HOSTILE} @_user_1` });
  });

  it('render prints text and Markdown with escapes visible; JSON keeps them', async () => {
    const file = path.join(dir, 'saved.json');
    writeFileSync(file, JSON.stringify({ code: 0, msg: 'success', data: { items: [message(TEXT_ID)] } }));
    // Text shows the lone CR; Markdown has already made it a line break (a CR could end the list
    // item around a code block), so no raw CR reaches the terminal either way.
    for (const [format, shown] of [
      ['text', 'all good\\x0dALL BAD \\u202eevil'],
      ['markdown', 'all good\n  ALL BAD \\u202eevil'],
    ]) {
      stdout = '';
      expect(await main(['render', file, '--format', format!])).toBe(0);
      expect(stdout).toContain(shown);
      expect(stdout).not.toMatch(RAW);
    }
    stdout = '';
    expect(await main(['render', file, '--format', 'json'])).toBe(0);
    expect((JSON.parse(stdout) as { text: string }[])[0]!.text).toContain(HOSTILE);
  });

  it('render refuses a binary file in a sentence instead of echoing its bytes, exit 1', async () => {
    const file = path.join(dir, 'photo.json');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe]));
    expect(await main(['render', file])).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/photo\.json is not a saved response: The file is binary, not UTF-8 text/);
    expect(stderr).not.toMatch(RAW);
    // Invalid UTF-8 without a NUL, and UTF-16 text, are not saved responses either.
    writeFileSync(file, Buffer.concat([Buffer.from('{"code":0,"msg":"'), Buffer.from([0xc3, 0x28, 0x1b]), Buffer.from('"}')]));
    expect(await main(['render', file])).toBe(1);
    writeFileSync(file, Buffer.from('\ufeff{"code":0}', 'utf16le'));
    expect(await main(['render', file])).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.match(/is not a saved response: The file is binary/g)).toHaveLength(3);
  });

  it('render: a file that is not JSON is not echoed raw in the error', async () => {
    const file = path.join(dir, 'page.html');
    writeFileSync(file, '\u001b]0;pwned\u0007\u001b[2J<html>');
    expect(await main(['render', file])).toBe(1);
    expect(stderr).toMatch(/is not a saved response/);
    expect(stderr).not.toMatch(RAW);
  });

  it('export lists failures with their escapes visible; the file keeps what was sent', async () => {
    const ids = path.join(dir, 'ids.txt');
    writeFileSync(ids, `${TEXT_ID}\n${FAILING_ID}\n`);
    const out = path.join(dir, 'out.json');
    expect(await main(['export', ids, '--out', out, '--profile', 'env'])).toBe(2);
    expect(stderr).toContain(`  ${FAILING_ID}  code 230002  The bot is not in the chat.\\x1b[2J\\x0d\\x1b]0;pwned\\x07   om_forged`);
    expect(stderr).not.toMatch(/^ {2}om_forged/m);
    expect(stderr).not.toMatch(RAW);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { data: { items: { body: { content: string } }[] }; errors: { msg: string }[] };
    expect(json.data.items[0]!.body.content).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    expect(json.errors[0]!.msg).toBe(FAILING_MSG);
    expect(readdirSync(dir).sort()).toEqual(['ids.txt', 'out.json']);
  });
});
