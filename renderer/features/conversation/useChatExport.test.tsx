// @vitest-environment happy-dom
import { act, render, renderHook, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatExportStatus } from '../../../core/api/contract';
import { initI18n } from '../../i18n';
import { ChatExportsProvider, useChatExports, useExportsElsewhere } from './chat-exports';
import { useChatExport } from './useChatExport';

const status = vi.fn<(exportId: string) => Promise<ChatExportStatus>>();
const list = vi.fn<() => Promise<ChatExportStatus[]>>();
vi.mock('../../api', () => ({
  api: {
    startChatExport: async () => ({ exportId: 'e1' }),
    getChatExport: (exportId: string) => status(exportId),
    listChatExports: () => list(),
    cancelChatExport: async () => undefined,
  },
  chatExportDownloadUrl: (exportId: string) => `/download?chatExport=${exportId}`,
}));

const SMALL = { kind: 'chat', id: 'oc_sandbox_small_group' } as const;
const LARGE = { kind: 'chat', id: 'oc_sandbox_large_group' } as const;
const OPEN = { profileId: 'sandbox', target: SMALL };
const CHOICE = { format: 'html', includeThreads: true, withFiles: false, inlineImages: true } as const;

const exportOf = (change: Partial<ChatExportStatus>): ChatExportStatus => ({
  exportId: 'e1',
  state: 'done',
  profileId: 'sandbox',
  startedAt: 0,
  updatedAt: 1,
  target: SMALL,
  format: 'html',
  progress: { pages: 1, entries: 36, resumedEntries: 0 },
  file: 'chat-oc_sandbox_small_group.html',
  download: true,
  problems: [],
  problemCount: 0,
  ...change,
});

const wrapper = ({ children }: { children: ReactNode }) => <ChatExportsProvider>{children}</ChatExportsProvider>;

/** The links the page clicked to download, as "href as name". */
let clicked: string[];

beforeEach(() => {
  initI18n();
  sessionStorage.clear();
  clicked = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(`${this.getAttribute('href')} as ${this.download}`);
  });
  list.mockResolvedValue([]);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  status.mockReset();
  list.mockReset();
});

describe('whole-chat exports in browser mode', () => {
  it('downloads an export that is already done when it is first looked at', async () => {
    status.mockResolvedValue(exportOf({}));
    const { result } = renderHook(() => useChatExport(OPEN), { wrapper });
    await act(() => result.current.start(CHOICE, undefined));
    expect(result.current.status?.state).toBe('done');
    expect(clicked).toEqual(['/download?chatExport=e1 as chat-oc_sandbox_small_group.html']);
  });

  it('goes on after its conversation view is left: shown elsewhere, and downloaded once when done', async () => {
    vi.useFakeTimers();
    status.mockResolvedValue(exportOf({ state: 'running', progress: { pages: 3, entries: 150, resumedEntries: 0 } }));
    function View() {
      const exporter = useChatExport(OPEN);
      return (
        <button type="button" onClick={() => void exporter.start(CHOICE, undefined)}>
          export {exporter.status?.state ?? 'none'}
        </button>
      );
    }
    function Elsewhere() {
      return (
        <p data-testid="elsewhere">
          {useExportsElsewhere()
            .map((each) => `${each.exportId}:${each.state}`)
            .join(' ')}
        </p>
      );
    }
    const { rerender } = render(
      <ChatExportsProvider>
        <View />
        <Elsewhere />
      </ChatExportsProvider>,
    );
    await act(async () => screen.getByRole('button').click());
    expect(screen.getByRole('button').textContent).toBe('export running');
    // The view on screen shows its own export: the rest of the page leaves it out.
    expect(screen.getByTestId('elsewhere').textContent).toBe('');

    // The user opens something else: the view goes, the export does not.
    rerender(
      <ChatExportsProvider>
        <Elsewhere />
      </ChatExportsProvider>,
    );
    expect(screen.getByTestId('elsewhere').textContent).toBe('e1:running');
    status.mockResolvedValue(exportOf({}));
    await act(() => vi.advanceTimersByTimeAsync(600));
    expect(screen.getByTestId('elsewhere').textContent).toBe('e1:done');
    expect(clicked).toEqual(['/download?chatExport=e1 as chat-oc_sandbox_small_group.html']);
    // Done is not polled again, and a second look does not download it twice.
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(clicked).toHaveLength(1);
  });

  it('a page opened again picks up the running exports and downloads the one of its own that finished meanwhile', async () => {
    sessionStorage.setItem('inspector.chatExports.started', JSON.stringify(['mine-done', 'mine-fetched']));
    sessionStorage.setItem('inspector.chatExports.downloaded', JSON.stringify(['mine-fetched']));
    list.mockResolvedValue([
      exportOf({ exportId: 'mine-done', file: 'chat-a.html' }),
      exportOf({ exportId: 'mine-fetched', file: 'chat-b.html' }),
      exportOf({ exportId: 'other-tab-done', file: 'chat-c.html' }),
      exportOf({ exportId: 'running', state: 'running', target: LARGE, file: 'chat-d.html' }),
    ]);
    const { result } = renderHook(() => useExportsElsewhere(), { wrapper });
    await act(async () => undefined);
    expect(result.current.map((each) => each.exportId)).toEqual(['mine-done', 'mine-fetched', 'running']);
    expect(clicked).toEqual(['/download?chatExport=mine-done as chat-a.html']);
  });

  it('keeps following through a failed poll, and lets go only of an export the main side no longer has', async () => {
    vi.useFakeTimers();
    sessionStorage.setItem('inspector.chatExports.started', JSON.stringify(['blip', 'gone']));
    list.mockResolvedValue([
      exportOf({ exportId: 'blip', state: 'running', target: LARGE, file: 'chat-blip.html', updatedAt: 5 }),
      exportOf({ exportId: 'gone', state: 'running', target: LARGE, file: 'chat-gone.html', updatedAt: 5 }),
    ]);
    const { result } = renderHook(() => useExportsElsewhere(), { wrapper });
    await act(async () => undefined);
    expect(result.current.map((each) => each.exportId)).toEqual(['blip', 'gone']);

    // Both polls fail; the main side still lists "blip" (a blip on the way), not "gone" (it ended with the app).
    status.mockRejectedValue(new Error('the server did not answer'));
    list.mockResolvedValue([exportOf({ exportId: 'blip', state: 'running', target: LARGE, file: 'chat-blip.html', updatedAt: 5 })]);
    await act(() => vi.advanceTimersByTimeAsync(600));
    expect(result.current.map((each) => each.exportId)).toEqual(['blip']);

    // The next poll answers: done, and downloaded by this tab, which started it.
    status.mockResolvedValueOnce(exportOf({ exportId: 'blip', target: LARGE, file: 'chat-blip.html', updatedAt: 9 }));
    await act(() => vi.advanceTimersByTimeAsync(600));
    expect(result.current.map((each) => `${each.exportId}:${each.state}`)).toEqual(['blip:done']);
    expect(clicked).toEqual(['/download?chatExport=blip as chat-blip.html']);
  });

  it('leaves another tab’s finished export to that tab, and keeps a dismissal over a reload', async () => {
    vi.useFakeTimers();
    list.mockResolvedValue([exportOf({ exportId: 'theirs', state: 'running', target: LARGE, file: 'chat-theirs.html', updatedAt: 5 })]);
    const first = renderHook(() => useChatExports(), { wrapper });
    await act(async () => undefined);
    status.mockResolvedValue(exportOf({ exportId: 'theirs', target: LARGE, file: 'chat-theirs.html', updatedAt: 9 }));
    await act(() => vi.advanceTimersByTimeAsync(600));
    expect(first.result.current.exports.map((each) => `${each.exportId}:${each.state}`)).toEqual(['theirs:done']);
    expect(clicked).toEqual([]);
    act(() => first.result.current.dismiss('theirs'));
    expect(first.result.current.exports).toEqual([]);
    first.unmount();

    // The page opened again: the main side lists it running still (say), yet it stays dismissed.
    const again = renderHook(() => useChatExports(), { wrapper });
    await act(async () => undefined);
    expect(again.result.current.exports).toEqual([]);
  });
});
