import { describe, expect, it } from 'vitest';
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

  it('puts one listener on the signal however many calls listen', () => {
    const controller = new AbortController();
    let added = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      added += 1;
      add(...args);
    }) as AbortSignal['addEventListener'];
    for (let i = 0; i < 1000; i += 1) onAbort(controller.signal, () => undefined)();
    expect(added).toBe(1);
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
