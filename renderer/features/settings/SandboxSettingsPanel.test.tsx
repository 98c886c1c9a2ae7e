// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SandboxSettings } from '../../../core/api/contract';
import { initI18n } from '../../i18n';

/** A main side whose answers the test releases one at a time, in the order they were asked. */
const main = vi.hoisted(() => {
  type Call = { method: string; settle: () => void };
  const state = {
    applied: { faultRate: 0.2, faultKinds: ['429', '500', '502', '503'], rateLimits: true } as SandboxSettings,
    calls: [] as Call[],
  };
  const answerLater = <T,>(method: string, answer: () => T) =>
    new Promise<T>((resolve) => state.calls.push({ method, settle: () => resolve(answer()) }));
  return {
    state,
    api: {
      getSandboxSettings: () => answerLater('get', () => structuredClone(state.applied)),
      getSandboxTickets: () => Promise.resolve([]),
      setSandboxSettings: (next: SandboxSettings) =>
        answerLater('set', () => {
          state.applied = structuredClone(next);
          return structuredClone(next);
        }),
    },
  };
});
vi.mock('../../api', () => ({ api: main.api }));

const { SandboxSettingsPanel } = await import('./SandboxSettingsPanel');

/** React Query starts calls and tells its observers on timers: give it a few turns. */
async function settleTimers() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

/** Releases the oldest unanswered call of that kind, and lets React catch up. */
async function answer(method: 'get' | 'set') {
  await act(settleTimers);
  const index = main.state.calls.findIndex((c) => c.method === method);
  expect(index, `a pending ${method}`).toBeGreaterThanOrEqual(0);
  const [call] = main.state.calls.splice(index, 1);
  await act(async () => {
    call!.settle();
    await settleTimers();
  });
}

const box = (kind: string) => screen.getByRole<HTMLInputElement>('checkbox', { name: kind });

describe('the sandbox settings form', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
    main.state.calls = [];
  });
  afterEach(() => cleanup());

  it('keeps a click made while the previous change is being read back', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <SandboxSettingsPanel />
      </QueryClientProvider>,
    );
    await answer('get');
    expect(box('429').checked).toBe(true);

    fireEvent.click(box('429'));
    expect(box('429').checked).toBe(false);
    await answer('set'); // the first change lands; the form reads the settings back...
    fireEvent.click(box('500')); // ...and the user clicks again before that read returns
    expect(box('500').checked).toBe(false);
    await answer('get'); // the read made after the first change: 500 is still on there

    expect(box('429').checked).toBe(false);
    expect(box('500').checked, 'the second click must not be undone').toBe(false);

    await answer('set');
    await answer('get');
    expect(main.state.applied.faultKinds).toEqual(['502', '503']);
    expect(box('500').checked).toBe(false);
    expect(screen.getByTestId('sandbox-settings').textContent).toContain('502, 503');
  });
});
