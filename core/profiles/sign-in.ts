/**
 * Signing a user in: OAuth 2 with PKCE and a loopback redirect. A sign-in listens on
 * `http://127.0.0.1:<port>/callback` (the port the user registers in the app's console), sends the
 * user to the authorize page (the system browser on the desktop; a printed or shown link elsewhere),
 * checks that the redirect carries this sign-in's `state`, trades the code (with the verifier) for
 * the user's tokens and hands the session to be kept. The page and the CLI read its progress by
 * long poll. Tokens never leave the main side: the status says who signed in, nothing more.
 */

import { AppError } from '../base/app-error';
import type { Clock } from '../base/ports';
import type { Lang } from '../base/lang';
import type { Exchange } from '../feishu/exchange';
import type { CallResult } from '../feishu/client';
import type { UserSession } from '../feishu/credentials';
import { authorizeUrl, newPkcePair, randomToken } from '../feishu/pkce';
import type { FeishuFailure } from '../feishu/types';

/** Serves a fetch-style handler on 127.0.0.1:port until closed (node/loopback-server.ts). */
export interface LoopbackPort {
  /** Rejects with `{ code: 'EADDRINUSE' }` (or another error) when the port cannot be had. */
  listen(port: number, handle: (request: Request) => Promise<Response>): Promise<{ close(): Promise<void> }>;
  /** Opens a URL in the system browser, where the host can (the desktop). */
  openExternal?(url: string): Promise<void>;
}

export type SignInState = 'waiting' | 'signed_in' | 'failed' | 'cancelled';

/** What the page and the CLI see of a sign-in: never a token, a code or the verifier. */
export interface SignInStatus {
  signInId: string;
  profileId: string;
  state: SignInState;
  /** The page to open (the platform's authorize page for this sign-in). */
  authorizeUrl: string;
  /** Where the platform sends the browser back: must be registered in the app's console. */
  redirectUri: string;
  /** The host opened the authorize page in the system browser itself. */
  opened: boolean;
  /** Signed in as. */
  user?: { name: string; openId: string };
  /** Why it failed: the platform's answer (a code of the token endpoint), or the user's refusal. */
  failure?: FeishuFailure;
  /** `access_denied` and the like, from the redirect. */
  error?: { code: string; description?: string };
  /** The code exchange and user_info, redacted (what went wrong, when it did). */
  exchanges: Exchange[];
  /** The session was kept for this run only: the keychain cannot protect it. */
  sessionOnly?: boolean;
}

export interface SignInRequest {
  profileId: string;
  clientId: string;
  port: number;
  /** The authorize page's host (ACCOUNTS_BASE_URLS, or a sandbox's base URL). */
  accountsBase: string;
  /** Trades the code for the user's session (FeishuClient.signInWithCode). */
  exchange(grant: { code: string; redirectUri: string; codeVerifier: string }): Promise<CallResult<UserSession>>;
  /** Keeps the session (encrypted where the host can): answers whether it persisted. */
  keep(session: UserSession): Promise<{ persisted: boolean }>;
  /**
   * Serves other paths of the loopback port: the in-process sandbox's authorize page, which a
   * browser cannot reach otherwise. The authorize URL then points at the loopback port.
   */
  serve?: (request: Request) => Promise<Response>;
  lang: Lang;
}

/** A sign-in nobody finishes is given up after this long. */
export const SIGN_IN_TIMEOUT_MS = 10 * 60 * 1000;
/** How long the port stays open after the end: the page the browser is shown must get out first. */
const CLOSE_DELAY_MS = 1000;
/** Finished sign-ins kept for their status. */
const KEPT = 20;

interface Running {
  status: SignInStatus;
  close?: () => Promise<void>;
  waiters: Set<() => void>;
  cancelTimer?: () => void;
  stateToken: string;
  verifier: string;
  port: number;
}

export class SignInManager {
  private readonly running = new Map<string, Running>();
  private sequence = 0;

  constructor(private readonly ports: { loopback?: LoopbackPort; clock: Clock }) {}

  async start(request: SignInRequest): Promise<SignInStatus> {
    const loopback = this.ports.loopback;
    if (!loopback) {
      throw new AppError('sign_in_unavailable', 'this host cannot receive the sign-in’s redirect', {
        reason: 'this host cannot receive the sign-in’s redirect',
      });
    }
    // One sign-in per profile and per port: a new one replaces the one waiting there.
    for (const run of this.running.values()) {
      if (run.status.state !== 'waiting') continue;
      if (run.status.profileId === request.profileId || run.port === request.port)
        await this.finish(run, { state: 'cancelled', closeNow: true });
    }
    const pkce = await newPkcePair();
    const stateToken = randomToken(24);
    const redirectUri = `http://127.0.0.1:${request.port}/callback`;
    const signInId = `s${(this.sequence += 1)}-${this.ports.clock.now().toString(36)}`;
    const accountsBase = request.serve ? `http://127.0.0.1:${request.port}` : request.accountsBase;
    const status: SignInStatus = {
      signInId,
      profileId: request.profileId,
      state: 'waiting',
      authorizeUrl: authorizeUrl({ accountsBase, clientId: request.clientId, redirectUri, state: stateToken, challenge: pkce.challenge }),
      redirectUri,
      opened: false,
      exchanges: [],
    };
    const run: Running = { status, waiters: new Set(), stateToken, verifier: pkce.verifier, port: request.port };
    try {
      const server = await loopback.listen(request.port, (incoming) => this.handle(run, request, incoming));
      run.close = server.close;
    } catch (error) {
      const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
      const reason = inUse
        ? `port ${request.port} on 127.0.0.1 is in use: close what uses it, or choose another sign-in port in the profile (and register its redirect URL in the console)`
        : `the loopback port ${request.port} could not be opened: ${error instanceof Error ? error.message : String(error)}`;
      throw new AppError('sign_in_unavailable', reason, { reason });
    }
    this.running.set(signInId, run);
    this.trim();
    run.cancelTimer = this.ports.clock.after(SIGN_IN_TIMEOUT_MS, () => {
      void this.finish(run, {
        state: 'failed',
        error: { code: 'timed_out', description: 'nobody finished the sign-in within 10 minutes' },
      });
    });
    if (loopback.openExternal) {
      try {
        await loopback.openExternal(status.authorizeUrl);
        status.opened = true;
      } catch {
        // The link is shown either way: the user opens it by hand.
      }
    }
    return this.snapshot(run);
  }

  /** The sign-in's status now, or when it changes within `waitMs` (a long poll). */
  async status(signInId: string, waitMs = 0): Promise<SignInStatus> {
    const run = this.running.get(signInId);
    if (!run) throw new AppError('sign_in_not_found', `sign-in ${signInId} is not kept: start it again`);
    if (run.status.state === 'waiting' && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          run.waiters.delete(done);
          cancel();
          resolve();
        };
        const cancel = this.ports.clock.after(waitMs, done);
        run.waiters.add(done);
      });
    }
    return this.snapshot(run);
  }

  async cancel(signInId: string): Promise<void> {
    const run = this.running.get(signInId);
    if (run && run.status.state === 'waiting') await this.finish(run, { state: 'cancelled' });
  }

  /** Stops every sign-in still waiting (the host is closing). */
  async close(): Promise<void> {
    for (const run of this.running.values()) if (run.status.state === 'waiting') await this.finish(run, { state: 'cancelled' });
  }

  private async handle(run: Running, request: SignInRequest, incoming: Request): Promise<Response> {
    const url = new URL(incoming.url);
    if (url.pathname !== '/callback') {
      if (request.serve) return request.serve(incoming);
      return page(404, request.lang, PAGES.notFound);
    }
    const params = url.searchParams;
    // A redirect that is not this sign-in's (an old tab, another app, a forged link) changes nothing.
    if (params.get('state') !== run.stateToken) return page(400, request.lang, PAGES.wrongState);
    if (run.status.state !== 'waiting') return page(409, request.lang, PAGES.finished);
    const error = params.get('error');
    if (error) {
      await this.finish(run, {
        state: 'failed',
        error: { code: error, ...(params.get('error_description') ? { description: params.get('error_description')! } : {}) },
      });
      return page(200, request.lang, error === 'access_denied' ? PAGES.denied : PAGES.failed);
    }
    const code = params.get('code');
    if (!code) return page(400, request.lang, PAGES.noCode);
    const result = await request.exchange({ code, redirectUri: run.status.redirectUri, codeVerifier: run.verifier });
    if (!result.ok) {
      await this.finish(run, { state: 'failed', failure: result.failure, exchanges: result.exchanges });
      return page(200, request.lang, PAGES.failed);
    }
    const { persisted } = await request.keep(result.value);
    const { name, openId } = result.value.user;
    await this.finish(run, {
      state: 'signed_in',
      user: { name, openId },
      exchanges: result.exchanges,
      ...(persisted ? {} : { sessionOnly: true }),
    });
    return page(200, request.lang, PAGES.signedIn(name));
  }

  private async finish(run: Running, change: Partial<SignInStatus> & { state: SignInState; closeNow?: boolean }): Promise<void> {
    if (run.status.state !== 'waiting') return;
    const { closeNow, ...rest } = change;
    Object.assign(run.status, rest);
    run.cancelTimer?.();
    for (const wake of [...run.waiters]) wake();
    // The answer to the browser (written after this returns) goes out before the port closes.
    const close = run.close;
    run.close = undefined;
    // A sign-in replaced on the same port frees it at once: the new one listens there next.
    if (close && closeNow) await close().catch(() => undefined);
    else if (close) this.ports.clock.after(CLOSE_DELAY_MS, () => void close().catch(() => undefined));
  }

  private snapshot(run: Running): SignInStatus {
    return { ...run.status, exchanges: [...run.status.exchanges] };
  }

  private trim(): void {
    for (const [id, run] of this.running) {
      if (this.running.size <= KEPT) break;
      if (run.status.state !== 'waiting') this.running.delete(id);
    }
  }
}

type PageText = { title: Record<Lang, string>; body: Record<Lang, string> };

const PAGES = {
  signedIn: (name: string): PageText => ({
    title: { en: 'Signed in', 'zh-CN': '已登录' },
    body: {
      en: `Signed in as ${name}. You can close this tab and go back to the inspector.`,
      'zh-CN': `已以 ${name} 的身份登录。可以关闭此标签页，回到检查器。`,
    },
  }),
  denied: {
    title: { en: 'Not signed in', 'zh-CN': '未登录' },
    body: { en: 'You declined the authorization: nothing was signed in.', 'zh-CN': '你拒绝了授权：没有登录任何用户。' },
  },
  failed: {
    title: { en: 'Sign-in failed', 'zh-CN': '登录失败' },
    body: { en: 'The sign-in did not finish: the inspector says why.', 'zh-CN': '登录没有完成：原因请看检查器中的说明。' },
  },
  wrongState: {
    title: { en: 'Not this sign-in', 'zh-CN': '不是这次登录' },
    body: {
      en: 'This redirect does not belong to the sign-in the inspector started (its state does not match): nothing was signed in. Start the sign-in again from the inspector.',
      'zh-CN': '这次跳转不属于检查器发起的登录（state 不一致）：没有登录任何用户。请从检查器重新开始登录。',
    },
  },
  finished: {
    title: { en: 'Already finished', 'zh-CN': '已经结束' },
    body: { en: 'This sign-in has already finished.', 'zh-CN': '这次登录已经结束。' },
  },
  noCode: {
    title: { en: 'No code', 'zh-CN': '没有授权码' },
    body: { en: 'The redirect carries no authorization code.', 'zh-CN': '跳转中没有授权码。' },
  },
  notFound: {
    title: { en: 'Not found', 'zh-CN': '未找到' },
    body: { en: 'The inspector’s sign-in listens on /callback only.', 'zh-CN': '检查器的登录只监听 /callback。' },
  },
} satisfies Record<string, PageText | ((name: string) => PageText)>;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A small page for the browser tab the redirect lands in: no script, nothing from elsewhere. */
function page(status: number, lang: Lang, text: PageText): Response {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(text.title[lang])}</title></head><body style="font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1 style="font-size:1.4rem">${escapeHtml(text.title[lang])}</h1><p data-testid="sign-in-page">${escapeHtml(text.body[lang])}</p></body></html>`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  });
}
