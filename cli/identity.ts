/**
 * Whom the CLI looks up as, and the commands that change it:
 *   login   signs a user in on a profile (OAuth with PKCE, the redirect to a loopback port)
 *   logout  forgets the signed-in user
 *   ticket  keeps a store app's pasted app_ticket, or asks the platform to push a new one
 * and `--as user|bot` / `--tenant KEY|NAME` for get, export and chat. The session and the ticket
 * are kept encrypted with the command line's key file (stores/key-file-cipher.ts), so a sign-in
 * lasts from one command to the next. Status lines are English, like the CLI's others; what
 * explains a failure follows --lang.
 */

import type { InspectorService } from '../core/app/service';
import type { ProfileSummary } from '../core/api/contract';
import type { Lang } from '../core/base/lang';
import { isCodedError } from '../core/base/app-error';
import { formatExplanationText } from '../core/errors';
import type { FeishuFailure } from '../core/feishu/types';
import type { IdentityChoice, UsedIdentity } from '../core/profiles/types';
import { SANDBOX_PROFILE_IDS } from '../core/profiles/types';
import type { SignInStatus } from '../core/profiles/sign-in';
import { untilAborted } from '../core/base/abort';
import { createNodeService } from './host';
import { exitCodeFor, interruptible } from './interrupt';
import { writeText } from './print';

/** Bad usage or a state the user must change first: main() prints it and exits 1. */
export class IdentityUsageError extends Error {}

/** One long poll of a sign-in's status; Ctrl+C ends the wait at once. */
const POLL_MS = 30_000;
/** After the sign-in ends, the page the browser is shown must get out before the process does. */
const PAGE_GRACE_MS = 500;

/** The profile named by ID or name (the Sandbox by default), or an error that lists them. */
export async function findProfile(service: InspectorService, wanted: unknown, fallback = 'sandbox'): Promise<ProfileSummary> {
  const name = wanted === undefined || wanted === true ? fallback : String(wanted);
  const profiles = await service.listProfiles();
  const profile = profiles.find((p) => p.profileId === name || p.name === name);
  if (!profile) {
    throw new IdentityUsageError(
      `no profile "${name}"; available: ${profiles.map((p) => p.profileId).join(', ')} (set FEISHU_APP_ID and FEISHU_APP_SECRET, or a FEISHU_*_ACCESS_TOKEN, for "env")`,
    );
  }
  return profile;
}

/**
 * `--as user|bot` and `--tenant KEY|NAME` for a profile: checked here, so that a lookup, an export
 * or a chat export says what to do before it starts.
 */
export function identityChoice(profile: ProfileSummary, options: { as?: unknown; tenant?: unknown }): IdentityChoice {
  const choice: IdentityChoice = {};
  if (options.as !== undefined) {
    if (options.as !== 'user' && options.as !== 'bot')
      throw new IdentityUsageError(`--as must be user or bot, not "${String(options.as)}"`);
    if (profile.kind === 'pasted') {
      const held = profile.pastedAs ?? 'bot';
      if (options.as !== held)
        throw new IdentityUsageError(
          `profile "${profile.profileId}" holds a ${held === 'user' ? 'user' : 'tenant'} access token: it looks up as the ${held}, never as the ${options.as}`,
        );
    } else if (options.as === 'user' && !profile.signedIn) {
      throw new IdentityUsageError(
        `nobody is signed in on profile "${profile.profileId}": run inspector login --profile ${profile.profileId} first, or leave out --as user to look up as the bot`,
      );
    }
    choice.as = options.as;
  }
  if (options.tenant !== undefined) {
    const wanted = String(options.tenant).trim();
    if (profile.kind !== 'store') throw new IdentityUsageError(`--tenant is for store apps: profile "${profile.profileId}" is not one`);
    const tenants = profile.tenants ?? [];
    const tenant =
      tenants.find((t) => t.key === wanted) ?? tenants.find((t) => t.name.toLowerCase() === wanted.toLowerCase() && wanted !== '');
    if (!tenant) {
      throw new IdentityUsageError(
        `profile "${profile.profileId}" lists no tenant "${wanted}"; its tenants: ${tenants.map((t) => `${t.key} (${t.name})`).join(', ') || 'none'}`,
      );
    }
    choice.tenantKey = tenant.key;
  }
  return choice;
}

/** Says whom a lookup was made as, when that is not simply the custom app's bot. */
export function identityLine(identity: UsedIdentity | undefined): string | undefined {
  if (!identity) return undefined;
  if (identity.as === 'user')
    return identity.pasted ? 'as the user of the pasted user access token' : `as the user ${identity.user ?? '(unknown)'}`;
  if (identity.tenant) {
    const { name, key } = identity.tenant;
    return `as the bot in tenant ${name === key ? key : `${name} (${key})`}`;
  }
  if (identity.pasted) return 'as the bot, with the pasted tenant access token';
  return undefined;
}

/** Whom a call with this choice is made as, before it is made (an export says it up front). */
export function expectedIdentity(profile: ProfileSummary, choice: IdentityChoice): UsedIdentity {
  if (profile.kind === 'pasted') return { as: profile.pastedAs ?? 'bot', pasted: true };
  if (choice.as === 'user') return { as: 'user', ...(profile.signedIn ? { user: profile.signedIn.name } : {}) };
  const tenants = profile.tenants ?? [];
  const tenant = profile.kind === 'store' ? (tenants.find((t) => t.key === choice.tenantKey) ?? tenants[0]) : undefined;
  return { as: 'bot', ...(tenant ? { tenant: { ...tenant } } : {}) };
}

/** Codes a user who is in the chat gets past: the bot is not in it, or cannot see it. */
const BOT_NOT_IN_CHAT = [230002, 230027];

/**
 * What follows the explanation of a failure made as the bot that a user in the chat would not
 * meet: try again as the signed-in user, or sign one in.
 */
export function tryAsUserHint(failure: FeishuFailure, profile: ProfileSummary, lang: Lang): string | undefined {
  if (failure.code === undefined || !BOT_NOT_IN_CHAT.includes(failure.code)) return undefined;
  if (failure.identity?.as === 'user' || profile.kind === 'pasted') return undefined;
  if (profile.signedIn) {
    return lang === 'zh-CN'
      ? `以用户身份重试：加上 --as user（已登录：${profile.signedIn.name}）`
      : `Try again with --as user (signed in as ${profile.signedIn.name})`;
  }
  return lang === 'zh-CN'
    ? `在该群里的用户可以读取这条消息：inspector login --profile ${profile.profileId} 登录后，加上 --as user 重试`
    : `A user who is in the chat can read it: sign in with inspector login --profile ${profile.profileId}, then try again with --as user`;
}

/** The error of a lookup asked as the user of a profile where nobody is signed in, said with what to do. */
export function notSignedInMessage(error: unknown, profileId: string): string | undefined {
  if (!isCodedError(error) || error.code !== 'not_signed_in') return undefined;
  return `nobody is signed in on profile "${profileId}": run inspector login --profile ${profileId} first, or leave out --as user`;
}

function parseSignInPort(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new IdentityUsageError(`--port must be a whole number from 1 to 65535, not "${String(value)}"`);
  return port;
}

export interface LoginOptions {
  profile?: unknown;
  port?: unknown;
  /** false with --no-browser. */
  browser?: unknown;
  lang: Lang;
}

/**
 * `inspector login`: 0 signed in; 1 the sign-in failed, was declined or could not start;
 * 130/143 interrupted (the sign-in is cancelled).
 */
export async function loginCommand(options: LoginOptions): Promise<number> {
  const port = parseSignInPort(options.port);
  const { lang } = options;
  const service = createNodeService('cli', process.env, { openBrowser: options.browser !== false });
  const interrupt = interruptible();
  try {
    const profile = await findProfile(service, options.profile);
    if (profile.kind === 'pasted')
      throw new IdentityUsageError(`profile "${profile.profileId}" is a pasted token: there is no app to sign in with`);
    let status: SignInStatus;
    try {
      status = await service.startSignIn(profile.profileId, lang, port === undefined ? {} : { port });
    } catch (error) {
      if (isCodedError(error) && error.code === 'sign_in_unavailable') {
        throw new IdentityUsageError(`cannot sign in on profile "${profile.profileId}": ${error.message}`);
      }
      throw error;
    }
    const out = (text: string) => writeText(process.stderr, text);
    out(`Signing a user in on profile "${profile.profileId}" (app ${profile.appId}).\n`);
    out(
      status.opened
        ? 'The sign-in page was opened in your browser; if it did not appear, open this link:\n'
        : 'Open this link in a browser, sign in and allow access:\n',
    );
    // The link on stdout, alone on its line: a script can take it.
    process.stdout.write(`${status.authorizeUrl}\n`);
    if (!SANDBOX_PROFILE_IDS.includes(profile.profileId)) {
      out(
        `The platform sends the browser back to ${status.redirectUri}: it must be one of the app's redirect URLs ` +
          `(developer console → Security Settings → Redirect URLs); use --port to listen on another port.\n`,
      );
    }
    out('Waiting for the sign-in (Ctrl+C cancels it; it is given up after 10 minutes)…\n');
    const signal = interrupt.controller.signal;
    while (status.state === 'waiting') {
      try {
        status = await untilAborted(service.getSignIn(status.signInId, POLL_MS), signal);
      } catch (error) {
        const caught = interrupt.interrupted();
        if (!caught) throw error;
        await service.cancelSignIn(status.signInId);
        out('Sign-in cancelled: nobody was signed in.\n');
        return exitCodeFor(caught);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, PAGE_GRACE_MS));
    return reportSignIn(status, profile, lang, service);
  } finally {
    interrupt.dispose();
    await service.close();
  }
}

async function reportSignIn(status: SignInStatus, profile: ProfileSummary, lang: Lang, service: InspectorService): Promise<number> {
  const out = (text: string) => writeText(process.stderr, text);
  if (status.state === 'signed_in' && status.user) {
    out(`Signed in as ${status.user.name} (${status.user.openId}) on profile "${profile.profileId}".\n`);
    const storage = (await service.getProfilesState()).secretStorage;
    out(
      status.sessionOnly
        ? `The sign-in could not be kept for later commands (${storage.reason ?? 'no encryption here'}): it ended with this one.\n`
        : `Kept for later commands, ${storage.reason ?? 'encrypted'}. inspector logout --profile ${profile.profileId} forgets it.\n`,
    );
    if (SANDBOX_PROFILE_IDS.includes(profile.profileId)) {
      // Each command makes its own in-process emulator: the next one has never issued this user's token.
      out(
        `The built-in profile "${profile.profileId}" talks to an emulator that lasts only as long as each command, so later commands cannot use this sign-in. ` +
          'To look up as a user across commands, run inspector sandbox and reach it through FEISHU_APP_ID, FEISHU_APP_SECRET and FEISHU_DOMAIN (see the README).\n',
      );
      return 0;
    }
    out(`Look up as the user: inspector get <message ID> --profile ${profile.profileId} --as user\n`);
    return 0;
  }
  if (status.failure) {
    writeText(process.stderr, `Sign-in failed.\n${formatExplanationText(status.failure, lang, { appId: profile.appId })}\n`);
    return 1;
  }
  if (status.error?.code === 'access_denied') {
    out('Not signed in: access was declined on the sign-in page (access_denied). Run inspector login again and choose Allow.\n');
    return 1;
  }
  if (status.error) {
    out(`Sign-in failed: ${status.error.code}${status.error.description ? ` (${status.error.description})` : ''}.\n`);
    return 1;
  }
  out('Sign-in cancelled (another sign-in on this profile replaced it): nobody was signed in.\n');
  return 1;
}

/** `inspector logout`: 0 whether or not someone was signed in (it says which). */
export async function logoutCommand(options: { profile?: unknown }): Promise<number> {
  const service = createNodeService('cli');
  try {
    const profile = await findProfile(service, options.profile);
    const was = profile.signedIn;
    await service.signOut(profile.profileId);
    if (!was) {
      writeText(process.stderr, `Nobody was signed in on profile "${profile.profileId}".\n`);
      return 0;
    }
    writeText(
      process.stderr,
      `Signed out ${was.name} on profile "${profile.profileId}": the user's tokens are forgotten here.\n` +
        'The platform has no call to revoke them: the access token stays valid until it expires (at most about 2 hours after it was issued or renewed). ' +
        "To cut access at once, the user can remove the app's authorization in Feishu.\n",
    );
    return 0;
  } finally {
    await service.close();
  }
}

export interface TicketOptions {
  profile?: unknown;
  /** The ticket, or true with `--set -` (read from stdin). */
  set?: unknown;
  resend?: unknown;
  lang: Lang;
}

/** `inspector ticket`: 0 done; 1 bad usage or the platform refused. */
export async function ticketCommand(options: TicketOptions, readStdin: () => Promise<string>): Promise<number> {
  const setting = options.set !== undefined;
  const resending = options.resend === true;
  if (setting === resending)
    throw new IdentityUsageError(
      'say what to do: inspector ticket --profile NAME --set TICKET (or --set - to read it from stdin), or --resend',
    );
  const service = createNodeService('cli');
  try {
    const profile = await findProfile(service, options.profile, 'sandbox-store');
    if (profile.kind !== 'store')
      throw new IdentityUsageError(`profile "${profile.profileId}" is not a store app: only a store app has an app_ticket`);
    const inProcess = SANDBOX_PROFILE_IDS.includes(profile.profileId);
    if (setting) {
      const ticket = (options.set === true ? await readStdin() : String(options.set)).trim();
      if (!ticket) throw new IdentityUsageError('the app_ticket is empty: paste the app_ticket value of the latest push to the webhook');
      if (!/^[\x21-\x7e]{1,512}$/.test(ticket))
        throw new IdentityUsageError(
          'an app_ticket is one word of printable characters: paste the app_ticket value alone, not the whole event',
        );
      await service.setAppTicket(profile.profileId, ticket);
      const { canPersist } = (await service.getProfilesState()).secretStorage;
      writeText(
        process.stderr,
        `app_ticket kept for profile "${profile.profileId}"${canPersist ? ', encrypted, for later commands' : ' for this command only'}; ` +
          'the app token is asked for again with it at the next lookup.\n',
      );
      return 0;
    }
    const result = await service.resendAppTicket(profile.profileId);
    if (!result.ok) {
      writeText(
        process.stderr,
        `The platform did not resend the app_ticket.\n${formatExplanationText(result.failure, options.lang, { appId: profile.appId })}\n`,
      );
      return 1;
    }
    if (inProcess) {
      // The in-process emulator lives as long as this command: its push is printed here, its webhook.
      const pushed = (await service.getSandboxTickets()).at(-1);
      writeText(
        process.stderr,
        `The sandbox pushed a new app_ticket to ${profile.appId}'s webhook${pushed ? `: ${JSON.stringify(pushed.webhook)}` : ''}\n` +
          'This emulator lasts only as long as this command, so its tickets do not serve a later one: for the store-app flow on the command line, ' +
          'run inspector sandbox (it prints each push on its stderr) and use it through FEISHU_DOMAIN (see the README).\n',
      );
      return 0;
    }
    writeText(
      process.stderr,
      `The platform will push a new app_ticket to the app's webhook (the event callback URL set in the developer console), within a minute or so: ` +
        `for inspector sandbox, on its stderr. Copy the event's app_ticket and run inspector ticket --profile ${profile.profileId} --set <app_ticket>.\n`,
    );
    return 0;
  } finally {
    await service.close();
  }
}
