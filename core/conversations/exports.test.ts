import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { ChatExportManager, suggestedName, type ChatExportOutcome, type ChatExportPort, type ChatExportRun } from './exports';
import { WalkStoppedError, type ConversationSource } from './walk';

const source: ConversationSource & { baseUrl: string } = {
  baseUrl: 'https://open.feishu.cn',
  listMessages: () => Promise.reject(new Error('not used')),
  getMessage: () => Promise.reject(new Error('not used')),
};

/** A port whose runs the test ends by hand, reporting progress on the way. */
function handPort(out: string | null = '/exports/chat.html', downloads = false) {
  const runs: { run: ChatExportRun; finish: (outcome: ChatExportOutcome) => void; fail: (error: unknown) => void }[] = [];
  const port: ChatExportPort = {
    downloads,
    chooseOut: async () => out ?? undefined,
    run: (run) =>
      new Promise((resolve, reject) => {
        runs.push({ run, finish: resolve, fail: reject });
        run.walk.signal?.addEventListener('abort', () => reject(run.walk.signal?.reason));
      }),
  };
  return { port, runs };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('whole-chat exports from the page', () => {
  it('runs in the main side, says how far it is, and ends with what it wrote and what could not be had', async () => {
    const clock = new FakeClock();
    const { port, runs } = handPort();
    const manager = new ChatExportManager(port, clock);
    const started = await manager.start(
      {
        profileId: 'sandbox',
        target: { kind: 'chat', id: 'oc_x' },
        since: 100,
        format: 'html',
        includeThreads: true,
        withFiles: true,
        lang: 'zh-CN',
      },
      source,
      'Chat oc_x',
    );
    if (!('exportId' in started)) throw new Error('cancelled');
    await flush();
    expect(runs[0]!.run).toMatchObject({
      out: '/exports/chat.html',
      format: 'html',
      lang: 'zh-CN',
      walk: { since: 100, includeThreads: true },
    });
    expect(runs[0]!.run.withFiles).toEqual({ inlineImages: false });

    clock.advance(2000);
    runs[0]!.run.onProgress({ pages: 3, entries: 150, resumedEntries: 0, reachedMs: 200_000 });
    expect(manager.status(started.exportId)).toMatchObject({ state: 'running', progress: { entries: 150 }, updatedAt: clock.now() });

    runs[0]!.finish({
      entries: 150,
      resumedEntries: 0,
      problems: [
        { messageId: 'om_a', what: 'thread', failure: { kind: 'api', stage: 'message', code: 230073, msg: 'thread not visible' } },
      ],
      fileProblems: [
        {
          messageId: 'om_b',
          key: 'img_1',
          type: 'image',
          failure: { kind: 'api', stage: 'message', code: 234043, msg: 'Unsupported message type.' },
        },
      ],
      files: { folder: '/exports/chat_files', total: 4, done: 3, failed: 1, bytes: 900, resumed: 0 },
    });
    await flush();
    const done = manager.status(started.exportId);
    expect(done.state).toBe('done');
    expect(done.file).toBe('/exports/chat.html');
    expect(done.result).toEqual({
      entries: 150,
      resumedEntries: 0,
      files: { folder: '/exports/chat_files', done: 3, failed: 1, resumed: 0 },
    });
    expect(done.problems.map((p) => [p.messageId, p.what, p.code])).toEqual([
      ['om_a', 'thread', 230073],
      ['om_b', 'image', 234043],
    ]);
    // Not a download: the desktop wrote it where the user chose.
    expect(manager.finishedFile(started.exportId)).toBeUndefined();
  });

  it('starts nothing when the user closes the save dialog', async () => {
    const { port, runs } = handPort(null);
    const manager = new ChatExportManager(port, new FakeClock());
    expect(await manager.start({ profileId: 'p', target: { kind: 'thread', id: 'omt_1' }, format: 'json' }, source, 't')).toEqual({
      cancelled: true,
    });
    expect(runs).toHaveLength(0);
  });

  it('cancels, and says why an export stopped: the platform’s failure kept for the page to explain', async () => {
    const { port, runs } = handPort('/tmp/x.ndjson', true);
    const manager = new ChatExportManager(port, new FakeClock());
    const first = await manager.start({ profileId: 'p', target: { kind: 'chat', id: 'oc_x' }, format: 'ndjson' }, source, 't');
    if (!('exportId' in first)) throw new Error('cancelled');
    await flush();
    // The same file twice at once would interleave two runs' spools.
    await expect(manager.start({ profileId: 'p', target: { kind: 'chat', id: 'oc_x' }, format: 'ndjson' }, source, 't')).rejects.toThrow(
      /already running/,
    );
    manager.cancel(first.exportId);
    await flush();
    expect(manager.status(first.exportId).state).toBe('cancelled');
    expect(manager.finishedFile(first.exportId)).toBeUndefined();

    const second = await manager.start({ profileId: 'p', target: { kind: 'chat', id: 'oc_x' }, format: 'ndjson' }, source, 't');
    if (!('exportId' in second)) throw new Error('cancelled');
    await flush();
    runs[1]!.fail(new WalkStoppedError({ kind: 'api', stage: 'message', code: 230002, msg: 'Bot is not in the chat' }, { pages: 2 }));
    await flush();
    expect(manager.status(second.exportId)).toMatchObject({ state: 'stopped', failure: { code: 230002 } });

    const third = await manager.start({ profileId: 'p', target: { kind: 'chat', id: 'oc_x' }, format: 'ndjson' }, source, 't');
    if (!('exportId' in third)) throw new Error('cancelled');
    await flush();
    runs[2]!.finish({ entries: 1, resumedEntries: 0, problems: [], fileProblems: [] });
    await flush();
    expect(manager.finishedFile(third.exportId)).toEqual({ path: '/tmp/x.ndjson', name: 'chat-oc_x.ndjson', format: 'ndjson' });
    // What a page opened again reads: every export kept, each with the profile it reads with.
    expect(manager.list().map((status) => [status.exportId, status.state, status.profileId])).toEqual([
      [first.exportId, 'cancelled', 'p'],
      [second.exportId, 'stopped', 'p'],
      [third.exportId, 'done', 'p'],
    ]);
  });

  it('names the file after what it holds, the same each time so that a second run finds the first one’s spool', () => {
    expect(suggestedName({ target: { kind: 'chat', id: 'oc_ab' }, format: 'markdown' })).toBe('chat-oc_ab.md');
    expect(suggestedName({ target: { kind: 'chat', id: 'oc_ab' }, format: 'html', since: 10 })).toBe('chat-oc_ab-10-now.html');
    expect(suggestedName({ target: { kind: 'thread', id: 'omt_../x' }, format: 'csv' })).toBe('thread-omt____x.csv');
  });
});
