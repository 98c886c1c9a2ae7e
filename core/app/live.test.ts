import { describe, expect, it } from 'vitest';
import { systemClock } from '../base/ports';
import { SANDBOX_PROFILE_ID } from '../profiles/types';
import { memoryStores } from '../testing/memory-stores';
import { InspectorService } from './service';
import type { LiveUpdates } from '../api/contract';
import { smallChatMessageId } from '../sandbox/fixtures/chats';
import { HANNA, TOM } from '../sandbox/fixtures/people';

function service() {
  return new InspectorService({
    stores: memoryStores(systemClock),
    fetch: () => Promise.reject(new Error('offline')),
    clock: systemClock,
    host: 'browser',
    version: 't',
  });
}

/** Reads on until `done` holds, as the page does (long polls). */
async function readUntil(api: InspectorService, first: LiveUpdates, done: (all: LiveUpdates, rows: LiveUpdates['rows']) => boolean) {
  let updates = first;
  const rows = [...first.rows];
  for (let i = 0; i < 50 && !done(updates, rows); i++) {
    updates = (await api.getLiveUpdates({
      profileId: SANDBOX_PROFILE_ID,
      cursor: updates.cursor,
      logCursor: updates.logCursor,
      namesCursor: updates.namesCursor,
      waitMs: 2_000,
    }))!;
    rows.push(...updates.rows);
  }
  return { updates, rows };
}

describe('live events on the Sandbox profile', () => {
  it('connects, receives a message sent as a user with its sender’s name, and opens the event with its token masked', async () => {
    const api = service();
    try {
      const started = await api.startLive(SANDBOX_PROFILE_ID, 'en');
      const live = await readUntil(api, started, (u) => u.state.status === 'live');
      expect(live.updates.state.status).toBe('live');

      const sent = await api.sandboxAct({ kind: 'send', text: 'hello from the test' });
      if (!sent.ok) throw new Error(sent.msg);
      const { updates, rows } = await readUntil(
        api,
        live.updates,
        (u, all) => all.some((row) => row.messageId === sent.data.message_id) && Object.keys(u.names).length > 0,
      );
      const row = rows.find((r) => r.messageId === sent.data.message_id)!;
      expect(row).toMatchObject({
        eventType: 'im.message.receive_v1',
        chatId: 'oc_sandbox_small_group',
        preview: 'hello from the test',
        duplicate: false,
      });
      expect(row.ackMs).toBeGreaterThanOrEqual(0);
      expect(updates.names[row.senderId!]).toBe('Tom');

      const event = await api.getLiveEvent(SANDBOX_PROFILE_ID, row.seq);
      expect(event?.raw).toContain('«redacted»');
      expect(event?.raw).not.toContain('sandbox_verification_token');
      const exported = [];
      for await (const line of api.liveExportChunks(SANDBOX_PROFILE_ID)) exported.push(line);
      expect(exported.join('')).toContain('hello from the test');
      expect(exported.join('')).not.toContain('sandbox_verification_token');
    } finally {
      await api.stopLive(SANDBOX_PROFILE_ID);
      await api.close();
    }
  });

  it('shows who reacted by the event’s user_id, named once a message of theirs names them, never by the author’s name', async () => {
    const api = service();
    const isReaction = (row: LiveUpdates['rows'][number]) => row.eventType === 'im.message.reaction.created_v1';
    try {
      const started = await api.startLive(SANDBOX_PROFILE_ID, 'en');
      const live = await readUntil(api, started, (u) => u.state.status === 'live');
      // Tom reacts to Hanna's message before anything of his has come by.
      const hannas = smallChatMessageId(0x02);
      const reacted = await api.sandboxAct({ kind: 'react', messageId: hannas, emojiType: 'SMILE' });
      if (!reacted.ok) throw new Error(reacted.msg);
      const first = await readUntil(api, live.updates, (u, all) => all.some(isReaction) && u.names[HANNA.open_id] !== undefined);
      const row = first.rows.find(isReaction)!;
      expect(row).toMatchObject({ senderId: TOM.open_id, messageId: hannas, preview: `SMILE → ${hannas}` });
      expect(first.updates.names).toEqual({ [HANNA.open_id]: 'Hanna' });

      const sent = await api.sandboxAct({ kind: 'send', text: 'and now a message' });
      if (!sent.ok) throw new Error(sent.msg);
      const later = await readUntil(api, first.updates, (u) => u.names[TOM.open_id] !== undefined);
      expect(later.updates.names[TOM.open_id]).toBe('Tom');
    } finally {
      await api.stopLive(SANDBOX_PROFILE_ID);
      await api.close();
    }
  });

  it('makes a ticket bundle of a live event: its masked JSON, the log around it, the state, the profile and the API’s answer', async () => {
    const api = service();
    try {
      const started = await api.startLive(SANDBOX_PROFILE_ID, 'en');
      const live = await readUntil(api, started, (u) => u.state.status === 'live');
      const sent = await api.sandboxAct({ kind: 'send', text: 'ticket me' });
      if (!sent.ok) throw new Error(sent.msg);
      const { rows } = await readUntil(api, live.updates, (_, all) => all.some((row) => row.messageId === sent.data.message_id));
      const row = rows.find((r) => r.messageId === sent.data.message_id)!;

      const before = await api.makeTicketBundle({ profileId: SANDBOX_PROFILE_ID, seq: row.seq }, 'en');
      expect(before.fileName).toMatch(/^ticket-event-[\w-]+-\d{8}T\d{6}Z\.html$/);
      expect(before.html).toContain('Feishu live event support ticket');
      expect(before.html).toContain('ticket me');
      expect(before.html).toContain('«redacted»');
      expect(before.html).not.toContain('sandbox_verification_token');
      expect(before.html).not.toContain('sandbox_secret');
      expect(before.html).toContain('live: connection #1 to ');
      expect(before.html).toContain('← this event arrived');
      expect(before.html).toContain('live (connection #1');
      expect(before.html).toContain(row.eventId!);
      expect(before.html).toContain('Use &quot;Fetch through the API&quot; first');

      const fetched = await api.getMessage({ messageId: row.messageId!, profileId: SANDBOX_PROFILE_ID });
      expect(fetched.ok).toBe(true);
      const after = await api.makeTicketBundle({ profileId: SANDBOX_PROFILE_ID, seq: row.seq }, 'zh-CN');
      expect(after.html).toContain('飞书长连接事件排查报告');
      expect(after.html).toContain('已连接：连接 #1');
      expect(after.html).toContain('← 这个事件到达');
      expect(after.html).not.toContain('sandbox_verification_token');
      const data = JSON.parse(/<script type="application\/json" id="[^"]+">([^<]*)<\/script>/.exec(after.html)![1]!) as {
        kind: string;
        event: { seq: number; event: { header: { token: string } } };
        connection: { state: { status: string }; log: { kind: string }[] };
        api: { messageId: string; outcome: { ok: boolean; items: { message_id: string }[] }; exchanges: unknown[] };
      };
      expect(data.kind).toBe('live_event');
      expect(data.event.seq).toBe(row.seq);
      expect(data.event.event.header.token).toBe('«redacted»');
      expect(data.connection.state.status).toBe('live');
      expect(data.connection.log.map((entry) => entry.kind)).toContain('connected');
      expect(data.api.outcome.ok).toBe(true);
      expect(data.api.outcome.items[0]!.message_id).toBe(row.messageId);
      expect(data.api.exchanges.length).toBeGreaterThan(0);

      await expect(api.makeTicketBundle({ profileId: SANDBOX_PROFILE_ID, seq: 9_999 })).rejects.toMatchObject({ code: 'live_event_gone' });
    } finally {
      await api.stopLive(SANDBOX_PROFILE_ID);
      await api.close();
    }
  });

  it('refuses a sandbox action it cannot do, with the sandbox’s code', async () => {
    const api = service();
    const answer = await api.sandboxAct({ kind: 'send', chatId: 'oc_nope', text: 'x' });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.code).toBeGreaterThan(0);
    await api.close();
  });
});
