import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { exchangeToCurl } from './curl';
import { FeishuClient } from './client';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '../sandbox/emulator';
import { FakeClock } from '../testing/fake-clock';
import { SEED_MESSAGE_ID } from '../sandbox/fixtures/messages';

async function exchanges() {
  const clock = new FakeClock();
  const sandbox = createSandbox({ clock });
  const client = new FeishuClient({
    baseUrl: 'https://open.feishu.cn',
    appId: SANDBOX_APP_ID,
    appSecret: SANDBOX_APP_SECRET,
    fetch: (r) => sandbox.handle(r),
    clock,
  });
  const result = await client.getMessage(SEED_MESSAGE_ID, { userIdType: 'open_id' });
  return result.exchanges;
}

/** What argv a POSIX shell would hand to curl for this command, with the given environment. */
function shellWords(command: string, env: Record<string, string>): string[] {
  const script = `set -- ${command.replace(/^curl /, '')}; for a in "$@"; do printf '%s\\0' "$a"; done`;
  return execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH, ...env } })
    .toString()
    .split('\0')
    .slice(0, -1);
}

describe('exchangeToCurl', () => {
  it('replays the message call with the token as a shell variable, never the token', async () => {
    const message = (await exchanges()).find((e) => e.stage === 'message')!;
    const command = exchangeToCurl(message);
    expect(command).not.toMatch(/t-sandbox-/);
    expect(command).toContain('${TENANT_ACCESS_TOKEN}');
    const argv = shellWords(command, { TENANT_ACCESS_TOKEN: 't-real' });
    expect(argv).toEqual([
      '-sS',
      '-X',
      'GET',
      `https://open.feishu.cn/open-apis/im/v1/messages/${SEED_MESSAGE_ID}?with_sender_name=true&user_id_type=open_id`,
      '-H',
      'authorization: Bearer t-real',
      '-H',
      'content-type: application/json; charset=utf-8',
    ]);
  });

  it('replays the token call with the secret as a shell variable', async () => {
    const token = (await exchanges()).find((e) => e.stage === 'token')!;
    const command = exchangeToCurl(token);
    expect(command).not.toContain(SANDBOX_APP_SECRET);
    const argv = shellWords(command, { APP_SECRET: 'Zq8m$N3v' });
    expect(JSON.parse(argv.at(-1)!)).toEqual({ app_id: SANDBOX_APP_ID, app_secret: 'Zq8m$N3v' });
  });

  it('quotes hostile values so the shell runs nothing', () => {
    const command = exchangeToCurl({
      stage: 'message',
      attempt: 1,
      method: 'GET',
      url: "https://open.feishu.cn/x?q=';touch /tmp/pwned;'",
      requestHeaders: { 'content-type': '$(touch /tmp/pwned)' },
      responseHeaders: {},
      startedAt: 0,
      durationMs: 0,
    });
    const argv = shellWords(command, {});
    expect(argv[3]).toBe("https://open.feishu.cn/x?q=';touch /tmp/pwned;'");
    expect(argv[5]).toBe('content-type: $(touch /tmp/pwned)');
  });
});
