import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INSPECTOR_METHODS, IPC_CHANNEL, PRELOAD_GLOBAL } from '../core/api/contract';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'pong' }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, value: unknown) => void (exposed[name] = value) },
  ipcRenderer: { invoke: (...args: unknown[]) => invoke(...args), send: vi.fn(), on: vi.fn() },
}));

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    await import('./preload');
  });

  it('exposes exactly the contract methods, nothing of ipcRenderer', () => {
    const bridge = exposed[PRELOAD_GLOBAL] as Record<string, unknown>;
    expect(Object.keys(exposed)).toEqual([PRELOAD_GLOBAL]);
    expect(Object.keys(bridge).sort()).toEqual([...INSPECTOR_METHODS].sort());
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends each call over the one channel with the method name and arguments', async () => {
    const bridge = exposed[PRELOAD_GLOBAL] as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await bridge.getMessage!({ messageId: 'om_x' });
    expect(invoke).toHaveBeenLastCalledWith(IPC_CHANNEL, 'getMessage', [{ messageId: 'om_x' }]);
  });
});
