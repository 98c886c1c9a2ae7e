/**
 * Runs in the sandboxed preload: exposes exactly the contract's methods, each a thin call over
 * the one IPC channel. No ipcRenderer, no Node, nothing else reaches the page.
 */

import { contextBridge, ipcRenderer } from 'electron';
import { INSPECTOR_METHOD_NAMES, IPC_CHANNEL, PRELOAD_GLOBAL } from '../core/api/methods';

const bridge = Object.fromEntries(
  INSPECTOR_METHOD_NAMES.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(IPC_CHANNEL, method, args)]),
);

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, Object.freeze(bridge));
