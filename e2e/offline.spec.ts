import { expect, test, type Page } from '@playwright/test';
import { en } from '../renderer/i18n/en';
import { zhCN } from '../renderer/i18n/zh-CN';
import { serverOfOwn } from './server';

// Sandbox faults are server-wide and the history is counted: this file has a server of its own.
const web = serverOfOwn();

const STRINGS = { en, 'zh-CN': zhCN };
const SANDBOX_HOST = 'sandbox.inspector.invalid';
const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, name: string) => String(values[name]));

async function open(page: Page, language: keyof typeof STRINGS) {
  await page.goto(web.url);
  await page.evaluate((l) => localStorage.setItem('inspector.language', l), language);
  await page.reload();
}

async function lookUp(page: Page, messageId: string) {
  await page.getByTestId('lookup-input').fill(messageId);
  await page.keyboard.press('Enter');
}

for (const language of ['en', 'zh-CN'] as const) {
  const s = STRINGS[language];

  test(`${language}: going offline shows a banner that says what still works, and coming back removes it`, async ({ page }) => {
    await open(page, language);
    const banner = page.getByRole('status').filter({ hasText: s.offline.title });
    await expect(page.getByRole('heading', { name: s.empty.title })).toBeVisible();
    await expect(banner).toHaveCount(0);

    await page.context().setOffline(true);
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(s.offline.body);
    // It blocks nothing: the page stays usable under it.
    await expect(page.getByTestId('lookup-input')).toBeEditable();

    await page.context().setOffline(false);
    await expect(banner).toHaveCount(0);
  });

  test(`${language}: an unreachable platform shows "cannot reach" with the host and steps, not an API error; Retry asks again`, async ({
    page,
  }) => {
    await open(page, language);
    // Every lookup lands in the history: its count tells that Retry really asked again.
    const history = page.getByTestId('history-count');
    const lookups = (n: number) => fill(n === 1 ? s.history.count_one : s.history.count_other, { count: n.toLocaleString('en') });
    await expect(history).toContainText(/\d/);
    const before = Number((await history.textContent())!.match(/\d[\d,]*/)![0].replaceAll(',', ''));

    await lookUp(page, 'om_fault_dns');
    const panel = page.getByTestId('unreachable-panel');
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText(fill(s.unreachable.title, { host: SANDBOX_HOST }));
    await expect(panel.getByTestId('unreachable-reason')).toContainText(fill(s.unreachable.reason.dns, { host: SANDBOX_HOST }));
    await expect(panel).toContainText(s.unreachable.sandbox);
    await expect(panel.getByTestId('unreachable-msg')).toContainText(`ENOTFOUND ${SANDBOX_HOST}`);
    const steps = panel.getByTestId('unreachable-steps').locator('li');
    await expect(steps.first()).toHaveText(fill(s.unreachable.step.network, { baseUrl: `https://${SANDBOX_HOST}` }));
    await expect(steps.filter({ hasText: fill(s.unreachable.step.firewall, { host: SANDBOX_HOST }) })).toHaveCount(1);
    await expect(page.getByTestId('error-panel')).toHaveCount(0);

    await expect(history).toHaveText(lookups(before + 1));
    await panel.getByRole('button', { name: s.unreachable.retry }).click();
    await expect(history).toHaveText(lookups(before + 2));
    await expect(page.getByTestId('unreachable-panel')).toBeVisible();
  });

  test(`${language}: once the platform can be reached again, Retry shows the message`, async ({ page }) => {
    await open(page, language);
    const settings = page.getByTestId('sandbox-settings');
    await settings.locator('summary').click();
    for (const kind of ['429', '500', '502', '503']) await settings.getByRole('checkbox', { name: kind, exact: true }).uncheck();
    await settings.getByRole('checkbox', { name: 'dns', exact: true }).check();
    await settings.getByTestId('sandbox-fault-rate').selectOption('1');
    await expect(settings).toContainText(fill(s.sandbox.summaryFaults, { share: '100%', kinds: 'dns' }));

    await lookUp(page, 'om_dc13264520392913993dd051dba21dcf');
    const panel = page.getByTestId('unreachable-panel');
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText(fill(s.unreachable.title, { host: SANDBOX_HOST }));

    await settings.getByTestId('sandbox-fault-rate').selectOption('0');
    await expect(settings).toContainText(s.sandbox.summaryNone);
    await panel.getByRole('button', { name: s.unreachable.retry }).click();
    await expect(page.getByTestId('rendered-message')).toHaveText('test content');
    await expect(page.getByTestId('unreachable-panel')).toHaveCount(0);
  });
}
