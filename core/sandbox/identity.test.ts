import { describe, expect, it } from 'vitest';
import {
  APP_ACCESS_TOKEN_PATH,
  APP_TICKET_RESEND_PATH,
  AUTHORIZE_PATH,
  OAUTH_TOKEN_PATH,
  STORE_TENANT_TOKEN_PATH,
  USER_INFO_PATH,
  USER_SCOPES,
} from '../feishu/identity';
import { FakeClock } from '../testing/fake-clock';
import {
  createSandbox,
  SANDBOX_APP_ID,
  SANDBOX_APP_SECRET,
  SANDBOX_GLOBEX_TENANT_KEY,
  SANDBOX_STORE_APP_ID,
  SANDBOX_STORE_APP_SECRET,
  SANDBOX_TENANT_KEY,
  type Sandbox,
  type SandboxTicket,
} from './emulator';
import { FINANCE_MESSAGE_ID, FINANCE_POST_ID, GLOBEX_MESSAGE_ID, NOT_IN_CHAT_ID, LARGE_CHAT_ID } from './fixtures/chats';
import { SEED_MESSAGE_ID } from './fixtures/messages';
import { HANNA, LILEI, TOM, type SandboxUser } from './fixtures/people';
import { challengeOf } from './identity';

const BASE = 'http://127.0.0.1:9999';
const REDIRECT = 'http://127.0.0.1:53682/callback';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary API JSON
type Json = Record<string, any>;

async function post(sandbox: Sandbox, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await sandbox.handle(new Request(`${BASE}${path}`, { method: 'POST', body: JSON.stringify(body), headers }));
  return { status: response.status, body: (await response.json()) as Json };
}

async function call(sandbox: Sandbox, path: string, bearer: string) {
  const response = await sandbox.handle(new Request(`${BASE}${path}`, { headers: { Authorization: `Bearer ${bearer}` } }));
  return { status: response.status, body: (await response.json()) as Json };
}

const getMessage = (sandbox: Sandbox, id: string, bearer: string) => call(sandbox, `/open-apis/im/v1/messages/${id}`, bearer);

async function storeTenantToken(sandbox: Sandbox, tenantKey: string): Promise<string> {
  const ticket = sandbox.tickets.at(-1)!.ticket;
  const app = await post(sandbox, APP_ACCESS_TOKEN_PATH, {
    app_id: SANDBOX_STORE_APP_ID,
    app_secret: SANDBOX_STORE_APP_SECRET,
    app_ticket: ticket,
  });
  const tenant = await post(sandbox, STORE_TENANT_TOKEN_PATH, { app_access_token: app.body.app_access_token, tenant_key: tenantKey });
  return tenant.body.tenant_access_token as string;
}

async function customToken(sandbox: Sandbox): Promise<string> {
  const answer = await post(sandbox, '/open-apis/auth/v3/tenant_access_token/internal', {
    app_id: SANDBOX_APP_ID,
    app_secret: SANDBOX_APP_SECRET,
  });
  return answer.body.tenant_access_token as string;
}

describe('the store app: app_ticket, app_access_token, tenant_access_token per tenant', () => {
  it('pushes a ticket at start and on resend, as the webhook body, and trades it for tokens that read each tenant', async () => {
    const pushed: SandboxTicket[] = [];
    const sandbox = createSandbox({ onTicket: (ticket) => pushed.push(ticket) });
    expect(pushed).toHaveLength(1);

    const resend = await post(sandbox, APP_TICKET_RESEND_PATH, { app_id: SANDBOX_STORE_APP_ID, app_secret: SANDBOX_STORE_APP_SECRET });
    expect(resend).toMatchObject({ status: 200, body: { code: 0 } });
    expect(pushed).toHaveLength(2);
    const ticket = pushed[1]!;
    expect(sandbox.tickets.map((t) => t.ticket)).toEqual(pushed.map((t) => t.ticket));
    expect(ticket.webhook).toMatchObject({
      type: 'event_callback',
      token: expect.any(String),
      uuid: expect.any(String),
      ts: expect.stringMatching(/^\d+\.\d+$/),
      event: { app_id: SANDBOX_STORE_APP_ID, app_ticket: ticket.ticket, type: 'app_ticket' },
    });

    const app = await post(sandbox, APP_ACCESS_TOKEN_PATH, {
      app_id: SANDBOX_STORE_APP_ID,
      app_secret: SANDBOX_STORE_APP_SECRET,
      app_ticket: ticket.ticket,
    });
    expect(app).toMatchObject({ status: 200, body: { code: 0, expire: 7200 } });
    expect(app.body.app_access_token).toMatch(/^a-/);

    const own = await post(sandbox, STORE_TENANT_TOKEN_PATH, {
      app_access_token: app.body.app_access_token,
      tenant_key: SANDBOX_TENANT_KEY,
    });
    const globex = await post(sandbox, STORE_TENANT_TOKEN_PATH, {
      app_access_token: app.body.app_access_token,
      tenant_key: SANDBOX_GLOBEX_TENANT_KEY,
    });
    expect(own.body.tenant_access_token).toMatch(/^t-/);
    expect(globex.body.tenant_access_token).toMatch(/^t-/);
    expect(own.body.tenant_access_token).not.toBe(globex.body.tenant_access_token);

    // Sandbox Ltd's token sees what the custom app sees; Globex's sees its own message only.
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, own.body.tenant_access_token)).body.code).toBe(0);
    expect((await getMessage(sandbox, GLOBEX_MESSAGE_ID, own.body.tenant_access_token)).body.code).toBe(230002);
    const globexMessage = await getMessage(sandbox, GLOBEX_MESSAGE_ID, globex.body.tenant_access_token);
    expect(globexMessage.body.data.items[0].sender.tenant_key).toBe(SANDBOX_GLOBEX_TENANT_KEY);
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, globex.body.tenant_access_token)).body.code).toBe(230002);
    expect((await getMessage(sandbox, GLOBEX_MESSAGE_ID, await customToken(sandbox))).body.code).toBe(230002);
  });

  it('hands out the same app and tenant tokens while more than 30 minutes remain, then new ones', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const first = await storeTenantToken(sandbox, SANDBOX_TENANT_KEY);
    clock.advance(60 * 60 * 1000);
    expect(await storeTenantToken(sandbox, SANDBOX_TENANT_KEY)).toBe(first);
    clock.advance(40 * 60 * 1000);
    const second = await storeTenantToken(sandbox, SANDBOX_TENANT_KEY);
    expect(second).not.toBe(first);
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, first)).body.code).toBe(0);
    clock.advance(30 * 60 * 1000);
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, first)).body.code).toBe(99991663);
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, second)).body.code).toBe(0);
  });

  it('refuses a wrong secret, a custom app, an unknown or expired ticket, a bad app token and a tenant it is not installed in', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const ticket = sandbox.tickets[0]!.ticket;
    const store = { app_id: SANDBOX_STORE_APP_ID, app_secret: SANDBOX_STORE_APP_SECRET };
    expect((await post(sandbox, APP_TICKET_RESEND_PATH, { ...store, app_secret: 'nope' })).body.code).toBe(10014);
    expect((await post(sandbox, APP_TICKET_RESEND_PATH, { app_id: SANDBOX_APP_ID, app_secret: SANDBOX_APP_SECRET })).body.code).toBe(10003);
    expect((await post(sandbox, APP_ACCESS_TOKEN_PATH, { ...store, app_secret: 'nope', app_ticket: ticket })).body.code).toBe(10014);
    expect(
      (await post(sandbox, APP_ACCESS_TOKEN_PATH, { app_id: SANDBOX_APP_ID, app_secret: SANDBOX_APP_SECRET, app_ticket: ticket })).body
        .code,
    ).toBe(10003);
    expect((await post(sandbox, APP_ACCESS_TOKEN_PATH, { ...store, app_ticket: 'not-a-ticket' })).body.code).toBe(10012);
    expect((await post(sandbox, STORE_TENANT_TOKEN_PATH, { app_access_token: 'a-forged', tenant_key: SANDBOX_TENANT_KEY })).body.code).toBe(
      99991664,
    );
    const app = await post(sandbox, APP_ACCESS_TOKEN_PATH, { ...store, app_ticket: ticket });
    expect(
      (await post(sandbox, STORE_TENANT_TOKEN_PATH, { app_access_token: app.body.app_access_token, tenant_key: 'ffffffffffffffff' })).body
        .code,
    ).toBe(99991662);
    // Tickets expire after 12 hours; the store app cannot use the custom apps' endpoint.
    clock.advance(12 * 60 * 60 * 1000);
    expect((await post(sandbox, APP_ACCESS_TOKEN_PATH, { ...store, app_ticket: ticket })).body.code).toBe(10012);
    expect((await post(sandbox, '/open-apis/auth/v3/tenant_access_token/internal', store)).body.code).toBe(10003);
  });
});

/** Drives the authorize page as a browser with scripts off would: GET it, then POST its form back. */
async function authorize(
  sandbox: Sandbox,
  options: { user?: SandboxUser; decision?: 'allow' | 'deny'; verifier?: string; scopes?: readonly string[]; clientId?: string } = {},
) {
  const verifier = options.verifier ?? 'a-verifier-of-enough-length-0123456789-abcdefghijklmnop';
  const params = new URLSearchParams({
    client_id: options.clientId ?? SANDBOX_APP_ID,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: (options.scopes ?? USER_SCOPES).join(' '),
    state: 'st&te/1',
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  });
  const pageAnswer = await sandbox.handle(new Request(`${BASE}${AUTHORIZE_PATH}?${params}`));
  expect(pageAnswer.status).toBe(200);
  const html = await pageAnswer.text();
  expect(html).not.toMatch(/<script/i);
  const user = options.user ?? TOM;
  expect(html).toContain(`data-testid="sandbox-authorize-user-${user.open_id}"`);
  // The form's hidden fields, as the browser would send them, and the choices.
  const form = new URLSearchParams(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, unescape(m[2]!)]),
  );
  form.set('user', user.open_id);
  form.set('decision', options.decision ?? 'allow');
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
  const answer = await sandbox.handle(
    new Request(`${BASE}${action}`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  );
  return { answer, verifier, location: new URL(answer.headers.get('location') ?? 'about:blank') };
}

const unescape = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function signIn(sandbox: Sandbox, user: SandboxUser = TOM) {
  const { location, verifier } = await authorize(sandbox, { user });
  const token = await post(sandbox, OAUTH_TOKEN_PATH, {
    grant_type: 'authorization_code',
    client_id: SANDBOX_APP_ID,
    client_secret: SANDBOX_APP_SECRET,
    code: location.searchParams.get('code'),
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  expect(token.status).toBe(200);
  return token.body;
}

describe('signing in as a user: OAuth 2 with PKCE', () => {
  it('redirects with a code and the state unchanged, and trades the code once for a user token and a refresh token', async () => {
    const sandbox = createSandbox();
    const { answer, location, verifier } = await authorize(sandbox, { user: LILEI });
    expect(answer.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st&te/1');
    const code = location.searchParams.get('code')!;
    const exchange = {
      grant_type: 'authorization_code',
      client_id: SANDBOX_APP_ID,
      client_secret: SANDBOX_APP_SECRET,
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    };

    const wrongVerifier = await post(sandbox, OAUTH_TOKEN_PATH, { ...exchange, code_verifier: `${verifier}x` });
    expect(wrongVerifier).toMatchObject({ status: 400, body: { code: 20049, error: 'invalid_grant' } });
    expect((await post(sandbox, OAUTH_TOKEN_PATH, { ...exchange, redirect_uri: 'http://127.0.0.1:1/callback' })).body.code).toBe(20071);
    expect((await post(sandbox, OAUTH_TOKEN_PATH, { ...exchange, client_secret: 'nope' })).body).toMatchObject({
      code: 20002,
      error: 'invalid_client',
    });

    const token = await post(sandbox, OAUTH_TOKEN_PATH, exchange);
    expect(token).toMatchObject({
      status: 200,
      body: { code: 0, expires_in: 7200, refresh_token_expires_in: 604800, token_type: 'Bearer', scope: USER_SCOPES.join(' ') },
    });
    expect(token.body.access_token).toMatch(/^u-/);
    expect(token.body.refresh_token).toEqual(expect.any(String));

    expect((await post(sandbox, OAUTH_TOKEN_PATH, exchange)).body.code).toBe(20065);
    expect((await post(sandbox, OAUTH_TOKEN_PATH, { ...exchange, code: 'never-issued' })).body.code).toBe(20003);

    const me = await call(sandbox, USER_INFO_PATH, token.body.access_token);
    expect(me.body).toMatchObject({ code: 0, data: { open_id: LILEI.open_id, user_id: LILEI.user_id, tenant_key: SANDBOX_TENANT_KEY } });
  });

  it('answers access_denied to Deny, and shows an error page, without redirecting, for a redirect_uri it cannot accept', async () => {
    const sandbox = createSandbox();
    const denied = await authorize(sandbox, { decision: 'deny' });
    expect(denied.answer.status).toBe(302);
    expect(denied.location.searchParams.get('error')).toBe('access_denied');
    expect(denied.location.searchParams.get('state')).toBe('st&te/1');
    expect(denied.location.searchParams.has('code')).toBe(false);

    for (const redirect of [
      'https://evil.example/callback',
      'http://127.0.0.1/callback',
      'http://127.0.0.2:8080/callback',
      'http://localhost:8080/other',
    ]) {
      const params = new URLSearchParams({
        client_id: SANDBOX_APP_ID,
        response_type: 'code',
        redirect_uri: redirect,
        code_challenge: await challengeOf('v'.repeat(43)),
        code_challenge_method: 'S256',
      });
      const answer = await sandbox.handle(new Request(`${BASE}${AUTHORIZE_PATH}?${params}`));
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
      expect(await answer.text()).toContain('sandbox-authorize-error');
    }
    const plain = new URLSearchParams({
      client_id: SANDBOX_APP_ID,
      response_type: 'code',
      redirect_uri: 'http://localhost:8080/callback',
      code_challenge: 'x',
      code_challenge_method: 'plain',
    });
    expect((await sandbox.handle(new Request(`${BASE}${AUTHORIZE_PATH}?${plain}`))).status).toBe(400);
    const unknown = new URLSearchParams({ client_id: 'cli_nobody', response_type: 'code', redirect_uri: REDIRECT });
    expect((await sandbox.handle(new Request(`${BASE}${AUTHORIZE_PATH}?${unknown}`))).status).toBe(400);
  });

  it('rotates the refresh token, and lets codes, user tokens and refresh tokens expire', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const first = await signIn(sandbox);
    const refresh = (refreshToken: string) =>
      post(sandbox, OAUTH_TOKEN_PATH, {
        grant_type: 'refresh_token',
        client_id: SANDBOX_APP_ID,
        client_secret: SANDBOX_APP_SECRET,
        refresh_token: refreshToken,
      });

    const second = await refresh(first.refresh_token);
    expect(second.body.code).toBe(0);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await refresh(first.refresh_token)).body.code).toBe(20073);

    // The access token lives tokenLifetimeS: then 99991677, and a token never issued 99991668.
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, second.body.access_token)).body.code).toBe(0);
    clock.advance(7200 * 1000);
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, second.body.access_token)).body.code).toBe(99991677);
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, 'u-never-issued')).body.code).toBe(99991668);
    const third = await refresh(second.body.refresh_token);
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, third.body.access_token)).body.code).toBe(0);
    clock.advance(7 * 24 * 3600 * 1000);
    expect((await refresh(third.body.refresh_token)).body.code).toBe(20037);

    const { location, verifier } = await authorize(sandbox);
    clock.advance(5 * 60 * 1000);
    const late = await post(sandbox, OAUTH_TOKEN_PATH, {
      grant_type: 'authorization_code',
      client_id: SANDBOX_APP_ID,
      client_secret: SANDBOX_APP_SECRET,
      code: location.searchParams.get('code'),
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(late.body.code).toBe(20004);
  });

  it('gives no refresh token to a sign-in without offline_access, and refuses a code of another app', async () => {
    const sandbox = createSandbox();
    const { location, verifier } = await authorize(sandbox, {
      scopes: ['im:message.group_msg:get_as_user'],
      clientId: SANDBOX_STORE_APP_ID,
    });
    const exchange = {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code'),
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    };
    expect(
      (await post(sandbox, OAUTH_TOKEN_PATH, { ...exchange, client_id: SANDBOX_APP_ID, client_secret: SANDBOX_APP_SECRET })).body.code,
    ).toBe(20024);
    const token = await post(sandbox, OAUTH_TOKEN_PATH, {
      ...exchange,
      client_id: SANDBOX_STORE_APP_ID,
      client_secret: SANDBOX_STORE_APP_SECRET,
    });
    expect(token.body.code).toBe(0);
    expect(token.body).not.toHaveProperty('refresh_token');
  });
});

describe('user tokens on the message endpoints', () => {
  it("reads a chat the bot is not in with a member's token: 230002 for the bot and for Hanna, the message for Tom", async () => {
    const sandbox = createSandbox();
    const bot = await customToken(sandbox);
    const tom = (await signIn(sandbox, TOM)).access_token;
    const hanna = (await signIn(sandbox, HANNA)).access_token;

    expect((await getMessage(sandbox, FINANCE_MESSAGE_ID, bot)).body.code).toBe(230002);
    expect((await getMessage(sandbox, FINANCE_MESSAGE_ID, hanna)).body.code).toBe(230002);
    const asTom = await getMessage(sandbox, FINANCE_MESSAGE_ID, tom);
    expect(asTom.body.code).toBe(0);
    expect(asTom.body.data.items[0]).toMatchObject({ message_id: FINANCE_MESSAGE_ID, chat_id: NOT_IN_CHAT_ID, msg_type: 'text' });

    const list = (bearer: string, chatId: string) =>
      call(sandbox, `/open-apis/im/v1/messages?container_id_type=chat&container_id=${chatId}`, bearer);
    expect((await list(bot, NOT_IN_CHAT_ID)).body.code).toBe(230002);
    expect((await list(tom, NOT_IN_CHAT_ID)).body.data.items.map((item: Json) => item.message_id)).toEqual([
      FINANCE_MESSAGE_ID,
      FINANCE_POST_ID,
    ]);
    expect((await list(hanna, LARGE_CHAT_ID)).body.code).toBe(230002);

    expect((await call(sandbox, `/open-apis/im/v1/messages/${FINANCE_POST_ID}/reactions`, tom)).body.code).toBe(0);
    expect((await call(sandbox, `/open-apis/im/v1/messages/${FINANCE_POST_ID}/reactions`, hanna)).body.code).toBe(230002);
    expect((await call(sandbox, `/open-apis/im/v1/chats/${NOT_IN_CHAT_ID}`, tom)).body.data).toHaveProperty('owner_id', LILEI.open_id);
    expect((await call(sandbox, `/open-apis/im/v1/chats/${NOT_IN_CHAT_ID}`, bot)).body.data).not.toHaveProperty('owner_id');
  });

  it("counts a user token's calls against its app's rate limits", async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const bot = await customToken(sandbox);
    const tom = (await signIn(sandbox, TOM)).access_token;
    for (let i = 0; i < 25; i += 1) await getMessage(sandbox, SEED_MESSAGE_ID, bot);
    for (let i = 0; i < 25; i += 1) expect((await getMessage(sandbox, SEED_MESSAGE_ID, tom)).status).toBe(200);
    expect((await getMessage(sandbox, SEED_MESSAGE_ID, tom)).body.code).toBe(99991400);
  });
});
