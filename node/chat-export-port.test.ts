import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../core/base/ports';
import { InspectorService } from '../core/app/service';
import type { ChatExportStatus } from '../core/api/contract';
import { SANDBOX_PROFILE_ID } from '../core/profiles/types';
import { SMALL_CHAT_ID } from '../core/sandbox/fixtures/chats';
import { memoryStores } from '../core/testing/memory-stores';
import { chatExportPort, downloadFolderPort } from './chat-export-port';

function serviceWith(chatExports: ReturnType<typeof chatExportPort>) {
  return new InspectorService({
    stores: memoryStores(systemClock),
    fetch: () => Promise.reject(new Error('offline')),
    clock: systemClock,
    host: 'desktop',
    version: 't',
    chatExports,
  });
}

async function finished(service: InspectorService, exportId: string): Promise<ChatExportStatus> {
  for (;;) {
    const status = await service.getChatExport(exportId);
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('whole-chat exports started from the page, on a Node host', () => {
  it('writes where the desktop user chose, with the images and files beside it, the chat’s name in the title', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-export-port-'));
    const out = path.join(dir, 'release room.md');
    const service = serviceWith(chatExportPort({ downloads: false, chooseOut: async () => out }));
    const started = await service.startChatExport({
      profileId: SANDBOX_PROFILE_ID,
      target: { kind: 'chat', id: SMALL_CHAT_ID },
      format: 'markdown',
      includeThreads: true,
      withFiles: true,
      lang: 'en',
    });
    if (!('exportId' in started)) throw new Error('cancelled');
    const status = await finished(service, started.exportId);
    expect(status.state).toBe('done');
    expect(status.file).toBe(out);
    expect(status.result?.entries).toBe(36);
    expect(status.result?.files?.done).toBeGreaterThanOrEqual(5);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('2.5 release room');
    const saved = readdirSync(path.join(dir, 'release room_files'));
    expect(saved.filter((name) => name.endsWith('.png')).length).toBeGreaterThanOrEqual(4);
    // Each one linked, relative to the export: the folder's name URL-encoded (it has a space).
    for (const name of saved) expect(markdown).toContain(`release%20room_files/${encodeURIComponent(name)}`);
    // Nothing of the run is left behind.
    expect(existsSync(path.join(dir, '.release room.md.resume'))).toBe(false);
  });

  it('browser mode writes into its own folder, under the same name each time, and hands the finished file to the download route', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'chat-export-downloads-'));
    const service = serviceWith(downloadFolderPort(folder));
    const request = {
      profileId: SANDBOX_PROFILE_ID,
      target: { kind: 'thread' as const, id: 'omt_5a110c4a7001' },
      format: 'ndjson' as const,
    };
    const started = await service.startChatExport(request);
    if (!('exportId' in started)) throw new Error('cancelled');
    expect((await finished(service, started.exportId)).state).toBe('done');
    const file = service.chatExportFile(started.exportId);
    expect(file).toEqual({
      path: path.join(folder, 'thread-omt_5a110c4a7001.ndjson'),
      name: 'thread-omt_5a110c4a7001.ndjson',
      format: 'ndjson',
    });
    const lines = readFileSync(file!.path, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
  });

  it('says why it stopped when the platform refuses the chat, and keeps nothing half made', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-export-port-'));
    const service = serviceWith(chatExportPort({ downloads: false, chooseOut: async () => path.join(dir, 'x.json') }));
    const started = await service.startChatExport({
      profileId: SANDBOX_PROFILE_ID,
      target: { kind: 'chat', id: 'oc_sandbox_bot_not_in_chat' },
      format: 'json',
    });
    if (!('exportId' in started)) throw new Error('cancelled');
    const status = await finished(service, started.exportId);
    expect(status.state).toBe('stopped');
    expect(status.failure?.code).toBe(230002);
    expect(existsSync(path.join(dir, 'x.json'))).toBe(false);
  });
});
