// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchRow, BatchUpdates } from '../../../core/api/contract';
import { initI18n } from '../../i18n';
import { useBatch } from './useBatch';
import { BridgeCallError } from '../../../core/api/contract';

const getBatchUpdates = vi.fn<(batchId: string, cursor: number) => Promise<BatchUpdates>>();
const retryBatch = vi.fn<(batchId: string, indexes: number[], lang?: string) => Promise<void>>();
vi.mock('../../api', () => ({
  api: {
    getBatchUpdates: (batchId: string, cursor: number) => getBatchUpdates(batchId, cursor),
    retryBatch: (batchId: string, indexes: number[], lang?: string) => retryBatch(batchId, indexes, lang),
  },
  downloadUrl: () => undefined,
}));

const IDS = ['om_a', 'om_b', 'om_c'];
const ok = (index: number): BatchRow => ({ index, messageId: IDS[index]!, status: 'ok', at: 0, msgType: 'text', preview: 'hi' });
const failed = (index: number): BatchRow => ({
  index,
  messageId: IDS[index]!,
  status: 'failed',
  at: 0,
  failure: { kind: 'api', stage: 'message', code: 230001, msg: 'not found' },
});
function updates(rows: BatchRow[], cursor: number, running: boolean): BatchUpdates {
  const done = rows.length;
  return {
    batchId: 'b1',
    progress: { total: IDS.length, done, failed: 0, remaining: IDS.length - done, ratePerSecond: 1, etaMs: undefined },
    rows,
    cursor,
    running,
    cancelled: !running,
  };
}

describe('useBatch', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
    getBatchUpdates.mockReset();
    retryBatch.mockReset();
  });

  it('polls while the batch runs, from where it left off, and again after a retry', async () => {
    getBatchUpdates
      .mockResolvedValueOnce(updates([ok(0)], 1, true))
      .mockResolvedValueOnce(updates([failed(1)], 2, false))
      .mockResolvedValueOnce(updates([ok(1)], 3, false));
    retryBatch.mockResolvedValue();
    const { result } = renderHook(() => useBatch('b1', IDS));

    await waitFor(() => expect(result.current.status?.running).toBe(false));
    expect(getBatchUpdates.mock.calls).toEqual([
      ['b1', 0],
      ['b1', 1],
    ]);
    expect(result.current.rows.map((row) => row?.status)).toEqual(['ok', 'failed', undefined]);
    expect(result.current.failedIndexes).toEqual([1]);
    // Cancelled with the third ID never looked up: it can be run later.
    expect(result.current.notRunIndexes).toEqual([2]);

    await act(() => result.current.retry(result.current.failedIndexes));
    expect(retryBatch).toHaveBeenCalledWith('b1', [1], 'en');
    await waitFor(() => expect(result.current.failedIndexes).toEqual([]));
    expect(getBatchUpdates).toHaveBeenLastCalledWith('b1', 2);
    expect(result.current.notRunIndexes).toEqual([2]);
  });

  it('a refused retry is said and polls nothing', async () => {
    getBatchUpdates.mockResolvedValueOnce(updates([failed(0)], 1, false));
    retryBatch.mockRejectedValue(
      new BridgeCallError({ code: 'batch_running', message: 'the batch is still running: wait for it or cancel it first' }),
    );
    const { result } = renderHook(() => useBatch('b1', IDS));
    await waitFor(() => expect(result.current.status?.running).toBe(false));

    await act(() => result.current.retry([0]));
    expect(result.current.problem).toBe('The batch is still running: wait for it or cancel it first.');
    expect(getBatchUpdates).toHaveBeenCalledTimes(1);
  });
});
