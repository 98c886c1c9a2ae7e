import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import { LimiterRegistry, MESSAGE_ENDPOINT_LIMITS, RateLimiter } from './limiter';
import { FakeClock } from '../testing/fake-clock';
import { maxInWindow } from '../testing/windows';

/** Lets every pending promise continuation (and any setImmediate-deferred work) run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Advances fake time in steps, settling promises between steps, until `done()` holds. */
async function advanceUntil(clock: FakeClock, done: () => boolean, { stepMs = 10, maxMs = 300_000 } = {}): Promise<void> {
  for (let elapsed = 0; ; elapsed += stepMs) {
    await flush();
    if (done()) return;
    if (elapsed >= maxMs) throw new Error(`not done after ${maxMs} ms of fake time`);
    clock.advance(stepMs);
  }
}

async function advanceBy(clock: FakeClock, ms: number, stepMs = 10): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    clock.advance(Math.min(stepMs, ms - elapsed));
    await flush();
  }
}

/** Schedules `count` tasks that record when they start, relative to the clock's start. */
function scheduleMany(limiter: RateLimiter, clock: FakeClock, count: number) {
  const t0 = clock.now();
  const starts: number[] = [];
  const order: number[] = [];
  const promises = Array.from({ length: count }, (_, i) =>
    limiter.schedule(async () => {
      starts.push(clock.now() - t0);
      order.push(i);
      return i;
    }),
  );
  return { starts, order, promises };
}

describe('RateLimiter', () => {
  it('keeps 2,100 calls within 50 per 1 s and 1,000 per 60 s, as fast as both allow', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const { starts, promises } = scheduleMany(limiter, clock, 2100);
    await advanceUntil(clock, () => starts.length === 2100);
    await Promise.all(promises);

    expect(maxInWindow(starts, 1000)).toBe(50);
    expect(maxInWindow(starts, 60_000)).toBe(1000);
    // 1,000 calls start within ~20 s: 50 at 0 s, 1 s, …, 19 s.
    expect(starts[999]).toBe(19_000);
    expect(starts[999]).toBeLessThanOrEqual(20_000 * 1.03);
    // The next 1,000 wait for the 60 s window: 60 s … 79 s, so 2,000 take ~80 s.
    expect(starts[1000]).toBe(60_000);
    expect(starts[1999]).toBe(79_000);
    expect(starts[1999]).toBeGreaterThanOrEqual(80_000 * 0.97);
    expect(starts[1999]).toBeLessThanOrEqual(80_000 * 1.03);
    // And the 2,001st waits for the 1,001st to leave the 60 s window.
    expect(starts[2000]).toBe(120_000);
    expect(starts[2099]).toBe(121_000);
    expect(limiter.pending).toBe(0);
  });

  it('counts a call from when its request went out: a pause before the send does not let the call 50 later in early', async () => {
    // The app's limits: 50 in 1,010 ms, the platform's 1,000 ms with a margin.
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { windows: [{ limit: 50, windowMs: 1010 }] });
    const t0 = clock.now();
    const sent: number[] = [];
    // The first call's synchronous part is held up 15 ms (a garbage collection) before its request
    // leaves; the rest of the burst goes out at once after it.
    const calls = Array.from({ length: 120 }, (_, i) =>
      limiter.schedule(async () => {
        if (i === 0) clock.advance(15);
        sent.push(clock.now() - t0);
      }),
    );
    await advanceUntil(clock, () => sent.length === 120, { stepMs: 1 });
    await Promise.all(calls);
    // The platform counts arrivals in any 1,000 ms: never more than 50.
    expect(maxInWindow(sent, 1000)).toBe(50);
    expect(sent[50]).toBe(1025);
  });

  it('starts calls in FIFO order and resolves each with its own result', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const { order, promises } = scheduleMany(limiter, clock, 130);
    expect(order).toHaveLength(50);
    expect(limiter.pending).toBe(80);
    await advanceUntil(clock, () => order.length === 130);
    expect(order).toEqual(Array.from({ length: 130 }, (_, i) => i));
    expect(await Promise.all(promises)).toEqual(order);
  });

  it('passes on a task rejection without stalling the queue', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { windows: [{ limit: 1, windowMs: 100 }] });
    const bad = limiter.schedule(() => Promise.reject(new Error('boom')));
    const sync = limiter.schedule(() => {
      throw new Error('sync boom');
    });
    const good = limiter.schedule(async () => 'ok');
    const outcomes = Promise.allSettled([bad, sync, good]);
    await advanceUntil(clock, () => limiter.pending === 0);
    const [b, s, g] = await outcomes;
    expect(b).toMatchObject({ status: 'rejected', reason: new Error('boom') });
    expect(s).toMatchObject({ status: 'rejected', reason: new Error('sync boom') });
    expect(g).toEqual({ status: 'fulfilled', value: 'ok' });
  });

  it('counts calls that start at once on an empty queue, and turns a task that throws into a rejection', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    // One lookup at a time, each after the last has finished: the queue is empty every time.
    const starts: number[] = [];
    const t0 = clock.now();
    const oneAfterAnother = (async () => {
      for (let i = 0; i < 60; i += 1) await limiter.schedule(async () => void starts.push(clock.now() - t0));
    })();
    await flush();
    expect(starts).toEqual(Array(50).fill(0));
    await advanceUntil(clock, () => starts.length === 60);
    await oneAfterAnother;
    expect(starts.slice(50)).toEqual(Array(10).fill(1000));

    const idle = new RateLimiter(clock);
    const thrown = idle.schedule(() => {
      throw new Error('sync boom');
    });
    await expect(thrown).rejects.toThrow('sync boom');
  });

  it('keeps no answer of a call it has started: a long batch or chat export does not hold every page in memory', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { windows: [{ limit: 1, windowMs: 100 }] });
    const answers: WeakRef<object>[] = [];
    // Each waits its turn in the queue; the caller keeps nothing of what it answers.
    const done = Array.from({ length: 5 }, () =>
      limiter
        .schedule(async () => {
          const answer = { page: 'x'.repeat(100_000) };
          answers.push(new WeakRef(answer));
          return answer;
        })
        .then(() => undefined),
    );
    await advanceUntil(clock, () => answers.length === 5);
    await Promise.all(done);
    await flush();
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
    // The limiter itself lives on (an app keeps one per app_id for the whole process).
    expect(limiter.pending).toBe(0);
    expect(answers.filter((answer) => answer.deref() !== undefined)).toHaveLength(0);
  });

  it('pause() holds every queued call for the given time', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const { starts } = scheduleMany(limiter, clock, 60);
    expect(starts).toHaveLength(50);
    // A 429 came back: hold everything for 3 s, although the 1 s window would free up at 1 s.
    limiter.pause(3000);
    await advanceBy(clock, 2990);
    expect(starts).toHaveLength(50);
    await advanceBy(clock, 10);
    expect(starts).toHaveLength(60);
    expect(starts.slice(50)).toEqual(Array(10).fill(3000));

    // A pause also holds calls scheduled later; a shorter pause does not shorten it.
    limiter.pause(5000);
    limiter.pause(1000);
    const late = scheduleMany(limiter, clock, 1);
    await advanceBy(clock, 4990);
    expect(late.starts).toHaveLength(0);
    await advanceBy(clock, 10);
    expect(late.starts).toHaveLength(1);
  });

  it('an aborted signal removes a queued call and rejects it with the reason', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    const ran: number[] = [];
    const controllers = Array.from({ length: 60 }, () => new AbortController());
    const promises = controllers.map((c, i) =>
      limiter.schedule(async () => {
        ran.push(i);
      }, c.signal),
    );
    expect(limiter.pending).toBe(10);
    const reason = new Error('user cancelled');
    controllers[55]!.abort(reason);
    // Aborting a call that already started changes nothing.
    controllers[3]!.abort(new Error('too late'));
    await expect(promises[55]).rejects.toBe(reason);
    await expect(promises[3]).resolves.toBeUndefined();
    expect(limiter.pending).toBe(9);
    await advanceUntil(clock, () => limiter.pending === 0);
    expect(ran).toEqual([...Array.from({ length: 55 }, (_, i) => i), 56, 57, 58, 59]);

    // Already aborted: rejected at once, never queued.
    const gone = new AbortController();
    gone.abort(new Error('before'));
    await expect(limiter.schedule(async () => 1, gone.signal)).rejects.toThrow('before');
    expect(limiter.pending).toBe(0);
  });

  it('wakes up when every queued call is aborted, and still serves later calls', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock, { windows: [{ limit: 1, windowMs: 60_000 }] });
    await limiter.schedule(async () => undefined);
    const controller = new AbortController();
    const queued = limiter.schedule(async () => 'never', controller.signal);
    controller.abort(new Error('stop'));
    await expect(queued).rejects.toThrow('stop');
    await flush();
    const later = limiter.schedule(async () => clock.now());
    const t0 = clock.now();
    await advanceBy(clock, 60_000, 1000);
    expect((await later) - t0).toBe(60_000);
  });

  it('estimates how long the limits need for more calls', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    expect(limiter.estimateMs(0)).toBe(0);
    expect(limiter.estimateMs(50)).toBe(0);
    expect(limiter.estimateMs(1000)).toBe(19_000);
    expect(limiter.estimateMs(2000)).toBe(79_000);
    expect(limiter.estimateMs(2100)).toBe(121_000);
    // Beyond the simulated horizon, in whole 60 s periods.
    expect(limiter.estimateMs(10_000)).toBe(9 * 60_000 + 19_000);
    expect(limiter.estimateMs(10_001)).toBe(10 * 60_000);
    const { starts } = scheduleMany(limiter, clock, 1000);
    await advanceUntil(clock, () => starts.length === 1000);
    expect(limiter.estimateMs(1)).toBe(60_000 - 19_000);
    limiter.pause(50_000);
    expect(limiter.estimateMs(1)).toBe(50_000);
  });

  it('rejects nonsensical limits', () => {
    const clock = new FakeClock();
    expect(() => new RateLimiter(clock, { windows: [{ limit: 0, windowMs: 1000 }] })).toThrow(RangeError);
    expect(() => new RateLimiter(clock, { windows: [{ limit: 5, windowMs: 0 }] })).toThrow(RangeError);
    expect(MESSAGE_ENDPOINT_LIMITS.windows).toEqual([
      { limit: 50, windowMs: 1000 },
      { limit: 1000, windowMs: 60_000 },
    ]);
  });
});

describe('LimiterRegistry', () => {
  it('shares one limiter per app_id and keeps apps apart', async () => {
    const clock = new FakeClock();
    const registry = new LimiterRegistry(clock);
    const a = registry.forApp('cli_a');
    expect(registry.forApp('cli_a')).toBe(a);
    const b = registry.forApp('cli_b');
    expect(b).not.toBe(a);

    // cli_a's budget for this second is spent, through two handles on the same limiter…
    scheduleMany(a, clock, 30);
    const secondHandle = scheduleMany(registry.forApp('cli_a'), clock, 30);
    expect(secondHandle.starts).toHaveLength(20);
    // …while cli_b still starts all 50 at once.
    const other = scheduleMany(b, clock, 50);
    expect(other.starts).toHaveLength(50);
    await advanceBy(clock, 1000);
    expect(secondHandle.starts).toHaveLength(30);
  });
});
