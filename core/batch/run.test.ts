import { describe, expect, it } from 'vitest';
import { runBatch, type BatchProgress } from './run';
import { FeishuClient, type CallResult } from '../feishu/client';
import { RateLimiter } from '../feishu/limiter';
import type { GetMessageResponse } from '../feishu/types';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_BASE_URL } from '../sandbox/emulator';
import { MESSAGE_FIXTURES } from '../sandbox/fixtures/messages';
import { FakeClock } from '../testing/fake-clock';

/** Lets every pending promise continuation (and any setImmediate-deferred work) run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Advances fake time in steps, settling promises between steps, until `promise` settles. */
async function drive<T>(
  clock: FakeClock,
  promise: Promise<T>,
  { stepMs = 10, maxMs = 300_000, at = {} as Record<number, () => void> } = {},
) {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  const t0 = clock.now();
  for (;;) {
    await flush();
    await flush();
    if (settled) return promise;
    const elapsed = clock.now() - t0;
    if (elapsed >= maxMs) throw new Error(`not settled after ${maxMs} ms of fake time`);
    at[elapsed]?.();
    clock.advance(stepMs);
  }
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `om_${i.toString().padStart(32, '0')}`);

interface Fake {
  id: string;
  ok: boolean;
}

/** A client of the sandbox emulator (its real 50/s and 1000/min limits) on one fake clock. */
function sandboxClient() {
  const clock = new FakeClock();
  const sandbox = createSandbox({ clock });
  const client = new FeishuClient({
    baseUrl: SANDBOX_BASE_URL,
    appId: SANDBOX_APP_ID,
    appSecret: SANDBOX_APP_SECRET,
    fetch: (request) => sandbox.handle(request),
    clock,
    retry: { timeoutMs: Infinity },
    random: () => 0.5,
  });
  return { clock, sandbox, client };
}

describe('runBatch', () => {
  it('reports progress after every result and returns results in input order', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const messageIds = ids(120);
    const t0 = clock.now();
    const seen: { index: number; progress: BatchProgress }[] = [];
    const outcome = await drive(
      clock,
      runBatch<Fake>({
        messageIds,
        limiter,
        clock,
        lookup: async (id) => ({ id, ok: !id.endsWith('7') }),
        isFailure: (r) => !r.ok,
        onResult: (item, progress) => seen.push({ index: item.index, progress }),
      }),
    );

    expect(outcome.cancelled).toBe(false);
    expect(outcome.results.map((r) => r.index)).toEqual(messageIds.map((_, i) => i));
    expect(outcome.results.every((r) => r.result.id === r.messageId && r.messageId === messageIds[r.index])).toBe(true);
    expect(seen.map((s) => s.progress.done)).toEqual(messageIds.map((_, i) => i + 1));
    expect(seen.every((s) => s.progress.total === 120 && s.progress.remaining === 120 - s.progress.done)).toBe(true);
    const failures = messageIds.filter((id) => id.endsWith('7')).length;
    expect(outcome.progress).toMatchObject({ total: 120, done: 120, failed: failures, remaining: 0, etaMs: 0 });
    // 50 at 0 s, 50 at 1 s, 20 at 2 s.
    expect(clock.now() - t0).toBe(2000);
    expect(outcome.progress.ratePerSecond).toBe(60);
    // Halfway through the first second the limits say: the rest start at 1 s and 2 s.
    expect(seen[59]!.progress.etaMs).toBe(1000);
    expect(seen[49]!.progress.etaMs).toBeGreaterThanOrEqual(1000);
    expect(seen[49]!.progress.etaMs).toBeLessThanOrEqual(2000);
  });

  it('paces 2,000 lookups at 50/s and 1,000/min, and estimates the wait for the minute window', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const t0 = clock.now();
    const starts: number[] = [];
    const etaAt = new Map<number, number | undefined>();
    const outcome = await drive(
      clock,
      runBatch<Fake>({
        messageIds: ids(2000),
        limiter,
        clock,
        lookup: async (id) => {
          starts.push(clock.now() - t0);
          return { id, ok: true };
        },
        isFailure: (r) => !r.ok,
        onResult: (_, p) => etaAt.set(p.done, p.etaMs),
      }),
      { stepMs: 50 },
    );
    expect(outcome.results).toHaveLength(2000);
    expect(starts[999]).toBe(19_000);
    expect(starts[1999]).toBe(79_000);
    // After the first 1,000 (at 19 s) the last call can start only at 79 s: 60 s to go, not the
    // 19 s the observed rate alone would suggest.
    expect(etaAt.get(1000)).toBeGreaterThanOrEqual(59_000);
    expect(etaAt.get(1000)).toBeLessThanOrEqual(61_000);
  });

  it('respects the concurrency cap, and the ETA follows a rate slower than the limits', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const t0 = clock.now();
    let inFlight = 0;
    let maxInFlight = 0;
    const etas: (number | undefined)[] = [];
    const outcome = await drive(
      clock,
      runBatch<Fake>({
        messageIds: ids(100),
        limiter,
        clock,
        concurrency: 4,
        lookup: async (id, signal) => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await clock.sleep(200, signal);
          inFlight -= 1;
          return { id, ok: true };
        },
        isFailure: (r) => !r.ok,
        onResult: (_, p) => etas.push(p.etaMs),
      }),
    );
    expect(maxInFlight).toBe(4);
    expect(outcome.progress.done).toBe(100);
    // 4 at a time, 200 ms each: 20/s, 5 s in all.
    expect(clock.now() - t0).toBe(5000);
    expect(outcome.progress.ratePerSecond).toBe(20);
    // After 40 results (2 s), 60 remain at 20/s: 3 s.
    expect(etas[39]).toBe(3000);
  });

  it('keeps finished results when cancelled, aborts lookups in flight and skips the rest', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const controller = new AbortController();
    const abortedInFlight: string[] = [];
    const started: string[] = [];
    const messageIds = ids(300);
    const outcome = await drive(
      clock,
      runBatch<Fake>({
        messageIds,
        limiter,
        clock,
        signal: controller.signal,
        lookup: async (id, signal) => {
          started.push(id);
          try {
            await clock.sleep(300, signal);
          } catch (error) {
            abortedInFlight.push(id);
            throw error;
          }
          return { id, ok: true };
        },
        isFailure: (r) => !r.ok,
      }),
      { at: { 1000: () => controller.abort(new Error('user cancelled')) } },
    );
    expect(outcome.cancelled).toBe(true);
    // 10 at a time, 300 ms each: 30 finished by 900 ms; the 10 started at 900 ms are aborted.
    expect(outcome.results).toHaveLength(30);
    expect(outcome.results.map((r) => r.messageId)).toEqual(messageIds.slice(0, 30));
    expect(abortedInFlight).toEqual(messageIds.slice(30, 40));
    expect(started).toHaveLength(40);
    expect(outcome.progress).toMatchObject({ total: 300, done: 30, failed: 0, remaining: 270, etaMs: undefined });
    expect(limiter.pending).toBe(0);
  });

  it('returns at once when the signal is already aborted', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    controller.abort();
    const outcome = await runBatch<Fake>({
      messageIds: ids(5),
      limiter: new RateLimiter(clock),
      clock,
      signal: controller.signal,
      lookup: async (id) => ({ id, ok: true }),
      isFailure: () => false,
    });
    expect(outcome).toMatchObject({ results: [], cancelled: true, progress: { done: 0, remaining: 5 } });
  });

  it('rejects when a lookup throws without being aborted', async () => {
    const clock = new FakeClock();
    const batch = runBatch<Fake>({
      messageIds: ids(30),
      limiter: new RateLimiter(clock),
      clock,
      lookup: async (id) => {
        if (id.endsWith('12')) throw new Error('bug in lookup');
        return { id, ok: true };
      },
      isFailure: () => false,
    });
    await expect(drive(clock, batch)).rejects.toThrow('bug in lookup');
  });

  it('runs 1,100 lookups against the sandbox emulator without a single 429', async () => {
    const { clock, sandbox, client } = sandboxClient();
    const known = [...MESSAGE_FIXTURES.keys()];
    // Mostly fixtures, and every 100th an ID the sandbox answers with 230110.
    const messageIds = Array.from({ length: 1100 }, (_, i) => (i % 100 === 99 ? 'om_error_230110' : known[i % known.length]!));
    const t0 = clock.now();
    const outcome = await drive(
      clock,
      runBatch<CallResult<GetMessageResponse>>({
        messageIds,
        limiter: new RateLimiter(clock),
        clock,
        lookup: (id, signal) => client.getMessage(id, { signal }),
        isFailure: (r) => !r.ok,
      }),
      { stepMs: 50 },
    );
    expect(sandbox.stats.rateLimited).toBe(0);
    expect(sandbox.stats.messageRequests).toBe(1100);
    expect(sandbox.stats.tokenRequests).toBe(1);
    expect(outcome.cancelled).toBe(false);
    expect(outcome.progress).toMatchObject({ total: 1100, done: 1100, failed: 11, remaining: 0 });
    const failures = outcome.results.filter((r) => !r.result.ok);
    expect(failures.every((r) => r.messageId === 'om_error_230110' && !r.result.ok && r.result.failure.code === 230110)).toBe(true);
    // 1,000 in the first 20 s, the last 100 once the minute window frees up (60 s and 61 s).
    const elapsed = clock.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(61_000);
    expect(elapsed).toBeLessThanOrEqual(61_000 * 1.03);
  });

  it('control: the same sandbox does answer 429 when calls are not paced', async () => {
    const { clock, sandbox, client } = sandboxClient();
    const id = [...MESSAGE_FIXTURES.keys()][0]!;
    const all = Promise.all(Array.from({ length: 60 }, () => client.getMessage(id)));
    const results = await drive(clock, all, { stepMs: 100 });
    expect(sandbox.stats.rateLimited).toBeGreaterThan(0);
    expect(results.every((r) => r.ok)).toBe(true);
  });
});
