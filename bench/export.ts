/**
 * Figure 5: exportChunks for 1,000 and 10,000 messages, JSON and CSV, into a null sink: the time
 * ratio (linear is 10) and the heap's peak while the export runs.
 */

import { exportChunks, type ExportEntry, type ExportFormat } from '../core/export';
import type { ApiMessage } from '../core/feishu/types';
import { GALLERY_FIXTURES } from '../core/sandbox/fixtures/gallery';
import { LARGE_CARD_ID, MESSAGE_FIXTURES } from '../core/sandbox/fixtures/messages';
import { collectGarbage, fmt, median, verdict, type Figure } from './util';

const FORMATS: ExportFormat[] = ['json', 'csv'];
const SIZES = [1_000, 10_000] as const;
const TIME_RUNS = 7;

/** Every sandbox fixture item (the 5 MB card aside), each to be exported as a message of its own. */
function fixturePool(): ApiMessage[] {
  const pool: ApiMessage[] = [];
  for (const [id, items] of [...MESSAGE_FIXTURES, ...GALLERY_FIXTURES]) {
    if (id === LARGE_CARD_ID) continue;
    for (const item of items) {
      const { upper_message_id: _upper, ...rest } = item;
      pool.push(rest);
    }
  }
  return pool;
}

/** `count` one-message entries, made as the exporter asks for them (the input is not held in memory). */
function* entries(count: number, pool: readonly ApiMessage[]): Generator<ExportEntry> {
  for (let i = 0; i < count; i += 1) {
    const messageId = `om_${i.toString(16).padStart(32, '0')}`;
    yield { messageId, items: [{ ...pool[i % pool.length]!, message_id: messageId }] };
  }
}

interface Run {
  ms: number;
  chars: number;
  peakHeap: number;
  baseHeap: number;
}

async function exportOnce(format: ExportFormat, count: number, pool: readonly ApiMessage[], sampleHeap: boolean): Promise<Run> {
  // Only before the heap runs: a forced full GC also throws away warm code, which slows the short
  // (1,000) timed runs by half and more.
  if (sampleHeap) collectGarbage();
  const baseHeap = process.memoryUsage().heapUsed;
  let peakHeap = baseHeap;
  let chars = 0;
  const t0 = performance.now();
  for await (const chunk of exportChunks(format, entries(count, pool), { generatedAt: Date.UTC(2025, 0, 1) })) {
    chars += chunk.length;
    if (sampleHeap) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  return { ms: performance.now() - t0, chars, peakHeap, baseHeap };
}

export async function exportFigures(): Promise<Figure[]> {
  const pool = fixturePool();
  const figures: Figure[] = [];
  for (const format of FORMATS) {
    // Warm-up: until the writer's code is optimised, the first 1,000 run at half speed.
    for (const size of [...SIZES, SIZES[0], SIZES[0]]) await exportOnce(format, size, pool, false);
    // Interleaved, so that load from elsewhere on the machine hits both sizes alike.
    const runs = new Map<number, number[]>(SIZES.map((size) => [size, []]));
    for (let i = 0; i < TIME_RUNS; i += 1) {
      for (const size of SIZES) runs.get(size)!.push((await exportOnce(format, size, pool, false)).ms);
    }
    const time = new Map<number, number>(SIZES.map((size) => [size, median(runs.get(size)!)]));
    // Separate runs sample the heap after every chunk (sampling costs time, so they are not timed).
    const memory = new Map<number, Run>();
    for (const size of SIZES) memory.set(size, await exportOnce(format, size, pool, true));
    const [small, large] = SIZES;
    const ratio = time.get(large)! / time.get(small)!;
    const m1 = memory.get(small)!;
    const m10 = memory.get(large)!;
    const growth1 = m1.peakHeap - m1.baseHeap;
    const growth10 = m10.peakHeap - m10.baseHeap;
    figures.push({
      name: `export-${format}`,
      line:
        `export-${format}: time ${fmt.int(large)}/${fmt.int(small)} = ${fmt.ratio(ratio)} ` +
        `(median of ${TIME_RUNS}: ${fmt.ms(time.get(small)!)} vs ${fmt.ms(time.get(large)!)}; output ${(m1.chars / 1e6).toFixed(1)} vs ${(m10.chars / 1e6).toFixed(1)} M chars), ` +
        `heapUsed peak ${fmt.mb(m1.peakHeap)} vs ${fmt.mb(m10.peakHeap)} (growth over the post-GC baseline ${fmt.mb(growth1)} vs ${fmt.mb(growth10)}, ` +
        `ratio ${fmt.ratio(growth10 / growth1)}) — ${verdict('≈ 10 (taken as 7.5–12.5)', ratio >= 7.5 && ratio <= 12.5)}`,
    });
  }
  return figures;
}
