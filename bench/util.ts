/** Small helpers shared by the benchmark figures. */

import v8 from 'node:v8';
import vm from 'node:vm';
export { maxInWindow } from '../core/testing/windows';

export interface Window {
  limit: number;
  windowMs: number;
}

/** A figure's printed line. */
export interface Figure {
  name: string;
  line: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** High-resolution epoch milliseconds (comparable between Node and a page on the same machine). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The shortest schedule the sliding windows allow for `count` calls: each call starts as soon as
 * every window has room (call i waits for call i - limit to leave the window). Returns when the
 * last call can start, in ms after the first.
 */
export function idealScheduleMs(count: number, windows: readonly Window[]): number {
  if (count <= 0) return 0;
  const starts = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    let at = i > 0 ? starts[i - 1]! : 0;
    for (const w of windows) if (i >= w.limit) at = Math.max(at, starts[i - w.limit]! + w.windowMs);
    starts[i] = at;
  }
  return starts[count - 1]!;
}

let gcFn: (() => void) | undefined;

/** A full garbage collection (exposed at run time, so no `--expose-gc` flag is needed). */
export function collectGarbage(): void {
  if (!gcFn) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
}

export const fmt = {
  ratio: (x: number) => (Number.isFinite(x) ? x.toFixed(2) : String(x)),
  s: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
  ms: (ms: number) => (ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`),
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
  int: (n: number) => n.toLocaleString('en-US'),
};

/** "goal ≤ 1.05: met" / "goal ≤ 1.05: MISSED". */
export function verdict(goal: string, met: boolean): string {
  return `goal ${goal}: ${met ? 'met' : 'MISSED'}`;
}
