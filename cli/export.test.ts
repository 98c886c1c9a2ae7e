import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UNREACHABLE_STOP_AFTER } from '../core/batch/pipeline';
import type { BatchProgress } from '../core/batch/run';
import { InOrder } from './export';
import { main } from './main';
import { createProgressBar } from './progress';

const SEED = 'om_dc13264520392913993dd051dba21dcf';
const FORWARD = 'om_x100b4d2e9f0a1b2c3d4e5f60718293';
const FAILING = 'om_error_230002';

let stdout = '';
let stderr = '';
let onStderr: ((text: string) => void) | undefined;
let dir = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  onStderr = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    onStderr?.(String(chunk));
    return true;
  });
  vi.stubEnv('FEISHU_APP_ID', '');
  vi.stubEnv('FEISHU_APP_SECRET', '');
  vi.stubEnv('INSPECTOR_CONFIG_DIR', mkdtempSync(path.join(tmpdir(), 'inspector-config-')));
  dir = mkdtempSync(path.join(tmpdir(), 'inspector-export-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function idsFile(text: string): string {
  const file = path.join(dir, 'ids.txt');
  writeFileSync(file, text);
  return file;
}

describe('inspector export', () => {
  it('exports what succeeded and what failed, lists the failures with their codes, exit 2', async () => {
    const ids = idsFile(`failed at 10:02 ${SEED}\n${FORWARD}, ${FAILING} and ${SEED} again; chat oc_abcdef\n`);
    const out = path.join(dir, 'out.json');
    expect(await main(['export', ids, '--format', 'json', '--out', out])).toBe(2);
    expect(stderr).toMatch(new RegExp(`${FAILING}\\s+code 230002\\s+log_id \\d{14}[0-9A-F]{20}`));
    expect(stderr).toContain('skipped (not message IDs): oc_abcdef');
    expect(stderr).toContain('3/3 (100%)');
    expect(stdout).toBe('');
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      data: { items: { message_id: string }[] };
      errors: { message_id: string; code: number }[];
    };
    const itemIds = json.data.items.map((item) => item.message_id);
    expect(itemIds[0]).toBe(SEED);
    expect(itemIds[1]).toBe(FORWARD);
    expect(itemIds.length).toBeGreaterThan(3); // the forward's sub-messages too
    expect(json.errors).toEqual([expect.objectContaining({ message_id: FAILING, code: 230002 })]);
    expect(readdirSync(dir).sort()).toEqual(['ids.txt', 'out.json']);
  });

  it('writes CSV with a header and a row per message, failures included', async () => {
    const out = path.join(dir, 'out.csv');
    expect(await main(['export', idsFile(`${SEED} ${FORWARD} ${FAILING}`), '--out', out])).toBe(2);
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^message_id,parent_message_id,depth,msg_type,/);
    expect(lines[1]).toMatch(new RegExp(`^${SEED},,0,text,`));
    expect(lines.filter((l) => l.startsWith(FAILING))).toHaveLength(1);
    expect(lines.at(-1)).toContain('230002');
    expect(lines.length).toBeGreaterThan(4);
  });

  it('writes its labels, in message content too, in the language of --lang', async () => {
    const out = path.join(dir, 'out.md');
    expect(await main(['export', idsFile(FORWARD), '--out', out, '--lang', 'zh'])).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md.startsWith('# 飞书消息导出\n')).toBe(true);
    expect(md).toContain('\\[合并转发\\] Merged and Forwarded Message');
    expect(md).not.toContain('merged forward');
  });

  it('exits 0 when every lookup succeeds, reading IDs from stdin with -', async () => {
    vi.spyOn(process, 'stdin', 'get').mockReturnValue(
      Readable.from([Buffer.from(`${SEED}\n`), Buffer.from(`${FORWARD}\n`)]) as unknown as typeof process.stdin,
    );
    const out = path.join(dir, 'out.ndjson');
    expect(await main(['export', '-', '--format', 'ndjson', '--out', out, '--user-id-type', 'user_id'])).toBe(0);
    const records = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(2);
    expect(readFileSync(out, 'utf8')).toContain('e33ggbyz'); // Tom as a user_id
    expect(stderr).not.toContain('failed');
    expect(stderr).toMatch(/wrote .*out\.ndjson \(2 IDs, \d+ messages\)/);
  });

  it('on Ctrl+C stops, leaves the existing output as it was and no temp file, exit 130', async () => {
    const ids = Array.from({ length: 80 }, (_, i) => `om_${i.toString(16).padStart(32, '0')}`);
    const out = path.join(dir, 'out.md');
    writeFileSync(out, 'previous export');
    // Call the command's own listener (vitest has one too, which must not see a SIGINT).
    const before = process.listeners('SIGINT');
    onStderr = (text) => {
      if (!/^export \d+\/80/.test(text)) return;
      onStderr = undefined;
      const listener = process.listeners('SIGINT').find((l) => !before.includes(l));
      listener?.('SIGINT');
    };
    expect(await main(['export', idsFile(ids.join('\n')), '--format', 'markdown', '--out', out])).toBe(130);
    expect(stderr).toMatch(/cancelled/);
    expect(readFileSync(out, 'utf8')).toBe('previous export');
    expect(readdirSync(dir).sort()).toEqual(['ids.txt', 'out.md']);
    expect(process.listeners('SIGINT')).toEqual(before);
  });

  it('stops as the desktop batch does when the platform cannot be reached: nothing written, the reason, exit 1', async () => {
    // A port nobody listens on: every call is refused at once, as behind a dead VPN or proxy.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    vi.stubEnv('FEISHU_APP_ID', 'cli_a1b2c3d4e5f60718');
    vi.stubEnv('FEISHU_APP_SECRET', 'an-app-secret-that-is-never-printed');
    vi.stubEnv('FEISHU_DOMAIN', `http://127.0.0.1:${port}`);
    // Enough that failing them all takes longer than the stop's ten seconds.
    const ids = Array.from({ length: 600 }, (_, i) => `om_${i.toString(16).padStart(32, '0')}`);
    const out = path.join(dir, 'out.ndjson');
    writeFileSync(out, 'previous export');

    expect(await main(['export', idsFile(ids.join('\n')), '--profile', 'env', '--out', out, '--lang', 'en'])).toBe(1);

    const stop =
      /export: stopped: (\d+) lookups in a row could not reach 127\.0\.0\.1:\d+, and the other (\d+) would fail the same way; nothing written/.exec(
        stderr,
      );
    expect(stop).not.toBeNull();
    expect(Number(stop![1])).toBeGreaterThanOrEqual(UNREACHABLE_STOP_AFTER);
    expect(Number(stop![2])).toBeGreaterThan(0); // it did not try every ID
    expect(stderr).toMatch(/ECONNREFUSED|refused/i);
    expect(stderr).not.toContain('an-app-secret-that-is-never-printed');
    expect(readFileSync(out, 'utf8')).toBe('previous export');
    expect(readdirSync(dir).sort()).toEqual(['ids.txt', 'out.ndjson']);
  }, 90_000);

  it('keeps no history entry per lookup, as the desktop batch does', async () => {
    expect(await main(['export', idsFile(`${SEED} ${FORWARD}`), '--out', path.join(dir, 'out.json')])).toBe(0);
    const history = path.join(process.env.INSPECTOR_CONFIG_DIR!, 'history.json');
    const entries = existsSync(history) ? ((JSON.parse(readFileSync(history, 'utf8')) as { entries?: unknown[] }).entries ?? []) : [];
    expect(entries).toEqual([]);
  });

  it('removes, and says it removed, the partial temp file an export killed outright left behind', async () => {
    const ids = idsFile(Array.from({ length: 2000 }, (_, i) => `om_${i.toString(16).padStart(32, '0')}`).join('\n'));
    const out = path.join(dir, 'out.ndjson');
    const root = path.resolve(import.meta.dirname, '..');
    const killed = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'cli/main.ts'), 'export', ids, '--out', out], {
      cwd: root,
      stdio: 'ignore',
    });
    const temp = () => readdirSync(dir).find((name) => name.endsWith('.tmp'));
    try {
      await until(() => temp() !== undefined && statSync(path.join(dir, temp()!)).size > 0, 30_000);
      // Two exports into one folder: the running one's temp file is not stale.
      expect(await main(['export', idsFile(SEED), '--out', path.join(dir, 'meanwhile.ndjson')])).toBe(0);
      expect(stderr).not.toContain('removed');
      expect(temp()).toBeDefined();
    } finally {
      killed.kill('SIGKILL');
    }
    await once(killed, 'exit');
    expect(temp()).toMatch(new RegExp(`^\\.out\\.ndjson\\.${killed.pid}-[0-9a-f]{12}\\.tmp$`));

    expect(await main(['export', idsFile(SEED), '--out', path.join(dir, 'again.ndjson')])).toBe(0);
    expect(stderr).toContain(`export: removed 1 temp file left by an export that did not finish, in ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(['again.ndjson', 'ids.txt', 'meanwhile.ndjson']);
  }, 60_000);

  it.each([
    [['export'], /give a file of message IDs/],
    [['export', 'ids.txt'], /--out is required/],
    [['export', 'ids.txt', '--out', 'x.json', '--format', 'pdf'], /--format must be one of json, ndjson, markdown, html, csv/],
    [['export', 'ids.txt', '--out', 'x.txt'], /--format is required/],
    [['export', 'missing.txt', '--out', 'x.json'], /cannot read .*missing\.txt/],
    [['export', 'empty.txt', '--out', 'x.json'], /no message ID found/],
    [['export', 'ids.txt', '--out', 'x.json', '--user-id-type', 'email'], /--user-id-type must be one of/],
    [['export', 'ids.txt', '--out', 'x.json', '--profile', 'prod'], /no profile "prod"/],
    [['export', 'ids.txt', '--out', 'nowhere/x.json'], /cannot write .*nothing written/],
  ])('%j is an error: exit 1 with a clear message, nothing written', async (argv, message) => {
    idsFile(SEED);
    writeFileSync(path.join(dir, 'empty.txt'), 'no ids here, just oc_abcdef');
    const args = argv.map((arg, i) =>
      i > 0 && !arg.startsWith('-') && argv[i - 1] !== '--format' && argv[i - 1] !== '--user-id-type' && argv[i - 1] !== '--profile'
        ? path.join(dir, arg)
        : arg,
    );
    expect(await main(args)).toBe(1);
    expect(stderr).toMatch(message);
    expect(readdirSync(dir).filter((name) => !['ids.txt', 'empty.txt'].includes(name))).toEqual([]);
    expect(existsSync(path.join(dir, 'x.json'))).toBe(false);
  });
});

describe('InOrder', () => {
  it('hands entries out in index order whatever order they arrive in, and holds lookups past the window', async () => {
    const order = new InOrder(4, 2);
    await order.admit();
    await order.admit();
    let third = false;
    const admitted = order.admit().then(() => (third = true));
    order.put(1, { messageId: 'b', items: [] });
    await Promise.resolve();
    expect(third).toBe(false); // 2 admitted, none handed yet
    order.put(0, { messageId: 'a', items: [] });
    const entries = order.entries();
    expect((await entries.next()).value).toMatchObject({ messageId: 'a' });
    await admitted;
    expect(third).toBe(true);
    expect((await entries.next()).value).toMatchObject({ messageId: 'b' });
    order.fail(new Error('cancelled'));
    await expect(entries.next()).rejects.toThrow('cancelled');
  });
});

describe('progress', () => {
  const at = (done: number, failed = 0): BatchProgress => ({
    total: 20,
    done,
    failed,
    remaining: 20 - done,
    ratePerSecond: done / 2,
    etaMs: done ? 65_000 : undefined,
  });

  it('prints a line at every 10% and at the end when stderr is not a terminal', () => {
    let text = '';
    const bar = createProgressBar({ write: (t: string) => (text += t) }, 'export');
    for (let done = 1; done <= 20; done += 1) bar.update(at(done, done > 10 ? 1 : 0));
    bar.finish(at(20, 1));
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('export 2/20 (10%), 1.0/s, ETA 1m05s');
    expect(lines[9]).toBe('export 20/20 (100%), 1 failed, 10.0/s');
  });

  it('redraws one line with \\r on a terminal, at most every 100 ms', () => {
    let text = '';
    let now = 0;
    const bar = createProgressBar({ write: (t: string) => (text += t), isTTY: true, columns: 80 }, 'export', () => now);
    bar.update(at(1));
    bar.update(at(2)); // too soon: skipped
    now = 150;
    bar.update(at(3));
    bar.finish(at(5), 'cancelled');
    expect(text.split('\r')).toHaveLength(4);
    expect(text).not.toContain('2/20');
    expect(text.endsWith(`\rexport [${'#'.repeat(6)}${'-'.repeat(18)}] 5/20 (25%), 2.5/s, ETA 1m05s cancelled\x1b[K\n`)).toBe(true);
  });
});
