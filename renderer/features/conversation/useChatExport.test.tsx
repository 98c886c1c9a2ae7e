// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatExportStatus } from '../../../core/api/contract';
import { initI18n } from '../../i18n';
import { useChatExport } from './useChatExport';

const status = vi.fn<() => Promise<ChatExportStatus>>();
vi.mock('../../api', () => ({
  api: {
    startChatExport: async () => ({ exportId: 'e1' }),
    getChatExport: () => status(),
  },
  chatExportDownloadUrl: (exportId: string) => `/download?chatExport=${exportId}`,
}));

const DONE: ChatExportStatus = {
  exportId: 'e1',
  state: 'done',
  startedAt: 0,
  updatedAt: 1,
  target: { kind: 'chat', id: 'oc_sandbox_small_group' },
  format: 'html',
  progress: { entries: 36 } as ChatExportStatus['progress'],
  file: 'chat-oc_sandbox_small_group.html',
  download: true,
  problems: [],
  problemCount: 0,
};

describe('useChatExport in browser mode', () => {
  afterEach(() => vi.restoreAllMocks());

  it('downloads an export that is already done when it is first looked at (the poll only runs while one runs)', async () => {
    initI18n();
    status.mockResolvedValue(DONE);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.getAttribute('href')} as ${this.download}`);
    });
    const { result } = renderHook(() => useChatExport({ profileId: 'sandbox', target: { kind: 'chat', id: 'oc_sandbox_small_group' } }));
    await act(() => result.current.start({ format: 'html', includeThreads: true, withFiles: false, inlineImages: true }, undefined));
    expect(result.current.status?.state).toBe('done');
    expect(clicked).toEqual(['/download?chatExport=e1 as chat-oc_sandbox_small_group.html']);
  });
});
