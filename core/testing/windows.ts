/** The most events in any half-open window (t - windowMs, t]: how the limits are checked in tests and benchmarks. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi += 1) {
    while (sorted[lo]! <= sorted[hi]! - windowMs) lo += 1;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
