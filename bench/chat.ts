/**
 * Figures of whole-chat exports (issue 14): the sandbox's large group (10,000 messages, its
 * threads included) through the path `inspector chat` runs — exportConversation over the
 * service's conversationSource of the Sandbox profile — to NDJSON in a temp dir, read back.
 * The 10,000-message export with the sandbox's limits on, on the real clock, is made once per
 * run and gives both `chat-export-10k` and `chat-names`.
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { exportChunks, type ExportEntry } from '../core/export';
import type { ConversationTarget } from '../core/conversations/walk';
import { CHAT_PATH, MESSAGE_PATH } from '../core/feishu/client';
import type { ApiMessage } from '../core/feishu/types';
import { SANDBOX_PROFILE_ID } from '../core/profiles/types';
import { ENV_PROFILE_ID } from '../core/profiles/env';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '../core/sandbox/emulator';
import { LIST_PATH } from '../core/sandbox/conversations';
import { LARGE_CHAT, largeChatMessage, largeChatMessageId } from '../core/sandbox/fixtures/large-chat';
import { MESSAGE_RATE_LIMITS } from '../core/sandbox/rate-limit';
import { tallyIds } from '../core/testing/tally';
import { exportConversation, type ConversationExportResult } from '../node/conversation-export';
import { recordingSandbox, sandboxProcess, serviceOverSandbox, type Arrival, type RecordingSandbox } from './sandbox';
import { collectGarbage, fmt, idealScheduleMs, maxInWindow, median, verdict, type Figure } from './util';

const TARGET: ConversationTarget = { kind: 'chat', id: LARGE_CHAT.chatId };
const CONTACT_PATH = '/open-apis/contact/';
/** The large group's messages before this index span the ~1,000-message range of the heap figure. */
const SMALL_RANGE_MESSAGES = 1_000;

type NdjsonRecord = Record<string, unknown> & { message_id?: unknown; lookup_id?: unknown; sender?: Record<string, unknown> };

/** A gap between one call's answer and the next call, and what that next call was (a chat page starts a step). */
interface Gap {
  ms: number;
  next: 'chat' | 'thread' | 'forward';
}

interface ChatRun {
  result: ConversationExportResult;
  /** From the call of exportConversation to its return (the file written, the spool removed). */
  wallMs: number;
  /** The gaps between one call's answer and the next call: the walk's own work, steps kept on disk. */
  betweenMs: Gap[];
  /** The emulator in this process, recorded; none when the export reached `inspector sandbox` in another. */
  recording?: RecordingSandbox;
  startedAt: number;
  output: string;
  records: NdjsonRecord[];
  baseHeap: number;
  peakHeap: number;
  /** Collections the runtime made on its own while the export ran. */
  collections: { minor: number; major: number };
}

/** What the recorded requests were, by the endpoint they went to. */
function callsOf(arrivals: readonly Arrival[]) {
  const isList = (a: Arrival) => a.url.pathname === LIST_PATH;
  const isGet = (a: Arrival) =>
    a.method === 'GET' && a.url.pathname.startsWith(MESSAGE_PATH) && !a.url.pathname.slice(MESSAGE_PATH.length).includes('/');
  const listOf = (kind: string) => arrivals.filter((a) => isList(a) && a.url.searchParams.get('container_id_type') === kind);
  return {
    chatPages: listOf('chat'),
    threadPages: listOf('thread'),
    gets: arrivals.filter(isGet),
    /** The calls that count against 50/s and 1000/min, in the order they arrived. */
    paced: arrivals.filter((a) => isList(a) || isGet(a)),
    chats: arrivals.filter((a) => a.url.pathname.startsWith(CHAT_PATH)),
    contacts: arrivals.filter((a) => a.url.pathname.startsWith(CONTACT_PATH)),
    tokens: arrivals.filter((a) => a.url.pathname.includes('/auth/')),
  };
}

/**
 * How the heap is watched while an export runs: `peak`, heapUsed sampled on a timer and around
 * every call and step (garbage not yet collected included, as bench/export.ts measures);
 * `live`, after a full collection every LIVE_EVERY steps (what the export holds on to).
 */
type HeapWatch = 'peak' | 'live';
const LIVE_EVERY = 5;

/**
 * One export of the large group (up to `until`, in seconds). Its calls go to the emulator in this
 * process (the Sandbox profile, recorded, its limits as `rateLimits` says), or, with `apart`, to
 * `inspector sandbox` at that base URL in another process, over loopback HTTP, as an env profile
 * with the sandbox's app and that URL as its domain (`inspector chat --profile env`).
 */
async function runChatExport(options: { rateLimits: boolean; until?: number; heap?: HeapWatch; apart?: string }): Promise<ChatRun> {
  const recording = options.apart === undefined ? recordingSandbox({ rateLimits: options.rateLimits }) : undefined;
  const service = recording?.service ?? serviceOverSandbox(options.apart!, SANDBOX_APP_ID, SANDBOX_APP_SECRET);
  const profileId = recording ? SANDBOX_PROFILE_ID : ENV_PROFILE_ID;
  const dir = await mkdtemp(path.join(tmpdir(), 'inspector-bench-chat-'));
  const out = path.join(dir, 'chat.ndjson');
  try {
    const source = await service.conversationSource(profileId);
    let baseHeap = 0;
    let peakHeap = 0;
    const sample = () => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    };
    if (options.heap) {
      collectGarbage();
      baseHeap = peakHeap = process.memoryUsage().heapUsed;
    }
    const peak = options.heap === 'peak';
    const timer = peak ? setInterval(sample, 1) : undefined;
    // Which collections ran while the export did (a forced one, as in `live`, is not the runtime's own).
    const collections = { minor: 0, major: 0 };
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const { kind, flags } = (entry as PerformanceEntry & { detail: { kind: number; flags: number } }).detail;
        if (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue;
        if (kind === constants.NODE_PERFORMANCE_GC_MINOR) collections.minor += 1;
        else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) collections.major += 1;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    // Every call timed (and the heap sampled around it, when asked): the gaps between an answer and
    // the next call are the walk's own work and its steps kept on disk.
    let lastAnswer: number | undefined;
    const between: Gap[] = [];
    const timed = async <T>(call: () => Promise<T>, next: Gap['next']): Promise<T> => {
      if (peak) sample();
      const start = performance.now();
      if (lastAnswer !== undefined) between.push({ ms: start - lastAnswer, next });
      const answer = await call();
      lastAnswer = performance.now();
      if (peak) sample();
      return answer;
    };
    const watched: typeof source = {
      ...source,
      listMessages: (query, ...rest) => timed(() => source.listMessages(query, ...rest), query.containerIdType),
      getMessage: (...args) => timed(() => source.getMessage(...args), 'forward'),
    };
    let steps = 0;
    const onStep = () => {
      steps += 1;
      if (peak) sample();
      else if (options.heap === 'live' && steps % LIVE_EVERY === 0) {
        collectGarbage();
        sample();
      }
    };
    const startedAt = Date.now();
    const started = performance.now();
    let result: ConversationExportResult;
    try {
      result = await exportConversation({
        source: watched,
        walk: { target: TARGET, includeThreads: true, ...(options.until !== undefined ? { until: options.until } : {}) },
        format: 'ndjson',
        out,
        lang: 'en',
        title: `Chat ${TARGET.id}`,
        generatedAt: startedAt,
        identity: { profile: profileId, baseUrl: source.baseUrl },
        onProgress: onStep,
      });
    } finally {
      clearInterval(timer);
    }
    const wallMs = performance.now() - started;
    // The observer hears of the last collections on a later turn.
    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
    if (peak) sample();
    const output = await readFile(out, 'utf8');
    const records = output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as NdjsonRecord);
    return { result, wallMs, betweenMs: between, recording, startedAt, output, records, baseHeap, peakHeap, collections };
  } finally {
    await service.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The end of the range from the large group's first message to its 1,000th, in seconds (its replies come along, whenever written). */
const smallRangeUntil = (): number =>
  Math.floor(Number(largeChatMessage(largeChatMessageId(SMALL_RANGE_MESSAGES - 1))!.create_time) / 1000);

let warmed: Promise<unknown> | undefined;
/**
 * An export of the small range first, the sandbox's limits off: the large group generated and
 * indexed (the emulator's own cost, made once a process) and the code optimised before a figure
 * is taken.
 */
const warmUp = (): Promise<unknown> => (warmed ??= runChatExport({ rateLimits: false, until: smallRangeUntil() }));

let largeRun: Promise<ChatRun & { recording: RecordingSandbox }> | undefined;
/**
 * The 10,000-message export with the sandbox's limits on: made once, for both figures that read it.
 * In this process: the figures count the calls as the emulator's limiter judged them.
 */
const largeChatRun = (): Promise<ChatRun & { recording: RecordingSandbox }> =>
  (largeRun ??= warmUp()
    .then(() => runChatExport({ rateLimits: true }))
    .then((run) => ({ ...run, recording: run.recording! })));

/** The IDs of the export's messages: one per entry (a forward's sub-messages carry the forward's lookup_id). */
const entryIdsOf = (records: readonly NdjsonRecord[]): string[] =>
  records.filter((r) => typeof r.message_id === 'string' && r.message_id === r.lookup_id).map((r) => r.message_id as string);

export async function chatExportFigure(): Promise<Figure> {
  const run = await largeChatRun();
  const calls = callsOf(run.recording.arrivals);
  const { stats } = run.recording.sandbox;
  const idealMs = idealScheduleMs(run.result.calls, MESSAGE_RATE_LIMITS);
  const ratio = run.wallMs / idealMs;
  const expected = LARGE_CHAT.messages().map((items) => items[0]!.message_id!);
  const tally = tallyIds(expected, entryIdsOf(run.records));
  const failedRecords = run.records.filter((r) => 'error' in r || 'no_items' in r).length;
  const accepted = calls.paced.filter((a) => !a.limited).map((a) => a.at);
  const rateLimited = calls.paced.filter((a) => a.limited).length;
  // Where the wall time beyond the ideal goes: before the first call, between the first and the
  // last (the limits' pace), after the last (its answer, the step kept, the file made from the spool).
  const firstCall = accepted[0]! - run.startedAt;
  const lastCall = accepted.at(-1)! - accepted[0]!;
  const afterLast = run.startedAt + run.wallMs - accepted.at(-1)!;
  // The walk goes one call at a time: how long 50 calls (a second's worth) take it when nothing holds them back.
  const spans: number[] = [];
  for (let k = 0; k + 49 < accepted.length; k += 50) spans.push(accepted[k + 49]! - accepted[k]!);
  const windows = MESSAGE_RATE_LIMITS.map(
    (w) => `max in any ${w.windowMs / 1000} s = ${maxInWindow(accepted, w.windowMs)} (limit ${w.limit})`,
  ).join(', ');
  const gaps = (next: Gap['next']) => run.betweenMs.filter((gap) => gap.next === next).map((gap) => gap.ms);
  const betweenMs = run.betweenMs.reduce((sum, gap) => sum + gap.ms, 0);
  const sandboxCalls = stats.listRequests + stats.messageRequests;
  const examples = [...tally.examples.lost, ...tally.examples.duplicated].join(', ');
  const ok = ratio <= 1.05 && tally.lost === 0 && tally.duplicated === 0;
  return {
    name: 'chat-export-10k',
    line:
      `chat-export-10k: wall/ideal = ${fmt.ratio(ratio)} (ideal ${fmt.s(idealMs)} for the ${run.result.calls} calls the walk counted, ` +
      `${calls.chatPages.length} chat pages + ${calls.threadPages.length} thread pages + ${calls.gets.length} forward GETs as the sandbox saw them ` +
      `(its list and message requests ${sandboxCalls}, limit 429s ${rateLimited}, token requests ${calls.tokens.length}); ` +
      `wall ${fmt.s(run.wallMs)}: the first call ${fmt.ms(firstCall)} after the start, the last ${fmt.s(lastCall)} after the first, the file done ${fmt.ms(afterLast)} after the last; ` +
      `${windows}; one call at a time, 50 calls took a median of ${fmt.ms(median(spans))}, ${fmt.s(betweenMs)} in all between an answer and the next call ` +
      `(median ${fmt.ms(median(gaps('chat')))} before a chat page, after the step is written and synced; ${fmt.ms(median(gaps('thread')))} before a thread page); ` +
      `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores), ` +
      `${fmt.int(run.result.entries)} entries, ${fmt.int(run.records.length)} NDJSON records (${(run.output.length / 1e6).toFixed(1)} M chars) read back: ` +
      `lost = ${tally.lost}, duplicated = ${tally.duplicated} of the sandbox's ${fmt.int(expected.length)} (roots and replies), unexpected ${tally.unexpected}, ` +
      `error records ${failedRecords}, walk problems ${run.result.problems.length}${examples ? ` (e.g. ${examples})` : ''}` +
      ` — ${verdict('≤ 1.05, lost = 0, duplicated = 0', ok)}`,
  };
}

/**
 * The heap figure with the platform where it is in real use, another machine: `inspector sandbox`
 * in a process of its own, reached over loopback HTTP. In this process the emulator's garbage
 * (its pages stringified, its items copied: about a fifth of what a 10,000-message export
 * allocates) is counted as the export's; apart, this heap holds the export's garbage only, the
 * fetch's included. Printed beside the goal's figure, which stays in this process (as the
 * other chat figures, whose calls are counted at the emulator): the two tell the emulator's
 * share of the growth from the export's own.
 */
async function heapGrowthApart(until: number): Promise<{ small: number; large: number; smallMs: number; largeMs: number }> {
  const sandbox = await sandboxProcess(['--no-rate-limit']);
  try {
    const apart = { rateLimits: false, apart: sandbox.url };
    // The other process's large group generated and indexed, this one's fetch optimised.
    await runChatExport({ ...apart, until });
    const small = await runChatExport({ ...apart, until, heap: 'peak' });
    const large = await runChatExport({ ...apart, heap: 'peak' });
    return { small: small.peakHeap - small.baseHeap, large: large.peakHeap - large.baseHeap, smallMs: small.wallMs, largeMs: large.wallMs };
  } finally {
    sandbox.stop();
  }
}

export async function chatHeapFigure(): Promise<Figure> {
  const until = smallRangeUntil();
  await warmUp();
  const small = await runChatExport({ rateLimits: false, until, heap: 'peak' });
  const large = await runChatExport({ rateLimits: false, heap: 'peak' });
  const growthSmall = small.peakHeap - small.baseHeap;
  const growthLarge = large.peakHeap - large.baseHeap;
  const ratio = growthLarge / growthSmall;
  // Beside the goal's figure: what the export itself holds on to, garbage aside.
  const liveSmall = await runChatExport({ rateLimits: false, until, heap: 'live' });
  const liveLarge = await runChatExport({ rateLimits: false, heap: 'live' });
  const apart = await heapGrowthApart(until);
  return {
    name: 'chat-export-heap',
    line:
      `chat-export-heap: heap growth ${fmt.int(large.result.entries)}/${fmt.int(small.result.entries)} messages = ${fmt.ratio(ratio)} ` +
      `(growth over the post-GC baseline ${fmt.mb(growthSmall)} vs ${fmt.mb(growthLarge)}; heapUsed peak ${fmt.mb(small.peakHeap)} vs ${fmt.mb(large.peakHeap)}; ` +
      `collections on the runtime's own during the export ${small.collections.minor} vs ${large.collections.minor} minor, ${small.collections.major} vs ${large.collections.major} major; ` +
      `live growth, after a full GC every ${LIVE_EVERY} pages, ${fmt.mb(liveSmall.peakHeap - liveSmall.baseHeap)} vs ${fmt.mb(liveLarge.peakHeap - liveLarge.baseHeap)}; ` +
      `${small.result.calls} vs ${large.result.calls} calls, wall ${fmt.s(small.wallMs)} vs ${fmt.s(large.wallMs)}; output ${(small.output.length / 1e6).toFixed(1)} vs ${(large.output.length / 1e6).toFixed(1)} M chars; ` +
      `sandbox limits off, the client's own pacing on; with the platform apart, the emulator's garbage not in this heap: ` +
      `${fmt.ratio(apart.large / apart.small)}, growth ${fmt.mb(apart.small)} vs ${fmt.mb(apart.large)}, wall ${fmt.s(apart.smallMs)} vs ${fmt.s(apart.largeMs)}) ` +
      `— ${verdict('≤ 1.5', ratio <= 1.5)}`,
  };
}

/** The NDJSON records of one export as the entries they were made from (what the other formats are written from). */
function entriesOf(records: readonly NdjsonRecord[]): ExportEntry[] {
  const entries: (ExportEntry & { items: ApiMessage[] })[] = [];
  for (const record of records) {
    const { lookup_id: lookupId, content, ...rest } = record;
    const item = {
      ...rest,
      ...(content !== undefined ? { body: { content: typeof content === 'string' ? content : JSON.stringify(content) } } : {}),
    } as ApiMessage;
    const last = entries.at(-1);
    if (last && last.messageId === lookupId) last.items.push(item);
    else entries.push({ messageId: String(lookupId), items: [item] });
  }
  return entries;
}

/** The names the platform gave for a sender: its sender_name and its names in each language. */
function givenNames(sender: Record<string, unknown> | undefined): string[] {
  if (!sender) return [];
  const i18n = sender.sender_i18n_names;
  return [sender.sender_name, ...(typeof i18n === 'object' && i18n !== null ? Object.values(i18n) : [])].filter(
    (name): name is string => typeof name === 'string' && name !== '',
  );
}

export async function chatNamesFigure(): Promise<Figure> {
  const run = await largeChatRun();
  const calls = callsOf(run.recording.arrivals);
  const chatIds = new Set(run.records.map((r) => r.chat_id).filter((id): id is string => typeof id === 'string'));
  const chatCallsPerChat = new Map([...chatIds].map((id) => [id, 0]));
  for (const call of calls.chats) {
    const id = decodeURIComponent(call.url.pathname.slice(CHAT_PATH.length));
    chatCallsPerChat.set(id, (chatCallsPerChat.get(id) ?? 0) + 1);
  }
  const mostChatCalls = Math.max(0, ...chatCallsPerChat.values());
  const askedNames = calls.paced.filter((a) => a.url.searchParams.get('with_sender_name') === 'true').length;

  // The NDJSON: every user and bot sender with the name the platform gave.
  const bySenderType = new Map<string, { records: number; named: number }>();
  const namesById = new Map<string, Set<string>>();
  for (const record of run.records) {
    const type = String(record.sender?.sender_type ?? 'none');
    const count = bySenderType.get(type) ?? { records: 0, named: 0 };
    count.records += 1;
    const names = givenNames(record.sender);
    if (names.length > 0) count.named += 1;
    bySenderType.set(type, count);
    const id = record.sender?.id;
    if (typeof id === 'string') for (const name of names) namesById.set(id, (namesById.get(id) ?? new Set()).add(name));
  }

  // The same entries as CSV: its sender_name column, filled with one of the names the platform gave that sender.
  let csv = '';
  for await (const chunk of exportChunks('csv', entriesOf(run.records), { generatedAt: run.startedAt, locale: 'en' })) csv += chunk;
  const csvRows = { user: 0, userNamed: 0, app: 0, appNamed: 0, notGiven: 0 };
  // sender_id, sender_name, sender_type: IDs and these names never need quoting.
  for (const [, id, name, type] of csv.matchAll(/,((?:ou|cli)_[0-9a-z]+),([^,"\r\n]*),(user|app),/g)) {
    const key = type as 'user' | 'app';
    csvRows[key] += 1;
    if (name === '') continue;
    csvRows[`${key}Named`] += 1;
    if (!namesById.get(id!)?.has(name!)) csvRows.notGiven += 1;
  }

  const chatName = LARGE_CHAT.info.name;
  const nameShown = [chatName, ...Object.values(LARGE_CHAT.info.i18n_names)].some(
    (name) => run.output.includes(name) || csv.includes(name),
  );
  const users = bySenderType.get('user') ?? { records: 0, named: 0 };
  const apps = bySenderType.get('app') ?? { records: 0, named: 0 };
  const ok =
    mostChatCalls <= 1 &&
    calls.contacts.length === 0 &&
    users.named === users.records &&
    csvRows.userNamed === csvRows.user &&
    csvRows.notGiven === 0;
  return {
    name: 'chat-names',
    line:
      `chat-names: chat calls = ${calls.chats.length} for ${chatIds.size} chat(s) (at most ${mostChatCalls} for one), contact calls = ${calls.contacts.length}; ` +
      `with_sender_name=true on ${askedNames} of ${calls.paced.length} list and GET calls; NDJSON records with a sender name: users ${fmt.int(users.named)}/${fmt.int(users.records)}, bots ${fmt.int(apps.named)}/${fmt.int(apps.records)}; ` +
      `the same entries as CSV: sender_name filled for users ${fmt.int(csvRows.userNamed)}/${fmt.int(csvRows.user)}, bots ${fmt.int(csvRows.appNamed)}/${fmt.int(csvRows.app)}, not one the platform gave ${csvRows.notGiven}; ` +
      `the chat's name ("${chatName}") in the output: ${nameShown ? 'yes' : calls.chats.length === 0 ? 'no (the export asks for it nowhere: items carry chat_id only)' : 'no'}` +
      ` — ${verdict('≤ 1 chat call per chat, 0 contact calls, every user sender named', ok)}`,
  };
}
