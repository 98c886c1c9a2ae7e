import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { StoreInputError } from '../storage/errors';
import { StoreNoticeLog } from '../storage/notices';
import { MemoryKeyValueStore } from '../storage/port';
import { FakeClock } from '../testing/fake-clock';
import { scrubCredentials } from './scrub';
import { HistoryStore, PREVIEW_MAX, SENDER_NAME_MAX, type HistoryInput } from './store';

const DAY = 86_400_000;
const TENANT_TOKEN = 't-g1044ghJ2VBQXS4ZAKJ3ZYIP3OOSPI7K5SW6XNOG';
const USER_TOKEN = 'u-5Dv3p4rTB0Rq3O0P5xOhK2g5hMgh5xkpVa00ll8003Sc';
const APP_SECRET = 'Zq8mN3vL0pR7sT2wY5xA1bC4dE6fG9hJ';
/** What a test calls token-shaped: broader than nothing, independent of the implementation's regexes. */
const TOKEN_LIKE = /(?:^|[^A-Za-z0-9])(?:ur|[tua])-[A-Za-z0-9_.]{16,}|(?:ur|[tua])-[A-Za-z0-9]{20,}/;

/** Counts whole-file writes. */
class CountingStore extends MemoryKeyValueStore {
  writes = 0;
  override set(key: string, value: unknown): void {
    this.writes += 1;
    super.set(key, value);
  }
}

function setUp(limits = { retentionDays: 30, maxEntries: 1000 }) {
  const kv = new CountingStore();
  const clock = new FakeClock();
  let n = 0;
  /** Writes the store has put off; a test runs them when it wants the "next turn" to come. */
  const deferred: (() => void)[] = [];
  const history = new HistoryStore({
    store: kv,
    clock,
    limits: () => limits,
    newId: () => `h${++n}`,
    defer: (write) => deferred.push(write),
  });
  const lookup = (messageId: string, extra: Partial<HistoryInput> = {}): HistoryInput => ({
    messageId,
    profileId: 'sandbox',
    at: clock.now(),
    outcome: 'ok',
    ...extra,
  });
  return { kv, clock, history, lookup, limits, deferred };
}

describe('HistoryStore', () => {
  it('lists newest first, with paging and a total', async () => {
    const { clock, history, lookup } = setUp();
    for (const id of ['om_1', 'om_2', 'om_3']) {
      await history.add(lookup(id));
      clock.advance(1000);
    }
    const all = await history.list();
    expect(all.total).toBe(3);
    expect(all.entries.map((e) => e.messageId)).toEqual(['om_3', 'om_2', 'om_1']);
    expect((await history.list({ limit: 1, offset: 1 })).entries.map((e) => e.messageId)).toEqual(['om_2']);
    await expect(history.list({ limit: 0 })).rejects.toBeInstanceOf(StoreInputError);
  });

  it('lists an entry at once and writes the file on the next turn: a burst of lookups is one write', async () => {
    const { kv, history, lookup, deferred } = setUp();
    for (const id of ['om_1', 'om_2', 'om_3']) await history.add(lookup(id));
    expect((await history.list()).total).toBe(3);
    expect(kv.writes).toBe(0);
    expect(deferred).toHaveLength(1);
    deferred.shift()!();
    await vi.waitFor(() => expect(kv.get('entries')).toHaveLength(3));
    expect(kv.writes).toBe(1);
    await history.add(lookup('om_4'));
    expect(deferred).toHaveLength(1);
  });

  it('flush writes what is pending at once (hosts call it before exiting), and nothing when nothing is', async () => {
    const { kv, history, lookup } = setUp();
    await history.flush();
    expect(kv.writes).toBe(0);
    await history.add(lookup('om_1'));
    await history.flush();
    expect(kv.get('entries')).toEqual([expect.objectContaining({ messageId: 'om_1' })]);
    await history.flush();
    expect(kv.writes).toBe(1);
    const reopened = new HistoryStore({ store: kv, clock: new FakeClock() });
    expect((await reopened.list()).entries.map((e) => e.messageId)).toEqual(['om_1']);
  });

  it('by default writes by itself, a moment later', async () => {
    const kv = new MemoryKeyValueStore();
    const clock = new FakeClock();
    const history = new HistoryStore({ store: kv, clock });
    await history.add({ messageId: 'om_1', profileId: 'sandbox', at: clock.now(), outcome: 'ok' });
    expect(kv.get('entries')).toBeUndefined();
    await vi.waitFor(() => expect(kv.get('entries')).toHaveLength(1), { timeout: 3000 });
  });

  it('keeps the insertion order for lookups at the same instant', async () => {
    const { history, lookup } = setUp();
    await history.add(lookup('om_a'));
    await history.add(lookup('om_b'));
    expect((await history.list()).entries.map((e) => e.messageId)).toEqual(['om_b', 'om_a']);
  });

  it('searches the message ID, preview, code, msg_type and log ID, all words, any case', async () => {
    const { history, lookup } = setUp();
    await history.add(lookup('om_dc13264520392913993dd051dba21dcf', { msgType: 'text', preview: 'Quarterly report is ready' }));
    await history.add(lookup('om_merge', { msgType: 'merge_forward', preview: 'Chat history' }));
    await history.add(lookup('om_failed', { outcome: 'error', code: 230002, logId: '20231115ABCDEF' }));
    await history.add(lookup('om_other', { profileId: 'p1', outcome: 'error', code: 'timeout' }));
    const ids = async (query: string, profileId?: string) => (await history.list({ query, profileId })).entries.map((e) => e.messageId);
    expect(await ids('dc1326')).toEqual(['om_dc13264520392913993dd051dba21dcf']);
    expect(await ids('QUARTERLY ready')).toEqual(['om_dc13264520392913993dd051dba21dcf']);
    expect(await ids('quarterly missing')).toEqual([]);
    expect(await ids('merge_forward')).toEqual(['om_merge']);
    expect(await ids('230002')).toEqual(['om_failed']);
    expect(await ids('abcdef')).toEqual(['om_failed']);
    expect(await ids('timeout')).toEqual(['om_other']);
    expect(await ids('', 'p1')).toEqual(['om_other']);
    expect(await ids('  ')).toHaveLength(4);
  });

  it('drops entries older than the retention period', async () => {
    const { clock, history, lookup, kv } = setUp({ retentionDays: 7, maxEntries: 1000 });
    await history.add(lookup('om_old'));
    clock.advance(6 * DAY);
    await history.add(lookup('om_recent'));
    clock.advance(2 * DAY);
    expect((await history.list()).entries.map((e) => e.messageId)).toEqual(['om_recent']);
    expect(await history.prune()).toBe(1);
    expect(kv.get('entries')).toEqual([expect.objectContaining({ messageId: 'om_recent' })]);
    expect(await history.prune()).toBe(0);
  });

  it('keeps only the newest maxEntries, and applies changed limits at once', async () => {
    const { clock, history, lookup, limits } = setUp({ retentionDays: 30, maxEntries: 3 });
    for (let i = 1; i <= 5; i++) {
      await history.add(lookup(`om_${i}`));
      clock.advance(1);
    }
    expect((await history.list()).entries.map((e) => e.messageId)).toEqual(['om_5', 'om_4', 'om_3']);
    limits.maxEntries = 1;
    expect((await history.list()).entries.map((e) => e.messageId)).toEqual(['om_5']);
  });

  it('deletes one entry or all of them', async () => {
    const { history, lookup } = setUp();
    const first = await history.add(lookup('om_1'));
    await history.add(lookup('om_2'));
    expect(await history.delete(first.id)).toBe(true);
    expect(await history.delete(first.id)).toBe(false);
    expect((await history.list()).entries.map((e) => e.messageId)).toEqual(['om_2']);
    await history.clear();
    expect((await history.list()).total).toBe(0);
  });

  it('refuses an entry without the required fields', async () => {
    const { history, lookup } = setUp();
    await expect(history.add({ ...lookup('om_1'), messageId: ' ' })).rejects.toThrow(/messageId is required/);
    await expect(history.add({ ...lookup('om_1'), outcome: 'maybe' as 'ok' })).rejects.toThrow(/outcome must be ok or error/);
    await expect(history.add({ ...lookup('om_1'), at: Number.NaN })).rejects.toBeInstanceOf(StoreInputError);
  });

  it('keeps a one-line preview of at most 200 characters', async () => {
    const { history, lookup } = setUp();
    const entry = await history.add(lookup('om_1', { preview: `line one\n\n  line two ${'字'.repeat(300)}` }));
    expect(entry.preview).toMatch(/^line one line two 字+…$/);
    expect(Array.from(entry.preview ?? '')).toHaveLength(PREVIEW_MAX);
    expect(await history.add(lookup('om_2', { preview: ' \n ' }))).not.toHaveProperty('preview');
  });

  it("keeps the sender's name on one line and cut to size, drops one that is a credential, and reads older entries without one", async () => {
    const { history, lookup } = setUp();
    expect((await history.add(lookup('om_1', { senderName: ' Li\n Lei ' }))).senderName).toBe('Li Lei');
    const long = await history.add(lookup('om_2', { senderName: '名'.repeat(500) }));
    expect(Array.from(long.senderName ?? '')).toHaveLength(SENDER_NAME_MAX);
    expect(await history.add(lookup('om_3', { senderName: TENANT_TOKEN }))).not.toHaveProperty('senderName');
    expect(await history.add(lookup('om_4', { senderName: '  ' }))).not.toHaveProperty('senderName');

    const kv = new MemoryKeyValueStore({
      entries: [
        { id: 'h1', messageId: 'om_old', profileId: 'sandbox', at: Date.UTC(2026, 10, 25), outcome: 'ok', msgType: 'text' },
        { id: 'h2', messageId: 'om_new', profileId: 'sandbox', at: Date.UTC(2026, 10, 25, 1), outcome: 'ok', senderName: '李雷' },
      ],
    });
    const notices = new StoreNoticeLog();
    const stored = new HistoryStore({ store: kv, clock: new FakeClock(), notices });
    const { entries } = await stored.list();
    expect(entries.map((e) => [e.messageId, e.senderName])).toEqual([
      ['om_new', '李雷'],
      ['om_old', undefined],
    ]);
    expect(notices.list()).toEqual([]);
    expect((await stored.list({ query: '李雷' })).entries.map((e) => e.messageId)).toEqual(['om_new']);
  });

  it('strips tokens and secrets from what it stores', async () => {
    const { history, lookup, kv } = setUp();
    const entry = await history.add({
      ...lookup('om_1'),
      preview: `token ${TENANT_TOKEN}; Authorization: Bearer ${USER_TOKEN}; {"app_secret":"${APP_SECRET}"} secret=${APP_SECRET}`,
      logId: TENANT_TOKEN,
      msgType: USER_TOKEN,
      code: `x${TENANT_TOKEN}`,
      ...({ tenant_access_token: TENANT_TOKEN } as object),
    });
    expect(entry).toEqual({
      id: 'h1',
      messageId: 'om_1',
      profileId: 'sandbox',
      at: expect.any(Number),
      outcome: 'ok',
      preview: 'token «redacted»; Authorization: Bearer «redacted»; {"app_secret":"«redacted»"} secret=«redacted»',
    });
    await history.flush();
    const stored = kv.text();
    expect(stored).toContain('om_1');
    for (const secret of [TENANT_TOKEN, USER_TOKEN, APP_SECRET]) expect(stored).not.toContain(secret);
    await expect(history.add(lookup(TENANT_TOKEN))).rejects.toThrow(/messageId looks like a token or secret/);
  });

  it('leaves message IDs, open_ids and hashes in a preview alone', () => {
    const text =
      'om_dc13264520392913993dd051dba21dcf ou_155184d1e73cbfb8973e5a9e698e74f2 9fe5c2f0a1b2c3d4e5f60718293a4b5c6d7e8f90 a-team t-shirt';
    expect(scrubCredentials(text)).toBe(text);
  });

  it('does not return a token from a hand-edited file', async () => {
    const kv = new MemoryKeyValueStore({
      entries: [
        { id: 'h1', messageId: 'om_ok', profileId: 'sandbox', at: Date.UTC(2026, 10, 25), outcome: 'ok', preview: `see ${TENANT_TOKEN}` },
        { id: 'h2', messageId: USER_TOKEN, profileId: 'sandbox', at: Date.UTC(2026, 10, 25), outcome: 'ok' },
        { id: 'h3', messageId: 'om_bad', profileId: 'sandbox', at: 'yesterday', outcome: 'ok' },
      ],
    });
    const history = new HistoryStore({ store: kv, clock: new FakeClock() });
    const { entries } = await history.list();
    expect(entries.map((e) => e.id)).toEqual(['h1']);
    expect(JSON.stringify(entries)).not.toMatch(TOKEN_LIKE);
  });

  describe('with other writers of the same file (the desktop app, browser mode, CLI runs)', () => {
    /** A file shared by writers: every write must be a read-merge-write inside the store's lock. */
    class SharedFile extends MemoryKeyValueStore {
      private locked = false;
      exclusive<T>(change: () => T): T {
        this.locked = true;
        try {
          return change();
        } finally {
          this.locked = false;
        }
      }
      override set(key: string, value: unknown): void {
        if (!this.locked) throw new Error('written outside the lock');
        super.set(key, value);
      }
    }

    function writers() {
      const kv = new SharedFile();
      const clock = new FakeClock();
      const open = (tag: string) => {
        let n = 0;
        return new HistoryStore({ store: kv, clock, newId: () => `${tag}${++n}`, defer: () => undefined });
      };
      const lookup = (messageId: string): HistoryInput => {
        clock.advance(1);
        return { messageId, profileId: 'sandbox', at: clock.now(), outcome: 'ok' };
      };
      const ids = (entries: unknown) => (entries as { messageId: string }[]).map((e) => e.messageId).sort();
      return { kv, open, lookup, ids };
    }

    it('keeps every entry each of them added, whatever the order of their writes', async () => {
      const { kv, open, lookup, ids } = writers();
      const app = open('a');
      const cli = open('c');
      for (const id of ['om_a1', 'om_a2']) await app.add(lookup(id));
      for (const id of ['om_c1', 'om_c2']) await cli.add(lookup(id));
      await app.flush();
      await cli.add(lookup('om_c3'));
      await cli.flush();
      await app.add(lookup('om_a3'));
      await app.flush();
      const all = ['om_a1', 'om_a2', 'om_a3', 'om_c1', 'om_c2', 'om_c3'];
      expect(ids(kv.get('entries'))).toEqual(all);
      // Each sees what the other wrote.
      expect(ids((await cli.list()).entries)).toEqual(all);
      expect(ids((await app.list()).entries)).toEqual(all);
    });

    it('does not bring back what another one deleted or cleared', async () => {
      const { kv, open, lookup, ids } = writers();
      const app = open('a');
      const cli = open('c');
      const first = await app.add(lookup('om_1'));
      await app.add(lookup('om_2'));
      await app.flush();
      expect((await cli.list()).total).toBe(2);
      expect(await app.delete(first.id)).toBe(true);
      await cli.add(lookup('om_3'));
      await cli.flush();
      expect(ids(kv.get('entries'))).toEqual(['om_2', 'om_3']);
      expect((await cli.list()).total).toBe(2);
      await app.clear();
      await cli.add(lookup('om_4'));
      await cli.flush();
      expect(ids(kv.get('entries'))).toEqual(['om_4']);
      expect(ids((await app.list()).entries)).toEqual(['om_4']);
    });
  });

  it('copies a file with entries of an unexpected shape aside and says so, before a write drops them', async () => {
    const at = Date.UTC(2026, 10, 25);
    const kv = new MemoryKeyValueStore({
      entries: [
        { id: 'h1', messageId: 'om_ok', profileId: 'sandbox', at, outcome: 'ok' },
        { id: 'h2', messageId: 'om_new', profileId: 'sandbox', at, outcome: 'cancelled' },
        { id: 'h3', messageId: 'om_starred', profileId: 'sandbox', at, outcome: 'ok', starred: true },
      ],
    });
    const original = kv.text();
    const clock = new FakeClock(at);
    const history = new HistoryStore({ store: kv, clock, defer: () => undefined });
    expect((await history.list()).entries.map((e) => e.id)).toEqual(['h3', 'h1']);
    expect(kv.text()).toBe(original);
    expect(kv.preserved).toEqual([original]);
    await history.add({ messageId: 'om_3', profileId: 'sandbox', at: clock.now(), outcome: 'ok' });
    await history.flush();
    expect((kv.get('entries') as { messageId: string }[]).map((e) => e.messageId)).toEqual(['om_ok', 'om_starred', 'om_3']);
    expect(kv.preserved).toEqual([original]);
    const notices = new StoreNoticeLog();
    await new HistoryStore({ store: new MemoryKeyValueStore(JSON.parse(original)), clock, notices }).list();
    expect(notices.list()).toEqual([
      {
        kind: 'entries_set_aside',
        file: 'history',
        aside: 'memory:aside-1',
        details: ['entries[1] dropped: outcome: outcome must be ok or error', 'entries[2]: starred: not a history field; ignored'],
      },
    ]);
  });

  it('never stores a token-shaped string, whatever it is given', async () => {
    const token = fc
      .tuple(
        fc.constantFrom('t-', 'u-', 'a-', 'ur-'),
        fc.string({ unit: fc.constantFrom(...'abcXYZ0189_.'), minLength: 20, maxLength: 40 }),
      )
      .map(([prefix, body]) => prefix + body);
    const text = fc
      .array(fc.oneof(fc.string({ maxLength: 8 }), token, fc.constantFrom('Bearer ', 'secret=', '"token":"', ' ', '-', 'x')), {
        maxLength: 10,
      })
      .map((parts) => parts.join(''));
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const input = fc.record({
      messageId: fc.oneof(fc.constant('om_1'), text),
      profileId: fc.oneof(fc.constant('p1'), token),
      preview: optional(text),
      logId: optional(fc.oneof(token, fc.string({ unit: fc.constantFrom(...'ab12_-tu'), minLength: 1, maxLength: 40 }))),
      msgType: optional(fc.oneof(token, fc.constantFrom('text', 'post'))),
      code: optional(fc.oneof(fc.integer(), text)),
    });
    await fc.assert(
      fc.asyncProperty(input, async (fields) => {
        const { history, kv, clock } = setUp();
        await history.add({ ...fields, at: clock.now(), outcome: 'error' }).catch((error: unknown) => {
          expect(error).toBeInstanceOf(StoreInputError);
        });
        await history.flush();
        expect(kv.text()).not.toMatch(TOKEN_LIKE);
      }),
      { numRuns: 1000 },
    );
  });
});
