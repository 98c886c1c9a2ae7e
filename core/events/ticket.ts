/**
 * The ticket bundle of one live event: the same one-page HTML the lookup's ticket is (handoff's
 * page, facts and lookup parts), holding what a bot developer asks support about an event: the
 * event's JSON (its verification token masked), when it came and how fast it was acknowledged, its
 * frame, the connection's state and the log lines around its arrival, the app and profile, and the
 * API's answer for its message when it was fetched.
 */

import { tableByLanguage } from '../base/lang';
import { escapeHtml, safeStringify } from '../export/common';
import { code } from '../export/html';
import { appLink } from '../handoff/links';
import {
  factsSectionHtml,
  hostFacts,
  lookupParts,
  originFacts,
  ticketDataHead,
  ticketFileName,
  ticketPageHtml,
  timesHtml,
  type TicketBundle,
  type TicketContext,
  type TicketLookup,
} from '../handoff/bundle';
import type { LiveEventContext } from './live';
import { connectionLogText, reconnectCauseText, stopReasonText } from './log-text';
import { liveEventRecord } from './record';
import type { ConnectionState } from './state';

/** `lookup`: the latest lookup of the event's message on this profile, when there was one. */
export function liveEventTicketBundle(live: LiveEventContext, lookup: TicketLookup | undefined, context: TicketContext): TicketBundle {
  const l = LABELS[context.lang];
  const { event, row } = live;
  const record = liveEventRecord(event);
  const name = event.eventId ?? `#${event.seq}`;
  const fetched = lookup && { lookup, parts: lookupParts(lookup, context) };
  const data = {
    ...ticketDataHead(context),
    kind: 'live_event',
    profile: { domain: context.profile.domain, baseUrl: context.profile.baseUrl, appId: context.profile.appId },
    event: { eventId: event.eventId, eventType: event.eventType, connection: event.connection, ...record },
    connection: { state: live.state, stats: live.stats, log: live.log },
    api: fetched
      ? { messageId: fetched.lookup.messageId, requestedAt: new Date(fetched.lookup.requestedAt).toISOString(), ...fetched.parts.data }
      : null,
  };
  const apiHtml = fetched
    ? `<p class="note">${escapeHtml(l.fetchedAt)} ${timesHtml(fetched.lookup.requestedAt, context)}</p></section>\n${fetched.parts.html.join('\n')}`
    : `<p class="note">${escapeHtml(row.messageId ? l.notFetched : l.noMessage)}</p></section>`;
  const parts = [
    factsSectionHtml(l.facts, eventFacts(live, context)),
    `<section class="part" data-part="event"><h2>${escapeHtml(l.event)}</h2>
<p class="note">${escapeHtml(l.masked)}</p>
<pre class="wrap">${escapeHtml(prettyEvent(record.event))}</pre></section>`,
    logHtml(live, context),
    `<section class="part" data-part="api"><h2>${escapeHtml(l.api)}</h2>${apiHtml}`,
  ];
  const html = ticketPageHtml({
    context,
    title: `${l.title} · ${name}`,
    heading: l.title,
    subheading: `${event.eventType ? `${code(event.eventType)} · ` : ''}${code(name)}`,
    parts,
    data,
  });
  return { fileName: ticketFileName(`event-${name}`, context.generatedAt), html };
}

function eventFacts(live: LiveEventContext, context: TicketContext): [string, string][] {
  const l = LABELS[context.lang];
  const { event, row, stats } = live;
  const { frame } = event;
  const facts: [string, string][] = [
    [l.eventType, event.eventType ? code(event.eventType) : '—'],
    ['event_id', event.eventId ? code(event.eventId) : '—'],
    [l.received, timesHtml(event.receivedAt, context)],
    [l.pushToAck, escapeHtml(`${event.acknowledgedAt - event.receivedAt} ms`)],
    [
      l.frame,
      code(`message_id=${frame.messageId} trace_id=${frame.traceId ?? '—'} sum=${frame.sum} seq_id=${frame.seqId} log_id=${frame.logId}`),
    ],
    [l.connection, escapeHtml(`#${event.connection}`)],
  ];
  if (event.duplicate) facts.push([l.duplicate, escapeHtml(`#${event.duplicateOf ?? '?'}`)]);
  if (row.messageId) {
    facts.push(
      [l.messageId, code(row.messageId)],
      [l.openIn, code(appLink({ kind: 'message', messageId: row.messageId, profileId: live.profileId }))],
    );
  }
  facts.push(
    [l.profile, escapeHtml(context.profile.name)],
    ...originFacts(context),
    [l.stateNow, escapeHtml(stateText(live.state, context))],
    [l.counts, escapeHtml(l.countsText(stats.events, stats.duplicates, stats.reconnects, stats.drops))],
    ...hostFacts(context),
  );
  return facts;
}

function logHtml(live: LiveEventContext, context: TicketContext): string {
  const l = LABELS[context.lang];
  const line = (at: number, text: string, mark = false) =>
    `<li${mark ? ' class="this"' : ''}><time datetime="${escapeHtml(new Date(at).toISOString())}">${escapeHtml(new Date(at).toISOString())}</time> ${escapeHtml(text)}</li>`;
  const items: string[] = [];
  let marked = false;
  for (const entry of live.log) {
    if (!marked && entry.at > live.event.receivedAt) {
      items.push(line(live.event.receivedAt, l.arrived, true));
      marked = true;
    }
    items.push(line(entry.at, connectionLogText(entry, context.lang)));
  }
  if (!marked) items.push(line(live.event.receivedAt, l.arrived, true));
  return `<section class="part" data-part="log"><h2>${escapeHtml(l.log)}</h2><ol class="log">${items.join('')}</ol></section>`;
}

function stateText(state: ConnectionState, context: TicketContext): string {
  const l = LABELS[context.lang];
  switch (state.status) {
    case 'idle':
      return l.idle;
    case 'connecting':
      return l.connecting;
    case 'live':
      return l.live(state.connection, state.address);
    case 'reconnecting':
      return l.reconnecting(reconnectCauseText(state.cause, context.lang));
    case 'stopped':
      return l.stopped(stopReasonText(state.reason, context.lang));
  }
}

/** The event indented for reading (credential fields masked once more); raw text as it came. */
function prettyEvent(event: unknown): string {
  return typeof event === 'string' ? event : JSON.stringify(JSON.parse(safeStringify(event)), null, 2);
}

interface LiveTicketLabels {
  title: string;
  facts: string;
  eventType: string;
  received: string;
  pushToAck: string;
  frame: string;
  connection: string;
  duplicate: string;
  messageId: string;
  openIn: string;
  profile: string;
  stateNow: string;
  counts: string;
  countsText: (events: number, duplicates: number, reconnects: number, drops: number) => string;
  event: string;
  masked: string;
  log: string;
  arrived: string;
  api: string;
  fetchedAt: string;
  notFetched: string;
  noMessage: string;
  idle: string;
  connecting: string;
  live: (connection: number, address: string) => string;
  reconnecting: (cause: string) => string;
  stopped: (why: string) => string;
}

const LABELS = tableByLanguage<LiveTicketLabels>({
  title: { 'zh-CN': '飞书长连接事件排查报告', en: 'Feishu live event support ticket' },
  facts: { 'zh-CN': '概况', en: 'Facts' },
  eventType: { 'zh-CN': '事件类型', en: 'Event type' },
  received: { 'zh-CN': '收到时间', en: 'Received' },
  pushToAck: { 'zh-CN': '推送到确认', en: 'Push to acknowledgement' },
  frame: { 'zh-CN': '帧头', en: 'Frame headers' },
  connection: { 'zh-CN': '所在连接', en: 'Connection' },
  duplicate: { 'zh-CN': '重复推送，首次为', en: 'Delivered again; first as' },
  messageId: { 'zh-CN': '消息 ID', en: 'Message ID' },
  openIn: { 'zh-CN': '在检查器中打开', en: 'Open in the inspector' },
  profile: { 'zh-CN': '配置', en: 'Profile' },
  stateNow: { 'zh-CN': '连接状态（生成报告时）', en: 'Connection state (when the report was made)' },
  counts: { 'zh-CN': '本次连接统计', en: 'Counts so far' },
  countsText: {
    'zh-CN': (events, duplicates, reconnects, drops) =>
      `事件 ${events} 个（重复 ${duplicates} 个），重连 ${reconnects} 次，断开 ${drops} 次`,
    en: (events, duplicates, reconnects, drops) => `${events} events (${duplicates} duplicates), ${reconnects} reconnects, ${drops} drops`,
  },
  event: { 'zh-CN': '事件 JSON', en: 'Event JSON' },
  masked: {
    'zh-CN': '事件头中的 verification token 已替换为 «redacted»。',
    en: 'The verification token in the event header is replaced by «redacted».',
  },
  log: { 'zh-CN': '事件前后的连接日志', en: 'The connection log around the event' },
  arrived: { 'zh-CN': '← 这个事件到达', en: '← this event arrived' },
  api: { 'zh-CN': '接口返回的消息', en: "The API's answer for the message" },
  fetchedAt: { 'zh-CN': '通过接口获取于', en: 'Fetched through the API at' },
  notFetched: {
    'zh-CN': '本次会话中没有通过接口获取这条消息。先点“通过接口获取”，再保存报告即可包含接口的返回。',
    en: 'The message was not fetched through the API in this session. Use "Fetch through the API" first to include its answer.',
  },
  noMessage: { 'zh-CN': '这个事件不指向任何消息。', en: 'This event names no message.' },
  idle: { 'zh-CN': '未启动', en: 'not started' },
  connecting: { 'zh-CN': '正在连接', en: 'connecting' },
  live: {
    'zh-CN': (connection, address) => `已连接（连接 #${connection}，${address}）`,
    en: (connection, address) => `live (connection #${connection}, ${address})`,
  },
  reconnecting: { 'zh-CN': (cause) => `等待重连：${cause}`, en: (cause) => `waiting to reconnect: ${cause}` },
  stopped: { 'zh-CN': (why) => `已停止：${why}`, en: (why) => `stopped: ${why}` },
});
