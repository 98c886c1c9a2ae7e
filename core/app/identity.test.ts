/**
 * Every app and every identity, end to end through the service against the sandbox: a store app
 * reading in its customer tenants, and a support engineer who meets 230002, signs in as a user and
 * reads the message. Nothing the platform issued (tickets, app, tenant and user tokens, refresh
 * tokens, the code and its verifier) reaches an answer, the history or a bundle.
 */

import { describe, expect, it } from 'vitest';
import { InspectorService } from './service';
import { SANDBOX_PROFILE_ID, SANDBOX_STORE_PROFILE_ID } from '../profiles/types';
import { memoryStores } from '../testing/memory-stores';
import { createSandbox, type Sandbox } from '../sandbox/emulator';
import { FakeClock } from '../testing/fake-clock';
import type { LoopbackPort } from '../profiles/sign-in';
import { SEED_MESSAGE_ID } from '../sandbox/fixtures/messages';
import { TOM, HANNA } from '../sandbox/fixtures/people';
import { isCodedError } from '../base/app-error';
import { REDACTED } from '../feishu/exchange';

const FINANCE_MESSAGE = 'om_sandbox_finance_1';
const GLOBEX_MESSAGE = 'om_sandbox_globex_1';

/** A loopback port whose handler the test drives as a browser would. */
function browserLoopback() {
  const held: { handle?: (request: Request) => Promise<Response>; port?: number } = {};
  const loopback: LoopbackPort = {
    async listen(port, handle) {
      held.handle = handle;
      held.port = port;
      return { close: async () => undefined };
    },
  };
  /** Fetches through the loopback port, following redirects to it (the sandbox's authorize page sends the browser to /callback). */
  async function browse(url: string, init?: RequestInit): Promise<Response> {
    let response = await held.handle!(new Request(url, init));
    while (response.status === 302) {
      const next = new URL(response.headers.get('location')!, url);
      expect(next.origin).toBe(`http://127.0.0.1:${held.port}`);
      response = await held.handle!(new Request(next));
    }
    return response;
  }
  /** Opens the authorize page, picks the user and presses Allow (or Deny), as the form would post it. */
  async function consent(authorizeUrl: string, openId: string, decision: 'allow' | 'deny' = 'allow'): Promise<Response> {
    const page = await (await browse(authorizeUrl)).text();
    const form = new URLSearchParams();
    for (const match of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      form.set(
        match[1]!,
        match[2]!
          .replace(/&amp;/g, '&')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>'),
      );
    }
    form.set('user', openId);
    form.set('decision', decision);
    const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
    return browse(new URL(action, authorizeUrl).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  }
  /** A request to the loopback port from anything else on this computer. */
  const visit = (pathAndQuery: string) => held.handle!(new Request(`http://127.0.0.1:${held.port}${pathAndQuery}`));
  return { loopback, consent, visit };
}

function setup() {
  const clock = new FakeClock();
  const sandbox: Sandbox = createSandbox({ clock, rateLimits: false });
  const stores = memoryStores(clock);
  const browser = browserLoopback();
  const service = new InspectorService({
    stores,
    sandbox,
    loopback: browser.loopback,
    // A profile of its own that names the sandbox's base URL reaches it too (a pasted token's).
    fetch: (request, init) => sandbox.handle(request, init),
    clock,
    host: 'desktop',
    version: 't',
  });
  return { clock, sandbox, stores, service, browser };
}

/** Everything the stores hold, as text: history, settings, secrets (encrypted: a token in plain text would show). */
function storedText(stores: ReturnType<typeof memoryStores>): string {
  return JSON.stringify([stores.files.history.get('entries'), stores.files.settings.get('profiles'), stores.files.secrets.get('secrets')]);
}

describe('a store app in its customer tenants', () => {
  it('explains the missing ticket, asks for one, takes the pasted one and reads in each tenant', async () => {
    const { service, sandbox, stores } = setup();
    const before = await service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: SANDBOX_STORE_PROFILE_ID });
    expect(before.ok).toBe(false);
    if (before.ok) return;
    expect(before.failure).toMatchObject({ kind: 'credential', stage: 'app_token', credential: { problem: 'ticket_missing' } });

    const pushed = sandbox.tickets.length;
    const resend = await service.resendAppTicket(SANDBOX_STORE_PROFILE_ID);
    expect(resend.ok).toBe(true);
    expect(sandbox.tickets.length).toBe(pushed + 1);
    const ticket = sandbox.tickets.at(-1)!.ticket;

    const summary = await service.setAppTicket(SANDBOX_STORE_PROFILE_ID, ticket);
    expect(summary.hasTicket).toBe(true);
    expect(JSON.stringify(summary)).not.toContain(ticket);

    const home = await service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: SANDBOX_STORE_PROFILE_ID });
    expect(home).toMatchObject({ ok: true, identity: { as: 'bot', tenant: { key: '736588c9260f175e', name: 'Sandbox Ltd' } } });
    const globex = await service.getMessage({
      messageId: GLOBEX_MESSAGE,
      profileId: SANDBOX_STORE_PROFILE_ID,
      tenantKey: '2ed263bf32cf1651',
    });
    expect(globex).toMatchObject({ ok: true, identity: { tenant: { name: 'Globex' } } });
    // Another tenant's message is not this tenant's to read.
    const crossed = await service.getMessage({ messageId: GLOBEX_MESSAGE, profileId: SANDBOX_STORE_PROFILE_ID });
    expect(crossed.ok).toBe(false);

    const unknown = await service
      .getMessage({ messageId: SEED_MESSAGE_ID, profileId: SANDBOX_STORE_PROFILE_ID, tenantKey: 'nope' })
      .catch((e: unknown) => e);
    expect(isCodedError(unknown) && unknown.code).toBe('unknown_tenant');

    // Two tenants, one app token: asked for once.
    const tokenCalls = [...home.exchanges, ...globex.exchanges].filter((e) => e.url.endsWith('/open-apis/auth/v3/app_access_token'));
    expect(tokenCalls).toHaveLength(1);

    const bundle = await service.makeTicketBundle({ lookupId: globex.lookupId }, 'en');
    const everything = JSON.stringify([home, globex, crossed, resend, bundle, await service.listProfiles()]) + storedText(stores);
    expect(everything).not.toContain(ticket);
    expect(everything).not.toContain('sandbox_store_secret');
    expect(everything).not.toMatch(/[at]-sandbox-[0-9a-f]{32}/);
  });
});

describe('a support engineer who meets 230002', () => {
  it('signs in as a user on the authorize page and reads the message the bot cannot, then signs out', async () => {
    const { service, browser, stores, clock } = setup();
    const asBot = await service.getMessage({ messageId: FINANCE_MESSAGE, profileId: SANDBOX_PROFILE_ID });
    expect(asBot).toMatchObject({ ok: false, failure: { code: 230002 } });
    await expect(service.getMessage({ messageId: FINANCE_MESSAGE, profileId: SANDBOX_PROFILE_ID, as: 'user' })).rejects.toMatchObject({
      code: 'not_signed_in',
    });

    const started = await service.startSignIn(SANDBOX_PROFILE_ID, 'en');
    expect(started.state).toBe('waiting');
    // The port serves the sandbox's sign-in page, not the rest of the emulator (no tokens to anyone on this computer).
    const tokenPath = '/open-apis/auth/v3/tenant_access_token/internal';
    expect((await browser.visit(tokenPath)).status).toBe(404);
    expect((await browser.visit(`/open-apis/im/v1/messages/${FINANCE_MESSAGE}`)).status).toBe(404);
    const landed = await browser.consent(started.authorizeUrl, TOM.open_id);
    expect(await landed.text()).toContain(`Signed in as ${TOM.name}`);
    const status = await service.getSignIn(started.signInId, 0);
    expect(status).toMatchObject({ state: 'signed_in', user: { openId: TOM.open_id } });
    expect((await service.listProfiles())[0]!.signedIn).toMatchObject({ name: TOM.name, refreshable: true });

    const asUser = await service.getMessage({ messageId: FINANCE_MESSAGE, profileId: SANDBOX_PROFILE_ID, as: 'user' });
    expect(asUser).toMatchObject({ ok: true, identity: { as: 'user', user: TOM.name } });
    const { requestHeaders } = asUser.exchanges.at(-1)!;
    expect(requestHeaders.Authorization ?? requestHeaders.authorization).toBe(`Bearer ${REDACTED}`);

    // Two hours on, the token is renewed with the refresh token and the lookup still works.
    clock.advance(2 * 3600_000);
    const later = await service.getMessage({ messageId: FINANCE_MESSAGE, profileId: SANDBOX_PROFILE_ID, as: 'user' });
    expect(later.ok).toBe(true);
    expect(later.exchanges.map((e) => e.stage)).toEqual(['user_token', 'message']);

    const bundle = await service.makeTicketBundle({ lookupId: later.lookupId }, 'en');
    const everything = JSON.stringify([asUser, later, status, bundle, await service.listProfiles()]) + storedText(stores);
    expect(everything).not.toMatch(/u-sandbox-[0-9a-f]{32}/);
    expect(everything).not.toMatch(/ur-sandbox-[0-9a-f]{32}/);

    await service.signOut(SANDBOX_PROFILE_ID);
    expect((await service.listProfiles())[0]!.signedIn).toBeUndefined();
    await expect(service.getMessage({ messageId: FINANCE_MESSAGE, profileId: SANDBOX_PROFILE_ID, as: 'user' })).rejects.toMatchObject({
      code: 'not_signed_in',
    });
  });

  it('a user who is not in the chat gets 230002 too, and the failure says it was made as the user', async () => {
    const { service, browser } = setup();
    const started = await service.startSignIn(SANDBOX_PROFILE_ID, 'en');
    await browser.consent(started.authorizeUrl, HANNA.open_id);
    const result = await service.getMessage({ messageId: FINANCE_MESSAGE, profileId: SANDBOX_PROFILE_ID, as: 'user' });
    expect(result).toMatchObject({ ok: false, failure: { code: 230002, identity: { as: 'user' } } });
  });

  it('a user who denies consent is not signed in', async () => {
    const { service, browser } = setup();
    const started = await service.startSignIn(SANDBOX_PROFILE_ID, 'en');
    await browser.consent(started.authorizeUrl, TOM.open_id, 'deny');
    expect(await service.getSignIn(started.signInId, 0)).toMatchObject({ state: 'failed', error: { code: 'access_denied' } });
    expect((await service.listProfiles())[0]!.signedIn).toBeUndefined();
  });
});

describe('a pasted token', () => {
  it('reads with the token as given, says when it expires, and refuses it after', async () => {
    const { service, sandbox, clock } = setup();
    // A token made elsewhere: the sandbox issues it to the custom app, the profile only holds it.
    const issued = (await (
      await sandbox.handle(
        new Request('https://sandbox.inspector.invalid/open-apis/auth/v3/tenant_access_token/internal', {
          method: 'POST',
          body: JSON.stringify({ app_id: 'cli_sandbox', app_secret: 'sandbox_secret' }),
        }),
      )
    ).json()) as { tenant_access_token: string; expire: number };
    const expiresAt = clock.now() + issued.expire * 1000;
    const saved = await service.saveProfile({
      input: {
        name: 'From the API explorer',
        domain: 'custom',
        baseUrl: 'https://sandbox.inspector.invalid',
        appId: '',
        defaultUserIdType: 'open_id',
        kind: 'pasted',
        pastedAs: 'bot',
        pastedExpiresAt: expiresAt,
        appSecret: issued.tenant_access_token,
      },
      persistSecret: true,
    });
    expect(saved).toMatchObject({ kind: 'pasted', pastedAs: 'bot', pastedExpiresAt: expiresAt });
    expect(saved.signInRedirectUri).toBeUndefined();
    expect(JSON.stringify(saved)).not.toContain(issued.tenant_access_token);

    const read = await service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: saved.profileId });
    expect(read).toMatchObject({ ok: true, identity: { as: 'bot', pasted: true } });
    expect(read.exchanges.map((e) => e.stage)).toEqual(['message']);

    clock.advance(issued.expire * 1000);
    const late = await service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: saved.profileId });
    expect(late).toMatchObject({ ok: false, failure: { kind: 'credential', credential: { problem: 'token_expired', expiresAt } } });
    expect(late.exchanges).toHaveLength(0);
    expect(JSON.stringify([read, late])).not.toContain(issued.tenant_access_token);
  });
});
