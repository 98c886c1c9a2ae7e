/**
 * `inspector tail`: the profile's long connection through the service (startLive, then
 * getLiveUpdates long polls, as the Live view reads it), each event printed as it arrives on
 * stdout — a readable line, or with `--json` one masked event a line — and the connection's state
 * changes on stderr. Ctrl+C (or SIGTERM) stops it with a summary and exit 0; a connection that
 * stops by itself (auth failed, refused, gave up) exits 1 with why, explained as the CLI explains
 * API failures.
 *
 * The Sandbox profile's emulator lives inside this process, where nothing else could reach it:
 * tail serves it on 127.0.0.1 for the run and says where to send events.
 */

import { formatExplanationText } from '../core/errors';
import { tableByLanguage, type Lang } from '../core/base/lang';
import { liveEventRecord } from '../core/events/record';
import type { LiveRow, LiveUpdates } from '../core/events/live';
import { connectionLogText } from '../core/events/log-text';
import type { ConnectionLogEntry, ConnectionLogKind, ConnectionStats, ReceivedEvent, StopReason } from '../core/events/state';
import type { FeishuFailure } from '../core/feishu/types';
import { createSandbox, SANDBOX_APP_SECRET, SANDBOX_BOT_APP_ID } from '../core/sandbox/emulator';
import { SANDBOX_PROFILE_ID, type ProfileSummary } from '../core/profiles/types';
import type { LoopbackServer } from '../node/node-http';
import { createNodeService } from './host';
import { writeText } from './print';
import { interruptible } from './interrupt';
import { serveSandbox } from './sandbox-server';
import { storeNoticePrinter } from './stores/notices';

export class TailUsageError extends Error {}

export interface TailOptions {
  profile?: unknown;
  types?: unknown;
  json?: boolean;
  lang: Lang;
}

/** The longest a readable line waits for its sender's name (asked of the platform once per sender). */
const NAME_WAIT_MS = 2_000;
/** A long poll's longest wait (the service caps it too). */
const POLL_MS = 25_000;

export async function tailCommand(options: TailOptions): Promise<number> {
  const types = parseTypes(options.types);
  const wanted = options.profile === undefined ? SANDBOX_PROFILE_ID : String(options.profile);
  // Served below when the profile turns out to be the Sandbox (asked for by its ID or its name).
  const sandbox = createSandbox();
  const service = createNodeService('cli', process.env, { sandbox });
  storeNoticePrinter((text) => writeText(process.stderr, text))(service.storeNotices());
  const profiles = await service.listProfiles();
  const profile = profiles.find((p) => p.profileId === wanted || p.name === wanted);
  if (!profile) {
    await service.close();
    throw new TailUsageError(
      `no profile "${wanted}"; available: ${profiles.map((p) => p.profileId).join(', ')} (set FEISHU_APP_ID and FEISHU_APP_SECRET for "env")`,
    );
  }
  let served: LoopbackServer | undefined;
  if (profile.profileId === SANDBOX_PROFILE_ID) {
    served = await serveSandbox(sandbox);
    say(WORDS[options.lang].sandboxServed(served.url));
  }

  const interrupt = interruptible();
  const stopAsked = () => void service.stopLive(profile.profileId);
  interrupt.controller.signal.addEventListener('abort', stopAsked, { once: true });
  // The reader went away (`inspector tail --json | head -n 3`): stop as Ctrl+C would.
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stopAsked();
  };
  process.stdout.on('error', onStdoutError);
  const printer = new Printer(options, types, profile);
  say(WORDS[options.lang].connecting(served ? undefined : profile.baseUrl, profile.appId, profile.profileId));
  try {
    let updates: LiveUpdates | null = await service.startLive(profile.profileId, options.lang);
    if (interrupt.controller.signal.aborted) stopAsked();
    for (;;) {
      printer.take(updates);
      await printer.print((seq) => service.getLiveEvent(profile.profileId, seq), !updates.running);
      if (!updates.running && !printer.holding) break;
      const next: LiveUpdates | null = await service.getLiveUpdates({
        profileId: profile.profileId,
        cursor: updates.cursor,
        logCursor: updates.logCursor,
        namesCursor: updates.namesCursor,
        waitMs: printer.holding ? printer.waitMs() : POLL_MS,
      });
      if (!next) break;
      updates = next;
    }
    const state = updates.state;
    const reason = state.status === 'stopped' ? state.reason : undefined;
    say(summary(updates.stats, printer.shown, types !== undefined, options.lang));
    if (!reason || reason.why === 'asked') return 0;
    return 1;
  } finally {
    interrupt.controller.signal.removeEventListener('abort', stopAsked);
    process.stdout.removeListener('error', onStdoutError);
    interrupt.dispose();
    await service.close();
    await served?.close();
  }
}

function say(text: string): void {
  writeText(process.stderr, text);
}

function parseTypes(value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const types = String(value)
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  if (value === true || types.length === 0)
    throw new TailUsageError('--types needs event types, comma-separated: e.g. --types im.message.receive_v1,im.message.recalled_v1');
  return new Set(types);
}

/** Rows waiting to be printed (a readable line waits a moment for its sender's name), and the log read so far. */
class Printer {
  shown = 0;
  private readonly queue: { row: LiveRow; seenAt: number }[] = [];
  private names: Record<string, string> = {};
  /** Where the rows read so far end, to notice rows let go before they were read. */
  private readTo = 0;

  constructor(
    private readonly options: TailOptions,
    private readonly types: ReadonlySet<string> | undefined,
    private readonly profile: ProfileSummary,
  ) {}

  get holding(): boolean {
    return this.queue.length > 0;
  }

  /** How long the next poll may wait: until the first held row's name is due. */
  waitMs(): number {
    const first = this.queue[0];
    return first ? Math.max(1, first.seenAt + NAME_WAIT_MS - Date.now()) : POLL_MS;
  }

  take(updates: LiveUpdates): void {
    this.names = updates.names;
    for (const entry of updates.log) this.logLine(entry);
    const from = updates.cursor - updates.rows.length;
    if (from > this.readTo) say(WORDS[this.options.lang].unread(from - this.readTo));
    this.readTo = updates.cursor;
    const now = Date.now();
    for (const row of updates.rows) {
      if (this.types && !this.types.has(row.eventType ?? '')) continue;
      this.queue.push({ row, seenAt: now });
    }
  }

  /** Prints the rows that are ready, in order; `flush` prints them all (the connection has ended). */
  async print(eventOf: (seq: number) => Promise<ReceivedEvent | null>, flush: boolean): Promise<void> {
    const now = Date.now();
    while (this.queue.length > 0) {
      const { row, seenAt } = this.queue[0]!;
      if (this.options.json) {
        const event = await eventOf(row.seq);
        if (event) process.stdout.write(`${JSON.stringify(liveEventRecord(event))}\n`);
        else say(WORDS[this.options.lang].letGo(row.seq));
      } else {
        const named = !row.senderId || this.names[row.senderId] !== undefined;
        if (!named && !flush && now - seenAt < NAME_WAIT_MS) return;
        writeText(process.stdout, `${readableLine(row, this.names)}\n`);
      }
      this.queue.shift();
      this.shown += 1;
    }
  }

  private logLine(entry: ConnectionLogEntry): void {
    const line = logText(entry, this.options.lang);
    if (line) say(`tail: ${line}\n`);
    if (entry.kind === 'stopped') {
      const failure = stopFailure(entry.reason);
      if (failure) say(`${formatExplanationText(failure, this.options.lang, explainContext(this.profile))}\n`);
    }
  }
}

function explainContext(profile: ProfileSummary) {
  return { appId: profile.appId, ...(profile.domain === 'lark' ? { domain: 'lark' as const } : {}) };
}

/** `12:03:04.123  im.message.receive_v1  oc_…  Tom  hello  (duplicate of #3)`. */
export function readableLine(row: LiveRow, names: Readonly<Record<string, string>>): string {
  const time = new Date(row.receivedAt);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`;
  const sender = row.senderId ? (names[row.senderId] ?? row.senderId) : '—';
  const parts = [clock, row.eventType ?? '(no event type)', row.chatId ?? '—', sender, row.preview.replace(/\s+/g, ' ')];
  if (row.duplicate) parts.push(`(duplicate of #${row.duplicateOf ?? '?'})`);
  return parts.join('  ');
}

/** The state changes and troubles worth a line; pings, pongs, endpoint answers and duplicates (marked on their event's line) are not. */
const PRINTED: ReadonlySet<ConnectionLogKind> = new Set([
  'connected',
  'failed',
  'dropped',
  'reconnect',
  'incomplete',
  'bad_frame',
  'listener_failed',
  'stopped',
]);

export function logText(entry: ConnectionLogEntry, lang: Lang): string | undefined {
  return PRINTED.has(entry.kind) ? connectionLogText(entry, lang) : undefined;
}

function stopFailure(reason: StopReason): FeishuFailure | undefined {
  return reason.why === 'auth_failed' || reason.why === 'refused' || reason.why === 'gave_up' ? reason.failure : undefined;
}

export function summary(stats: ConnectionStats, shown: number, filtered: boolean, lang: Lang): string {
  return WORDS[lang].summary(stats, filtered ? shown : undefined);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const count = (n: number) => n.toLocaleString('zh-CN');

/** What tail itself says on stderr (the connection log's lines come from core). */
interface TailWords {
  sandboxServed: (url: string) => string;
  /** `baseUrl` undefined: the sandbox in this process. */
  connecting: (baseUrl: string | undefined, appId: string, profileId: string) => string;
  unread: (count: number) => string;
  letGo: (seq: number) => string;
  /** `shown` when --types filtered what was printed. */
  summary: (stats: ConnectionStats, shown: number | undefined) => string;
}

const WORDS = tableByLanguage<TailWords>({
  sandboxServed: {
    'zh-CN': (url) =>
      `tail: Sandbox 配置的沙箱运行在本进程中；tail 运行期间，它在 ${url} 提供服务。\n` +
      `tail: 在那里触发事件：curl -s ${url}/sandbox/v1/send -d '{"text": "hello"}'（还有 /recall、/react、/burst）。\n` +
      `tail: 要接收一个与其他客户端共用的 \`inspector sandbox\`，先运行它，再以应用身份接收：FEISHU_APP_ID=${SANDBOX_BOT_APP_ID} ` +
      `FEISHU_APP_SECRET=${SANDBOX_APP_SECRET} FEISHU_DOMAIN=<它的 URL> inspector tail --profile env\n`,
    en: (url) =>
      `tail: the Sandbox profile's sandbox runs inside this process; it is served at ${url} for as long as tail runs.\n` +
      `tail: make things happen there: curl -s ${url}/sandbox/v1/send -d '{"text": "hello"}' (also /recall, /react, /burst).\n` +
      `tail: to tail an \`inspector sandbox\` that other clients share, run it and tail it as an app: FEISHU_APP_ID=${SANDBOX_BOT_APP_ID} ` +
      `FEISHU_APP_SECRET=${SANDBOX_APP_SECRET} FEISHU_DOMAIN=<its URL> inspector tail --profile env\n`,
  },
  connecting: {
    'zh-CN': (baseUrl, appId, profileId) => `tail: 正在以 ${appId}（配置 ${profileId}）连接到${baseUrl ?? '本进程中的沙箱'}…\n`,
    en: (baseUrl, appId, profileId) =>
      `tail: connecting to ${baseUrl ?? 'the sandbox in this process'} as ${appId} (profile ${profileId})…\n`,
  },
  unread: {
    'zh-CN': (n) => `tail: ${count(n)} 个事件未读就已被丢弃（服务只保留最新的 5,000 个）\n`,
    en: (n) => `tail: ${n} events went by unread (the service keeps the newest 5,000)\n`,
  },
  letGo: {
    'zh-CN': (seq) => `tail: 事件 #${seq} 在打印前已被丢弃\n`,
    en: (seq) => `tail: event #${seq} was let go before it could be printed\n`,
  },
  summary: {
    'zh-CN': (stats, shown) => {
      const parts = [
        `事件 ${count(stats.events)} 个（重复 ${count(stats.duplicates)} 个）`,
        `重连 ${count(stats.reconnects)} 次`,
        `断开 ${count(stats.drops)} 次`,
      ];
      if (stats.incomplete > 0) parts.push(`${count(stats.incomplete)} 个事件因分片不全而丢失`);
      if (stats.badFrames > 0) parts.push(`无法读取的帧 ${count(stats.badFrames)} 个`);
      return `tail: ${parts.join('，')}${shown === undefined ? '' : `；已显示 ${count(shown)} 个（--types）`}\n`;
    },
    en: (stats, shown) => {
      const parts = [
        `${plural(stats.events, 'event')} (${plural(stats.duplicates, 'duplicate')})`,
        plural(stats.reconnects, 'reconnect'),
        plural(stats.drops, 'drop'),
      ];
      if (stats.incomplete > 0) parts.push(`${plural(stats.incomplete, 'event')} lost in fragments`);
      if (stats.badFrames > 0) parts.push(plural(stats.badFrames, 'bad frame'));
      return `tail: ${parts.join(', ')}${shown === undefined ? '' : `; ${shown.toLocaleString('en-US')} shown (--types)`}\n`;
    },
  },
});
