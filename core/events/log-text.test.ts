import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_CONFIG } from './config';
import { connectionLogText } from './log-text';
import type { ConnectionLogEntry, ConnectionLogKind } from './state';

const failure = { kind: 'api', stage: 'event_endpoint', code: 514, msg: 'auth failed' } as const;

/** One entry of every kind (the type makes a new kind add one here). */
const ENTRIES: { [K in ConnectionLogKind]: Extract<ConnectionLogEntry, { kind: K }> } = {
  endpoint: { at: 0, kind: 'endpoint', serviceId: 7, config: DEFAULT_CLIENT_CONFIG, durationMs: 12 },
  connected: {
    at: 0,
    kind: 'connected',
    connection: 2,
    attempt: 1,
    address: 'wss://msg-frontier.feishu.cn/ws/v2',
    serviceId: 7,
    durationMs: 30,
  },
  failed: { at: 0, kind: 'failed', attempt: 0, failure, then: 'stop' },
  ping: { at: 0, kind: 'ping', connection: 2 },
  pong: { at: 0, kind: 'pong', connection: 2, roundTripMs: 9, config: { ...DEFAULT_CLIENT_CONFIG, pingIntervalMs: 90_000 } },
  dropped: { at: 0, kind: 'dropped', connection: 2, cause: { kind: 'no_pong', silentMs: 120_000 }, liveMs: 61_500 },
  reconnect: { at: 0, kind: 'reconnect', attempt: 2, of: 5, delayMs: 2_000 },
  duplicate: { at: 0, kind: 'duplicate', seq: 9, eventId: 'ev_1', firstSeq: 4 },
  incomplete: { at: 0, kind: 'incomplete', messageId: 'msg_big', got: 2, sum: 3, why: 'ttl' },
  bad_frame: {
    at: 0,
    kind: 'bad_frame',
    connection: 2,
    problem: { code: 'fragment_count', seq: 1, sum: 4, firstSum: 3 },
    messageId: 'msg_odd',
  },
  listener_failed: { at: 0, kind: 'listener_failed', error: 'TypeError: x is undefined' },
  stopped: { at: 0, kind: 'stopped', reason: { why: 'auth_failed', failure } },
};

const HAN = /[\u4e00-\u9fff]/;
/** English words of the log's own sentences (values such as IDs and quoted errors are not words of ours). */
const ENGLISH = /\b(connection|attempt|failed|stopped|ping|pong|dropped|reconnecting|fragment|came|lost|listener|platform|after)\b/;

describe('the connection log in words', () => {
  it('says every kind of line in English and in Chinese, with its values', () => {
    for (const entry of Object.values(ENTRIES)) {
      const en = connectionLogText(entry, 'en');
      const zh = connectionLogText(entry, 'zh-CN');
      expect(en, entry.kind).not.toMatch(HAN);
      expect(zh, entry.kind).toMatch(HAN);
      expect(zh.replace(/TypeError: x is undefined/, ''), entry.kind).not.toMatch(ENGLISH);
    }
    expect(connectionLogText(ENTRIES.connected, 'en')).toBe('live: connection #2 to wss://msg-frontier.feishu.cn/ws/v2 (30 ms to connect)');
    expect(connectionLogText(ENTRIES.dropped, 'zh-CN')).toBe('连接 #2 在 61.5 秒后断开：发送心跳后 120 秒内没有任何回应，判定连接已失效');
    expect(connectionLogText(ENTRIES.reconnect, 'en')).toBe('reconnecting in 2 s (attempt 2 of 5)');
    expect(connectionLogText(ENTRIES.bad_frame, 'en')).toBe(
      'connection #2: fragment 1 of 4, where the first fragment said 3 (frame msg_odd)',
    );
    expect(connectionLogText(ENTRIES.stopped, 'en')).toMatch(
      /^stopped: the platform did not accept the App ID and App Secret — .+ \(514\)$/,
    );
    expect(connectionLogText(ENTRIES.stopped, 'zh-CN')).toMatch(/^已停止：平台不接受此 App ID 和 App Secret——.+（514）$/);
  });
});
