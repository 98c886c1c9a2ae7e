import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseTime } from './chat';
import { serveOnLoopback } from '../node/node-http';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '../core/sandbox/emulator';
import { RESOURCE_PATH } from '../core/sandbox/resources';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * `inspector chat …` as `npm run inspector` runs it (`node --import tsx`: one process, so a kill
 * reaches the export itself), in a config folder of its own.
 */
function inspector(args: string[], config: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/main.ts'), 'chat', ...args], {
    cwd: ROOT,
    env: { ...process.env, FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', INSPECTOR_CONFIG_DIR: config, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

function ndjsonIds(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => String((JSON.parse(line) as { message_id: string }).message_id));
}

describe('inspector chat', () => {
  it('exports the small sandbox group with its threads to HTML, and says what it wrote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspector-chat-'));
    const out = path.join(dir, 'small.html');
    const run = inspector(['oc_sandbox_small_group', '--threads', '--out', out], path.join(dir, 'config'));
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain(`chat: wrote ${out} (36 messages)`);
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<section class="entry">/g)).toHaveLength(36);
    // Titled with the chat's name the platform gives, not its ID alone.
    expect(html).toContain('<h1>Chat 2.5 release room (oc_sandbox_small_group)</h1>');
    expect(readdirSync(dir).sort()).toEqual(['config', 'small.html']);
  });

  it('saves the images and files of the small group beside the HTML, which shows and links each one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspector-chat-files-'));
    const out = path.join(dir, 'small.html');
    const run = inspector(['oc_sandbox_small_group', '--threads', '--with-files', '--out', out], path.join(dir, 'config'));
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain(`chat: files in ${path.join(dir, 'small_files')} (6 of 6,`);
    expect(run.stderr()).toMatch(/chat: files 6\/6/);
    const names = readdirSync(path.join(dir, 'small_files'));
    expect(names.filter((name) => name.endsWith('.png'))).toHaveLength(5);
    expect(names.filter((name) => name.endsWith('.pdf'))).toHaveLength(1);
    const html = readFileSync(out, 'utf8');
    for (const name of names)
      expect(html, name).toContain(name.endsWith('.png') ? `<img src="small_files/${name}"` : `<a href="small_files/${name}">`);
    expect(readdirSync(dir).sort()).toEqual(['config', 'small.html', 'small_files']);
  });

  it('lists a file it could not download with its code, and exits 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspector-chat-files-fail-'));
    const sandbox = createSandbox({ rateLimits: false });
    const broken = 'img_v3_0210t_5a110c4a-7000-4000-8000-000000000004g';
    // The platform, but one image is gone (through either message ID).
    const server = await serveOnLoopback(async (request, init) => {
      const resource = RESOURCE_PATH.exec(new URL(request.url).pathname);
      if (resource && decodeURIComponent(resource[2]!) === broken)
        return Response.json({ code: 234003, msg: 'File not in msg.' }, { status: 400, headers: { 'x-tt-logid': 'log_gone' } });
      return sandbox.handle(request, init);
    });
    try {
      const out = path.join(dir, 'small.md');
      const run = inspector(
        ['oc_sandbox_small_group', '--threads', '--with-files', '--profile', 'env', '--out', out],
        path.join(dir, 'config'),
        {
          FEISHU_APP_ID: SANDBOX_APP_ID,
          FEISHU_APP_SECRET: SANDBOX_APP_SECRET,
          FEISHU_DOMAIN: server.url,
        },
      );
      expect(await run.exited).toBe(2);
      expect(run.stderr()).toContain('chat: 1 file could not be downloaded');
      expect(run.stderr()).toMatch(
        new RegExp(`  image ${broken} of om_x100b5a110c4a700000000000000001c  code 234003  log_id log_gone  File not in msg\\.`),
      );
      expect(readFileSync(out, 'utf8')).toContain(`\\[image \`${broken}\`\\]`);
      expect(readdirSync(path.join(dir, 'small_files'))).toHaveLength(5);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('stops cleanly on Ctrl+C during the downloads, and the rerun fetches only the files still missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspector-chat-files-int-'));
    const sandbox = createSandbox({ rateLimits: false });
    const asked: string[] = [];
    let slow = true;
    // The platform, with images that take a while to come.
    const server = await serveOnLoopback(async (request, init) => {
      const resource = RESOURCE_PATH.exec(new URL(request.url).pathname);
      if (resource) {
        asked.push(decodeURIComponent(resource[2]!));
        if (slow) await new Promise((resolve) => setTimeout(resolve, 400));
      }
      return sandbox.handle(request, init);
    });
    try {
      const out = path.join(dir, 'small.md');
      const folder = path.join(dir, 'small_files');
      const env = { FEISHU_APP_ID: SANDBOX_APP_ID, FEISHU_APP_SECRET: SANDBOX_APP_SECRET, FEISHU_DOMAIN: server.url };
      const args = ['oc_sandbox_small_group', '--threads', '--with-files', '--profile', 'env', '--out', out];
      const first = inspector(args, path.join(dir, 'config'), env);
      const saved = () => (existsSync(folder) ? readdirSync(folder).filter((name) => !name.startsWith('.')) : []);
      for (let i = 0; i < 600 && saved().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(130);
      expect(first.stderr()).toContain('chat: interrupted; run the same command again');
      expect(existsSync(out)).toBe(false);
      const kept = saved();
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(6);

      slow = false;
      asked.length = 0;
      const second = inspector(args, path.join(dir, 'config'), env);
      expect(await second.exited).toBe(0);
      expect(second.stderr()).toContain(`(6 of 6, ${kept.length} of them already there,`);
      expect(new Set(asked).size).toBe(6 - kept.length);
      for (const name of kept)
        expect(
          asked.some((key) => name.includes(key)),
          name,
        ).toBe(false);
      expect(saved()).toHaveLength(6);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('resumes after kill -9 with every message of the 10,000 once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspector-chat-kill-'));
    const out = path.join(dir, 'large.ndjson');
    const config = path.join(dir, 'config');
    const state = path.join(dir, '.large.ndjson.resume', 'state.json');
    const first = inspector(['oc_sandbox_large_group', '--threads', '--out', out], config);
    // Killed outright once a few pages are kept: no handler runs, nothing is tidied.
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if (existsSync(state) && (JSON.parse(readFileSync(state, 'utf8')) as { cursor: { pages: number } }).cursor.pages >= 5) break;
    }
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(out)).toBe(false);
    const kept = (JSON.parse(readFileSync(state, 'utf8')) as { entries: number }).entries;
    expect(kept).toBeGreaterThan(0);

    const second = inspector(['oc_sandbox_large_group', '--threads', '--out', out], config);
    expect(await second.exited).toBe(0);
    expect(second.stderr()).toMatch(/chat: wrote .* \(10000 messages, \d+ of them from the interrupted run\)/);
    const ids = ndjsonIds(out);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(existsSync(path.dirname(state))).toBe(false);
  }, 120_000);

  it('refuses to run beside another run of the same export', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspector-chat-twice-'));
    const out = path.join(dir, 'large.ndjson');
    const config = path.join(dir, 'config');
    const first = inspector(['oc_sandbox_large_group', '--out', out], config);
    const owner = path.join(dir, '.large.ndjson.resume', 'owner.json');
    for (let i = 0; i < 600 && !existsSync(owner); i++) await new Promise((r) => setTimeout(r, 20));
    const second = inspector(['oc_sandbox_large_group', '--out', out], config);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`another run of this export is in progress (process ${first.child.pid}`);
    expect(await first.exited).toBe(0);
    expect(ndjsonIds(out)).toHaveLength(new Set(ndjsonIds(out)).size);
  }, 120_000);

  it('refuses what it cannot do, saying why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inspector-chat-usage-'));
    const config = path.join(dir, 'config');
    for (const [args, message] of [
      [['no id here', '--out', 'x.json'], 'no chat (oc_…) or thread (omt_…) ID'],
      [['oc_sandbox_small_group'], '--out is required'],
      [['omt_5a110c4a7001', '--since', '2024-01-01', '--out', 'x.json'], 'a thread is always exported whole'],
      [['oc_sandbox_small_group', '--since', 'yesterday', '--out', 'x.json'], '--since must be a date'],
      [['oc_sandbox_small_group', '--out', 'x.txt'], '--format is required'],
      [['oc_sandbox_small_group', '--with-files', '--inline-images', '--out', 'x.md'], 'images can be inlined in an HTML export only'],
      [['oc_sandbox_small_group', '--inline-images', '--out', 'x.html'], '--inline-images goes with --with-files'],
      [['oc_sandbox_small_group', '--with-files', '--out=-'], '--with-files needs --out PATH'],
    ] as const) {
      const run = inspector([...args], config);
      expect(await run.exited, args.join(' ')).toBe(1);
      expect(run.stderr()).toContain(message);
    }
  }, 60_000);
});

describe('times on the command line', () => {
  it('reads dates (a local day, whole for --until), date-times and epoch seconds or milliseconds as epoch seconds', () => {
    expect(parseTime('2026-12-01', '--since')).toBe(new Date(2026, 11, 1).getTime() / 1000);
    expect(parseTime('2026-12-01', '--until')).toBe(new Date(2026, 11, 2).getTime() / 1000 - 1);
    expect(parseTime('2026-12-01T08:00:00+08:00', '--since')).toBe(Date.UTC(2026, 11, 1) / 1000);
    expect(parseTime('1764547200', '--since')).toBe(1764547200);
    expect(parseTime('1764547200123', '--since')).toBe(1764547200);
    expect(parseTime(undefined, '--since')).toBeUndefined();
  });
});
