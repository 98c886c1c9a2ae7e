import { describe, expect, it } from 'vitest';
import { systemClock } from '../base/ports';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_BASE_URL } from '../sandbox/emulator';
import { LongConnection } from './client';
import { LiveManager, type LiveUpdates } from './live';
import type { EventSpill } from './spill';

/** A spill in memory: what was appended, and whether it was discarded. */
class MemorySpill implements EventSpill {
  readonly lines: string[] = [];
  discarded = false;

  append(line: string): void {
    this.lines.push(line);
  }

  snapshot(): () => AsyncIterable<string> {
    const lines = [...this.lines];
    return async function* read() {
      yield* lines;
    };
  }

  async discard(): Promise<void> {
    this.discarded = true;
  }
}

/** A live session on the in-process sandbox keeping `maxKept` events, `sends` messages sent and read. */
async function caught(sends: number, maxKept: number, spill?: MemorySpill) {
  const sandbox = createSandbox();
  const live = new LiveManager(systemClock, spill ? () => spill : undefined, maxKept);
  let updates: LiveUpdates | undefined = await live.start('p', 'en', async () => ({
    connection: new LongConnection({
      appId: SANDBOX_APP_ID,
      appSecret: SANDBOX_APP_SECRET,
      baseUrl: SANDBOX_BASE_URL,
      fetch: (request, init) => sandbox.handle(request, init),
      clock: systemClock,
      openSocket: sandbox.openSocket,
    }),
    readMessage: async () => undefined,
  }));
  while (updates && updates.state.status !== 'live') updates = await live.updates('p', updates.cursor, updates.logCursor, 2_000);
  for (let i = 1; i <= sends; i += 1) {
    const body = JSON.stringify({ text: `message ${i}` });
    await sandbox.handle(new Request(`${SANDBOX_BASE_URL}/sandbox/v1/send`, { method: 'POST', body }));
  }
  while (updates && updates.cursor < sends) updates = await live.updates('p', updates.cursor, updates.logCursor, 2_000);
  const lines: string[] = [];
  for await (const chunk of live.exportLines('p')) lines.push(...chunk.split('\n').filter(Boolean));
  return {
    live,
    updates: updates!,
    records: lines.map((line) => JSON.parse(line) as { seq: number; event: { header: { token: string } } }),
  };
}

describe('LiveManager past its cap', () => {
  it('spills the events it lets go, and the export holds every event in order, tokens masked', async () => {
    const spill = new MemorySpill();
    const { live, updates, records } = await caught(8, 3, spill);
    expect(updates.letGo).toBe(5);
    expect(spill.lines).toHaveLength(5);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(records.map((r) => r.event.header.token))).toEqual(new Set(['«redacted»']));
    await live.close('p');
    expect(spill.discarded).toBe(true);
  });

  it('without a spill, lets them go and exports the kept ones', async () => {
    const { live, updates, records } = await caught(5, 3);
    expect(updates.letGo).toBe(2);
    expect(records.map((r) => r.seq)).toEqual([3, 4, 5]);
    await live.close('p');
  });
});
