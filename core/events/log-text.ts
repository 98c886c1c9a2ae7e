/**
 * The connection log in words, in the reader's language: the Live view shows every line, `inspector
 * tail` prints the state changes and troubles, a live event's ticket bundle the lines around the
 * event. The log itself holds codes and values (state.ts), so that each reader says them in its
 * own language; what the platform or a thrown error said (a failure's msg, a close reason) is
 * quoted as it came.
 */

import { tableByLanguage, type Lang } from '../base/lang';
import { explainFailure } from '../errors';
import type { FeishuFailure } from '../feishu/types';
import type { ConnectionLogEntry, FrameProblem, ReconnectCause, StopReason } from './state';

/** One line of the log, without its time. */
export function connectionLogText(entry: ConnectionLogEntry, lang: Lang): string {
  const w = WORDS[lang];
  switch (entry.kind) {
    case 'endpoint':
      return w.endpoint(entry.serviceId, seconds(entry.config.pingIntervalMs, lang), entry.durationMs);
    case 'connected':
      return w.connected(entry.connection, entry.address, entry.durationMs);
    case 'failed':
      return w.failed(entry.attempt + 1, failureTitle(entry.failure, lang), entry.then === 'stop');
    case 'ping':
      return w.ping(entry.connection);
    case 'pong':
      return w.pong(entry.connection, entry.roundTripMs, entry.config ? seconds(entry.config.pingIntervalMs, lang) : undefined);
    case 'dropped':
      return w.dropped(entry.connection, seconds(entry.liveMs, lang), reconnectCauseText(entry.cause, lang));
    case 'reconnect':
      return w.reconnect(seconds(entry.delayMs, lang), entry.attempt, entry.of);
    case 'duplicate':
      return w.duplicate(entry.eventId, entry.seq, entry.firstSeq);
    case 'incomplete':
      return w.incomplete(entry.got, entry.sum, entry.messageId, entry.why);
    case 'bad_frame':
      return w.badFrame(entry.connection, frameProblemText(entry.problem, lang), entry.messageId);
    case 'listener_failed':
      return w.listenerFailed(entry.error);
    case 'stopped':
      return w.stopped(stopReasonText(entry.reason, lang));
  }
}

export function stopReasonText(reason: StopReason, lang: Lang): string {
  const w = WORDS[lang];
  switch (reason.why) {
    case 'asked':
      return w.asked;
    case 'auth_failed':
      return w.authFailed(failureTitle(reason.failure, lang));
    case 'refused':
      return w.refused(failureTitle(reason.failure, lang));
    case 'gave_up':
      return w.gaveUp(reason.attempts, reason.failure ? failureTitle(reason.failure, lang) : undefined);
    case 'error':
      return w.clientFailed(reason.message);
  }
}

export function reconnectCauseText(cause: ReconnectCause, lang: Lang): string {
  const w = WORDS[lang];
  switch (cause.kind) {
    case 'dropped':
      return w.socketClosed(`${cause.code}${cause.reason ? ` ${cause.reason}` : ''}${cause.error ? `: ${cause.error}` : ''}`);
    case 'no_pong':
      return w.noPong(seconds(cause.silentMs, lang));
    case 'failed':
      return failureTitle(cause.failure, lang);
  }
}

function frameProblemText(problem: FrameProblem, lang: Lang): string {
  const w = WORDS[lang];
  switch (problem.code) {
    case 'unreadable':
      return w.unreadable(problem.detail);
    case 'unknown_type':
      return w.unknownType(problem.type);
    case 'misplaced_fragment':
      return w.misplacedFragment(problem.seq, problem.sum);
    case 'fragment_count':
      return w.fragmentCount(problem.seq, problem.sum, problem.firstSum);
    case 'pong_not_json':
      return w.pongNotJson(problem.detail);
    case 'send_failed':
      return w.sendFailed(problem.detail);
  }
}

/** The catalogue's title, and the code or HTTP status it came with. */
function failureTitle(failure: FeishuFailure, lang: Lang): string {
  const code =
    failure.code !== undefined ? String(failure.code) : failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}` : undefined;
  const title = explainFailure(failure, lang).title;
  if (code === undefined) return title;
  return lang === 'zh-CN' ? `${title}（${code}）` : `${title} (${code})`;
}

/** `1.5 s` / `1.5 秒`, to a tenth. */
function seconds(ms: number, lang: Lang): string {
  const value = Math.round(ms / 100) / 10;
  return lang === 'zh-CN' ? `${value} 秒` : `${value} s`;
}

interface LogWords {
  endpoint: (serviceId: number, pingEvery: string, ms: number) => string;
  connected: (connection: number, address: string, ms: number) => string;
  failed: (attempt: number, title: string, stopping: boolean) => string;
  ping: (connection: number) => string;
  /** `pingEvery` when the pong changed the settings. */
  pong: (connection: number, roundTripMs: number | undefined, pingEvery: string | undefined) => string;
  dropped: (connection: number, after: string, cause: string) => string;
  reconnect: (wait: string, attempt: number, of: number | null) => string;
  duplicate: (eventId: string, seq: number, firstSeq: number) => string;
  incomplete: (got: number, sum: number, frame: string, why: 'ttl' | 'evicted') => string;
  badFrame: (connection: number, problem: string, frame: string | undefined) => string;
  listenerFailed: (error: string) => string;
  stopped: (why: string) => string;
  asked: string;
  authFailed: (title: string) => string;
  refused: (title: string) => string;
  gaveUp: (attempts: number, title: string | undefined) => string;
  clientFailed: (message: string) => string;
  socketClosed: (how: string) => string;
  noPong: (silent: string) => string;
  unreadable: (detail: string) => string;
  unknownType: (type: string) => string;
  misplacedFragment: (seq: number, sum: number) => string;
  fragmentCount: (seq: number, sum: number, firstSum: number) => string;
  pongNotJson: (detail: string) => string;
  sendFailed: (detail: string) => string;
}

const WORDS = tableByLanguage<LogWords>({
  endpoint: {
    'zh-CN': (serviceId, pingEvery, ms) => `已获取接入点：服务 ${serviceId}，每 ${pingEvery}发送一次心跳（用时 ${ms} 毫秒）`,
    en: (serviceId, pingEvery, ms) => `endpoint: service ${serviceId}, a ping every ${pingEvery} (${ms} ms to answer)`,
  },
  connected: {
    'zh-CN': (connection, address, ms) => `已连接：连接 #${connection}，${address}（连接用时 ${ms} 毫秒）`,
    en: (connection, address, ms) => `live: connection #${connection} to ${address} (${ms} ms to connect)`,
  },
  failed: {
    'zh-CN': (attempt, title, stopping) => `第 ${attempt} 次尝试失败：${title}${stopping ? '；停止' : ''}`,
    en: (attempt, title, stopping) => `attempt ${attempt} failed: ${title}${stopping ? '; stopping' : ''}`,
  },
  ping: { 'zh-CN': (connection) => `发送心跳（连接 #${connection}）`, en: (connection) => `ping on connection #${connection}` },
  pong: {
    'zh-CN': (connection, roundTripMs, pingEvery) =>
      `收到心跳回应（连接 #${connection}）${roundTripMs !== undefined ? `，往返 ${roundTripMs} 毫秒` : ''}${pingEvery ? `；平台更改了连接设置：每 ${pingEvery}发送一次心跳` : ''}`,
    en: (connection, roundTripMs, pingEvery) =>
      `pong on connection #${connection}${roundTripMs !== undefined ? ` after ${roundTripMs} ms` : ''}${pingEvery ? `; the platform changed the settings: a ping every ${pingEvery}` : ''}`,
  },
  dropped: {
    'zh-CN': (connection, after, cause) => `连接 #${connection} 在 ${after}后断开：${cause}`,
    en: (connection, after, cause) => `connection #${connection} dropped after ${after}: ${cause}`,
  },
  reconnect: {
    'zh-CN': (wait, attempt, of) => `${wait}后重连（第 ${attempt} 次${of === null ? '' : `，共 ${of} 次`}）`,
    en: (wait, attempt, of) => `reconnecting in ${wait} (attempt ${attempt}${of === null ? '' : ` of ${of}`})`,
  },
  duplicate: {
    'zh-CN': (eventId, seq, firstSeq) => `事件 ${eventId} 被再次推送：#${seq} 重复了 #${firstSeq}`,
    en: (eventId, seq, firstSeq) => `event ${eventId} came again: #${seq} repeats #${firstSeq}`,
  },
  incomplete: {
    'zh-CN': (got, sum, frame, why) =>
      `一个事件丢失：${sum} 个分片只收到 ${got} 个（帧 ${frame}，${why === 'ttl' ? '其余分片未在时限内到达' : '同时等待的消息过多'}）`,
    en: (got, sum, frame, why) =>
      `an event was lost: ${got} of its ${sum} fragments came (frame ${frame}; ${why === 'ttl' ? 'the rest did not come in time' : 'too many messages were waiting at once'})`,
  },
  badFrame: {
    'zh-CN': (connection, problem, frame) => `连接 #${connection}：${problem}${frame ? `（帧 ${frame}）` : ''}`,
    en: (connection, problem, frame) => `connection #${connection}: ${problem}${frame ? ` (frame ${frame})` : ''}`,
  },
  listenerFailed: { 'zh-CN': (error) => `一个事件处理程序出错：${error}`, en: (error) => `a listener failed: ${error}` },
  stopped: { 'zh-CN': (why) => `已停止：${why}`, en: (why) => `stopped: ${why}` },
  asked: { 'zh-CN': '应要求停止', en: 'as asked' },
  authFailed: {
    'zh-CN': (title) => `平台不接受此 App ID 和 App Secret——${title}`,
    en: (title) => `the platform did not accept the App ID and App Secret — ${title}`,
  },
  refused: { 'zh-CN': (title) => `平台拒绝了连接——${title}`, en: (title) => `the platform refused the connection — ${title}` },
  gaveUp: {
    'zh-CN': (attempts, title) => `重连 ${attempts} 次仍未成功，已放弃${title ? `——${title}` : ''}`,
    en: (attempts, title) => `gave up after ${attempts} reconnect attempts${title ? ` — ${title}` : ''}`,
  },
  clientFailed: { 'zh-CN': (message) => `客户端出错：${message}`, en: (message) => `the client failed: ${message}` },
  socketClosed: { 'zh-CN': (how) => `连接被关闭（${how}）`, en: (how) => `the socket closed (${how})` },
  noPong: {
    'zh-CN': (silent) => `发送心跳后 ${silent}内没有任何回应，判定连接已失效`,
    en: (silent) => `nothing came back for ${silent} after a ping: the socket was presumed dead`,
  },
  unreadable: { 'zh-CN': (detail) => `收到无法解析的帧（${detail}）`, en: (detail) => `a frame that could not be read (${detail})` },
  unknownType: {
    'zh-CN': (type) => `收到类型为 "${type}" 的数据帧（既不是 event 也不是 card）`,
    en: (type) => `a data frame of type "${type}" (neither event nor card)`,
  },
  misplacedFragment: {
    'zh-CN': (seq, sum) => `分片编号无效：第 ${seq} 片，共 ${sum} 片`,
    en: (seq, sum) => `fragment ${seq} of ${sum} cannot be placed`,
  },
  fragmentCount: {
    'zh-CN': (seq, sum, firstSum) => `第 ${seq} 片声称共 ${sum} 片，而第一个分片声称共 ${firstSum} 片`,
    en: (seq, sum, firstSum) => `fragment ${seq} of ${sum}, where the first fragment said ${firstSum}`,
  },
  pongNotJson: {
    'zh-CN': (detail) => `心跳回应的内容不是 JSON（${detail}）`,
    en: (detail) => `a pong whose payload is not JSON (${detail})`,
  },
  sendFailed: { 'zh-CN': (detail) => `无法发送帧（${detail}）`, en: (detail) => `a frame could not be sent (${detail})` },
});
