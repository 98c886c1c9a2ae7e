import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

// The sandbox's authorize page in a real browser, scripts off: a user is chosen, Allow or Deny,
// and the browser lands on the app's loopback callback (the page's CSP must let the form's
// redirect through) with the code, which the token endpoint takes with its verifier.
test.use({ javaScriptEnabled: false });

const root = path.resolve(import.meta.dirname, '..');
let sandbox: ChildProcess;
let base: string;
let callback: Server;
let callbackUrl: string;

test.beforeAll(async () => {
  sandbox = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'sandbox', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: sandbox.stdout! }).once('line', resolve);
    sandbox.once('exit', (code) => reject(new Error(`inspector sandbox exited ${code}`)));
  });
  callback = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`callback ${req.url}`));
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
});

test.afterAll(async () => {
  sandbox?.kill('SIGTERM');
  await new Promise((resolve) => callback?.close(resolve));
});

const verifier = 'e2e-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
const challenge = createHash('sha256').update(verifier).digest('base64url');
const authorizeUrl = () =>
  `${base}/open-apis/authen/v1/authorize?${new URLSearchParams({
    client_id: 'cli_sandbox',
    response_type: 'code',
    redirect_uri: callbackUrl,
    scope: 'im:message.p2p_msg:get_as_user im:message.group_msg:get_as_user offline_access',
    state: 'e2e-state',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })}`;

test('Allow as Li Lei lands on the callback with a code the token endpoint takes', async ({ page }) => {
  await page.goto(authorizeUrl());
  await expect(page.getByTestId('sandbox-authorize-scopes')).toContainText('offline_access');
  await page.getByTestId('sandbox-authorize-user-ou_7d8a6e6df7621556ce0d21922b676706').check();
  await page.getByTestId('sandbox-authorize-allow').click();
  await page.waitForURL((url) => url.pathname === '/callback');
  const landed = new URL(page.url());
  expect(landed.searchParams.get('state')).toBe('e2e-state');
  const token = await fetch(`${base}/open-apis/authen/v2/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      client_id: 'cli_sandbox',
      client_secret: 'sandbox_secret',
      code: landed.searchParams.get('code'),
      redirect_uri: callbackUrl,
      code_verifier: verifier,
    }),
  }).then((r) => r.json() as Promise<{ code: number; access_token: string }>);
  expect(token.code).toBe(0);
  const me = await fetch(`${base}/open-apis/authen/v1/user_info`, { headers: { authorization: `Bearer ${token.access_token}` } }).then(
    (r) => r.json() as Promise<{ data: { open_id: string } }>,
  );
  expect(me.data.open_id).toBe('ou_7d8a6e6df7621556ce0d21922b676706');
});

test('Deny lands on the callback with access_denied and the state', async ({ page }) => {
  await page.goto(authorizeUrl());
  await page.getByTestId('sandbox-authorize-deny').click();
  await page.waitForURL((url) => url.pathname === '/callback');
  const landed = new URL(page.url());
  expect(landed.searchParams.get('error')).toBe('access_denied');
  expect(landed.searchParams.get('state')).toBe('e2e-state');
  expect(landed.searchParams.has('code')).toBe(false);
});
