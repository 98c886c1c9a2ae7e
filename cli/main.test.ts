import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { main } from './main';

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.stubEnv('FEISHU_APP_ID', '');
  vi.stubEnv('FEISHU_APP_SECRET', '');
  // Profiles and history of these runs go to a folder of their own, not the user's.
  vi.stubEnv('INSPECTOR_CONFIG_DIR', mkdtempSync(path.join(tmpdir(), 'inspector-config-')));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('inspector get', () => {
  it('prints the seed example readably and exits 0', async () => {
    expect(await main(['get', 'om_dc13264520392913993dd051dba21dcf'])).toBe(0);
    expect(stdout).toContain('msg_type     text');
    expect(stdout).toContain('"text": "test content"');
    expect(stdout).toContain('@_user_1 → Tom');
    expect(stdout).toContain('2021-03-10T12:49:33.411Z');
  });

  it("prints the API's data object with --json", async () => {
    expect(await main(['get', 'om_dc13264520392913993dd051dba21dcf', '--json', '--user-id-type', 'user_id'])).toBe(0);
    const data = JSON.parse(stdout);
    expect(data.items[0].body.content).toBe('{"text":"test content"}');
    expect(data.items[0].mentions[0].id).toBe('e33ggbyz');
  });

  it('finds IDs in pasted text and explains an error on stderr in the chosen language, exit 1', async () => {
    expect(await main(['get', 'failed:', 'om_error_230013', 'in', 'oc_abcdef', '--lang', 'zh'])).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('230013');
    expect(stderr).toMatch(/\n\s*1\. .*\n\s*2\. /);
    expect(stderr).toMatch(/[\u4e00-\u9fff]/);
    expect(stderr).toMatch(/\d{14}[0-9A-F]{20}/);
    expect(stderr).toContain('skipped (not message IDs): oc_abcdef');
  });

  it('--bundle saves the ticket of a failed lookup: steps, log ID, no secret; one message only', async () => {
    const target = path.join(mkdtempSync(path.join(tmpdir(), 'inspector-bundle-')), 'ticket.html');
    expect(await main(['get', 'om_error_99991672', '--bundle', target, '--lang', 'en'])).toBe(1);
    const html = readFileSync(target, 'utf8');
    const logId = /Log ID: (\S+)/.exec(stderr)?.[1];
    expect(logId).toBeTruthy();
    expect(html).toContain(logId);
    expect(html).toContain('Steps to fix it');
    expect(html).toContain('Feishu Message Inspector');
    expect(html).not.toContain('sandbox_secret');
    expect(html).not.toMatch(/t-sandbox-[0-9a-f]{8,}/);
    expect(stderr).toContain(`Ticket bundle saved: ${target}`);

    stderr = '';
    expect(await main(['get', 'om_error_230002', 'om_error_230013', '--bundle', target])).toBe(1);
    expect(stderr).toContain("--bundle writes one message's ticket: give one message ID, not 2");
  });

  it('labels message content in the chosen language', async () => {
    const forward = 'om_x100b4d2e9f0a1b2c3d4e5f60718293';
    const image = 'om_x100b4c3a4f5e6d7c8b9aa9b8c7d6e5';
    expect(await main(['get', forward, image, '--lang', 'zh-CN'])).toBe(0);
    expect(stdout).toMatch(/^rendered\n {2}\[合并转发\] Merged and Forwarded Message$/m);
    expect(stdout).toMatch(/^rendered\n {2}\[图片 img_\S+\]$/m);
    expect(stdout).not.toMatch(/\[(?:merged forward|image)\b/);
    stdout = '';
    expect(await main(['get', image, '--lang', 'en'])).toBe(0);
    expect(stdout).toMatch(/^rendered\n {2}\[image img_\S+\]$/m);
  });

  it.each([
    [['get'], /give a message ID/],
    [['get', 'hello'], /no message ID found/],
    [['get', 'om_dc13264520392913993dd051dba21dcf', '--profile', 'prod'], /no profile "prod"/],
    [['get', 'om_dc13264520392913993dd051dba21dcf', '--user-id-type', 'email'], /--user-id-type must be one of/],
    [['get', 'om_dc13264520392913993dd051dba21dcf', '--lang', 'fr'], /--lang must be zh or en/],
    [['web', '--port', 'eighty'], /--port must be a whole number/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['sandbox', '--fault-rate', '2'], /--fault-rate must be from 0 to 1/],
    [['sandbox', '--faults', '429,teapot'], /unknown fault kind\(s\) teapot/],
  ])('%j is a usage error: exit 1 with a clear message', async (argv, message) => {
    expect(await main(argv)).toBe(1);
    expect(stderr + stdout).toMatch(message);
  });
});

describe('inspector get with store files edited by hand', () => {
  it('leaves a settings.json with a typo as it is, keeps a copy and says so once on stderr; a bad history entry too', async () => {
    const dir = process.env.INSPECTOR_CONFIG_DIR!;
    const settings = JSON.stringify({
      schemaVersion: 2,
      profiles: [{ profileId: 'p1', name: 'Prod', domain: 'Feishu', appId: 'cli_a1b2c3', defaultUserIdType: 'open_id' }],
      activeProfileId: 'p1',
    });
    writeFileSync(path.join(dir, 'settings.json'), settings);
    writeFileSync(
      path.join(dir, 'history.json'),
      JSON.stringify({ entries: [{ id: 'h1', messageId: 'om_x', profileId: 'sandbox', at: Date.now(), outcome: 'later' }] }),
    );
    expect(await main(['get', 'om_dc13264520392913993dd051dba21dcf'])).toBe(0);
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(settings);
    const asides = readdirSync(dir).filter((name) => name.includes('.unreadable-'));
    expect(asides.sort()).toEqual([
      expect.stringMatching(/^history\.json\.unreadable-\d+$/),
      expect.stringMatching(/^settings\.json\.unreadable-\d+$/),
    ]);
    const settingsAside = path.join(
      dir,
      asides.find((name) => name.startsWith('settings'))!,
    );
    expect(stderr).toContain(`inspector: ${path.join(dir, 'settings.json')} has entries that could not be read; they are left out:`);
    expect(stderr).toContain('  - profiles[0] ("Prod") dropped: domain: domain must be feishu, lark or custom');
    expect(stderr).toContain(`The whole original is kept, byte for byte, at ${settingsAside}.`);
    expect(stderr).toContain('  - entries[0] dropped: outcome: outcome must be ok or error');
    expect(stderr.match(/has entries that could not be read/g)).toHaveLength(2);

    // Nothing to say: nothing said.
    vi.stubEnv('INSPECTOR_CONFIG_DIR', mkdtempSync(path.join(tmpdir(), 'inspector-config-')));
    stderr = '';
    expect(await main(['get', 'om_dc13264520392913993dd051dba21dcf'])).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('inspector render', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'inspector-render-'));
  const forward = path.join(dir, 'forward.json');
  writeFileSync(
    forward,
    JSON.stringify({
      code: 0,
      msg: 'success',
      data: {
        items: [
          {
            message_id: 'om_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
            msg_type: 'merge_forward',
            body: { content: 'Merged and Forwarded Message' },
          },
          {
            message_id: 'om_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
            msg_type: 'text',
            upper_message_id: 'om_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
            create_time: '1700000001000',
            body: { content: '{"text":"hello @_user_1"}' },
            mentions: [{ key: '@_user_1', id: 'ou_1', name: 'Tom' }],
          },
        ],
      },
    }),
  );

  it('prints the messages with children indented under their parent and mentions as names', async () => {
    expect(await main(['render', forward])).toBe(0);
    const lines = stdout.split('\n');
    const child = lines.findIndex((l) => l.includes('om_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'));
    expect(lines[child]).toMatch(/^ {2}\[text\]/);
    expect(lines[child + 1]).toBe('    hello @Tom');
    expect(stdout).not.toContain('@_user_1');
  });

  it('prints Markdown as nested lists and JSON with depths', async () => {
    expect(await main(['render', forward, '--format', 'markdown'])).toBe(0);
    expect(stdout).toMatch(/^- \*\*\\\[merge\\_forward\\\]/);
    expect(stdout).toMatch(/\n {2}- \*\*\\\[text\\\]/);
    stdout = '';
    expect(await main(['render', forward, '--format', 'json'])).toBe(0);
    const rendered = JSON.parse(stdout) as { depth: number; text: string }[];
    expect(rendered.map((r) => r.depth)).toEqual([0, 1]);
    expect(rendered[1]!.text).toBe('hello @Tom');
  });

  it('labels message content in the chosen language, in every format', async () => {
    expect(await main(['render', forward, '--lang', 'zh'])).toBe(0);
    expect(stdout).toMatch(/^\[merge_forward\] .*\n {2}\[合并转发\] Merged and Forwarded Message\n/);
    stdout = '';
    expect(await main(['render', forward, '--format', 'markdown', '--lang', 'zh-CN'])).toBe(0);
    expect(stdout).toContain('\\[合并转发\\] Merged and Forwarded Message');
    stdout = '';
    expect(await main(['render', forward, '--format', 'json', '--lang', 'zh-CN'])).toBe(0);
    expect((JSON.parse(stdout) as { text: string }[])[0]!.text).toBe('[合并转发] Merged and Forwarded Message');
    stdout = '';
    expect(await main(['render', forward, '--lang', 'en'])).toBe(0);
    expect(stdout).toContain('  [merged forward] Merged and Forwarded Message');
    expect(await main(['render', forward, '--lang', 'fr'])).toBe(1);
    expect(stderr).toMatch(/--lang must be zh or en/);
  });

  it('on a Chinese system: text follows it, JSON stays English unless --lang says otherwise', async () => {
    vi.stubEnv('LANG', 'zh_CN.UTF-8');
    vi.stubEnv('LC_ALL', '');
    vi.stubEnv('LC_MESSAGES', '');
    try {
      expect(await main(['render', forward])).toBe(0);
      expect(stdout).toContain('[合并转发] Merged and Forwarded Message');
      stdout = '';
      expect(await main(['render', forward, '--format', 'json'])).toBe(0);
      expect((JSON.parse(stdout) as { text: string }[])[0]!.text).toBe('[merged forward] Merged and Forwarded Message');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads the saved response from stdin with -', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const output = execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'render', '-'],
      {
        input: readFileSync(forward),
      },
    ).toString();
    expect(output).toContain('    hello @Tom');
  }, 30_000);

  it('exits 1 with a clear message for a file that is not a saved response', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '<html>login</html>');
    expect(await main(['render', bad])).toBe(1);
    expect(stderr).toMatch(/is not a saved response: The file is not JSON/);
    expect(await main(['render', path.join(dir, 'missing.json')])).toBe(1);
    expect(stderr).toMatch(/cannot read/);
    expect(await main(['render', forward, '--format', 'pdf'])).toBe(1);
  });
});

describe('no secrets in the output', () => {
  it('get with an environment profile against a sandbox server prints neither the secret nor a token', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const server = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'sandbox', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    try {
      const base = await new Promise<string>((resolve) => createInterface({ input: server.stdout! }).once('line', resolve));
      vi.stubEnv('FEISHU_APP_ID', 'cli_sandbox');
      vi.stubEnv('FEISHU_APP_SECRET', 'sandbox_secret');
      vi.stubEnv('FEISHU_DOMAIN', base);
      expect(await main(['get', 'om_dc13264520392913993dd051dba21dcf', 'om_error_230110', '--profile', 'env'])).toBe(1);
      expect(stdout).toContain('test content');
      expect(stderr).toContain('230110');
      expect(await main(['get', 'om_dc13264520392913993dd051dba21dcf', '--profile', 'env', '--json'])).toBe(0);
      for (const text of [stdout, stderr]) {
        expect(text).not.toContain('sandbox_secret');
        expect(text).not.toMatch(/t-sandbox-[0-9a-f]{32}/);
      }
    } finally {
      server.kill('SIGTERM');
    }
  }, 30_000);
});

describe('inspector sandbox', () => {
  it('prints its base URL first, and the official token + message calls work against it', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'sandbox', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const base = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = await fetch(`${base}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: 'cli_sandbox', app_secret: 'sandbox_secret' }),
      }).then((r) => r.json() as Promise<{ tenant_access_token: string }>);
      const message = await fetch(`${base}/open-apis/im/v1/messages/om_dc13264520392913993dd051dba21dcf`, {
        headers: { authorization: `Bearer ${token.tenant_access_token}` },
      }).then((r) => r.json() as Promise<{ data: { items: { body: { content: string } }[] } }>);
      expect(message.data.items[0]!.body.content).toBe('{"text":"test content"}');
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
