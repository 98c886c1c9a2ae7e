/**
 * The ticket bundle: one self-contained HTML page for the platform's support or a colleague, made
 * from one lookup (a success or a failure). It holds the message or the failure with its
 * explanation and steps, every request and response of the lookup (redacted as the raw exchanges
 * are), the log IDs, the profile's domain and app_id (never its secret), what was asked
 * (user_id_type, card form), the app's version, the OS, and the time in UTC and local time.
 *
 * Why one HTML file and not a zip: it opens by a double click in any browser, offline, with no
 * unpacking; it attaches to a ticket or a chat as one file; and the same data rides inside it as
 * JSON (`<script type="application/json" id="feishu-inspector-ticket">`), for a tool to read. The
 * page runs no script (the export's Content-Security-Policy forbids it) and fetches nothing.
 */

import { tableByLanguage, type Lang } from '../base/lang';
import type { Exchange } from '../feishu/exchange';
import type { ApiMessage, FeishuFailure } from '../feishu/types';
import { explainFailure, failureStageLabel, type Explanation, type FeishuDomain } from '../errors';
import { code, documentHead, entrySectionHtml } from '../export/html';
import { escapeHtml, isWebUrl, readableUtc, safeStringify } from '../export/common';
import { appLink } from './links';

/** One lookup, as the bundle needs it. */
export interface TicketLookup {
  messageId: string;
  profileId: string;
  /** Epoch ms when the lookup started. */
  requestedAt: number;
  durationMs?: number;
  outcome: { ok: true; items: ApiMessage[] } | { ok: false; failure: FeishuFailure };
  /** Every HTTP exchange behind the lookup, already redacted. */
  exchanges: readonly Exchange[];
  /** False when the lookup's exchanges were not kept (a batch keeps those of its recent failures only). */
  exchangesKept: boolean;
}

/** Everything about the circumstances: the profile (never its secret), what was asked, the app, the clock. */
export interface TicketContext {
  profile: { name: string; domain: string; baseUrl: string; appId: string };
  asked: { userIdType?: string; cardContentType?: string };
  app: { version: string; host: string; os: string };
  /** Epoch ms: when the bundle was made (core reads no clock). */
  generatedAt: number;
  /** The IANA time zone of "local" times; the runtime's own when absent. */
  timeZone?: string;
  lang: Lang;
}

export interface TicketBundle {
  fileName: string;
  html: string;
}

/** The name of the JSON block inside the page, and of the data's format. */
export const TICKET_DATA_ID = 'feishu-inspector-ticket';

export function ticketBundle(lookup: TicketLookup, context: TicketContext): TicketBundle {
  const l = LABELS[context.lang];
  const logIds = logIdsOf(lookup);
  const parts = lookupParts(lookup, context);
  const data = {
    ...ticketDataHead(context),
    profile: { domain: context.profile.domain, baseUrl: context.profile.baseUrl, appId: context.profile.appId },
    request: {
      messageId: lookup.messageId,
      userIdType: context.asked.userIdType,
      cardContentType: context.asked.cardContentType,
      requestedAt: new Date(lookup.requestedAt).toISOString(),
      durationMs: lookup.durationMs,
    },
    ...parts.data,
  };
  const html = ticketPageHtml({
    context,
    title: `${l.title} · ${lookup.messageId}`,
    heading: l.title,
    subheading: `${code(lookup.messageId)} · ${escapeHtml(lookup.outcome.ok ? l.succeeded : l.failed)}`,
    parts: [factsHtml(lookup, context, logIds), ...parts.html],
    data,
  });
  return { fileName: ticketFileName(lookup.messageId, context.generatedAt), html };
}

/** What every ticket's data begins with: its format, when it was made, and by what. */
export function ticketDataHead(context: TicketContext) {
  return {
    format: TICKET_DATA_ID,
    version: 1,
    generatedAt: new Date(context.generatedAt).toISOString(),
    timeZone: zoneOf(context),
    app: context.app,
  };
}

/**
 * The page around a ticket's parts: the head (no script runs, nothing is fetched), the heading,
 * the parts as given (HTML), the footer, and the data as JSON for a tool to read.
 */
export function ticketPageHtml(page: {
  context: TicketContext;
  title: string;
  heading: string;
  /** HTML. */
  subheading: string;
  parts: readonly string[];
  data: unknown;
}): string {
  const l = LABELS[page.context.lang];
  return `${documentHead(page.context.lang, page.title, STYLE)}<header>
<h1>${escapeHtml(page.heading)}</h1>
<p>${page.subheading}</p>
</header>
<main>
${page.parts.join('\n')}
</main>
<footer>${escapeHtml(l.footer(page.context.app.version))}</footer>
<script type="application/json" id="${TICKET_DATA_ID}">${jsonForScript(page.data)}</script>
</body>
</html>
`;
}

/** A lookup's parts of a ticket: its message or its failure explained, then its exchanges; and the same as data. */
export function lookupParts(lookup: TicketLookup, context: TicketContext) {
  const explanation = lookup.outcome.ok ? undefined : explainFailure(lookup.outcome.failure, context.lang, explainContext(context));
  const section = lookup.outcome.ok
    ? messageHtml(lookup.messageId, lookup.outcome.items, context.lang)
    : failureHtml(lookup.outcome.failure, explanation!, context.lang);
  return {
    html: [section, exchangesHtml(lookup, context.lang)],
    data: {
      logIds: logIdsOf(lookup),
      outcome: lookup.outcome.ok
        ? { ok: true, items: lookup.outcome.items }
        : {
            ok: false,
            failure: lookup.outcome.failure,
            explanation: explanation && { title: explanation.title, meaning: explanation.meaning, steps: explanation.steps },
          },
      exchanges: lookup.exchangesKept ? lookup.exchanges : null,
    },
  };
}

/** A section of facts: a heading, then each label and its value (HTML). */
export function factsSectionHtml(heading: string, rows: readonly (readonly [string, string])[]): string {
  return `<section class="part"><h2>${escapeHtml(heading)}</h2>
<dl class="meta" data-part="facts">${rows.map(([dt, dd]) => `<dt>${escapeHtml(dt)}</dt><dd>${dd}</dd>`).join('')}</dl></section>`;
}

/** The facts every ticket names about the profile: its platform (and base URL) and its app. */
export function originFacts(context: TicketContext): [string, string][] {
  const l = LABELS[context.lang];
  return [
    [l.domain, `${escapeHtml(context.profile.domain)} · ${code(context.profile.baseUrl)}`],
    [l.appId, code(context.profile.appId)],
  ];
}

/** `ticket-om_…-20261205T201500Z.html`: the message and the moment, no spaces, safe on every file system. */
export function ticketFileName(messageId: string, at: number): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const id = messageId.replace(/[^\w-]/g, '_').slice(0, 80);
  return `ticket-${id}-${stamp}.html`;
}

/** Every log ID of the lookup, in the order they came: the failure's, then each exchange's. */
export function logIdsOf(lookup: Pick<TicketLookup, 'outcome' | 'exchanges'>): string[] {
  const ids = new Set<string>();
  if (!lookup.outcome.ok && lookup.outcome.failure.logId) ids.add(lookup.outcome.failure.logId);
  for (const exchange of lookup.exchanges) if (exchange.logId) ids.add(exchange.logId);
  return [...ids];
}

const STYLE = `
section.part { margin: 20px 0; }
ol.steps li { margin: 4px 0; }
details.exchange { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; background: var(--card); }
details.exchange > summary { cursor: pointer; padding: 8px 12px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
details.exchange > div { padding: 0 12px 12px; }
details.exchange h3 { font-size: 13px; margin: 8px 0 2px; color: var(--muted); }
pre.wrap, details.exchange pre { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 480px; overflow: auto; }
p.note { color: var(--muted); }
`;

function explainContext(context: TicketContext): { appId: string; domain?: FeishuDomain } {
  const domain = context.profile.domain === 'feishu' || context.profile.domain === 'lark' ? context.profile.domain : undefined;
  return domain ? { appId: context.profile.appId, domain } : { appId: context.profile.appId };
}

function zoneOf(context: TicketContext): string {
  return context.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** `2026-12-05 20:15:00 UTC` and the same moment on the host's clock, with its zone. */
export function timesHtml(at: number, context: TicketContext): string {
  const utc = readableUtc(at);
  let local: string;
  try {
    local = new Intl.DateTimeFormat(context.lang, {
      dateStyle: 'medium',
      timeStyle: 'long',
      timeZone: zoneOf(context),
    }).format(at);
  } catch {
    local = '—';
  }
  return `<time datetime="${escapeHtml(new Date(at).toISOString())}">${escapeHtml(utc)}</time><br>${escapeHtml(`${local} (${zoneOf(context)})`)}`;
}

function factsHtml(lookup: TicketLookup, context: TicketContext, logIds: readonly string[]): string {
  const l = LABELS[context.lang];
  const rows: [string, string][] = [
    [l.messageId, code(lookup.messageId)],
    [l.logIds, logIds.length > 0 ? logIds.map(code).join('<br>') : escapeHtml(l.none)],
    ...originFacts(context),
    [l.userIdType, context.asked.userIdType ? code(context.asked.userIdType) : escapeHtml(l.byDefault)],
    [l.cardForm, context.asked.cardContentType ? code(context.asked.cardContentType) : escapeHtml(l.byDefault)],
    [l.lookedUp, timesHtml(lookup.requestedAt, context)],
    ...hostFacts(context),
    [l.openIn, code(appLink({ kind: 'message', messageId: lookup.messageId, profileId: lookup.profileId }))],
  ];
  if (lookup.durationMs !== undefined) rows.splice(7, 0, [l.duration, escapeHtml(`${Math.round(lookup.durationMs)} ms`)]);
  return factsSectionHtml(l.facts, rows);
}

/** When the ticket was made, and by which app on which system. */
export function hostFacts(context: TicketContext): [string, string][] {
  const l = LABELS[context.lang];
  return [
    [l.made, timesHtml(context.generatedAt, context)],
    [l.app, escapeHtml(`Feishu Message Inspector ${context.app.version} (${context.app.host})`)],
    [l.os, escapeHtml(context.app.os)],
  ];
}

function messageHtml(messageId: string, items: ApiMessage[], lang: Lang): string {
  const l = LABELS[lang];
  return `<section class="part" data-part="message"><h2>${escapeHtml(l.message)}</h2>
${entrySectionHtml({ messageId, items }, lang)}</section>`;
}

function failureHtml(failure: FeishuFailure, ex: Explanation, lang: Lang): string {
  const l = LABELS[lang];
  const facts = [
    failure.code === undefined ? undefined : `${l.code} ${code(String(failure.code))}`,
    failure.httpStatus === undefined ? undefined : `HTTP ${escapeHtml(String(failure.httpStatus))}`,
    escapeHtml(failureStageLabel(failure.stage, lang)),
  ].filter((part) => part !== undefined);
  const parts = [
    `<h2>${escapeHtml(ex.title)}</h2>`,
    `<p class="error">${facts.join(' · ')}${failure.msg ? ` · ${escapeHtml(failure.msg)}` : ''}</p>`,
    `<p>${escapeHtml(ex.meaning)}</p>`,
  ];
  if (ex.causes.length > 0)
    parts.push(`<h3>${escapeHtml(l.causes)}</h3><ul>${ex.causes.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`);
  if (ex.steps.length > 0)
    parts.push(
      `<h3>${escapeHtml(l.steps)}</h3><ol class="steps" data-part="steps">${ex.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`,
    );
  if (ex.missingScopes.length > 0) {
    const apply = ex.applyScopesUrl ? ` · ${linkHtml(ex.applyScopesUrl, l.applyScopes)}` : '';
    parts.push(`<p>${escapeHtml(l.missingScopes)}: ${ex.missingScopes.map(code).join(', ')}${apply}</p>`);
  }
  if (ex.fieldViolations.length > 0)
    parts.push(`<ul>${ex.fieldViolations.map((v) => `<li>${code(v.field)}: ${escapeHtml(v.description)}</li>`).join('')}</ul>`);
  if (ex.troubleshooterUrl) parts.push(`<p>${linkHtml(ex.troubleshooterUrl, l.troubleshooter)}</p>`);
  if (ex.docs.length > 0) parts.push(`<p>${ex.docs.map((d) => linkHtml(d.url, d.label)).join(' · ')}</p>`);
  if (failure.body) parts.push(`<h3>${escapeHtml(l.rawBody)}</h3><pre class="wrap">${escapeHtml(prettyJson(failure.body))}</pre>`);
  return `<section class="part" data-part="failure">${parts.join('\n')}</section>`;
}

function exchangesHtml(lookup: TicketLookup, lang: Lang): string {
  const l = LABELS[lang];
  if (!lookup.exchangesKept)
    return `<section class="part"><h2>${escapeHtml(l.exchanges)}</h2><p class="note">${escapeHtml(l.notKept)}</p></section>`;
  const items = lookup.exchanges.map((exchange, index) => {
    const status = exchange.status === undefined ? (exchange.error ?? l.noResponse) : String(exchange.status);
    const head = `${index + 1}. ${exchange.method} ${exchange.url} → ${status} · ${Math.round(exchange.durationMs)} ms`;
    const body: string[] = [];
    const meta = [
      `${l.stage}: ${failureStageLabel(exchange.stage, lang)}`,
      l.attempt(exchange.attempt),
      exchange.logId ? `${l.logId}: ${exchange.logId}` : undefined,
      exchange.note,
      exchange.error,
    ].filter((part) => part !== undefined && part !== '');
    body.push(`<p class="note">${escapeHtml(meta.join(' · '))}</p>`);
    body.push(block(l.requestHeaders, headersText(exchange.requestHeaders)));
    if (exchange.requestBody !== undefined) body.push(block(l.requestBody, exchange.requestBody));
    if (exchange.status !== undefined) body.push(block(l.responseHeaders, headersText(exchange.responseHeaders)));
    if (exchange.responseBody !== undefined) body.push(block(l.responseBody, prettyJson(exchange.responseBody)));
    return `<details class="exchange" open><summary>${escapeHtml(head)}</summary><div>${body.join('')}</div></details>`;
  });
  return `<section class="part" data-part="exchanges"><h2>${escapeHtml(l.exchanges)}</h2>
<p class="note">${escapeHtml(l.redacted)}</p>
${items.length > 0 ? items.join('\n') : `<p class="note">${escapeHtml(l.noExchanges)}</p>`}</section>`;
}

function block(heading: string, text: string): string {
  return `<h3>${escapeHtml(heading)}</h3><pre>${escapeHtml(text === '' ? '—' : text)}</pre>`;
}

function headersText(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** A JSON body indented for reading; anything else as it came. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function linkHtml(url: string, label: string): string {
  return isWebUrl(url) ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(label)}</a>` : escapeHtml(`${label}: ${url}`);
}

/**
 * JSON that cannot end the `<script>` element it sits in, nor be read as HTML: `<`, `>` and `&`
 * as \u escapes (still the same JSON), and the two line separators JavaScript once refused.
 */
function jsonForScript(value: unknown): string {
  return safeStringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface BundleLabels {
  title: string;
  succeeded: string;
  failed: string;
  facts: string;
  messageId: string;
  logIds: string;
  none: string;
  domain: string;
  appId: string;
  userIdType: string;
  cardForm: string;
  byDefault: string;
  lookedUp: string;
  duration: string;
  made: string;
  app: string;
  os: string;
  openIn: string;
  message: string;
  code: string;
  causes: string;
  steps: string;
  missingScopes: string;
  applyScopes: string;
  troubleshooter: string;
  rawBody: string;
  exchanges: string;
  redacted: string;
  notKept: string;
  noExchanges: string;
  noResponse: string;
  stage: string;
  attempt: (n: number) => string;
  logId: string;
  requestHeaders: string;
  requestBody: string;
  responseHeaders: string;
  responseBody: string;
  footer: (version: string) => string;
}

const LABELS = tableByLanguage<BundleLabels>({
  title: { 'zh-CN': '飞书消息排查报告', en: 'Feishu message support ticket' },
  succeeded: { 'zh-CN': '获取成功', en: 'fetched' },
  failed: { 'zh-CN': '获取失败', en: 'failed' },
  facts: { 'zh-CN': '概况', en: 'Facts' },
  messageId: { 'zh-CN': '消息 ID', en: 'Message ID' },
  logIds: { 'zh-CN': '日志 ID（log ID）', en: 'Log IDs' },
  none: { 'zh-CN': '无', en: 'none' },
  domain: { 'zh-CN': '平台', en: 'Platform' },
  appId: { 'zh-CN': 'App ID', en: 'App ID' },
  userIdType: { 'zh-CN': 'user_id_type', en: 'user_id_type' },
  cardForm: { 'zh-CN': '卡片内容形式', en: 'Card form' },
  byDefault: { 'zh-CN': '默认', en: 'default' },
  lookedUp: { 'zh-CN': '查询时间', en: 'Looked up' },
  duration: { 'zh-CN': '耗时', en: 'Took' },
  made: { 'zh-CN': '报告生成时间', en: 'Report made' },
  app: { 'zh-CN': '应用版本', en: 'App' },
  os: { 'zh-CN': '操作系统', en: 'OS' },
  openIn: { 'zh-CN': '在检查器中打开', en: 'Open in the inspector' },
  message: { 'zh-CN': '消息', en: 'Message' },
  code: { 'zh-CN': '错误码', en: 'code' },
  causes: { 'zh-CN': '可能的原因', en: 'Likely causes' },
  steps: { 'zh-CN': '解决步骤', en: 'Steps to fix it' },
  missingScopes: { 'zh-CN': '缺少的权限', en: 'Missing scopes' },
  applyScopes: { 'zh-CN': '去申请权限', en: 'Apply for them' },
  troubleshooter: { 'zh-CN': '排查建议', en: 'Troubleshooter' },
  rawBody: { 'zh-CN': '原始响应体', en: 'Raw body' },
  exchanges: { 'zh-CN': '请求与响应', en: 'Requests and responses' },
  redacted: {
    'zh-CN': 'App Secret 和各类 access token 已替换为 «redacted»。',
    en: 'The app secret and every access token are replaced by «redacted».',
  },
  notKept: {
    'zh-CN': '这次查询的请求与响应没有保留（批量查询只保留最近失败项的记录）。单独查询这条消息即可包含它们。',
    en: 'The requests and responses of this lookup were not kept (a batch keeps those of its recent failures only). Look the message up on its own to include them.',
  },
  noExchanges: { 'zh-CN': '没有发出请求。', en: 'No request was made.' },
  noResponse: { 'zh-CN': '无响应', en: 'no response' },
  stage: { 'zh-CN': '阶段', en: 'Stage' },
  attempt: { 'zh-CN': (n) => `第 ${n} 次尝试`, en: (n) => `attempt ${n}` },
  logId: { 'zh-CN': '日志 ID', en: 'log ID' },
  requestHeaders: { 'zh-CN': '请求头', en: 'Request headers' },
  requestBody: { 'zh-CN': '请求体', en: 'Request body' },
  responseHeaders: { 'zh-CN': '响应头', en: 'Response headers' },
  responseBody: { 'zh-CN': '响应体', en: 'Response body' },
  footer: {
    'zh-CN': (version) => `由飞书消息检查器 ${version} 生成。本文件不含 App Secret 或 access token，可离线打开。`,
    en: (version) => `Made by Feishu Message Inspector ${version}. This file holds no app secret or access token, and opens offline.`,
  },
});
