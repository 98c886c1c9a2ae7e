/**
 * Figures of live events (issue 15): the long connection through the service (startLive, then
 * getLiveUpdates long polls, as the Live view and `inspector tail` read it), fed by the sandbox's
 * burst route.
 *
 * - live-100/s: 100 events a second for 60 s from `inspector sandbox` in a process of its own
 *   (the platform is not in the client's process either), over a real WebSocket on loopback.
 *   "Push" is the event's `header.create_time`: the sandbox stamps it in the same synchronous call
 *   that writes the event's frame to the socket (both processes read this machine's clock, to the
 *   millisecond). Push to acknowledgement ends when the client sent the acknowledgement
 *   (ReceivedEvent.acknowledgedAt); push to row when a long-polling reader in the service's
 *   process got the row in a getLiveUpdates answer.
 * - live-20000: 20,000 events at 1,000 a second; the heap (after a full GC) grown with 5,000 and
 *   with 20,000, and what the export of what was caught holds.
 * - live-drops: 100 a second for 60 s while the sandbox cuts every connection 10 s after it
 *   opens; every event must be shown exactly once (a delivery marked as a duplicate counts once).
 */

import type { InspectorService } from '../core/app/service';
import type { LiveUpdates } from '../core/events/live';
import { ENV_PROFILE_ID } from '../core/profiles/env';
import { createSandbox, SANDBOX_APP_SECRET, SANDBOX_BOT_APP_ID } from '../core/sandbox/emulator';
import { PLATFORM_CLIENT_CONFIG, type LiveStats } from '../core/sandbox/live';
import { openWsSocket } from '../node/ws-socket';
import { eventSpillFiles } from '../node/event-spill';
import { serveSandbox } from '../cli/sandbox-server';
import { sandboxProcess, serviceOverSandbox } from './sandbox';
import { collectGarbage, fmt, verdict, type Figure } from './util';

/** The app's service with the sandbox's bot app as its env profile and the hosts' spill files, as `inspector tail --profile env` has it. */
const serviceFor = (url: string) =>
  serviceOverSandbox(url, SANDBOX_BOT_APP_ID, SANDBOX_APP_SECRET, { openSocket: openWsSocket, liveSpill: eventSpillFiles() });

async function post(url: string, route: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/sandbox/v1/${route}`, { method: 'POST', body: JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** A long-polling reader, as the page is: each answer handed over with the time it came. */
async function readUntil(
  service: InspectorService,
  first: LiveUpdates,
  onAnswer: (updates: LiveUpdates, at: number) => Promise<void> | void,
  done: (latest: LiveUpdates) => boolean,
  deadline: number,
): Promise<LiveUpdates> {
  let updates = first;
  await onAnswer(updates, Date.now());
  while (!done(updates) && Date.now() < deadline) {
    const next = await service.getLiveUpdates({
      profileId: ENV_PROFILE_ID,
      cursor: updates.cursor,
      logCursor: updates.logCursor,
      namesCursor: updates.namesCursor,
      waitMs: Math.min(5_000, Math.max(1, deadline - Date.now())),
    });
    if (!next) throw new Error('the live session ended');
    updates = next;
    await onAnswer(updates, Date.now());
  }
  return updates;
}

const isLive = (updates: LiveUpdates) => updates.state.status === 'live';

/** Starts the env profile's session and waits until it is live. */
async function goLive(service: InspectorService): Promise<LiveUpdates> {
  const updates = await readUntil(service, await service.startLive(ENV_PROFILE_ID, 'en'), () => undefined, isLive, Date.now() + 15_000);
  if (!isLive(updates)) throw new Error(`not live: ${JSON.stringify(updates.state)}`);
  return updates;
}

/** One event's first delivery, timed: "push" is its `header.create_time`. */
interface Timing {
  /** Frame received → acknowledgement sent, in the client. */
  clientAck: number;
  pushAck: number;
  /** Push → the long poll's answer that held its row. */
  pushRow: number;
}

/**
 * Reads a burst's events as they come (each row tallied, each first delivery timed) until `done`;
 * `afterAnswer` runs after each answer.
 */
async function readBurst(
  service: InspectorService,
  first: LiveUpdates,
  tally: Tally,
  done: () => boolean,
  deadline: number,
  afterAnswer: () => void = () => undefined,
): Promise<{ updates: LiveUpdates; timings: Timing[] }> {
  const timings: Timing[] = [];
  const updates = await readUntil(
    service,
    first,
    async (answer, at) => {
      for (const row of answer.rows) {
        tally.add(row);
        if (row.duplicate) continue;
        const event = await service.getLiveEvent(ENV_PROFILE_ID, row.seq);
        if (event?.createdAt === undefined) continue;
        timings.push({
          clientAck: event.acknowledgedAt - event.receivedAt,
          pushAck: event.acknowledgedAt - event.createdAt,
          pushRow: at - event.createdAt,
        });
      }
      afterAnswer();
    },
    done,
    deadline,
  );
  return { updates, timings };
}
/** Both ends read Date.now(): whole milliseconds. */
const ms = (value: number) => `${value} ms`;

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** Every row's event_id, to count the events lost and those shown twice (a row marked duplicate shows its event once). */
class Tally {
  readonly shown = new Set<string>();
  twice = 0;
  marked = 0;
  add(row: LiveUpdates['rows'][number]): void {
    if (row.eventId === undefined) return;
    if (row.duplicate) {
      this.marked += 1;
      return;
    }
    if (this.shown.has(row.eventId)) this.twice += 1;
    else this.shown.add(row.eventId);
  }
}

export async function liveLatencyFigure(rate = 100, seconds = 60): Promise<Figure> {
  const sandbox = await sandboxProcess();
  const service = serviceFor(sandbox.url);
  try {
    const total = rate * seconds;
    const tally = new Tally();
    const connected = await goLive(service);
    const burst = await post(sandbox.url, 'burst', { rate, seconds });
    const { timings } = await readBurst(service, connected, tally, () => tally.shown.size >= total, Number(burst.ends_at) + 15_000);
    const clientAck = timings.map((timing) => timing.clientAck);
    const pushAck = timings.map((timing) => timing.pushAck);
    const pushRow = timings.map((timing) => timing.pushRow);
    const live = (await (await fetch(`${sandbox.url}/sandbox/v1/live`)).json()) as { stats: LiveStats };
    const lost = total - tally.shown.size;
    const ackP99 = percentile(pushAck, 0.99);
    const rowP99 = percentile(pushRow, 0.99);
    const met = ackP99 <= 20 && rowP99 <= 100 && lost === 0 && tally.twice === 0;
    return {
      name: 'live-100/s',
      line:
        `live-100/s: ${fmt.int(total)} events at ${rate}/s for ${seconds} s from inspector sandbox (another process, ws on loopback): ` +
        `push→acknowledgement p50 ${ms(percentile(pushAck, 0.5))}, p99 ${ms(ackP99)}, max ${ms(Math.max(...pushAck))} ` +
        `(frame received→acknowledgement p99 ${ms(percentile(clientAck, 0.99))}); ` +
        `push→row in a long poll's answer p50 ${ms(percentile(pushRow, 0.5))}, p99 ${ms(rowP99)}, max ${ms(Math.max(...pushRow))}; ` +
        `lost ${lost}, shown twice ${tally.twice} (${tally.marked} marked duplicates; sandbox resends ${live.stats.resends}, ` +
        `acknowledged ${fmt.int(live.stats.acknowledged)}) — ${verdict('push→ack p99 ≤ 20 ms, push→row p99 ≤ 100 ms, 0 lost, 0 twice', met)}`,
    };
  } finally {
    await service.stopLive(ENV_PROFILE_ID);
    await service.close();
    sandbox.stop();
  }
}

export async function liveMemoryFigure(): Promise<Figure> {
  const sandbox = await sandboxProcess();
  const service = serviceFor(sandbox.url);
  try {
    let updates = await goLive(service);
    // The reader keeps nothing of what it reads, so that the heap is the service's.
    const readTo = async (count: number, seconds: number) => {
      const burst = await post(sandbox.url, 'burst', { rate: 1000, seconds });
      updates = await readUntil(
        service,
        updates,
        () => undefined,
        (latest) => latest.stats.events - latest.stats.duplicates >= count,
        Number(burst.ends_at) + 30_000,
      );
      const came = updates.stats.events - updates.stats.duplicates;
      if (came < count) throw new Error(`only ${came} of ${count} events came`);
    };
    collectGarbage();
    const base = process.memoryUsage().heapUsed;
    await readTo(5_000, 5);
    collectGarbage();
    const at5 = process.memoryUsage().heapUsed - base;
    await readTo(20_000, 15);
    collectGarbage();
    const at20 = process.memoryUsage().heapUsed - base;
    // The export as a file would hold it: lines cut across chunks are joined before they are counted.
    let lines = 0;
    let chars = 0;
    let firstSeq: number | undefined;
    let marked = 0;
    const events = new Set<string>();
    let rest = '';
    for await (const chunk of service.liveExportChunks(ENV_PROFILE_ID)) {
      chars += chunk.length;
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        const record = JSON.parse(line) as { seq: number; duplicate: boolean; event: { header: { event_id: string } } };
        lines += 1;
        firstSeq ??= record.seq;
        if (record.duplicate) marked += 1;
        else events.add(record.event.header.event_id);
      }
    }
    if (rest !== '') throw new Error('the export ends in the middle of a line');
    const ratio = at20 / at5;
    return {
      name: 'live-20000',
      line:
        `live-20000: heap growth (after a full GC) with 5,000 events ${fmt.mb(at5)}, with 20,000 ${fmt.mb(at20)}: ratio ${fmt.ratio(ratio)} ` +
        `(4 would be linear; ${fmt.int(updates.letGo)} deliveries spilled from memory to a file); the export holds ${fmt.int(events.size)} events ` +
        `in ${fmt.int(lines)} lines from #${firstSeq ?? '—'} (${marked} deliveries marked duplicate; ${(chars / 1e6).toFixed(1)} M chars) — ` +
        `${verdict('heap bounded (ratio ≤ 1.5)', ratio <= 1.5)}, ${verdict('the export holds all 20,000', events.size === 20_000 && firstSeq === 1)}`,
    };
  } finally {
    await service.stopLive(ENV_PROFILE_ID);
    await service.close();
    sandbox.stop();
  }
}

export async function liveDropsFigure(rate = 100, seconds = 60, dropEveryMs = 10_000): Promise<Figure> {
  // In this process, to set the drops; a reconnect's first wait (the nonce) of at most 5 s rather
  // than the platform's 30, so that a connection is up most of the minute and each drop has one to cut.
  const emulator = createSandbox({ live: { clientConfig: { ...PLATFORM_CLIENT_CONFIG, ReconnectNonce: 5 }, dropEveryMs } });
  const server = await serveSandbox(emulator);
  const service = serviceFor(server.url);
  try {
    const total = rate * seconds;
    const tally = new Tally();
    const connected = await goLive(service);
    const burst = await post(server.url, 'burst', { rate, seconds });
    const endsAt = Number(burst.ends_at);
    let stoppedDrops = false;
    const { updates, timings } = await readBurst(
      service,
      connected,
      tally,
      () => tally.shown.size >= total && Date.now() >= endsAt,
      endsAt + 60_000,
      () => {
        if (!stoppedDrops && Date.now() >= endsAt) {
          stoppedDrops = true;
          emulator.setLiveSettings({ dropEveryMs: undefined });
        }
      },
    );
    const pushRow = timings.map((timing) => timing.pushRow);
    const lost = total - tally.shown.size;
    const { stats } = updates;
    const met = lost === 0 && tally.twice === 0;
    return {
      name: 'live-drops',
      line:
        `live-drops: ${fmt.int(total)} events at ${rate}/s for ${seconds} s, the sandbox cutting each connection ${dropEveryMs / 1000} s after it opens ` +
        `(ws on loopback, this process; reconnect nonce ≤ 5 s): ${stats.drops} drops, ${stats.reconnects} reconnects; ` +
        `${fmt.int(pushRow.filter((wait) => wait > 1_000).length)} events waited over 1 s for a connection (push→row max ${fmt.s(Math.max(...pushRow))}); ` +
        `lost ${lost}, shown twice ${tally.twice}, ${tally.marked} deliveries marked duplicate (sandbox resends ${emulator.live.stats.resends}) — ` +
        `${verdict('every event shown exactly once', met)}`,
    };
  } finally {
    await service.stopLive(ENV_PROFILE_ID);
    await service.close();
    await server.close();
  }
}
