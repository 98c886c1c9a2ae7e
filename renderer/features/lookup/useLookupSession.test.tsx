// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProfilesState, StartBatchRequest } from '../../../core/api/contract';
import { initI18n } from '../../i18n';
import { useLookupSession } from './useLookupSession';

const startBatch = vi.fn<(request: StartBatchRequest) => Promise<{ batchId: string; total: number }>>();
const STATE: ProfilesState = { profiles: [], activeProfileId: 'sandbox', secretStorage: { canPersist: false }, notices: [] };
vi.mock('../../api', () => ({
  api: {
    startBatch: (request: StartBatchRequest) => startBatch(request),
    getProfilesState: async () => STATE,
  },
}));

const ids = (count: number) => Array.from({ length: count }, (_, i) => `om_${String(i).padStart(6, '0')}`);

function renderSession() {
  const client = new QueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  return renderHook(() => useLookupSession(), { wrapper });
}

describe('useLookupSession', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
    startBatch.mockImplementation(async (request) => ({ batchId: 'b1', total: request.messageIds.length }));
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
    startBatch.mockReset();
  });

  it('up to 20 IDs are looked up one by one, the first shown; more run as a batch', async () => {
    const { result } = renderSession();
    act(() => result.current.setText('twenty IDs'));
    act(() => result.current.lookUp(ids(20)));
    expect(result.current.lookup).toMatchObject({ text: 'twenty IDs', selected: 'om_000000', batchId: undefined });
    expect(result.current.lookup?.messageIds).toHaveLength(20);
    expect(startBatch).not.toHaveBeenCalled();

    act(() => result.current.lookUp(ids(21)));
    await waitFor(() => expect(result.current.lookup?.batchId).toBe('b1'));
    expect(startBatch).toHaveBeenCalledWith({ messageIds: ids(21), profileId: 'sandbox', userIdType: 'open_id', lang: 'en' });
    expect(result.current.lookup?.batchProfileId).toBe('sandbox');
    act(() => result.current.history.back());
    expect(result.current.lookup?.messageIds).toHaveLength(20);
  });

  it('a batch takes the first 10,000 IDs and says how many were left out', async () => {
    const { result } = renderSession();
    await act(() => result.current.runBatch(ids(10_005)));
    expect(startBatch.mock.calls[0]![0].messageIds).toHaveLength(10_000);
    expect(result.current.batchError).toBe('Only the first 10,000 of 10,005 IDs run: a batch holds at most 10,000.');
  });
});
