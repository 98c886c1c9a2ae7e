import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const appUrl = () => process.env.INSPECTOR_URL!;

// One live session per profile for the whole server: the two languages' runs would stop each
// other's connection if they ran side by side (CI runs two workers).
test.describe.configure({ mode: 'serial' });

for (const c of [
  {
    lang: 'en',
    theme: 'light',
    nav: 'Live events',
    start: 'Start',
    confirm: 'I understand, connect',
    send: 'Send',
    live: 'Live',
    fetch: 'Fetch through the API',
    tom: 'Tom',
    arrived: '← this event arrived',
    connectedLine: 'live: connection #1 to ',
  },
  {
    lang: 'zh-CN',
    theme: 'dark',
    nav: '实时事件',
    start: '开始',
    confirm: '我已了解，连接',
    send: '发送',
    live: '已连接',
    fetch: '通过接口获取',
    tom: '汤姆',
    arrived: '← 这个事件到达',
    connectedLine: '已连接：连接 #1，',
  },
] as const) {
  test(`live events on the Sandbox: confirm once, send as a user, see it arrive with its sender's name, open it (${c.lang})`, async ({
    page,
  }, testInfo) => {
    await page.addInitScript(
      ({ lang, theme }) => {
        localStorage.setItem('inspector.language', lang);
        localStorage.setItem('inspector.theme', theme);
      },
      { lang: c.lang, theme: c.theme },
    );
    await page.goto(appUrl());
    await page.getByTestId('live-toggle').click();
    const live = page.getByTestId('live');
    await live.getByRole('button', { name: c.start, exact: true }).click();
    // The warning first: a running bot of the same app would miss these events.
    await expect(live.getByRole('alertdialog')).toBeVisible();
    await live.getByRole('button', { name: c.confirm }).click();
    await expect(page.getByTestId('live-state')).toContainText(c.live);
    // The connection log, in the reader's language.
    await page.locator('.live-log > summary').click();
    await expect(page.locator('.live-log-list')).toContainText(c.connectedLine);

    const text = `hello ${c.lang} ${Date.now()}`;
    await live.getByTestId('send-text').fill(text);
    await live.getByTestId('send-as-user').getByRole('button', { name: c.send, exact: true }).click();
    const row = page.getByTestId('live-row').filter({ hasText: text });
    await expect(row).toBeVisible();
    await expect(row).toContainText('im.message.receive_v1');
    // The sender's name as the platform gives it, in the reader's language.
    await expect(row).toContainText(c.tom);

    await row.click();
    const details = page.getByTestId('live-details');
    await expect(details).toContainText('trace_id=');
    await expect(page.getByTestId('live-event-json')).toContainText(text);
    await expect(page.getByTestId('live-event-json')).not.toContainText('sandbox_verification_token');
    await details.getByRole('button', { name: c.fetch }).click();
    // What GET returns for the same message, beside what the event carried.
    await expect(details.getByTestId('lookup-result')).toContainText(text);
    // The event handed on: its ticket holds the event (token masked), the log around it and the API's answer.
    const download = page.waitForEvent('download');
    await details.getByTestId('live-save-ticket').click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/^ticket-event-[\w-]+-\d{8}T\d{6}Z\.html$/);
    const ticket = readFileSync((await saved.path())!, 'utf8');
    expect(ticket).toContain(text);
    expect(ticket).toContain(c.arrived);
    expect(ticket).toContain('data-part="exchanges"');
    expect(ticket).not.toContain('sandbox_verification_token');
    expect(ticket).not.toContain('sandbox_secret');
    await page.screenshot({ path: testInfo.outputPath(`live-${c.lang}.png`), fullPage: true });

    // The warning is not asked again for this profile.
    await live.getByRole('button', { name: c.lang === 'en' ? 'Stop' : '停止' }).click();
    await live.getByRole('button', { name: c.start, exact: true }).click();
    await expect(live.getByRole('alertdialog')).toHaveCount(0);
    await expect(page.getByTestId('live-state')).toContainText(c.live);
    await live.getByRole('button', { name: c.lang === 'en' ? 'Stop' : '停止' }).click();
  });
}
