import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import type { FeishuFailure, GetMessageResponse } from '../feishu/types';
import {
  buildApplyScopesUrl,
  explainFailure,
  extractMissingScopes,
  extractTroubleshooterUrl,
  formatExplanationText,
  selectEntry,
} from './index';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const CORPUS_99991672 = `${CORPUS}error-feishudocs-99991672-1.json`;
const CORPUS_230027 = `${CORPUS}error-lyphui-230027-1.json`;

/** What the client makes of an error body; kept here so these tests stand alone. */
function failureFromBody(body: GetMessageResponse, httpStatus = 400, header?: string): FeishuFailure {
  const error = body.error ?? {};
  const failure: FeishuFailure = {
    kind: 'api',
    stage: 'message',
    code: body.code,
    msg: body.msg,
    httpStatus,
    body: JSON.stringify(body),
  };
  const logId = error.log_id ?? error.logid ?? header;
  if (logId) failure.logId = logId;
  if (error.troubleshooter) failure.troubleshooter = error.troubleshooter;
  if (error.permission_violations) failure.permissionViolations = error.permission_violations;
  if (error.field_violations) failure.fieldViolations = error.field_violations;
  if (error.helps) failure.helps = error.helps;
  return failure;
}

function corpusFailure(path: string): FeishuFailure {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { payload: GetMessageResponse };
  return failureFromBody(file.payload);
}

const api = (code: number, msg: string, extra: Partial<FeishuFailure> = {}): FeishuFailure => ({
  kind: 'api',
  stage: 'message',
  code,
  msg,
  httpStatus: 400,
  ...extra,
});

describe('selectEntry', () => {
  it.each([230001, 230002, 230006, 230013, 230027, 230050, 230110])('maps seed code %i to its entry', (code) => {
    expect(selectEntry(api(code, 'x')).id).toBe(String(code));
  });

  it('maps platform and token-time codes', () => {
    expect(selectEntry(api(99991400, 'request trigger frequency limit', { httpStatus: 429 })).id).toBe('99991400');
    expect(selectEntry({ kind: 'api', stage: 'token', code: 10014, msg: 'app secret invalid' }).id).toBe('10014');
    expect(selectEntry(api(99991668, 'x')).unexpected).toBe(true);
  });

  it('maps code-less failures by kind and HTTP status', () => {
    const base = { stage: 'message' as const, msg: 'boom' };
    expect(selectEntry({ ...base, kind: 'http', httpStatus: 502 }).id).toBe('http_5xx');
    expect(selectEntry({ ...base, kind: 'http', httpStatus: 500 }).id).toBe('http_5xx');
    expect(selectEntry({ ...base, kind: 'http', httpStatus: 404 }).id).toBe('http_other');
    expect(selectEntry({ ...base, kind: 'http', httpStatus: 407 }).id).toBe('http_other');
    expect(selectEntry({ ...base, kind: 'http' }).id).toBe('http_other');
    expect(selectEntry({ ...base, kind: 'http', httpStatus: 429 }).id).toBe('99991400');
    expect(selectEntry({ ...base, kind: 'timeout' }).id).toBe('timeout');
    expect(selectEntry({ ...base, kind: 'network' }).id).toBe('network');
    expect(selectEntry({ ...base, kind: 'not_json', httpStatus: 200 }).id).toBe('not_json');
    expect(selectEntry({ ...base, kind: 'truncated_json' }).id).toBe('truncated_json');
    expect(selectEntry({ ...base, kind: 'too_large', httpStatus: 200 }).id).toBe('too_large');
  });

  it('falls back to unknown for an uncatalogued code or an api failure without one', () => {
    expect(selectEntry(api(1234567, 'weird')).id).toBe('unknown');
    expect(selectEntry({ kind: 'api', stage: 'message', msg: 'no code' }).id).toBe('unknown');
  });
});

describe('selectEntry for the event long connection', () => {
  const endpoint = (code: number): FeishuFailure => ({ kind: 'api', stage: 'event_endpoint', code, msg: 'x', httpStatus: 200 });

  it("explains the endpoint's codes as the long connection's, never as another API's code of the same number", () => {
    expect(selectEntry(endpoint(1)).id).toBe('events_1');
    expect(selectEntry(endpoint(403)).id).toBe('events_403');
    expect(selectEntry(endpoint(514)).id).toBe('events_514');
    expect(selectEntry(endpoint(1000040343)).id).toBe('events_1000040343');
    expect(selectEntry(endpoint(1000040350)).id).toBe('events_1000040350');
    // A lookup's code 403 or 1 is not the long connection's.
    expect(selectEntry(api(403, 'x')).id).toBe('unknown');
    expect(selectEntry(endpoint(99991663)).id).toBe('unknown');
  });

  it('explains an endpoint failure without a code by its kind, and every handshake failure as a handshake', () => {
    expect(selectEntry({ kind: 'network', stage: 'event_endpoint', msg: 'ECONNREFUSED' }).id).toBe('network');
    expect(selectEntry({ kind: 'http', stage: 'event_endpoint', msg: 'Bad Gateway', httpStatus: 502 }).id).toBe('http_5xx');
    expect(selectEntry({ kind: 'http', stage: 'event_socket', msg: 'Unexpected server response', httpStatus: 502 }).id).toBe(
      'events_handshake',
    );
    expect(selectEntry({ kind: 'network', stage: 'event_socket', msg: 'ECONNRESET' }).id).toBe('events_handshake');
    // The handshake's own refusals: the app is forbidden, or has too many connections.
    expect(selectEntry({ kind: 'http', stage: 'event_socket', code: 403, msg: 'forbidden', httpStatus: 403 }).id).toBe('events_403');
    expect(selectEntry({ kind: 'http', stage: 'event_socket', code: 1000040350, msg: 'limit', httpStatus: 401 }).id).toBe(
      'events_1000040350',
    );
    // A 514 at the handshake (without the limit's code) is retried: it is explained as a handshake failure.
    expect(selectEntry({ kind: 'http', stage: 'event_socket', code: 514, msg: 'auth', httpStatus: 401 }).id).toBe('events_handshake');
  });

  it('says which step of the long connection failed', () => {
    expect(formatExplanationText(endpoint(514), 'en')).toContain('Failed while: asking for the long-connection endpoint');
    const zh = formatExplanationText({ kind: 'network', stage: 'event_socket', msg: 'ECONNRESET' }, 'zh-CN');
    expect(zh).toContain('出错环节：打开长连接（WebSocket 握手）');
    expect(zh.split('\n')[0]).toBe('长连接握手失败：ECONNRESET');
  });
});

describe('explainFailure', () => {
  it('gives the texts in the requested language', () => {
    const zh = explainFailure(api(230002, 'The bot can not be outside the group.'), 'zh-CN');
    const en = explainFailure(api(230002, 'The bot can not be outside the group.'), 'en');
    expect(zh.title).toBe('机器人不在消息所在的群组中');
    expect(en.title).toBe("The bot is not in the message's chat");
    expect(zh.steps.length).toBe(en.steps.length);
    expect(zh.docs[0]?.label).toContain('机器人');
    expect(en.docs[0]?.url).toBe('https://open.feishu.cn/document/ukTMukTMukTM/uATM04CMxQjLwEDN');
  });

  it('still explains an unknown code, naming the code and msg', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const ex = explainFailure(api(1234567, 'Something odd happened'), lang);
      expect(ex.entry.id).toBe('unknown');
      expect(ex.meaning).toContain('1234567');
      expect(ex.meaning).toContain('Something odd happened');
      expect(ex.steps.length).toBeGreaterThan(0);
      const text = formatExplanationText(
        api(1234567, 'Something odd happened', { logId: 'LOG-1', body: '{"code":1234567,"msg":"Something odd happened"}' }),
        lang,
      );
      expect(text).toContain('1234567');
      expect(text).toContain('Something odd happened');
      expect(text).toContain('LOG-1');
      expect(text).toContain('{"code":1234567');
    }
  });

  it('reads missing scopes from the current error shape', () => {
    const failure = api(99991672, 'Access denied.', {
      permissionViolations: [
        { type: 'action_scope_required', subject: 'im:message' },
        { type: 'action_scope_required', subject: 'im:message:readonly' },
      ],
    });
    expect(extractMissingScopes(failure)).toEqual(['im:message', 'im:message:readonly']);
  });

  it('reads missing scopes from the older shape ({scope, url})', () => {
    const failure = api(99991672, 'Access denied.', {
      permissionViolations: [
        {
          scope: 'im:message:readonly',
          url: 'https://open.feishu.cn/app/cli_a1b2c3d4e5f60718/auth?q=im:message:readonly,im:message&op_from=openapi',
        },
      ],
    });
    expect(extractMissingScopes(failure)).toEqual(['im:message:readonly', 'im:message']);
    const ex = explainFailure(failure, 'en');
    expect(ex.applyScopesUrl).toBe(
      'https://open.feishu.cn/app/cli_a1b2c3d4e5f60718/auth?q=im:message:readonly,im:message&op_from=openapi&token_type=tenant',
    );
  });

  it('reads missing scopes from helps urls, encoded or not, and from msg', () => {
    const failure = api(
      99991672,
      'Access denied. One of the following scopes is required: [im:message, im:message:readonly].应用尚未开通所需的应用身份权限',
      {
        helps: [
          {
            url: 'https://open.feishu.cn/app/cli_a1b2c3d4e5f60718/auth?q=im%3Amessage%2Ccontact%3Auser.employee_id%3Areadonly&op_from=openapi',
            description: 'apply',
          },
        ],
      },
    );
    // Help links first, then msg, each scope once.
    expect(extractMissingScopes(failure)).toEqual(['im:message', 'contact:user.employee_id:readonly', 'im:message:readonly']);
  });

  it('reads "need scope:" from a 230027 msg', () => {
    expect(extractMissingScopes(api(230027, 'Lack of necessary permissions, ext=need scope: im:message.group_msg:get_as_user'))).toEqual([
      'im:message.group_msg:get_as_user',
    ]);
  });

  it('finds no scopes where there are none', () => {
    expect(extractMissingScopes(api(230001, 'Your request contains an invalid request parameter, ext=invalid message_id.'))).toEqual([]);
    expect(explainFailure(api(230002, 'x'), 'en', { appId: 'cli_a1' }).applyScopesUrl).toBeUndefined();
  });

  it.skipIf(!existsSync(CORPUS_99991672))(
    'parses the missing scope and the app ID of the corpus 99991672 response (skipped without ../shared/corpus)',
    () => {
      const failure = corpusFailure(CORPUS_99991672);
      const ex = explainFailure(failure, 'zh-CN');
      expect(ex.entry.id).toBe('99991672');
      expect(ex.missingScopes).toEqual(['contact:user.id:readonly']);
      // No profile App ID given: the one in the platform's own help link is used.
      expect(ex.applyScopesUrl).toBe(
        'https://open.feishu.cn/app/cli_a41bc75349bcxxxx/auth?q=contact:user.id:readonly&op_from=openapi&token_type=tenant',
      );
      expect(failure.logId).toBe('202307211618216F3E9EB64DC7E1234');
      const withProfile = explainFailure(failure, 'en', { appId: 'cli_mine', domain: 'lark' });
      expect(withProfile.applyScopesUrl).toBe(
        'https://open.larksuite.com/app/cli_mine/auth?q=contact:user.id:readonly&op_from=openapi&token_type=tenant',
      );
      // The apply link is shown on its own line, not repeated among the docs.
      expect(ex.docs.some((d) => d.url.includes('/auth?'))).toBe(false);
    },
  );

  it.skipIf(!existsSync(CORPUS_230027))(
    'extracts the troubleshooter URL of the corpus 230027 response (skipped without ../shared/corpus)',
    () => {
      const failure = corpusFailure(CORPUS_230027);
      const ex = explainFailure(failure, 'en');
      expect(ex.entry.id).toBe('230027');
      expect(ex.troubleshooterUrl).toBe(
        'https://open.feishu.cn/search?from=openapi&log_id=20260226223708A046B2912E7A2158CAE2&code=230027&method_id=6936075528891187228',
      );
      expect(ex.missingScopes).toEqual(['im:message.group_msg:get_as_user']);
      const text = formatExplanationText(failure, 'en');
      expect(text).toContain(`Troubleshooter: ${ex.troubleshooterUrl}`);
      expect(text).toContain('Log ID: 20260226223708A046B2912E7A2158CAE2');
    },
  );

  it('builds the apply URL for feishu and lark', () => {
    const scopes = ['im:message', 'im:message:readonly'];
    expect(buildApplyScopesUrl('cli_a1b2', scopes)).toBe(
      'https://open.feishu.cn/app/cli_a1b2/auth?q=im:message,im:message:readonly&op_from=openapi&token_type=tenant',
    );
    expect(buildApplyScopesUrl('cli_a1b2', scopes, { domain: 'lark' })).toBe(
      'https://open.larksuite.com/app/cli_a1b2/auth?q=im:message,im:message:readonly&op_from=openapi&token_type=tenant',
    );
    const failure = api(99991672, 'Access denied', { permissionViolations: [{ subject: 'im:message' }] });
    expect(explainFailure(failure, 'en', { appId: 'cli_x1', domain: 'feishu' }).applyScopesUrl).toBe(
      'https://open.feishu.cn/app/cli_x1/auth?q=im:message&op_from=openapi&token_type=tenant',
    );
    expect(explainFailure(failure, 'en', { appId: 'cli_x1', domain: 'lark' }).applyScopesUrl).toBe(
      'https://open.larksuite.com/app/cli_x1/auth?q=im:message&op_from=openapi&token_type=tenant',
    );
    // Without any App ID there is nothing to link to.
    expect(explainFailure(failure, 'en').applyScopesUrl).toBeUndefined();
  });

  it('opens the user-identity tab for 99991679', () => {
    const failure = api(99991679, 'Unauthorized.', {
      permissionViolations: [{ type: 'action_privilege_required', subject: 'im:message' }],
    });
    expect(explainFailure(failure, 'en', { appId: 'cli_x1' }).applyScopesUrl).toBe(
      'https://open.feishu.cn/app/cli_x1/auth?q=im:message&op_from=openapi&token_type=user',
    );
  });

  it('infers the Lark domain from a Lark help link', () => {
    const failure = api(99991672, 'Access denied', {
      helps: [{ url: 'https://open.larksuite.com/app/cli_abc123/auth?q=im:message&op_from=openapi' }],
    });
    const ex = explainFailure(failure, 'en');
    expect(ex.applyScopesUrl).toBe('https://open.larksuite.com/app/cli_abc123/auth?q=im:message&op_from=openapi&token_type=tenant');
    expect(ex.docs.every((d) => d.url.startsWith('https://open.larksuite.com/'))).toBe(true);
  });

  it('points the docs at the Lark site for a Lark profile', () => {
    const feishu = explainFailure(api(230013, 'x'), 'en', { domain: 'feishu' });
    const lark = explainFailure(api(230013, 'x'), 'en', { domain: 'lark' });
    expect(feishu.docs.map((d) => d.url)).toContain('https://feishu.cn/admin');
    expect(lark.docs.every((d) => d.url.startsWith('https://open.larksuite.com/'))).toBe(true);
    expect(lark.docs.map((d) => d.url)).toContain(
      'https://open.larksuite.com/document/home/introduction-to-scope-and-authorization/availability',
    );
  });

  it('lists field violations', () => {
    const ex = explainFailure(
      api(230001, 'invalid param', {
        fieldViolations: [
          { field: 'message_id', value: 'om_bad', description: 'invalid message_id' },
          { field: 'user_id_type', value: 'email' },
        ],
      }),
      'en',
    );
    expect(ex.fieldViolations).toEqual([
      { field: 'message_id', description: 'invalid message_id' },
      { field: 'user_id_type', description: 'value: email' },
    ]);
  });

  it('takes only platform https links as troubleshooter URLs', () => {
    expect(extractTroubleshooterUrl('see https://open.feishu.cn/search?log_id=1&code=2.')).toBe(
      'https://open.feishu.cn/search?log_id=1&code=2',
    );
    expect(extractTroubleshooterUrl('see http://open.feishu.cn/search?x=1')).toBeUndefined();
    expect(extractTroubleshooterUrl('see https://evil.example/phish')).toBeUndefined();
    expect(extractTroubleshooterUrl('no link here')).toBeUndefined();
    expect(extractTroubleshooterUrl(undefined)).toBeUndefined();
  });
});

describe('formatExplanationText', () => {
  const failure = api(230013, 'Bot has NO availability to this user.', { logId: '20240911085251BEA8869709BAD4373B10' });

  it('prints a title line with code and msg, the HTTP status and the log ID', () => {
    const text = formatExplanationText(failure, 'en');
    const lines = text.split('\n');
    expect(lines[0]).toBe('The bot is not available to this user (code 230013) — Bot has NO availability to this user.');
    expect(text).toContain('HTTP status: 400');
    expect(text).toContain('Log ID: 20240911085251BEA8869709BAD4373B10');
    const zh = formatExplanationText(failure, 'zh-CN');
    expect(zh.split('\n')[0]).toBe('机器人对该用户不可用（错误码 230013）：Bot has NO availability to this user.');
    expect(zh).toContain('日志 ID：20240911085251BEA8869709BAD4373B10');
    expect(zh).toMatch(/^处理步骤：$/m);
  });

  it('numbers the steps 1. 2. 3. and bullets the causes', () => {
    const text = formatExplanationText(failure, 'zh-CN');
    for (let i = 1; i <= 6; i++) expect(text).toMatch(new RegExp(`^  ${i}\\. \\S`, 'm'));
    expect(text).not.toMatch(/^ {2}7\. /m);
    expect(text).toMatch(/^ {2}- 该用户已离职。$/m);
    expect(text).toContain('https://open.feishu.cn/document/home/introduction-to-scope-and-authorization/availability');
  });

  it('says when there is no log ID, and prints no colours', () => {
    const text = formatExplanationText({ kind: 'network', stage: 'token', msg: 'getaddrinfo ENOTFOUND open.feishu.cn' }, 'en');
    expect(text).toContain('Log ID: (none)');
    expect(text).toContain('Failed while: getting the tenant_access_token');
    expect(text.split('\n')[0]).toBe('Network error — getaddrinfo ENOTFOUND open.feishu.cn');
    expect(text).not.toContain('\u001b');
  });

  it('shows missing scopes with the apply URL', () => {
    const text = formatExplanationText(
      api(99991672, 'Access denied.', { permissionViolations: [{ subject: 'im:message:readonly' }] }),
      'en',
      { appId: 'cli_x1' },
    );
    expect(text).toContain('Missing scopes: im:message:readonly');
    expect(text).toContain(
      'Apply for them: https://open.feishu.cn/app/cli_x1/auth?q=im:message:readonly&op_from=openapi&token_type=tenant',
    );
  });

  it('flags unexpected codes and retryable failures', () => {
    expect(formatExplanationText(api(99991677, 'Authentication token expired.'), 'en')).toContain(
      "should not occur with this app's tenant_access_token",
    );
    expect(formatExplanationText({ kind: 'http', stage: 'message', msg: 'Bad Gateway', httpStatus: 502 }, 'zh-CN')).toContain(
      '稍后重试可能成功',
    );
  });

  it('shows the raw body of code-less failures, its terminal escapes made visible rather than obeyed', () => {
    const text = formatExplanationText(
      { kind: 'not_json', stage: 'message', msg: 'Unexpected token <', httpStatus: 200, body: '<html>\u001b[31mLogin\u001b[0m</html>' },
      'en',
    );
    expect(text).toContain('Raw body:');
    expect(text).toContain('<html>\\x1b[31mLogin\\x1b[0m</html>');
    expect(text).not.toContain('\u001b');
  });
});

describe('every app and identity', () => {
  const asUser = { as: 'user' as const };
  const ALICE_SIGNED_OUT = { problem: 'signed_out' as const, user: 'Alice Chen', expiresAt: Date.UTC(2026, 11, 6, 8, 30) };

  it('picks the entry of a credential problem', () => {
    const credential = (problem: 'ticket_missing' | 'token_expired' | 'signed_out'): FeishuFailure => ({
      kind: 'credential',
      stage: problem === 'ticket_missing' ? 'app_token' : problem === 'signed_out' ? 'user_token' : 'token',
      msg: 'x',
      credential: { problem },
    });
    expect(selectEntry(credential('ticket_missing')).id).toBe('credential_ticket_missing');
    expect(selectEntry(credential('token_expired')).id).toBe('credential_token_expired');
    expect(selectEntry(credential('signed_out')).id).toBe('credential_signed_out');
    expect(selectEntry({ kind: 'credential', stage: 'token', msg: 'x' }).id).toBe('unknown');
  });

  it("says when a pasted token expired, in UTC or the host's zone", () => {
    const failure: FeishuFailure = {
      kind: 'credential',
      stage: 'token',
      msg: 'the pasted token expired',
      credential: { problem: 'token_expired', expiresAt: Date.UTC(2026, 11, 6, 8, 30) },
      identity: { as: 'user', pasted: true },
    };
    expect(explainFailure(failure, 'en').meaning).toContain('it expired at 2026-12-06 08:30 UTC');
    expect(explainFailure(failure, 'zh-CN', { timeZone: 'Asia/Shanghai' }).meaning).toContain('已于 2026-12-06 16:30 Asia/Shanghai 过期');
    const unknown = explainFailure({ ...failure, credential: { problem: 'token_expired' } }, 'en');
    expect(unknown.meaning).toContain('expired at an unknown time');
    expect(unknown.meaning).not.toContain('{expiresAt}');
  });

  it('names the user who must sign in again', () => {
    const ex = explainFailure({ kind: 'credential', stage: 'user_token', msg: 'x', credential: ALICE_SIGNED_OUT }, 'en');
    expect(ex.title).toBe('Signed out: sign in again');
    expect(ex.steps[0]).toContain('Sign in again as Alice Chen');
    expect(ex.meaning).toContain("Alice Chen's sign-in ended at 2026-12-06 08:30 UTC");
    const nameless = explainFailure({ kind: 'credential', stage: 'user_token', msg: 'x', credential: { problem: 'signed_out' } }, 'zh-CN');
    expect(nameless.steps[0]).toContain('原来登录的用户');
    expect(nameless.steps[0]).not.toContain('{user}');
  });

  it('keeps the code of a refused renewal, and says the user must sign in again', () => {
    const refused: FeishuFailure = {
      kind: 'api',
      stage: 'user_token',
      code: 20002,
      msg: 'The client secret is invalid.',
      httpStatus: 400,
      credential: { problem: 'signed_out', user: 'Alice Chen' },
      identity: asUser,
    };
    const ex = explainFailure(refused, 'en');
    expect(ex.entry.id).toBe('20002');
    expect(ex.meaning).toContain("Alice Chen's sign-in could not be renewed");
    expect(ex.steps.at(-1)).toContain('sign in again as Alice Chen');
    expect(explainFailure(refused, 'zh-CN').steps.at(-1)).toContain('以 Alice Chen 重新登录');
    // A refresh code already ends in a new sign-in: it is not said twice.
    const spent = explainFailure({ ...refused, code: 20037, msg: 'The refresh token has expired.' }, 'en');
    expect(spent.entry.id).toBe('20037');
    expect(spent.steps.filter((step) => /sign in again/i.test(step))).toHaveLength(1);
    // Without the credential mark, the code's own explanation stands alone.
    const { credential: _dropped, ...plain } = refused;
    expect(explainFailure(plain, 'en').steps.join(' ')).not.toContain('Alice Chen');
  });

  it('explains the user-token codes as expected when the call was made as a user, and as unexpected as the bot', () => {
    for (const code of [99991668, 99991677, 99991679]) {
      const asBot = explainFailure(api(code, 'x'), 'en');
      const asSignedIn = explainFailure(api(code, 'x', { identity: asUser }), 'en');
      expect(asBot.unexpected, String(code)).toBe(true);
      expect(asBot.meaning, String(code)).toMatch(/should not occur/);
      expect(asSignedIn.unexpected, String(code)).toBe(false);
      expect(asSignedIn.meaning, String(code)).toMatch(/made as a user/);
      expect(asSignedIn.title, String(code)).not.toMatch(/unexpected/);
      expect(formatExplanationText(api(code, 'x', { identity: asUser }), 'en'), String(code)).not.toContain('should not occur');
    }
    expect(formatExplanationText(api(99991677, 'x', { identity: asUser }), 'en')).toContain('Called as: the signed-in user');
    expect(formatExplanationText(api(99991677, 'x', { identity: { as: 'user', pasted: true } }), 'zh-CN')).toContain(
      '调用身份：用户（粘贴的 user_access_token）',
    );
  });

  it('applies for the scopes a user lacks on the user-identity tab, naming the get_as_user scopes when the failure does not', () => {
    const listed = api(99991679, 'Unauthorized. You do not have permission to perform the requested operation on the resource.', {
      identity: asUser,
      permissionViolations: [{ type: 'action_privilege_required', subject: 'im:message.group_msg:get_as_user' }],
    });
    const ex = explainFailure(listed, 'en', { appId: 'cli_x1' });
    expect(ex.missingScopes).toEqual(['im:message.group_msg:get_as_user']);
    expect(ex.scopesSuggested).toBeUndefined();
    expect(ex.applyScopesUrl).toBe(
      'https://open.feishu.cn/app/cli_x1/auth?q=im:message.group_msg:get_as_user&op_from=openapi&token_type=user',
    );

    const unlisted = api(99991679, 'Unauthorized.', { identity: asUser });
    const suggested = explainFailure(unlisted, 'en', { appId: 'cli_x1', domain: 'lark' });
    expect(suggested.missingScopes).toEqual(['im:message.p2p_msg:get_as_user', 'im:message.group_msg:get_as_user']);
    expect(suggested.scopesSuggested).toBe(true);
    expect(suggested.applyScopesUrl).toBe(
      'https://open.larksuite.com/app/cli_x1/auth?q=im:message.p2p_msg:get_as_user,im:message.group_msg:get_as_user&op_from=openapi&token_type=user',
    );
    expect(suggested.meaning).toContain('im:message.p2p_msg:get_as_user');
    const text = formatExplanationText(unlisted, 'en', { appId: 'cli_x1' });
    expect(text).toContain('Scopes it needs (any one): im:message.p2p_msg:get_as_user, im:message.group_msg:get_as_user');
    expect(text).toContain('token_type=user');
    // As the bot nothing is suggested: the code is unexpected there, and the scopes would not be the bot's.
    expect(explainFailure(api(99991679, 'Unauthorized.'), 'en', { appId: 'cli_x1' }).missingScopes).toEqual([]);
  });

  it("opens the user-identity tab for a get_as_user scope the bot's 230027 names", () => {
    const ex = explainFailure(api(230027, 'Lack of necessary permissions, ext=need scope: im:message.group_msg:get_as_user'), 'en', {
      appId: 'cli_x1',
    });
    expect(ex.applyScopesUrl).toBe(
      'https://open.feishu.cn/app/cli_x1/auth?q=im:message.group_msg:get_as_user&op_from=openapi&token_type=user',
    );
  });

  it('offers the bot a user who is in the chat for 230002, and tells the user they are not in it either', () => {
    const asBot = explainFailure(api(230002, 'The bot can not be outside the group.'), 'en');
    expect(asBot.steps.at(-1)).toContain('"Try as user" in the app, `--as user` in the CLI');
    const asSignedIn = explainFailure(api(230002, 'The bot can not be outside the group.', { identity: asUser }), 'en');
    expect(asSignedIn.title).toBe("The signed-in user is not in the message's chat");
    expect(asSignedIn.meaning).toMatch(/user is not a member of the chat/);
    expect(asSignedIn.steps.join(' ')).not.toContain('Try as user');
    expect(explainFailure(api(230002, 'x', { identity: asUser }), 'zh-CN').title).toBe('登录的用户不在消息所在的群组中');
  });

  it('says which step of a store app or a sign-in failed', () => {
    const ticket = formatExplanationText(
      { kind: 'api', stage: 'app_token', code: 10012, msg: 'app_ticket is invalid', httpStatus: 400 },
      'en',
    );
    expect(ticket.split('\n')[0]).toBe('The app_ticket is invalid or expired (code 10012) — app_ticket is invalid');
    expect(ticket).toContain("Failed while: getting the store app's app_access_token (with its app_ticket)");
    const pkce = formatExplanationText({ kind: 'api', stage: 'user_token', code: 20049, msg: 'PKCE code challenge failed.' }, 'zh-CN');
    expect(pkce.split('\n')[0]).toBe('PKCE 校验失败（错误码 20049）：PKCE code challenge failed.');
    expect(pkce).toContain('出错环节：用户登录或续期（user_access_token）');
    const notInstalled = explainFailure(
      { kind: 'api', stage: 'token', code: 99991662, msg: 'app is not installed in tenant 2ed263bf' },
      'en',
    );
    expect(notInstalled.entry.id).toBe('99991662');
  });
});
