/**
 * `inspector tail` as a person runs it: a real child process, tailing an `inspector sandbox` (as
 * the env profile of the sandbox's bot app) or the Sandbox profile's own sandbox, with events
 * made through /sandbox/v1/*. One tail at a time: the sandbox gives each event to one of the
 * app's connections.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_CHAT_ID } from '../core/sandbox/fixtures/chats';
import { TOM } from '../core/sandbox/fixtures/people';
import type { LiveRow } from '../core/events/live';
import { readableLine } from './tail';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const main = path.join(root, 'cli/main.ts');
const configDir = mkdtempSync(path.join(tmpdir(), 'inspector-tail-'));

let server: ChildProcess;
let base: string;

beforeAll(async () => {
  server = spawn(process.execPath, [tsx, main, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`inspector sandbox exited ${code}`)));
  });
}, 30_000);

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(configDir, { recursive: true, force: true });
});

interface Tail {
  child: ChildProcess;
  stdout: string[];
  stderr(): string;
  /** Resolves once a stdout line matches (or stderr, with `onStderr`). */
  waitFor(test: (line: string) => boolean, onStderr?: boolean): Promise<string>;
  exit: Promise<number | null>;
}

function tail(args: string[], secret = 'sandbox_secret'): Tail {
  const child = spawn(process.execPath, [tsx, main, 'tail', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      INSPECTOR_CONFIG_DIR: configDir,
      LANG: 'en_US.UTF-8',
      FEISHU_APP_ID: 'cli_9f427eec54ae901b',
      FEISHU_APP_SECRET: secret,
      FEISHU_DOMAIN: base,
    },
  });
  const stdout: string[] = [];
  const stderrLines: string[] = [];
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    stdout.push(line);
    wake();
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrLines.push(line);
    wake();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout,
    stderr: () => stderrLines.join('\n'),
    exit,
    async waitFor(test, onStderr = false) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = (onStderr ? stderrLines : stdout).find(test);
        if (found !== undefined) return found;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no such line; stdout:\n${stdout.join('\n')}\nstderr:\n${stderrLines.join('\n')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

async function post(url: string, route: string, body: unknown): Promise<{ message_id: string; event_id: string }> {
  const response = await fetch(`${url}/sandbox/v1/${route}`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as { message_id: string; event_id: string };
}

const isLive = (line: string) => line.startsWith('tail: live: connection #1');

describe('inspector tail', () => {
  it('--json prints the whole event, token masked, one object a line; Ctrl+C stops with a summary and exit 0', async () => {
    const run = tail(['--profile', 'env', '--json']);
    try {
      await run.waitFor(isLive, true);
      const sent = await post(base, 'send', { text: 'hello' });
      const line = await run.waitFor((l) => l.includes(sent.message_id));
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(record).toMatchObject({
        seq: 1,
        duplicate: false,
        frame: { type: 'event', sum: 1 },
        event: {
          schema: '2.0',
          header: { event_id: sent.event_id, event_type: 'im.message.receive_v1', token: '«redacted»', app_id: 'cli_9f427eec54ae901b' },
          event: {
            sender: { sender_id: { open_id: TOM.open_id } },
            message: { message_id: sent.message_id, chat_id: SMALL_CHAT_ID, message_type: 'text', content: '{"text":"hello"}' },
          },
        },
      });
      expect(record.acknowledgedAt).toBeGreaterThanOrEqual(record.receivedAt as number);
      expect(run.stdout).toHaveLength(1);
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
      expect(run.stderr()).toContain('tail: 1 event (0 duplicates), 0 reconnects, 0 drops');
      expect(run.stderr()).not.toContain('sandbox_secret');
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 60_000);

  it("prints a readable line with the sender's name, and --types keeps only the types asked for", async () => {
    const run = tail(['--profile', 'env', '--types', 'im.message.receive_v1']);
    try {
      await run.waitFor(isLive, true);
      const hello = await post(base, 'send', { text: 'hello' });
      await post(base, 'react', { message_id: hello.message_id });
      await post(base, 'send', { text: 'after the reaction' });
      const line = await run.waitFor((l) => l.endsWith('hello'));
      expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}im\.message\.receive_v1 {2}oc_sandbox_small_group {2}Tom {2}hello$/);
      await run.waitFor((l) => l.endsWith('after the reaction'));
      expect(run.stdout).toHaveLength(2);
      expect(run.stdout.join('\n')).not.toContain('reaction.created');
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
      expect(run.stderr()).toContain('tail: 3 events (0 duplicates), 0 reconnects, 0 drops; 2 shown (--types)');
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 60_000);

  it('stops as Ctrl+C would when whoever reads its output goes away (| head)', async () => {
    const run = tail(['--profile', 'env', '--json']);
    try {
      await run.waitFor(isLive, true);
      run.child.stdout!.destroy();
      await post(base, 'send', { text: 'to nobody' });
      expect(await run.exit).toBe(0);
      expect(run.stderr()).toContain('tail: 1 event (0 duplicates), 0 reconnects, 0 drops');
      expect(run.stderr()).not.toContain('EPIPE');
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 60_000);

  it('exits 1 when the endpoint refuses the secret, with 514 explained', async () => {
    const run = tail(['--profile', 'env'], 'not_the_secret');
    try {
      expect(await run.exit).toBe(1);
      const stderr = run.stderr();
      expect(stderr).toContain('tail: stopped: the platform did not accept the App ID and App Secret');
      expect(stderr).toContain('Long-connection authentication failed (code 514)');
      expect(stderr).toContain('Failed while: asking for the long-connection endpoint');
      expect(stderr).toMatch(/What to do:\n {2}1\. /);
      expect(run.stdout).toEqual([]);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 60_000);

  it('--lang zh-CN says the connection log, and what tail says itself, in Chinese', async () => {
    const run = tail(['--profile', 'env', '--lang', 'zh-CN'], 'not_the_secret');
    try {
      expect(await run.exit).toBe(1);
      const stderr = run.stderr();
      expect(stderr).toContain('tail: 第 1 次尝试失败：');
      expect(stderr).toContain('tail: 已停止：平台不接受此 App ID 和 App Secret——');
      expect(stderr).toContain('出错环节：获取长连接接入点');
      expect(stderr).toContain('tail: 正在以 cli_9f427eec54ae901b（配置 env）连接到');
      expect(stderr).toContain('tail: 事件 0 个（重复 0 个），重连 0 次，断开 0 次');
      expect(stderr).not.toContain('stopped:');
      expect(stderr).not.toContain('attempt 1 failed');
      expect(stderr).not.toContain('connecting to');
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 60_000);

  it('on the Sandbox profile, serves its in-process sandbox and says where to send events', async () => {
    const run = tail(['--profile', 'Sandbox']);
    try {
      const said = await run.waitFor((l) => l.includes('it is served at http://127.0.0.1:'), true);
      const own = /(http:\/\/127\.0\.0\.1:\d+)/.exec(said)![1]!;
      expect(own).not.toBe(base);
      expect(run.stderr()).toContain(`curl -s ${own}/sandbox/v1/send`);
      expect(run.stderr()).toContain('FEISHU_APP_ID=cli_9f427eec54ae901b FEISHU_APP_SECRET=sandbox_secret FEISHU_DOMAIN=');
      await run.waitFor(isLive, true);
      await post(own, 'send', { text: 'hello in process' });
      expect(await run.waitFor((l) => l.endsWith('hello in process'))).toContain('  Tom  ');
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('readableLine', () => {
  const row: LiveRow = {
    seq: 7,
    receivedAt: new Date(2026, 11, 1, 9, 5, 3, 42).getTime(),
    ackMs: 0,
    eventType: 'im.message.receive_v1',
    eventId: 'e1',
    duplicate: true,
    duplicateOf: 3,
    chatId: 'oc_1',
    messageId: 'om_1',
    senderId: 'ou_1',
    preview: 'two\nlines',
    frameMessageId: 'f',
    fragments: 1,
    connection: 2,
  };

  it('says which event a delivery duplicates, and names the sender when known, else gives the ID', () => {
    expect(readableLine(row, { ou_1: 'Tom' })).toBe('09:05:03.042  im.message.receive_v1  oc_1  Tom  two lines  (duplicate of #3)');
    expect(readableLine({ ...row, duplicate: false }, {})).toBe('09:05:03.042  im.message.receive_v1  oc_1  ou_1  two lines');
  });
});
