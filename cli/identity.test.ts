/**
 * `inspector login`, `logout`, `ticket`, `get --as/--tenant` and the FEISHU_*_ACCESS_TOKEN
 * profile, each run as the command (main()) against the sandbox: the in-process one behind the
 * built-in profiles, or one served here on 127.0.0.1 and reached through FEISHU_DOMAIN (the way a
 * user runs `inspector sandbox`), where a sign-in and a ticket must last from one command to the
 * next. Each main() call opens the config folder afresh: only what is on disk carries over. The
 * sign-in listens on a real loopback port, chosen free here and passed with --port.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from './main';
import {
  createSandbox,
  SANDBOX_APP_ID,
  SANDBOX_APP_SECRET,
  SANDBOX_STORE_APP_ID,
  SANDBOX_STORE_APP_SECRET,
} from '../core/sandbox/emulator';
import { TOM } from '../core/sandbox/fixtures/people';
import { SEED_MESSAGE_ID } from '../core/sandbox/fixtures/messages';
import { serveSandbox } from './sandbox-server';
import type { LoopbackServer } from '../node/node-http';
import { KEY_FILE_NAME } from './stores/key-file-cipher';

const FINANCE_MESSAGE = 'om_sandbox_finance_1';
const GLOBEX_MESSAGE = 'om_sandbox_globex_1';

let stdout = '';
let stderr = '';
let configDir = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  for (const name of ['FEISHU_APP_ID', 'FEISHU_APP_SECRET', 'FEISHU_DOMAIN', 'FEISHU_TENANT_KEYS']) vi.stubEnv(name, '');
  vi.stubEnv('FEISHU_TENANT_ACCESS_TOKEN', '');
  vi.stubEnv('FEISHU_USER_ACCESS_TOKEN', '');
  configDir = mkdtempSync(path.join(tmpdir(), 'inspector-config-'));
  vi.stubEnv('INSPECTOR_CONFIG_DIR', configDir);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The printed sign-in link, once login has printed it. */
async function printedLink(): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const link = /^(http\S+authorize\S*)$/m.exec(stdout)?.[1];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no sign-in link printed; stderr: ${stderr}`);
}

const unescapeHtml = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** What a person does in the browser: open the link, pick the user, press Allow (or Deny), follow the redirect home. */
async function consent(link: string, openId: string, decision: 'allow' | 'deny' = 'allow'): Promise<string> {
  const page = await (await fetch(link)).text();
  const form = new URLSearchParams();
  for (const match of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(match[1]!, unescapeHtml(match[2]!));
  form.set('user', openId);
  form.set('decision', decision);
  const action = new URL(/<form method="post" action="([^"]+)"/.exec(page)![1]!, link);
  const posted = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  expect(posted.status).toBe(302);
  const back = new URL(posted.headers.get('location')!);
  expect(back.hostname).toBe('127.0.0.1');
  return (await fetch(back)).text();
}

/** A sandbox served on 127.0.0.1 for the test, as `inspector sandbox` serves one. */
async function servedSandbox(): Promise<{ url: string; sandbox: ReturnType<typeof createSandbox>; server: LoopbackServer }> {
  const sandbox = createSandbox({ rateLimits: false });
  const server = await serveSandbox(sandbox, 0);
  return { url: server.url, sandbox, server };
}

/** Every file of the config folder, as text (a token in plain text would show). */
function configText(): string {
  return readdirSync(configDir)
    .map((name) => readFileSync(path.join(configDir, name), 'utf8'))
    .join('\n');
}

describe('inspector login', () => {
  it('signs a user in on the Sandbox profile through its loopback port, and says who', async () => {
    const port = await freePort();
    const login = main(['login', '--profile', 'sandbox', '--port', String(port), '--no-browser', '--lang', 'en']);
    const link = await printedLink();
    expect(link.startsWith(`http://127.0.0.1:${port}/`)).toBe(true);
    expect(await consent(link, TOM.open_id)).toContain(`Signed in as ${TOM.name}`);
    expect(await login).toBe(0);
    expect(stderr).toContain('Waiting for the sign-in');
    expect(stderr).toContain(`Signed in as ${TOM.name} (${TOM.open_id}) on profile "sandbox"`);
    expect(stderr).toContain('Kept for later commands');
    expect(stderr).toContain(KEY_FILE_NAME);
    expect(stderr).toContain('lasts only as long as each command');
  });

  it('says plainly when the user declines, and exits 1', async () => {
    const port = await freePort();
    const login = main(['login', '--port', String(port), '--no-browser']);
    await consent(await printedLink(), TOM.open_id, 'deny');
    expect(await login).toBe(1);
    expect(stderr).toContain('Not signed in: access was declined on the sign-in page');
  });

  it("explains the platform's refusal of the code with the catalogue (a wrong app secret: 20002)", async () => {
    const { url, server } = await servedSandbox();
    try {
      vi.stubEnv('FEISHU_APP_ID', SANDBOX_APP_ID);
      vi.stubEnv('FEISHU_APP_SECRET', 'not-the-secret');
      vi.stubEnv('FEISHU_DOMAIN', url);
      const port = await freePort();
      const login = main(['login', '--profile', 'env', '--port', String(port), '--no-browser', '--lang', 'en']);
      expect(await consent(await printedLink(), TOM.open_id)).toContain('Sign-in failed');
      expect(await login).toBe(1);
      expect(stderr).toContain('Sign-in failed.');
      expect(stderr).toContain('20002');
      expect(stderr).toMatch(/\n\s*1\. /);
      expect(stderr).not.toContain('not-the-secret');
    } finally {
      await server.close();
    }
  });

  it('explains a port in use', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      expect(await main(['login', '--port', String(port), '--no-browser'])).toBe(1);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('a support engineer who meets 230002, on the command line', () => {
  it('signs in once; the next commands read as the user, then logout forgets the user', async () => {
    const { url, server } = await servedSandbox();
    try {
      vi.stubEnv('FEISHU_APP_ID', SANDBOX_APP_ID);
      vi.stubEnv('FEISHU_APP_SECRET', SANDBOX_APP_SECRET);
      vi.stubEnv('FEISHU_DOMAIN', url);

      expect(await main(['get', FINANCE_MESSAGE, '--profile', 'env', '--as', 'user'])).toBe(1);
      expect(stderr).toContain('nobody is signed in on profile "env": run inspector login --profile env first');

      const port = await freePort();
      const login = main(['login', '--profile', 'env', '--port', String(port), '--no-browser']);
      const link = await printedLink();
      expect(link.startsWith(url)).toBe(true);
      expect(stderr).toContain(`http://127.0.0.1:${port}/callback`);
      await consent(link, TOM.open_id);
      expect(await login).toBe(0);
      expect(stderr).toContain('Look up as the user: inspector get <message ID> --profile env --as user');
      expect(statSync(path.join(configDir, KEY_FILE_NAME)).mode & 0o077).toBe(0);
      expect(configText()).not.toMatch(/u(r)?-sandbox-[0-9a-f]{32}/);

      stderr = '';
      expect(await main(['get', FINANCE_MESSAGE, '--profile', 'env', '--lang', 'en'])).toBe(1);
      expect(stderr).toContain('230002');
      expect(stderr).toContain(`Try again with --as user (signed in as ${TOM.name})`);

      stdout = '';
      stderr = '';
      expect(await main(['get', FINANCE_MESSAGE, '--profile', 'env', '--as', 'user'])).toBe(0);
      expect(stderr).toContain(`looked up as the user ${TOM.name}`);
      expect(stdout).toContain(`message_id   ${FINANCE_MESSAGE}`);

      stderr = '';
      expect(await main(['logout', '--profile', 'env'])).toBe(0);
      expect(stderr).toContain(`Signed out ${TOM.name}`);
      expect(stderr).toContain('no call to revoke');
      expect(stderr).toContain('about 2 hours');
      expect(await main(['get', FINANCE_MESSAGE, '--profile', 'env', '--as', 'user'])).toBe(1);
      expect(stderr).toContain('run inspector login --profile env first');
    } finally {
      await server.close();
    }
  });
});

describe('a store app on the command line', () => {
  it('asks for a ticket, keeps the pasted one for the next commands and reads in a tenant named by name', async () => {
    const { url, server, sandbox } = await servedSandbox();
    try {
      vi.stubEnv('FEISHU_APP_ID', SANDBOX_STORE_APP_ID);
      vi.stubEnv('FEISHU_APP_SECRET', SANDBOX_STORE_APP_SECRET);
      vi.stubEnv('FEISHU_DOMAIN', url);
      vi.stubEnv('FEISHU_TENANT_KEYS', '736588c9260f175e=Sandbox Ltd,2ed263bf32cf1651=Globex');

      const pushed = sandbox.tickets.length;
      expect(await main(['ticket', '--profile', 'env', '--resend'])).toBe(0);
      expect(sandbox.tickets.length).toBe(pushed + 1);
      expect(stderr).toContain("the app's webhook");
      const ticket = sandbox.tickets.at(-1)!.ticket;

      expect(await main(['ticket', '--profile', 'env', '--set', ticket])).toBe(0);
      expect(stderr).toContain('app_ticket kept for profile "env", encrypted, for later commands');
      expect(configText()).not.toContain(ticket);

      stderr = '';
      expect(await main(['get', GLOBEX_MESSAGE, '--profile', 'env', '--tenant', 'globex'])).toBe(0);
      expect(stderr).toContain('looked up as the bot in tenant Globex (2ed263bf32cf1651)');

      expect(await main(['get', GLOBEX_MESSAGE, '--profile', 'env', '--tenant', 'Initech'])).toBe(1);
      expect(stderr).toContain(
        'profile "env" lists no tenant "Initech"; its tenants: 736588c9260f175e (Sandbox Ltd), 2ed263bf32cf1651 (Globex)',
      );
      expect(await main(['get', SEED_MESSAGE_ID, '--tenant', 'Globex'])).toBe(1);
      expect(stderr).toContain('--tenant is for store apps: profile "sandbox" is not one');
    } finally {
      await server.close();
    }
  });

  it('ticket --set - reads the ticket from stdin', async () => {
    const { url, server, sandbox } = await servedSandbox();
    try {
      vi.stubEnv('FEISHU_APP_ID', SANDBOX_STORE_APP_ID);
      vi.stubEnv('FEISHU_APP_SECRET', SANDBOX_STORE_APP_SECRET);
      vi.stubEnv('FEISHU_DOMAIN', url);
      vi.stubEnv('FEISHU_TENANT_KEYS', '736588c9260f175e');
      const ticket = sandbox.tickets.at(-1)!.ticket;
      vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([Buffer.from(`${ticket}\n`)]) as typeof process.stdin);
      expect(await main(['ticket', '--profile', 'env', '--set', '-'])).toBe(0);
      expect(await main(['get', SEED_MESSAGE_ID, '--profile', 'env'])).toBe(0);
      expect(stderr).toContain('looked up as the bot in tenant 736588c9260f175e\n');
    } finally {
      await server.close();
    }
  });

  it('ticket says what to do when told nothing, and refuses a profile that is no store app', async () => {
    expect(await main(['ticket'])).toBe(1);
    expect(stderr).toContain('--set TICKET');
    expect(await main(['ticket', '--profile', 'sandbox', '--resend'])).toBe(1);
    expect(stderr).toContain('profile "sandbox" is not a store app');
  });
});

describe('--as and --tenant on export and chat', () => {
  it('say what to do before any lookup when nobody is signed in, and the 230002 hint follows --lang', async () => {
    const out = path.join(configDir, 'out.csv');
    const ids = path.join(configDir, 'ids.txt');
    writeFileSync(ids, `${FINANCE_MESSAGE}\n`);
    expect(await main(['export', ids, '--out', out, '--as', 'user'])).toBe(1);
    expect(stderr).toContain('nobody is signed in on profile "sandbox": run inspector login --profile sandbox first');
    expect(existsSync(out)).toBe(false);
    stderr = '';
    expect(await main(['chat', 'oc_sandbox_small_group', '--out', out, '--as', 'someone'])).toBe(1);
    expect(stderr).toContain('--as must be user or bot, not "someone"');
    stderr = '';
    expect(await main(['get', FINANCE_MESSAGE, '--lang', 'zh'])).toBe(1);
    expect(stderr).toContain('230002');
    expect(stderr).toContain('inspector login --profile sandbox 登录后，加上 --as user 重试');
  });
});

describe('a token from the environment', () => {
  it('FEISHU_TENANT_ACCESS_TOKEN reads as given and never shows the token, not even in a bundle', async () => {
    const { url, server } = await servedSandbox();
    try {
      const issued = (await (
        await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: SANDBOX_APP_ID, app_secret: SANDBOX_APP_SECRET }),
        })
      ).json()) as { tenant_access_token: string };
      const token = issued.tenant_access_token;
      vi.stubEnv('FEISHU_TENANT_ACCESS_TOKEN', token);
      vi.stubEnv('FEISHU_DOMAIN', url);
      const bundle = path.join(configDir, 'ticket.html');

      expect(await main(['get', SEED_MESSAGE_ID, '--profile', 'env', '--bundle', bundle])).toBe(0);
      expect(stderr).toContain('looked up as the bot, with the pasted tenant access token');
      expect(stdout).toContain('"text": "test content"');
      expect(await main(['get', FINANCE_MESSAGE, '--profile', 'env', '--json'])).toBe(1);
      expect(await main(['get', SEED_MESSAGE_ID, '--profile', 'env', '--as', 'user'])).toBe(1);
      expect(stderr).toContain('holds a tenant access token: it looks up as the bot');
      const everything = stdout + stderr + readFileSync(bundle, 'utf8') + configText();
      expect(everything).not.toContain(token);
    } finally {
      await server.close();
    }
  });

  it('FEISHU_USER_ACCESS_TOKEN that the platform refuses: the explanation, never the token', async () => {
    const { url, server } = await servedSandbox();
    try {
      const token = 'u-pasted0123456789abcdef0123456789abcdef';
      vi.stubEnv('FEISHU_USER_ACCESS_TOKEN', token);
      vi.stubEnv('FEISHU_DOMAIN', url);
      expect(await main(['get', SEED_MESSAGE_ID, '--profile', 'env', '--lang', 'en'])).toBe(1);
      expect(stderr).toContain('99991668');
      expect(stderr).toContain('as the user of the pasted user access token');
      expect(stdout + stderr + configText()).not.toContain(token);
    } finally {
      await server.close();
    }
  });
});
