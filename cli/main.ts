/**
 * The `inspector` command: `npm run --silent inspector -- <command>`.
 *   get <id-or-text…>  look up messages (IDs are found in any text)
 *   render <file>      print a saved API response, offline
 *   export <file|->    look up the IDs in a file and save them as JSON, NDJSON, Markdown, HTML or CSV
 *   web                browser mode: the app on 127.0.0.1 with a session token
 *   sandbox            the Feishu emulator over HTTP and its long connection, for any client
 *   tail               print the events a profile's long connection receives, as they arrive
 *   login / logout     sign a user in on a profile (for get --as user), or forget them
 *   ticket             keep a store app's app_ticket, or ask the platform to push a new one
 */

import { cac } from 'cac';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { USER_ID_TYPES, type UserIdType } from '../core/feishu/types';
import { extractMessageIds } from '../core/messages/ids';
import {
  createSandbox,
  SANDBOX_APP_ID,
  SANDBOX_APP_SECRET,
  SANDBOX_BOT_APP_ID,
  SANDBOX_STORE_APP_ID,
  SANDBOX_STORE_APP_SECRET,
  SANDBOX_STORE_TENANTS,
  type SandboxTicket,
} from '../core/sandbox/emulator';
import { APP_TICKET_RESEND_PATH, AUTHORIZE_PATH } from '../core/feishu/identity';
import { FAULT_KINDS, NO_FAULTS, parseFaultKinds, type FaultSettings } from '../core/sandbox/faults';
import type { Lang } from '../core/errors';
import { createNodeService, packageVersion, PROJECT_ROOT } from './host';
import { formatFailure, formatLookup, langFromEnv, writeText } from './print';
import { serveSandbox } from './sandbox-server';
import { startWebServer } from './web';
import { readFile } from 'node:fs/promises';
import { RENDER_FORMATS, renderSavedFile, savedFileText, type RenderFormat } from './render';
import { exportCommand } from './export';
import { chatCommand } from './chat';
import { tailCommand } from './tail';
import { storeNoticePrinter } from './stores/notices';
import {
  findProfile,
  identityChoice,
  identityLine,
  loginCommand,
  logoutCommand,
  notSignedInMessage,
  ticketCommand,
  tryAsUserHint,
} from './identity';
import { npmLaunchers, watchLaunchers } from '../node/processes';
import { writeTextAtomically } from '../node/atomic-write';
import type { InspectorService } from '../core/app/service';

class UsageError extends Error {}

const PROFILE_HELP =
  'Profile to use (default: sandbox; "env" from FEISHU_APP_ID / FEISHU_APP_SECRET, or FEISHU_TENANT_ACCESS_TOKEN / FEISHU_USER_ACCESS_TOKEN)';

function parsePort(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${String(value)}"`);
  return port;
}

/** `--lang`; without it, `fallback` (the system's language for what a person reads). */
function parseLang(value: unknown, fallback: Lang = langFromEnv(process.env)): Lang {
  if (value === undefined) return fallback;
  if (value === 'zh' || value === 'zh-CN') return 'zh-CN';
  if (value === 'en') return 'en';
  throw new UsageError(`--lang must be zh or en, not "${String(value)}"`);
}

async function get(
  words: string[],
  options: {
    profile?: string;
    userIdType?: string;
    json?: boolean;
    lang?: string;
    bundle?: unknown;
    as?: unknown;
    tenant?: unknown;
  },
): Promise<number> {
  const lang = parseLang(options.lang);
  const { messageIds, otherIds } = extractMessageIds(words.join(' '));
  if (messageIds.length === 0) {
    throw new UsageError(`no message ID found in "${words.join(' ')}": message IDs start with om_`);
  }
  const bundlePath = parseBundlePath(options.bundle, messageIds.length);
  if (otherIds.length) writeText(process.stderr, `skipped (not message IDs): ${otherIds.join(', ')}\n`);
  if (options.userIdType !== undefined && !(USER_ID_TYPES as readonly string[]).includes(options.userIdType)) {
    throw new UsageError(`--user-id-type must be one of ${USER_ID_TYPES.join(', ')}`);
  }
  const service = createNodeService('cli');
  const printNotices = storeNoticePrinter((text) => process.stderr.write(text));
  printNotices(service.storeNotices());
  let failed = 0;
  const jsonOut: unknown[] = [];
  try {
    const profile = await findProfile(service, options.profile);
    const choice = identityChoice(profile, options);
    for (const messageId of messageIds) {
      const result = await service
        .getMessage({
          messageId,
          profileId: profile.profileId,
          ...choice,
          userIdType: options.userIdType as UserIdType | undefined,
          lang,
        })
        .catch((error: unknown) => {
          const notSignedIn = notSignedInMessage(error, profile.profileId);
          throw notSignedIn ? new UsageError(notSignedIn) : error;
        });
      if (bundlePath !== undefined) await saveBundle(service, result.lookupId, bundlePath, lang);
      const asWhom = identityLine(result.identity);
      if (asWhom && messageId === messageIds[0]) writeText(process.stderr, `looked up ${asWhom}\n`);
      if (result.ok) {
        if (options.json) jsonOut.push(result.response.data ?? {});
        else writeText(process.stdout, `${formatLookup(result, lang)}\n${messageIds.length > 1 ? '\n' : ''}`);
      } else {
        failed += 1;
        const hint = tryAsUserHint(result.failure, profile, lang);
        writeText(
          process.stderr,
          `${formatFailure(result, lang, { appId: profile.appId, domain: profile.domain === 'lark' ? 'lark' : 'feishu' })}\n${hint ? `\n${hint}\n` : ''}`,
        );
      }
    }
  } finally {
    // The history is written a moment after each lookup: let it land before the process exits.
    await service.close();
    // The history was read and written during the run: what it could not read is known only now.
    printNotices(service.storeNotices());
  }
  if (options.json && jsonOut.length) process.stdout.write(`${JSON.stringify(jsonOut.length === 1 ? jsonOut[0] : jsonOut, null, 2)}\n`);
  return failed ? 1 : 0;
}

/** `--bundle PATH`: one file, so one message; a folder or an empty value is a mistake said plainly. */
function parseBundlePath(value: unknown, messages: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError('--bundle needs the path of the file to write, e.g. --bundle ticket.html');
  if (messages > 1) throw new UsageError(`--bundle writes one message's ticket: give one message ID, not ${messages}`);
  return path.resolve(value);
}

/** Writes the ticket bundle of a lookup (success or failure) atomically, and says where on stderr. */
async function saveBundle(service: InspectorService, lookupId: string, target: string, lang: Lang): Promise<void> {
  const bundle = await service.makeTicketBundle({ lookupId }, lang);
  try {
    await writeTextAtomically(target, bundle.html);
  } catch (error) {
    throw new UsageError(`cannot write the ticket bundle to ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }
  writeText(process.stderr, `${lang === 'zh-CN' ? '排查报告已保存' : 'Ticket bundle saved'}: ${target}\n`);
}

async function render(file: string | undefined, options: { format?: string; lang?: string }): Promise<number> {
  if (!file) throw new UsageError('give the saved response to render: inspector render <file.json> [--format text|markdown|json]');
  const format = (options.format ?? 'text') as RenderFormat;
  if (!RENDER_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${RENDER_FORMATS.join(', ')}`);
  // JSON is for programs: the same words on every machine unless asked.
  const lang = parseLang(options.lang, format === 'json' ? 'en' : undefined);
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await readStdin() : await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = savedFileText(bytes);
  const result = text.ok ? renderSavedFile(text.text, format, lang) : text;
  if (!result.ok) {
    writeText(process.stderr, `inspector: ${file} is not a saved response: ${result.error}\n`);
    return 1;
  }
  // JSON escapes what it carries; text and Markdown are for reading.
  if (format === 'json') process.stdout.write(`${result.output}\n`);
  else writeText(process.stdout, `${result.output}\n`);
  return 0;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function ensureRendererBuilt(rendererDir: string): Promise<void> {
  if (existsSync(path.join(rendererDir, 'index.html'))) return;
  process.stderr.write('building the renderer (first run)…\n');
  process.env.INSPECTOR_RENDERER_ONLY = '1';
  const { build } = await import('vite');
  await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

async function web(options: { port?: unknown }): Promise<number> {
  const port = parsePort(options.port);
  const rendererDir = path.join(PROJECT_ROOT, 'dist/renderer');
  await ensureRendererBuilt(rendererDir);
  const service = createNodeService('browser');
  const server = await startWebServer({ api: service, rendererDir, port });
  process.stdout.write(`${server.url}\n`);
  process.stderr.write("Browser mode: open the URL above (it carries this session's token). Ctrl+C stops.\n");
  // The page shows these too, and what is found later.
  storeNoticePrinter((text) => process.stderr.write(text))(service.storeNotices());
  await waitForSignal();
  await server.close();
  await service.close();
  return 0;
}

function parseFaults(options: { faultRate?: unknown; faults?: unknown }): FaultSettings {
  const rate =
    options.faultRate === undefined
      ? 0
      : Number(String(options.faultRate).replace(/%$/, '')) / (String(options.faultRate).endsWith('%') ? 100 : 1);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new UsageError(`--fault-rate must be from 0 to 1 (or 0% to 100%), not "${String(options.faultRate)}"`);
  if (options.faults === undefined) return { ...NO_FAULTS, rate };
  const kinds = parseFaultKinds(String(options.faults));
  if (typeof kinds === 'string') throw new UsageError(`--faults: ${kinds}`);
  return { rate, kinds };
}

async function sandbox(options: { port?: unknown; faultRate?: unknown; faults?: unknown; rateLimit?: boolean }): Promise<number> {
  const port = parsePort(options.port);
  const faults = parseFaults(options);
  // Each app_ticket push is printed as the store app's webhook would receive it; the first (made at start) after the banner.
  let announceTickets = false;
  const announceTicket = (ticket: SandboxTicket) => process.stderr.write(ticketLine(ticket));
  const emulator = createSandbox({
    faults,
    rateLimits: options.rateLimit !== false,
    onTicket: (ticket) => announceTickets && announceTicket(ticket),
  });
  const server = await serveSandbox(emulator, port ?? 0);
  process.stdout.write(`${server.url}\n`);
  const tenants = SANDBOX_STORE_TENANTS.map((tenant) => `${tenant.tenantKey} (${tenant.name})`).join(' and ');
  process.stderr.write(
    `Feishu sandbox: app_id ${SANDBOX_APP_ID} or ${SANDBOX_BOT_APP_ID} (for the official SDK's WSClient), app_secret ${SANDBOX_APP_SECRET}. ` +
      `Use the URL above as the domain. POST ${server.url}/sandbox/v1/send {"text": "hello"} pushes an event to the long connection.\n` +
      `Store app: app_id ${SANDBOX_STORE_APP_ID}, app_secret ${SANDBOX_STORE_APP_SECRET}, tenant keys ${tenants}; ` +
      `its app_tickets are printed below as its webhook would receive them (POST ${APP_TICKET_RESEND_PATH} pushes another).\n` +
      `Users sign in at ${server.url}${AUTHORIZE_PATH} (redirect_uri http://127.0.0.1:<port>/callback or http://localhost:<port>/callback, any port). Ctrl+C stops.\n`,
  );
  for (const ticket of emulator.tickets) announceTicket(ticket);
  announceTickets = true;
  await waitForSignal();
  await server.close();
  return 0;
}

/** One app_ticket push, on one line: what the store app's webhook receives, after a word on what it is. */
export function ticketLine(ticket: SandboxTicket): string {
  const hours = Math.round((ticket.expiresAt - ticket.pushedAt) / 3_600_000);
  return `app_ticket for ${ticket.appId}'s webhook (valid ${hours} hours): ${JSON.stringify(ticket.webhook)}\n`;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function main(argv: string[]): Promise<number> {
  const cli = cac('inspector');
  let run: (() => Promise<number>) | undefined;
  cli
    .command('get [...text]', 'Look up messages by ID, link or any text containing IDs')
    .option('--profile <name>', PROFILE_HELP)
    .option('--as <who>', "Look up as the app's bot (default) or as the user signed in with inspector login: bot or user")
    .option('--tenant <tenant>', "A store app's customer tenant, by tenant_key or name (default: the profile's first)")
    .option('--user-id-type <type>', 'open_id, union_id or user_id')
    .option('--json', "Print the API's data object")
    .option(
      '--bundle <path>',
      'Also save a ticket bundle (one HTML page, no secrets) of the lookup, for the platform support or a colleague',
    )
    .option('--lang <lang>', 'Language of error explanations and message labels: zh or en (default: from the system)')
    .action((text: string[], options) => {
      run = () => {
        if (text.length === 0) throw new UsageError('give a message ID, a link or text containing IDs: inspector get om_…');
        return get(text, options);
      };
    });
  cli
    .command('render [file]', 'Print a saved API response (or its items) readably, offline; - reads stdin')
    .option('--format <format>', 'text, markdown or json (default: text)')
    .option('--lang <lang>', 'Language of message labels ([image …]): zh or en (default: from the system; en for --format json)')
    .action((file: string | undefined, options) => {
      // cac drops a lone "-": read stdin when it was given.
      run = () => render(file ?? (argv.includes('-') ? '-' : undefined), options);
    });
  cli
    .command('export [file]', 'Look up the message IDs in a file (- reads stdin) and save them to one file')
    .option('--format <format>', 'json, ndjson, markdown, html or csv (default: from the --out extension)')
    .option('--out <path>', 'The file to write (replaced atomically)')
    .option('--profile <name>', PROFILE_HELP)
    .option('--as <who>', "Look up as the app's bot (default) or as the user signed in with inspector login: bot or user")
    .option('--tenant <tenant>', "A store app's customer tenant, by tenant_key or name (default: the profile's first)")
    .option('--user-id-type <type>', 'open_id, union_id or user_id')
    .option('--lang <lang>', "Language of the export's labels, in message content too: zh or en (default: en)")
    .action((file: string | undefined, options) => {
      // cac drops a lone "-" (stdin) from the arguments: look for it in argv.
      run = () => exportCommand(file ?? (argv.includes('-') ? '-' : undefined), { ...options, lang: parseLang(options.lang, 'en') });
    });
  cli
    .command('chat [...text]', 'Export a whole chat (oc_…) or thread (omt_…) to one file; run again after an interruption to resume')
    .option('--since <time>', 'Chat only: from this time (2026-12-01, an ISO date-time, or epoch seconds)')
    .option('--until <time>', 'Chat only: up to this time, inclusive')
    .option('--threads', "Include each thread's replies under its root")
    .option('--with-files', 'Also download its images and files into <name>_files/ beside --out, linked from Markdown and HTML')
    .option('--inline-images', 'With --with-files, HTML only: put the images into the HTML as data: URIs')
    .option('--format <format>', 'json, ndjson, markdown, html or csv (default: from the --out extension)')
    .option('--out <path>', 'The file to write (replaced atomically), or - for stdout')
    .option('--profile <name>', PROFILE_HELP)
    .option('--as <who>', "Look up as the app's bot (default) or as the user signed in with inspector login: bot or user")
    .option('--tenant <tenant>', "A store app's customer tenant, by tenant_key or name (default: the profile's first)")
    .option('--lang <lang>', "Language of the export's labels: zh or en (default: en)")
    .action((text: string[], options) => {
      run = () => chatCommand(text, { ...options, lang: parseLang(options.lang, 'en') });
    });
  cli
    .command('web', 'Serve the app in your browser (127.0.0.1 only)')
    .option('--port <port>', 'Port (default: a free one)')
    .action((options) => {
      run = () => web(options);
    });
  cli
    .command('sandbox', 'Serve the Feishu emulator and its long connection (127.0.0.1 only)')
    .option('--port <port>', 'Port (default: a free one)')
    .option('--fault-rate <rate>', 'Share of message calls that fail, 0 to 1 or a percentage (default 0)')
    .option('--faults <kinds>', `Faults to inject at that rate, comma-separated: ${FAULT_KINDS.join(', ')} (default 429,500,502,503)`)
    .option('--no-rate-limit', 'Do not enforce 50/s and 1000/min')
    .action((options) => {
      run = () => sandbox(options);
    });
  cli
    .command('tail', "Print the events the profile's long connection receives, as they arrive; Ctrl+C stops with a summary")
    .option(
      '--profile <name>',
      'Profile to use (default: sandbox, served on 127.0.0.1 for the run; "env" from FEISHU_APP_ID / FEISHU_APP_SECRET / FEISHU_DOMAIN)',
    )
    .option('--types <types>', 'Only these event types, comma-separated (e.g. im.message.receive_v1)')
    .option('--json', 'One JSON object a line: the whole event (credentials masked) with its frame and times')
    .option('--lang <lang>', 'Language of previews, sender names and error explanations: zh or en (default: from the system)')
    .action((options) => {
      run = () => tailCommand({ ...options, lang: parseLang(options.lang) });
    });
  cli
    .command('login', 'Sign a user in on a profile (OAuth in the browser), for lookups with --as user')
    .option('--profile <name>', 'Profile of the app the user authorizes (default: sandbox)')
    .option('--port <port>', "The loopback port the sign-in's redirect comes back to, for this run (default: the profile's, 47817)")
    .option('--no-browser', 'Only print the sign-in link; never try to open a browser')
    .option('--lang <lang>', 'Language of the sign-in pages and error explanations: zh or en (default: from the system)')
    .action((options) => {
      run = () => loginCommand({ ...options, lang: parseLang(options.lang) });
    });
  cli
    .command('logout', 'Forget the user signed in on a profile (the platform cannot revoke a token: it lapses within about 2 hours)')
    .option('--profile <name>', 'Profile to sign out of (default: sandbox)')
    .action((options) => {
      run = () => logoutCommand(options);
    });
  cli
    .command('ticket', "A store app's app_ticket: keep the one its webhook received (--set), or ask the platform for a new push (--resend)")
    .option('--profile <name>', 'The store app\'s profile (default: sandbox-store; "env" with FEISHU_TENANT_KEYS)')
    .option('--set [ticket]', 'Keep this app_ticket (- reads it from stdin)')
    .option('--resend', "Ask the platform to push a new app_ticket to the app's webhook")
    .option('--lang <lang>', 'Language of error explanations: zh or en (default: from the system)')
    .action((options) => {
      // cac drops a lone "-": `--set -` arrives as `--set` alone.
      const set = options.set === true && !argv.includes('-') ? undefined : options.set;
      if (options.set === true && set === undefined) {
        run = () => Promise.reject(new UsageError('--set needs the app_ticket, or - to read it from stdin'));
        return;
      }
      run = () => ticketCommand({ ...options, set, lang: parseLang(options.lang) }, async () => (await readStdin()).toString('utf8'));
    });
  cli.help();
  cli.version(packageVersion());

  try {
    cli.parse(['node', 'inspector', ...argv], { run: true });
    if (cli.options.help || cli.options.version) return 0;
    if (!run) {
      if (argv.length > 0)
        writeText(
          process.stderr,
          `inspector: unknown command "${argv[0]}"; the commands are get, render, export, chat, web, sandbox, tail, login, logout and ticket (--help)\n`,
        );
      else cli.outputHelp();
      return argv.length === 0 ? 0 : 1;
    }
    return await run();
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'CACError')) {
      writeText(process.stderr, `inspector: ${error.message}\n`);
      return 1;
    }
    writeText(process.stderr, `inspector: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  watchLaunchers(npmLaunchers(), () => {
    process.stderr.write('inspector: the npm run that started this process has ended; stopping\n');
    process.kill(process.pid, 'SIGTERM');
  });
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      writeText(process.stderr, `inspector: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
