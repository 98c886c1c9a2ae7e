/**
 * Client-side pacing for the get-message endpoint: per app, at most 50 calls start in any 1 s and
 * at most 1000 in any 60 s, and calls go out as fast as both windows allow.
 *
 * Why hand-written and not bottleneck (2.19.5, the usual choice; p-queue 10 needs Node >= 22):
 * - The platform counts a *sliding* window (the sandbox's SlidingWindowLimiter mirrors it).
 *   Bottleneck's reservoir is a fixed refresh: `reservoirRefreshInterval` resets the count on a
 *   timer that starts with the limiter, not with the first call. A 1000/60 s reservoir refreshed
 *   in the middle of a burst lets up to ~2000 calls through within one 60 s window: 429s.
 *   `minTime: 20` keeps 50/s but is not enough on its own, and chaining two limiters does not
 *   turn a fixed window into a sliding one.
 * - Bottleneck uses real timers and Date.now. core/ waits only through the injected Clock, so
 *   tests run 80 s of pacing on a FakeClock in milliseconds; bottleneck would need global fake
 *   timers and would drift from the clock the client and sandbox use.
 * - Its extras (clustering over Redis, priorities, job ids, events) are not needed, and it has
 *   not been released since 2019.
 * An exact sliding-window scheduler is small: per window, a ring of the last `limit` start
 *   times; the next call may start once the oldest of them is `windowMs` old. That is the same
 *   rule the sandbox enforces, so pacing and enforcement agree to the millisecond.
 *
 * Limits count *starts* of scheduled tasks, each from the moment its synchronous part (for the
 * client, the send up to and with the fetch) has run: a pause there no longer counts a request
 * as sent before it was. The server counts arrivals; network jitter (or a token fetch in front of
 * the first calls) can shift a few arrivals closer together than they started. The client still
 * retries a 429 after `x-ogw-ratelimit-reset`; callers who see one should call `pause()` so
 * queued calls hold off too. Pass limits with a slightly longer `windowMs` for a safety margin.
 */

import { onAbort } from '../base/abort';
import type { Clock } from '../base/ports';

export interface RateLimits {
  windows: { limit: number; windowMs: number }[];
}

/** GET /open-apis/im/v1/messages/:message_id: 50 per second and 1000 per minute per app. */
export const MESSAGE_ENDPOINT_LIMITS: RateLimits = {
  windows: [
    { limit: 50, windowMs: 1000 },
    { limit: 1000, windowMs: 60_000 },
  ],
};

/** The last `limit` start times of one window, oldest first, in a ring. */
class WindowLog {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** The earliest time a further start fits in this window. */
  nextAllowed(): number {
    if (this.times.length < this.limit) return -Infinity;
    return this.times[this.head]! + this.windowMs;
  }

  /** Counts a start; returns its slot in the ring. */
  record(time: number): number {
    if (this.times.length < this.limit) return this.times.push(time) - 1;
    const slot = this.head;
    this.times[slot] = time;
    this.head = (this.head + 1) % this.limit;
    return slot;
  }

  /** The start in `slot` happened at `time` after all (later than recorded): it counts from then. */
  move(slot: number, time: number): void {
    this.times[slot] = Math.max(this.times[slot]!, time);
  }

  clone(): WindowLog {
    const copy = new WindowLog(this.limit, this.windowMs);
    for (let i = 0; i < this.times.length; i += 1) copy.record(this.times[(this.head + i) % this.times.length]!);
    return copy;
  }
}

interface Entry {
  task: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  /** Stops listening for the signal's abort (once the entry starts). */
  stopListening: (() => void) | undefined;
  cancelled: boolean;
}

export class RateLimiter {
  private readonly clock: Clock;
  private readonly windows: WindowLog[];
  /**
   * FIFO; `first` is the index of the head, cancelled entries are skipped lazily. A started
   * entry's slot is emptied at once: its resolve function holds the call's promise, and so its
   * answer, which would otherwise stay until the queue is next compacted (1,024 starts later).
   */
  private queue: (Entry | undefined)[] = [];
  private first = 0;
  private waiting = 0;
  private pausedUntil = -Infinity;
  private pumping = false;
  /** Interrupts the pump's sleep (when the queue empties, so no timer outlives the work). */
  private wake: AbortController | undefined;

  constructor(clock: Clock, limits: RateLimits = MESSAGE_ENDPOINT_LIMITS) {
    for (const w of limits.windows) {
      if (!Number.isInteger(w.limit) || w.limit < 1 || !(w.windowMs > 0)) {
        throw new RangeError(`invalid rate window: ${w.limit} per ${w.windowMs} ms`);
      }
    }
    this.clock = clock;
    this.windows = limits.windows.map((w) => new WindowLog(w.limit, w.windowMs));
  }

  /** Calls waiting to start (not those already running). */
  get pending(): number {
    return this.waiting;
  }

  /**
   * Runs `task` once the limits allow, after every call scheduled before it (FIFO). If `signal`
   * aborts while the call still waits, it leaves the queue and the promise rejects with the
   * signal's reason; once started, the task is on its own.
   */
  schedule<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiting === 0) {
      // Nobody queued and a slot free (a single lookup, almost always): start now, without the
      // queue's entry, promise and pump.
      const now = this.clock.now();
      if (this.nextStartAt(now) <= now) {
        return this.launch(task, now);
      }
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        task,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        stopListening: undefined,
        cancelled: false,
      };
      if (signal) entry.stopListening = onAbort(signal, () => this.cancel(entry));
      this.queue.push(entry);
      this.waiting += 1;
      if (!this.pumping) void this.pump();
    });
  }

  /** After a 429: no queued call starts for `ms` from now (a longer pause already set stands). */
  pause(ms: number): void {
    if (!(ms > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /**
   * Milliseconds from now until `count` more calls could all have started, if they were queued
   * now behind nothing: the limits' lower bound for finishing a batch. Simulated exactly for a
   * couple of the longest windows; beyond that the schedule repeats with the period of the
   * slowest window (1000 calls per 60 s here), so the rest is counted in whole periods.
   */
  estimateMs(count: number): number {
    if (count <= 0) return 0;
    const now = this.clock.now();
    const logs = this.windows.map((w) => w.clone());
    const slowest = this.windows.reduce<WindowLog | undefined>(
      (best, w) => (best === undefined || w.limit / w.windowMs < best.limit / best.windowMs ? w : best),
      undefined,
    );
    const horizon = Math.min(count, 2 * Math.max(0, ...this.windows.map((w) => w.limit)) + 1);
    const times: number[] = [];
    let at = now;
    for (let i = 0; i < horizon; i += 1) {
      at = Math.max(at, this.pausedUntil, ...logs.map((log) => log.nextAllowed()));
      for (const log of logs) log.record(at);
      times.push(at);
    }
    if (count > horizon && slowest) {
      const periods = Math.ceil((count - horizon) / slowest.limit);
      at = times[count - 1 - periods * slowest.limit]! + periods * slowest.windowMs;
    }
    return Math.max(0, at - now);
  }

  private cancel(entry: Entry): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.waiting -= 1;
    entry.reject(entry.signal?.reason);
    if (this.waiting === 0) this.wake?.abort();
  }

  private head(): Entry | undefined {
    while (this.first < this.queue.length && this.queue[this.first]!.cancelled) this.first += 1;
    if (this.first > 1024 && this.first * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.first);
      this.first = 0;
    }
    return this.queue[this.first];
  }

  private nextStartAt(now: number): number {
    let at = this.pausedUntil;
    // Math.min: a clock that jumped backwards must not stall the queue for longer than a window.
    for (const log of this.windows) at = Math.max(at, Math.min(log.nextAllowed(), now + log.windowMs));
    return at;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (;;) {
        const entry = this.head();
        if (!entry) return;
        const now = this.clock.now();
        const at = this.nextStartAt(now);
        if (at <= now) {
          this.queue[this.first] = undefined;
          this.first += 1;
          this.start(entry, now);
          continue;
        }
        const wake = new AbortController();
        this.wake = wake;
        try {
          await this.clock.sleep(at - now, wake.signal);
        } catch {
          // Woken early: look again.
        } finally {
          if (this.wake === wake) this.wake = undefined;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private start(entry: Entry, now: number): void {
    this.waiting -= 1;
    entry.stopListening?.();
    this.launch(entry.task, now).then(entry.resolve, entry.reject);
  }

  /**
   * Starts the task, counted from when its request went out: the synchronous part of a call (the
   * client's send, up to and with the fetch) usually takes well under a millisecond, but a garbage
   * collection in it can hold the request back 10 ms or more. Counted from before, the call would
   * leave the window that much early on the server's side, and the call 50 later (started exactly
   * a window plus the margin after it) would find 50 others in the server's window: a 429.
   */
  private launch<T>(task: () => Promise<T>, now: number): Promise<T> {
    // Its own slots: a task whose synchronous part schedules another call counts that one apart.
    const slots = this.windows.map((log) => log.record(now));
    const started = run(task);
    const sent = this.clock.now();
    if (sent > now) this.windows.forEach((log, i) => log.move(slots[i]!, sent));
    return started;
  }
}

/** The task's promise; a task that throws before returning one rejects it instead. */
function run<T>(task: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(task());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** One limiter per app_id: every caller in the process that uses the same app shares its budget. */
export class LimiterRegistry {
  private readonly clock: Clock;
  private readonly limits: RateLimits;
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(clock: Clock, limits: RateLimits = MESSAGE_ENDPOINT_LIMITS) {
    this.clock = clock;
    this.limits = limits;
  }

  forApp(appId: string): RateLimiter {
    let limiter = this.limiters.get(appId);
    if (!limiter) {
      limiter = new RateLimiter(this.clock, this.limits);
      this.limiters.set(appId, limiter);
    }
    return limiter;
  }
}
