import { describe, expect, it } from 'vitest';
import { FeishuClient } from './client';
import { pastedTokens, StoreAppTokens, storeTenantTokens, userTokens, type UserSession } from './credentials';
import { APP_ACCESS_TOKEN_PATH, OAUTH_TOKEN_PATH, STORE_TENANT_TOKEN_PATH, USER_INFO_PATH } from './identity';
import { FakeClock } from '../testing/fake-clock';
import type { FetchLike } from '../base/ports';

const BASE = 'https://platform.test';
const APP_ID = 'cli_store_app';
const SECRET = 'store-secret-0123456789';
const TICKET = 'ticket-0123456789abcdef';
const MESSAGE = 'om_credentials_test';

interface Call {
  path: string;
  body: Record<string, unknown>;
  authorization: string | null;
}

/**
 * A platform of the identity endpoints, as small as the tests need: it records every call and
 * answers a message to whichever token it issued. Each answer echoes what it was sent, so a
 * record that failed to redact would show it.
 */
function platform(clock: FakeClock, script: { tenantToken?: (n: number) => Record<string, unknown> } = {}) {
  const calls: Call[] = [];
  const issued = new Set<string>();
  let counter = 0;
  const answer = (body: Record<string, unknown>, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch: FetchLike = async (request) => {
    const url = new URL(request.url);
    const body = request.method === 'POST' ? ((await request.json()) as Record<string, unknown>) : {};
    calls.push({ path: url.pathname, body, authorization: request.headers.get('authorization') });
    counter += 1;
    const echo = JSON.stringify(body);
    if (url.pathname === APP_ACCESS_TOKEN_PATH) {
      if (body.app_ticket !== TICKET) return answer({ code: 10012, msg: `app_ticket is invalid: ${echo}` }, 400);
      const token = `a-app-${counter}`;
      issued.add(token);
      return answer({ code: 0, msg: `ok ${echo}`, app_access_token: token, expire: 7200 });
    }
    if (url.pathname === STORE_TENANT_TOKEN_PATH) {
      const scripted = script.tenantToken?.(calls.filter((c) => c.path === STORE_TENANT_TOKEN_PATH).length);
      if (scripted) return answer(scripted, 400);
      if (!issued.has(String(body.app_access_token))) return answer({ code: 99991664, msg: 'invalid app token' }, 400);
      const token = `t-${String(body.tenant_key)}-${counter}`;
      issued.add(token);
      return answer({ code: 0, msg: `ok ${echo}`, tenant_access_token: token, expire: 7200 });
    }
    if (url.pathname === OAUTH_TOKEN_PATH) {
      if (body.grant_type === 'refresh_token') {
        if (!issued.has(String(body.refresh_token))) {
          return answer({ code: 20064, error: 'invalid_grant', error_description: `refresh token revoked: ${echo}` }, 400);
        }
        issued.delete(String(body.refresh_token));
      } else if (body.code !== 'code-1' || body.code_verifier !== 'verifier-0123456789') {
        return answer({ code: 20049, error: 'invalid_grant', error_description: 'PKCE verification failed' }, 400);
      }
      const access = `u-access-${counter}`;
      const refresh = `ur-refresh-${counter}`;
      issued.add(access);
      issued.add(refresh);
      return answer({
        code: 0,
        access_token: access,
        expires_in: 7200,
        refresh_token: refresh,
        refresh_token_expires_in: 604800,
        token_type: 'Bearer',
        scope: 'offline_access',
        echo,
      });
    }
    const bearer = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    if (!issued.has(bearer)) return answer({ code: bearer.startsWith('u-') ? 99991677 : 99991663, msg: 'token expired' }, 400);
    if (url.pathname === USER_INFO_PATH) {
      return answer({ code: 0, msg: 'ok', data: { name: 'Tom', en_name: 'Tom', open_id: 'ou_tom', tenant_key: 'tk_1', echo: bearer } });
    }
    return answer({ code: 0, msg: 'ok', data: { items: [{ message_id: MESSAGE, echo: bearer }] } });
  };
  return { fetch, calls, issued, clock };
}

const clientOf = (fake: ReturnType<typeof platform>, tokens?: ConstructorParameters<typeof FeishuClient>[0]['tokens']) =>
  new FeishuClient({ baseUrl: BASE, appId: APP_ID, appSecret: SECRET, fetch: fake.fetch, clock: fake.clock, tokens, random: () => 0.5 });

/** Every string of a result's records, joined: what the page, a bundle or an export could show. */
const recorded = (result: { exchanges: unknown[] }) => JSON.stringify(result.exchanges);

describe('a store app, per customer tenant', () => {
  it('asks for the app token once for tenants that start cold together, then one tenant token each', async () => {
    const fake = platform(new FakeClock());
    const app = new StoreAppTokens({ appId: APP_ID, appSecret: SECRET, ticket: async () => TICKET, now: () => fake.clock.now() });
    const acme = clientOf(fake, storeTenantTokens(app, 'tk_acme'));
    const globex = clientOf(fake, storeTenantTokens(app, 'tk_globex'));
    const [a, b] = await Promise.all([acme.getMessage(MESSAGE), globex.getMessage(MESSAGE)]);
    expect(a.ok && b.ok).toBe(true);
    expect(fake.calls.filter((c) => c.path === APP_ACCESS_TOKEN_PATH)).toHaveLength(1);
    expect(fake.calls.filter((c) => c.path === STORE_TENANT_TOKEN_PATH).map((c) => c.body.tenant_key)).toEqual(['tk_acme', 'tk_globex']);
    const messageCalls = fake.calls.filter((c) => c.path.startsWith('/open-apis/im/'));
    expect(messageCalls.map((c) => c.authorization)).toEqual([
      expect.stringMatching(/^Bearer t-tk_acme-/),
      expect.stringMatching(/^Bearer t-tk_globex-/),
    ]);
    // Neither the ticket, the secret nor any token shows in what is recorded, though the platform echoed them.
    for (const result of [a, b]) {
      const text = recorded(result);
      expect(text).not.toContain(TICKET);
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/a-app-\d/);
      expect(text).not.toMatch(/t-tk_\w+-\d/);
    }
    await acme.getMessage(MESSAGE);
    expect(fake.calls.filter((c) => c.path !== '/open-apis/im/v1/messages/' + MESSAGE)).toHaveLength(3);
  });

  it('says the ticket is missing without asking the platform anything', async () => {
    const fake = platform(new FakeClock());
    const app = new StoreAppTokens({ appId: APP_ID, appSecret: SECRET, ticket: async () => undefined, now: () => fake.clock.now() });
    const result = await clientOf(fake, storeTenantTokens(app, 'tk_acme')).getMessage(MESSAGE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ kind: 'credential', stage: 'app_token', credential: { problem: 'ticket_missing' } });
    expect(fake.calls).toHaveLength(0);
  });

  it('passes on the platform’s refusal of a stale ticket as the app-token stage’s failure', async () => {
    const fake = platform(new FakeClock());
    const app = new StoreAppTokens({
      appId: APP_ID,
      appSecret: SECRET,
      ticket: async () => 'stale-ticket-000',
      now: () => fake.clock.now(),
    });
    const result = await clientOf(fake, storeTenantTokens(app, 'tk_acme')).getMessage(MESSAGE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ kind: 'api', stage: 'app_token', code: 10012 });
    expect(recorded(result)).not.toContain('stale-ticket-000');
  });

  it('asks for a new app token once when the tenant-token call refuses the one it had', async () => {
    const fake = platform(new FakeClock(), {
      tenantToken: (n) => (n === 1 ? { code: 99991664, msg: 'invalid app_access_token' } : undefined)!,
    });
    const app = new StoreAppTokens({ appId: APP_ID, appSecret: SECRET, ticket: async () => TICKET, now: () => fake.clock.now() });
    const result = await clientOf(fake, storeTenantTokens(app, 'tk_acme')).getMessage(MESSAGE);
    expect(result.ok).toBe(true);
    expect(fake.calls.map((c) => c.path)).toEqual([
      APP_ACCESS_TOKEN_PATH,
      STORE_TENANT_TOKEN_PATH,
      APP_ACCESS_TOKEN_PATH,
      STORE_TENANT_TOKEN_PATH,
      `/open-apis/im/v1/messages/${MESSAGE}`,
    ]);
  });
});

describe('a signed-in user', () => {
  async function signedIn(clock = new FakeClock()) {
    const fake = platform(clock);
    const signIn = await clientOf(fake).signInWithCode({
      code: 'code-1',
      redirectUri: 'http://127.0.0.1:47817/callback',
      codeVerifier: 'verifier-0123456789',
    });
    if (!signIn.ok) throw new Error(signIn.failure.msg);
    return { fake, session: signIn.value, signIn };
  }

  it('signs in with the code and its verifier, learns who the user is, and records neither', async () => {
    const { fake, session, signIn } = await signedIn();
    expect(session.user).toEqual({ name: 'Tom', openId: 'ou_tom', tenantKey: 'tk_1' });
    expect(session.refreshToken).toMatch(/^ur-refresh-/);
    expect(fake.calls[0]!.body).toMatchObject({
      grant_type: 'authorization_code',
      code_verifier: 'verifier-0123456789',
      client_id: APP_ID,
    });
    const text = recorded(signIn);
    for (const secret of ['code-1', 'verifier-0123456789', SECRET, session.accessToken, session.refreshToken!])
      expect(text).not.toContain(secret);
    expect(signIn.exchanges.map((e) => e.stage)).toEqual(['user_token', 'user_token']);
  });

  it('a wrong verifier fails with the platform’s code and its description as the message', async () => {
    const fake = platform(new FakeClock());
    const result = await clientOf(fake).signInWithCode({
      code: 'code-1',
      redirectUri: 'http://127.0.0.1:1/callback',
      codeVerifier: 'wrong-verifier-000',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ code: 20049, stage: 'user_token', msg: 'invalid_grant: PKCE verification failed' });
  });

  it('uses the token from the sign-in, then renews it ahead of expiry with the rotated refresh token, once for many callers', async () => {
    const { fake, session } = await signedIn();
    const kept: UserSession[] = [];
    const tokens = userTokens({
      appId: APP_ID,
      appSecret: SECRET,
      session,
      onRenewed: (s) => void kept.push(s),
      now: () => fake.clock.now(),
    });
    const client = clientOf(fake, tokens);
    expect(client.identity).toBe('user');
    const before = fake.calls.length;
    expect((await client.getMessage(MESSAGE)).ok).toBe(true);
    expect(fake.calls.slice(before).map((c) => c.path)).toEqual([`/open-apis/im/v1/messages/${MESSAGE}`]);

    fake.clock.advance(7200_000 - 4 * 60_000); // four minutes left: due
    const results = await Promise.all([client.getMessage(MESSAGE), client.getMessage(MESSAGE), client.getMessage(MESSAGE)]);
    expect(results.every((r) => r.ok)).toBe(true);
    const refreshes = fake.calls.filter((c) => c.body.grant_type === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.body.refresh_token).toBe(session.refreshToken);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.refreshToken).not.toBe(session.refreshToken);
    expect(kept[0]!.user.name).toBe('Tom');

    // The next renewal uses the rotated token: the first one no longer works.
    fake.clock.advance(7200_000);
    expect((await client.getMessage(MESSAGE)).ok).toBe(true);
    expect(fake.calls.filter((c) => c.body.grant_type === 'refresh_token').at(-1)!.body.refresh_token).toBe(kept[0]!.refreshToken);
    for (const result of results) expect(recorded(result)).not.toContain(String(kept[0]!.refreshToken));
  });

  it('replays once with a renewed token when the platform says the user token expired early', async () => {
    const { fake, session } = await signedIn();
    fake.issued.delete(session.accessToken);
    const client = clientOf(
      fake,
      userTokens({ appId: APP_ID, appSecret: SECRET, session, onRenewed: () => undefined, now: () => fake.clock.now() }),
    );
    const result = await client.getMessage(MESSAGE);
    expect(result.ok).toBe(true);
    expect(result.exchanges.map((e) => e.stage)).toEqual(['message', 'user_token', 'message']);
  });

  it('asks the user to sign in again when the refresh token is refused or has expired', async () => {
    const { fake, session } = await signedIn();
    fake.issued.delete(session.refreshToken!);
    fake.clock.advance(7200_000);
    const client = clientOf(
      fake,
      userTokens({ appId: APP_ID, appSecret: SECRET, session, onRenewed: () => undefined, now: () => fake.clock.now() }),
    );
    const refused = await client.getMessage(MESSAGE);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.failure).toMatchObject({
      code: 20064,
      stage: 'user_token',
      credential: { problem: 'signed_out', user: 'Tom' },
      identity: { as: 'user' },
    });

    fake.clock.advance(8 * 24 * 3600_000);
    const before = fake.calls.length;
    const lapsed = await client.getMessage(MESSAGE);
    expect(lapsed.ok).toBe(false);
    if (lapsed.ok) return;
    expect(lapsed.failure).toMatchObject({ kind: 'credential', credential: { problem: 'signed_out' } });
    expect(fake.calls.length).toBe(before);
  });
});

describe('a pasted token', () => {
  it('is used as given, never renewed, and past its expiry is not sent at all', async () => {
    const fake = platform(new FakeClock());
    fake.issued.add('t-pasted-0123456789');
    const tokens = pastedTokens({
      token: 't-pasted-0123456789',
      identity: 'bot',
      expiresAt: fake.clock.now() + 60_000,
      now: () => fake.clock.now(),
    });
    const client = clientOf(fake, tokens);
    const fine = await client.getMessage(MESSAGE);
    expect(fine.ok).toBe(true);
    expect(recorded(fine)).not.toContain('t-pasted-0123456789');

    fake.clock.advance(61_000);
    const late = await client.getMessage(MESSAGE);
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.failure).toMatchObject({
      kind: 'credential',
      credential: { problem: 'token_expired' },
      identity: { as: 'bot', pasted: true },
    });
    expect(fake.calls).toHaveLength(1);
  });

  it('is not replayed when the platform refuses it: there is nothing to renew it with', async () => {
    const fake = platform(new FakeClock());
    const client = clientOf(fake, pastedTokens({ token: 'u-made-elsewhere-0000', identity: 'user', now: () => fake.clock.now() }));
    const result = await client.getMessage(MESSAGE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ code: 99991677, identity: { as: 'user', pasted: true } });
    expect(fake.calls).toHaveLength(1);
  });
});
