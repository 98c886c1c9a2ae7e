import { describe, expect, it } from 'vitest';
import { SIGN_IN_TIMEOUT_MS, SignInManager, type LoopbackPort, type SignInRequest } from './sign-in';
import { s256Challenge } from '../feishu/pkce';
import { FakeClock } from '../testing/fake-clock';
import type { UserSession } from '../feishu/credentials';
import { isCodedError } from '../base/app-error';

/** A loopback port that hands its handler to the test instead of opening a socket. */
function fakeLoopback(options: { busy?: boolean } = {}) {
  const state: { handle?: (request: Request) => Promise<Response>; port?: number; closed: number; opened: string[] } = {
    closed: 0,
    opened: [],
  };
  const port: LoopbackPort = {
    async listen(number, handle) {
      if (options.busy) throw Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
      state.handle = handle;
      state.port = number;
      return { close: async () => void (state.closed += 1) };
    },
    async openExternal(url) {
      state.opened.push(url);
    },
  };
  const visit = (path: string) => state.handle!(new Request(`http://127.0.0.1:${state.port}${path}`));
  return { port, state, visit };
}

const SESSION: UserSession = { accessToken: 'u-1', expiresAt: 1, refreshToken: 'ur-1', user: { name: 'Tom', openId: 'ou_tom' } };

function setup(options: { busy?: boolean } = {}) {
  const clock = new FakeClock();
  const loopback = fakeLoopback(options);
  const manager = new SignInManager({ loopback: loopback.port, clock });
  const grants: { code: string; redirectUri: string; codeVerifier: string }[] = [];
  const kept: UserSession[] = [];
  const request: SignInRequest = {
    profileId: 'p1',
    clientId: 'cli_app',
    port: 47817,
    accountsBase: 'https://accounts.feishu.cn',
    exchange: async (grant) => {
      grants.push(grant);
      return grant.code === 'good-code'
        ? { ok: true, value: SESSION, exchanges: [] }
        : { ok: false, failure: { kind: 'api', stage: 'user_token', code: 20003, msg: 'invalid_grant: code expired' }, exchanges: [] };
    },
    keep: async (session) => {
      kept.push(session);
      return { persisted: true };
    },
    lang: 'en',
  };
  return { clock, loopback, manager, grants, kept, request };
}

describe('SignInManager', () => {
  it('sends the user to the authorize page with a S256 challenge and a state, and signs in when the redirect brings both back', async () => {
    const { manager, loopback, grants, kept, request, clock } = setup();
    const started = await manager.start(request);
    expect(started).toMatchObject({ state: 'waiting', redirectUri: 'http://127.0.0.1:47817/callback', opened: true });
    const url = new URL(started.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.feishu.cn/open-apis/authen/v1/authorize');
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      client_id: 'cli_app',
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: started.redirectUri,
    });
    expect(query.scope!.split(' ')).toContain('offline_access');
    expect(loopback.state.opened).toEqual([started.authorizeUrl]);

    const waiting = manager.status(started.signInId, 20_000);
    const page = await loopback.visit(`/callback?code=good-code&state=${encodeURIComponent(query.state!)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in as Tom');
    const done = await waiting;
    expect(done).toMatchObject({ state: 'signed_in', user: { name: 'Tom', openId: 'ou_tom' } });
    expect(JSON.stringify(done)).not.toContain('u-1');
    // The verifier sent with the code is the one the challenge was made from.
    expect(grants).toHaveLength(1);
    expect(await s256Challenge(grants[0]!.codeVerifier)).toBe(query.code_challenge);
    expect(grants[0]!.redirectUri).toBe(started.redirectUri);
    expect(kept).toEqual([SESSION]);
    expect(loopback.state.closed).toBe(0);
    clock.advance(1000);
    expect(loopback.state.closed).toBe(1);
  });

  it('ignores a redirect with another state: nothing is traded, the sign-in still waits', async () => {
    const { manager, loopback, grants, request } = setup();
    const started = await manager.start(request);
    const page = await loopback.visit('/callback?code=good-code&state=forged');
    expect(page.status).toBe(400);
    expect(grants).toHaveLength(0);
    expect((await manager.status(started.signInId)).state).toBe('waiting');
  });

  it('says the user declined, and what the platform said of a code it refused', async () => {
    const declined = setup();
    const first = await declined.manager.start(declined.request);
    const state = new URL(first.authorizeUrl).searchParams.get('state')!;
    await declined.loopback.visit(`/callback?error=access_denied&state=${state}`);
    expect(await declined.manager.status(first.signInId)).toMatchObject({ state: 'failed', error: { code: 'access_denied' } });

    const refused = setup();
    const second = await refused.manager.start(refused.request);
    await refused.loopback.visit(`/callback?code=stale&state=${new URL(second.authorizeUrl).searchParams.get('state')}`);
    expect(await refused.manager.status(second.signInId)).toMatchObject({ state: 'failed', failure: { code: 20003 } });
    expect(refused.kept).toHaveLength(0);
  });

  it('gives up after ten minutes, and a second sign-in of the profile replaces the first', async () => {
    const { manager, request, clock } = setup();
    const first = await manager.start(request);
    const second = await manager.start(request);
    expect((await manager.status(first.signInId)).state).toBe('cancelled');
    clock.advance(SIGN_IN_TIMEOUT_MS);
    expect(await manager.status(second.signInId)).toMatchObject({ state: 'failed', error: { code: 'timed_out' } });
  });

  it('a sign-in of another profile on the same port replaces the one waiting there, freeing the port at once', async () => {
    const { manager, loopback, request } = setup();
    const first = await manager.start(request);
    await manager.start({ ...request, profileId: 'p2' });
    expect((await manager.status(first.signInId)).state).toBe('cancelled');
    expect(loopback.state.closed).toBe(1);
  });

  it('says which port is taken and what to do about it', async () => {
    const { manager, request } = setup({ busy: true });
    const error = await manager.start(request).catch((e: unknown) => e);
    expect(isCodedError(error) && error.code).toBe('sign_in_unavailable');
    expect((error as Error).message).toMatch(/port 47817 .* is in use.*another sign-in port/);
  });

  it('serves the in-process sandbox’s authorize page on the loopback port, and points the link there', async () => {
    const { manager, loopback, request } = setup();
    const seen: string[] = [];
    const started = await manager.start({
      ...request,
      serve: async (incoming) => {
        seen.push(new URL(incoming.url).pathname);
        return new Response('the authorize page');
      },
    });
    expect(started.authorizeUrl.startsWith('http://127.0.0.1:47817/open-apis/authen/v1/authorize?')).toBe(true);
    expect(await (await loopback.visit('/open-apis/authen/v1/authorize?x=1')).text()).toBe('the authorize page');
    expect(seen).toEqual(['/open-apis/authen/v1/authorize']);
  });
});
