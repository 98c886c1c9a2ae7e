import type { Clock } from '../base/ports';

/**
 * A clock for tests: time stands still until `advance` moves it, and sleepers wake in order.
 * `autoAdvance` makes every sleep return at once (moving time forward), for code that waits
 * on backoffs while a test only cares about the outcome.
 */
export class FakeClock implements Clock {
  private current: number;
  private sleepers: { until: number; resolve: () => void }[] = [];
  readonly sleeps: number[] = [];
  autoAdvance = false;

  constructor(start = Date.UTC(2026, 10, 25, 8, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (this.autoAdvance) {
      this.current += ms;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      // As the system clock does: a long-lived signal must not collect a listener per sleep.
      const sleeper = {
        until: this.current + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A timer: fires when `advance` reaches it (never by itself, even with `autoAdvance`, which is about sleeps). */
  after(ms: number, fire: () => void): () => void {
    const timer = { until: this.current + ms, resolve: fire };
    this.sleepers.push(timer);
    return () => {
      this.sleepers = this.sleepers.filter((s) => s !== timer);
    };
  }

  advance(ms: number): void {
    this.current += ms;
    const due = this.sleepers.filter((s) => s.until <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.until > this.current);
    for (const sleeper of due) sleeper.resolve();
  }
}
