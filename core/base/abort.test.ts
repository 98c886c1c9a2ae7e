import { describe, expect, it, vi } from 'vitest';
import { onAbort, untilAborted } from './abort';

describe('onAbort: many calls listening on one long-lived signal', () => {
  it('calls every callback still listening when the signal aborts, once each', () => {
    const controller = new AbortController();
    const heard: string[] = [];
    onAbort(controller.signal, () => heard.push('first'));
    const stopSecond = onAbort(controller.signal, () => heard.push('second'));
    onAbort(controller.signal, () => heard.push('third'));
    stopSecond();
    controller.abort(new Error('stop'));
    controller.abort(new Error('again'));
    expect(heard).toEqual(['first', 'third']);
  });

  it('keeps two registrations of the same function apart: stopping one leaves the other', () => {
    const controller = new AbortController();
    let calls = 0;
    const count = () => (calls += 1);
    const stop = onAbort(controller.signal, count);
    onAbort(controller.signal, count);
    stop();
    controller.abort();
    expect(calls).toBe(1);
  });

  it('keeps signals apart, and a stop after the abort does nothing', () => {
    const one = new AbortController();
    const other = new AbortController();
    const heard: string[] = [];
    const stop = onAbort(one.signal, () => heard.push('one'));
    onAbort(other.signal, () => heard.push('other'));
    one.abort();
    stop();
    expect(heard).toEqual(['one']);
    other.abort();
    expect(heard).toEqual(['one', 'other']);
  });

  it('puts one listener on the signal while calls listen, and takes it off when the last stops', () => {
    const controller = new AbortController();
    const counts = { added: 0, removed: 0 };
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      counts.added += 1;
      add(...args);
    }) as AbortSignal['addEventListener'];
    controller.signal.removeEventListener = ((...args: Parameters<AbortSignal['removeEventListener']>) => {
      counts.removed += 1;
      remove(...args);
    }) as AbortSignal['removeEventListener'];
    const stops = Array.from({ length: 1000 }, () => onAbort(controller.signal, () => undefined));
    expect(counts).toEqual({ added: 1, removed: 0 });
    for (const stop of stops) stop();
    expect(counts).toEqual({ added: 1, removed: 1 });
    // Listening again after that puts it back, and an abort still reaches the callback.
    let heard = false;
    onAbort(controller.signal, () => (heard = true));
    controller.abort();
    expect(counts.added).toBe(2);
    expect(heard).toBe(true);
  });

  it('calls the others when one throws, and lets the error surface on its own', () => {
    const controller = new AbortController();
    const surfaced: unknown[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => {
      try {
        task();
      } catch (error) {
        surfaced.push(error);
      }
    });
    const heard: string[] = [];
    onAbort(controller.signal, () => {
      throw new Error('broken callback');
    });
    onAbort(controller.signal, () => heard.push('second'));
    controller.abort();
    expect(heard).toEqual(['second']);
    expect(surfaced).toEqual([new Error('broken callback')]);
    vi.restoreAllMocks();
  });

  it('does not call a callback that stopped listening during the abort, as removeEventListener would not', () => {
    const controller = new AbortController();
    const heard: string[] = [];
    let stopLater: () => void = () => undefined;
    onAbort(controller.signal, () => {
      heard.push('first');
      stopLater();
    });
    stopLater = onAbort(controller.signal, () => heard.push('second'));
    controller.abort();
    expect(heard).toEqual(['first']);
  });
});

describe('untilAborted', () => {
  it('gives the promise its own outcome when the signal stays quiet', async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('no')), controller.signal)).rejects.toThrow('no');
  });

  it('rejects with the reason as soon as the signal aborts, whatever the promise does', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const waiting = untilAborted(never, controller.signal);
    controller.abort(new Error('cancelled by the user'));
    await expect(waiting).rejects.toThrow('cancelled by the user');
    await expect(untilAborted(never, controller.signal)).rejects.toThrow('cancelled by the user');
  });
});
