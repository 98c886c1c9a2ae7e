/**
 * Turns a `FeishuFailure` into an explanation in one language: the catalogue entry's texts (its
 * user-identity texts when the call was made as a user) plus what the failure itself says (missing
 * scopes, an apply link, field violations, the troubleshooter link, a sign-in that ended).
 * `formatExplanationText` renders that as plain text for the CLI.
 */

import { tableByLanguage } from '../base/lang';
import type { ApiHelp, ApiPermissionViolation, FeishuFailure } from '../feishu/types';
import {
  catalogueEntry,
  catalogueEntryForCode,
  credentialEntryId,
  EVENTS_HANDSHAKE_ID,
  eventsEntryId,
  GET_AS_USER_SCOPES,
  SIGN_IN_AGAIN_CODES,
  SIGNED_OUT_NOTE,
  unknownEntry,
  type CatalogueEntry,
  type Lang,
} from './catalogue';
import { withVisibleControls } from '../base/visible-controls';
import { failureStageLabel } from './stages';

export type FeishuDomain = 'feishu' | 'lark';

export interface ExplainContext {
  /** The profile's App ID; otherwise taken from the failure's own console links, if any. */
  appId?: string;
  /** The profile's platform; otherwise inferred from the failure's links, else Feishu. */
  domain?: FeishuDomain;
  /** The IANA time zone that times (a token's expiry) are shown in; UTC when absent. */
  timeZone?: string;
}

export interface Explanation {
  entry: CatalogueEntry;
  title: string;
  meaning: string;
  causes: string[];
  steps: string[];
  docs: { url: string; label: string }[];
  missingScopes: string[];
  /** The scopes were not named by the failure: they are the ones this call is known to need. */
  scopesSuggested?: true;
  applyScopesUrl?: string;
  fieldViolations: { field: string; description: string }[];
  troubleshooterUrl?: string;
  /** A code that should not occur as the app's bot, and the call was made as the bot. */
  unexpected: boolean;
}

const OPEN_ORIGIN: Record<FeishuDomain, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

/** A scope name: `im:message`, `contact:user.employee_id:readonly`, … (at least one colon). */
const SCOPE_RE = /^[a-z][a-z0-9_.-]*(?::[a-z0-9_.-]+)+$/i;
const APP_ID_RE = /^cli_[a-z0-9]+$/i;
const CONSOLE_AUTH_PATH_RE = /^\/app\/([^/]+)\/auth\/?$/;
const URL_RE = /https?:\/\/[^\s"'<>）)\]]+/g;
/** Hosts whose links may be shown as clickable: the platform's own. */
const LINK_HOST_SUFFIXES = ['feishu.cn', 'larksuite.com', 'larkoffice.com'];

/** Picks the catalogue entry for a failure: by code, then by kind and HTTP status. */
export function selectEntry(failure: FeishuFailure): CatalogueEntry {
  if (failure.stage === 'event_endpoint' || failure.stage === 'event_socket') {
    const entry = selectEventsEntry(failure);
    if (entry) return entry;
  } else if (failure.code !== undefined) {
    const byCode = catalogueEntryForCode(failure.code);
    if (byCode) return byCode;
    if (failure.kind === 'api') return unknownEntry();
  }
  switch (failure.kind) {
    case 'api':
      return unknownEntry();
    case 'credential':
      return failure.credential ? entryOrUnknown(credentialEntryId(failure.credential.problem)) : unknownEntry();
    case 'http': {
      const status = failure.httpStatus ?? 0;
      if (status >= 500 && status <= 599) return entryOrUnknown('http_5xx');
      // A bare 429 is the gateway's rate limit, even when no JSON body came with it.
      if (status === 429) return entryOrUnknown('99991400');
      return entryOrUnknown('http_other');
    }
    case 'timeout':
    case 'network':
    case 'not_json':
    case 'truncated_json':
    case 'too_large':
      return entryOrUnknown(failure.kind);
    default:
      return unknownEntry();
  }
}

/** Handshake codes that say more than "the handshake failed": the others are the platform's own retryable refusals. */
const HANDSHAKE_CODES_WITH_ENTRIES: ReadonlySet<number> = new Set([403, 1000040350]);

/**
 * The long connection's codes are its own (1, 403 and 514 mean other things on every other API):
 * looked up under their prefix only. An endpoint failure without a code (network, 5xx, not JSON)
 * goes on to the entries of its kind; any failure of the handshake is the handshake's.
 */
function selectEventsEntry(failure: FeishuFailure): CatalogueEntry | undefined {
  const { code } = failure;
  if (failure.stage === 'event_socket') {
    return entryOrUnknown(code !== undefined && HANDSHAKE_CODES_WITH_ENTRIES.has(code) ? eventsEntryId(code) : EVENTS_HANDSHAKE_ID);
  }
  if (code === undefined) return undefined;
  return catalogueEntry(eventsEntryId(code)) ?? unknownEntry();
}

/** `2026-12-06 08:30 UTC`, or the same moment in `timeZone` (`2026-12-06 16:30 Asia/Shanghai`). */
function readableTime(at: number, timeZone: string | undefined): string {
  const zone = timeZone ?? 'UTC';
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
    const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${zone}`;
  } catch {
    // An unknown zone, or a time outside what dates can hold: say it in UTC, as the platform does.
    return Number.isFinite(at) && Math.abs(at) <= 8.64e15 ? `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—';
  }
}

function entryOrUnknown(id: string): CatalogueEntry {
  return catalogueEntry(id) ?? unknownEntry();
}

const FILL_FALLBACKS = tableByLanguage<{ user: string; expiresAt: string }>({
  user: { 'zh-CN': '原来登录的用户', en: 'the signed-in user' },
  expiresAt: { 'zh-CN': '（时间未知）', en: 'an unknown time' },
});

export function explainFailure(failure: FeishuFailure, lang: Lang, ctx: ExplainContext = {}): Explanation {
  const entry = selectEntry(failure);
  const asUser = failure.identity?.as === 'user';
  const texts = asUser && entry.asUser ? { ...entry, ...entry.asUser } : entry;
  const credential = failure.credential;
  const fill = (text: string): string =>
    text
      .replaceAll('{code}', failure.code === undefined ? '—' : String(failure.code))
      .replaceAll('{msg}', oneLine(failure.msg) || '—')
      .replaceAll('{user}', oneLine(credential?.user ?? '') || FILL_FALLBACKS[lang].user)
      .replaceAll(
        '{expiresAt}',
        credential?.expiresAt === undefined ? FILL_FALLBACKS[lang].expiresAt : readableTime(credential.expiresAt, ctx.timeZone),
      );

  const found = collectScopesAndLinks(failure);
  const domain = ctx.domain ?? found.domain ?? 'feishu';
  const appId = ctx.appId?.trim() || found.appId;
  // A user who lacks the scopes to read messages lacks these two, whether or not the failure names them.
  const scopesSuggested = found.scopes.length === 0 && asUser && entry.id === '99991679';
  const missingScopes = scopesSuggested ? [...GET_AS_USER_SCOPES] : found.scopes;

  const explanation: Explanation = {
    entry,
    title: fill(texts.title[lang]),
    meaning: fill(texts.meaning[lang]),
    causes: texts.causes[lang].map(fill),
    steps: texts.steps[lang].map(fill),
    docs: collectDocs(texts, failure.helps, lang, domain),
    missingScopes,
    fieldViolations: collectFieldViolations(failure),
    unexpected: entry.unexpected === true && !asUser,
  };
  if (scopesSuggested) explanation.scopesSuggested = true;
  // A refused renewal ends the sign-in: whatever the code says, the way on starts with a new sign-in.
  if (credential?.problem === 'signed_out' && failure.kind !== 'credential' && !SIGN_IN_AGAIN_CODES.includes(failure.code ?? NaN)) {
    explanation.meaning = `${explanation.meaning}${lang === 'zh-CN' ? '' : ' '}${fill(SIGNED_OUT_NOTE.meaning[lang])}`;
    explanation.steps = [...explanation.steps, fill(SIGNED_OUT_NOTE.step[lang])];
  }
  if (missingScopes.length > 0 && appId) {
    explanation.applyScopesUrl = buildApplyScopesUrl(appId, missingScopes, {
      domain,
      // A user's grants are applied for on the console's user-identity tab: for 99991679 (about a
      // user token's grants), for any call made as a user, and for scopes that exist only for users.
      tokenType: entry.id === '99991679' || asUser || missingScopes.every((scope) => scope.endsWith(':get_as_user')) ? 'user' : 'tenant',
    });
  }
  const troubleshooterUrl = extractTroubleshooterUrl(failure.troubleshooter);
  if (troubleshooterUrl) explanation.troubleshooterUrl = troubleshooterUrl;
  return explanation;
}

/**
 * The console page that applies for scopes:
 * `https://open.feishu.cn/app/<appId>/auth?q=<s1>,<s2>&op_from=openapi&token_type=tenant`.
 */
export function buildApplyScopesUrl(
  appId: string,
  scopes: readonly string[],
  options: { domain?: FeishuDomain; tokenType?: 'tenant' | 'user' } = {},
): string {
  const origin = OPEN_ORIGIN[options.domain ?? 'feishu'];
  // The platform writes scopes with bare colons and commas; keep that form, escape the rest.
  const q = scopes.map((scope) => encodeURIComponent(scope).replace(/%3A/gi, ':')).join(',');
  const tokenType = options.tokenType ?? 'tenant';
  return `${origin}/app/${encodeURIComponent(appId)}/auth?q=${q}&op_from=openapi&token_type=${tokenType}`;
}

/**
 * Scopes a failure names as missing, in order of appearance, without duplicates: from
 * permission violations (`subject`, or `scope` in the older shape), from console links in
 * `helps[].url` (`?q=a,b`), and from msg (`[a, b]` lists, "need scope: a", embedded links).
 */
export function extractMissingScopes(failure: FeishuFailure): string[] {
  return collectScopesAndLinks(failure).scopes;
}

/** The last platform https link in a troubleshooter sentence, if any. */
export function extractTroubleshooterUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const urls = findUrls(text).filter(isPlatformHttpsUrl);
  return urls.at(-1);
}

interface Found {
  scopes: string[];
  appId?: string;
  domain?: FeishuDomain;
}

function collectScopesAndLinks(failure: FeishuFailure): Found {
  const found: Found = { scopes: [] };
  const addScope = (candidate: string): void => {
    const scope = trimPunctuation(candidate);
    if (SCOPE_RE.test(scope) && !found.scopes.includes(scope)) found.scopes.push(scope);
  };
  const readLink = (url: string): void => {
    const link = parseConsoleLink(url);
    if (!link) return;
    link.scopes.forEach(addScope);
    found.appId ??= link.appId;
    found.domain ??= link.domain;
  };

  for (const violation of failure.permissionViolations ?? []) {
    addViolationScopes(violation, addScope);
    if (violation.url) readLink(violation.url);
  }
  for (const help of failure.helps ?? []) {
    if (help.url) readLink(help.url);
  }
  const msg = failure.msg ?? '';
  for (const url of findUrls(msg)) readLink(url);
  for (const match of msg.matchAll(/\[([^\]]*)\]/g)) {
    splitList(match[1] ?? '').forEach(addScope);
  }
  const need = /need scopes?\s*[:：]\s*(.*)$/is.exec(msg);
  if (need) {
    for (const token of splitList(need[1] ?? '')) {
      const scope = trimPunctuation(token);
      if (!SCOPE_RE.test(scope)) break;
      addScope(scope);
    }
  }
  return found;
}

function addViolationScopes(violation: ApiPermissionViolation, addScope: (scope: string) => void): void {
  for (const value of [violation.subject, violation.scope]) {
    if (value) splitList(value).forEach(addScope);
  }
}

interface ConsoleLink {
  scopes: string[];
  appId?: string;
  domain?: FeishuDomain;
}

function parseConsoleLink(raw: string): ConsoleLink | undefined {
  let url: URL;
  try {
    url = new URL(trimPunctuation(raw));
  } catch {
    return undefined;
  }
  const link: ConsoleLink = { scopes: [] };
  for (const name of ['q', 'scope', 'scopes']) {
    for (const value of url.searchParams.getAll(name)) link.scopes.push(...splitList(value));
  }
  const appId = CONSOLE_AUTH_PATH_RE.exec(url.pathname)?.[1];
  if (appId && APP_ID_RE.test(appId)) link.appId = appId;
  if (url.hostname === 'open.larksuite.com') link.domain = 'lark';
  else if (url.hostname === 'open.feishu.cn') link.domain = 'feishu';
  return link;
}

function collectDocs(
  entry: Pick<CatalogueEntry, 'docs'>,
  helps: ApiHelp[] | undefined,
  lang: Lang,
  domain: FeishuDomain,
): { url: string; label: string }[] {
  const docs: { url: string; label: string }[] = [];
  const add = (url: string | undefined, label: string): void => {
    if (url && !docs.some((d) => d.url === url)) docs.push({ url, label });
  };
  for (const link of entry.docs) add(localiseDocUrl(link.url, domain), link.label[lang]);
  // Other help links the platform sent along (the apply-scope link is shown on its own).
  for (const help of helps ?? []) {
    const url = help.url ? trimPunctuation(help.url) : undefined;
    if (!url || !isPlatformHttpsUrl(url) || isConsoleAuthUrl(url)) continue;
    add(url, oneLine(help.description ?? '') || url);
  }
  return docs;
}

/**
 * Points a catalogue link at the Lark site when the profile is a Lark one. The Lark developer
 * site serves the same paths; the Feishu admin console has no Lark twin on the platform's
 * open domains, so it is left out there.
 */
function localiseDocUrl(url: string, domain: FeishuDomain): string | undefined {
  if (domain === 'feishu') return url;
  if (url.startsWith(`${OPEN_ORIGIN.feishu}/`) || url === OPEN_ORIGIN.feishu) {
    return OPEN_ORIGIN.lark + url.slice(OPEN_ORIGIN.feishu.length);
  }
  if (url.startsWith('https://feishu.cn/')) return undefined;
  return url;
}

function collectFieldViolations(failure: FeishuFailure): { field: string; description: string }[] {
  const out: { field: string; description: string }[] = [];
  for (const violation of failure.fieldViolations ?? []) {
    const field = oneLine(violation.field ?? '');
    let description = oneLine(violation.description ?? '');
    if (!description && violation.value !== undefined) description = `value: ${oneLine(violation.value)}`;
    if (field || description) out.push({ field, description });
  }
  return out;
}

function findUrls(text: string): string[] {
  return [...text.matchAll(URL_RE)].map((m) => trimPunctuation(m[0]));
}

function isPlatformHttpsUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:') return false;
    const host = url.hostname.toLowerCase();
    return LINK_HOST_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
  } catch {
    return false;
  }
}

function isConsoleAuthUrl(raw: string): boolean {
  try {
    return CONSOLE_AUTH_PATH_RE.test(new URL(raw).pathname);
  } catch {
    return false;
  }
}

function splitList(text: string): string[] {
  return text.split(/[\s,，;；]+/).filter((token) => token.length > 0);
}

function trimPunctuation(text: string): string {
  return text.trim().replace(/[.,;:!?。，；：！？'"“”]+$/u, '');
}

// ---- Plain-text rendering ------------------------------------------------------------------------

interface TextLabels {
  code: string;
  httpStatus: string;
  logId: string;
  none: string;
  stage: string;
  identity: string;
  asUser: string;
  asPastedUser: string;
  asPastedTenant: string;
  meaning: string;
  causes: string;
  steps: string;
  missingScopes: string;
  neededScopes: string;
  applyScopes: string;
  fieldViolations: string;
  troubleshooter: string;
  docs: string;
  rawBody: string;
  truncated: string;
  unexpected: string;
  retryable: string;
}

const LABELS = tableByLanguage<TextLabels>({
  code: { 'zh-CN': '错误码', en: 'code' },
  httpStatus: { 'zh-CN': 'HTTP 状态码', en: 'HTTP status' },
  logId: { 'zh-CN': '日志 ID', en: 'Log ID' },
  none: { 'zh-CN': '（无）', en: '(none)' },
  stage: { 'zh-CN': '出错环节', en: 'Failed while' },
  identity: { 'zh-CN': '调用身份', en: 'Called as' },
  asUser: { 'zh-CN': '登录的用户', en: 'the signed-in user' },
  asPastedUser: { 'zh-CN': '用户（粘贴的 user_access_token）', en: 'a user (pasted user_access_token)' },
  asPastedTenant: { 'zh-CN': '应用（粘贴的 tenant_access_token）', en: 'the app (pasted tenant_access_token)' },
  meaning: { 'zh-CN': '含义', en: 'What it means' },
  causes: { 'zh-CN': '可能的原因', en: 'Likely causes' },
  steps: { 'zh-CN': '处理步骤', en: 'What to do' },
  missingScopes: { 'zh-CN': '缺少的权限', en: 'Missing scopes' },
  neededScopes: { 'zh-CN': '所需的权限（任意一项）', en: 'Scopes it needs (any one)' },
  applyScopes: { 'zh-CN': '申请权限', en: 'Apply for them' },
  fieldViolations: { 'zh-CN': '参数问题', en: 'Field problems' },
  troubleshooter: { 'zh-CN': '排查建议', en: 'Troubleshooter' },
  docs: { 'zh-CN': '相关文档', en: 'Documentation' },
  rawBody: { 'zh-CN': '原始响应体', en: 'Raw body' },
  truncated: { 'zh-CN': '（已截断）', en: '(truncated)' },
  unexpected: {
    'zh-CN': '注意：使用本应用的 tenant_access_token 调用时不应出现这个错误码。',
    en: "Note: this code should not occur with this app's tenant_access_token.",
  },
  retryable: {
    'zh-CN': '这类错误通常是暂时的，稍后重试可能成功。',
    en: 'This kind of error is usually temporary; retrying later may succeed.',
  },
});

const RAW_BODY_LIMIT = 4000;
/** Entries whose raw body says more than the catalogue can. */
const SHOW_BODY_FOR = new Set(['unknown', 'http_other', 'http_5xx', 'not_json', 'truncated_json']);

/** The explanation as plain text (no colours), as the CLI prints it to stderr. */
export function formatExplanationText(failure: FeishuFailure, lang: Lang, ctx: ExplainContext = {}): string {
  const ex = explainFailure(failure, lang, ctx);
  const L = LABELS[lang];
  const zh = lang === 'zh-CN';
  /** `label: value` (full-width colon in Chinese). */
  const c = zh ? '：' : ': ';
  const heading = (label: string): string => `${label}${zh ? '：' : ':'}`;
  const lines: string[] = [];
  const msg = oneLine(failure.msg ?? '');

  const codePart = failure.code === undefined ? '' : zh ? `（${L.code} ${failure.code}）` : ` (${L.code} ${failure.code})`;
  const msgPart = msg ? (zh ? `：${msg}` : ` — ${msg}`) : '';
  lines.push(`${ex.title}${codePart}${msgPart}`);
  if (failure.httpStatus !== undefined) lines.push(`${L.httpStatus}${c}${failure.httpStatus}`);
  lines.push(`${L.logId}${c}${oneLine(failure.logId ?? '') || L.none}`);
  lines.push(`${L.stage}${c}${failureStageLabel(failure.stage, lang)}`);
  const identity = identityLabel(failure, L);
  if (identity) lines.push(`${L.identity}${c}${identity}`);
  if (ex.unexpected) lines.push(L.unexpected);
  if (ex.entry.retryable) lines.push(L.retryable);

  lines.push('', heading(L.meaning), indent(ex.meaning));
  if (ex.causes.length > 0) {
    lines.push('', heading(L.causes), ...ex.causes.map((cause) => `  - ${cause}`));
  }
  if (ex.steps.length > 0) {
    lines.push('', heading(L.steps), ...ex.steps.map((step, i) => `  ${i + 1}. ${step}`));
  }
  if (ex.missingScopes.length > 0) {
    lines.push('', `${ex.scopesSuggested ? L.neededScopes : L.missingScopes}${c}${ex.missingScopes.join(', ')}`);
    if (ex.applyScopesUrl) lines.push(`${L.applyScopes}${c}${ex.applyScopesUrl}`);
  }
  if (ex.fieldViolations.length > 0) {
    lines.push(
      '',
      heading(L.fieldViolations),
      ...ex.fieldViolations.map((v) => `  - ${[v.field, v.description].filter(Boolean).join(': ')}`),
    );
  }
  if (ex.troubleshooterUrl) lines.push('', `${L.troubleshooter}${c}${ex.troubleshooterUrl}`);
  if (ex.docs.length > 0) {
    lines.push('', heading(L.docs), ...ex.docs.map((d) => `  - ${d.label}${c}${d.url}`));
  }
  if (failure.body && SHOW_BODY_FOR.has(ex.entry.id)) {
    const body = withVisibleControls(failure.body);
    const cut = body.length > RAW_BODY_LIMIT;
    lines.push('', heading(L.rawBody), indent(cut ? body.slice(0, RAW_BODY_LIMIT) : body));
    if (cut) lines.push(`  ${L.truncated}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Whom the call was made as, when not the app's own bot with its own token. */
function identityLabel(failure: FeishuFailure, L: TextLabels): string | undefined {
  const identity = failure.identity;
  if (!identity) return undefined;
  if (identity.as === 'user') return identity.pasted ? L.asPastedUser : L.asUser;
  return identity.pasted ? L.asPastedTenant : undefined;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** One line of untrusted text: control and bidi-override characters made visible, no line breaks. */
function oneLine(text: string): string {
  return withVisibleControls(text).replace(/\s+/g, ' ').trim();
}
