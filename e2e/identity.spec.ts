import { expect, test, type Page } from '@playwright/test';
import { startInspectorWeb, type RunningServer } from './server';

// Issue 16's two stories in the page, against the sandbox: a support engineer meets 230002,
// signs a user in through the sandbox's authorize page (a real browser tab, a real loopback
// redirect) and reads the message; a store-app developer pastes the pushed ticket and reads in
// each customer tenant. Sign-ins are server-wide: this spec runs a server of its own.

const FINANCE_MESSAGE = 'om_sandbox_finance_1';
const GLOBEX_MESSAGE = 'om_sandbox_globex_1';
const SEED_MESSAGE = 'om_dc13264520392913993dd051dba21dcf';
const TOM_OPEN_ID = 'ou_155184d1e73cbfb8973e5a9e698e74f2';
/** What a token of the sandbox looks like: none may reach the page. */
const TOKENS = /\b(?:[atu]|ur)-sandbox-[0-9a-f]{32}\b/g;

let web: RunningServer;
test.beforeAll(async () => {
  web = await startInspectorWeb();
});
test.afterAll(async () => web?.stop());
test.describe.configure({ mode: 'serial' });

async function open(page: Page, lang: string, theme: string) {
  await page.addInitScript(
    ({ lang, theme }) => {
      localStorage.setItem('inspector.language', lang);
      localStorage.setItem('inspector.theme', theme);
    },
    { lang, theme },
  );
  await page.goto(web.url);
}

async function lookUp(page: Page, messageId: string) {
  await page.getByTestId('lookup-input').fill(messageId);
  await page.getByTestId('lookup-input').press('Enter');
}

async function expectNoTokens(page: Page) {
  const html = await page.content();
  expect(html.match(TOKENS) ?? []).toEqual([]);
}

test('230002 as the bot: sign in as a user who is in the chat, read the message, try as the user, sign out', async ({ page, context }) => {
  await open(page, 'en', 'light');
  await lookUp(page, FINANCE_MESSAGE);
  await expect(page.getByTestId('error-code')).toHaveText('230002');
  await page.getByTestId('error-sign-in').click();

  const dialog = page.getByTestId('identity-dialog');
  await expect(dialog.getByTestId('identity-redirect-uri')).toHaveText('http://127.0.0.1:47817/callback');
  await dialog.getByTestId('identity-sign-in-start').click();
  const link = dialog.getByTestId('identity-authorize-link');
  await expect(link).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('sign-in-waiting-en-light.png') });

  // The sign-in page opens in a tab of its own, as a system browser would show it.
  const [authorize] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await authorize.getByTestId(`sandbox-authorize-user-${TOM_OPEN_ID}`).check();
  await authorize.getByTestId('sandbox-authorize-allow').click();
  await expect(authorize.getByTestId('sign-in-page')).toContainText('Signed in as Tom');
  await authorize.close();

  // Back in the app: signed in, the lookups now made as Tom, and the message reads.
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('identity-as')).toHaveValue('user');
  await expect(page.getByTestId('identity-as').locator('option:checked')).toHaveText('As Tom');
  await lookUp(page, FINANCE_MESSAGE);
  await expect(page.getByText('Q1 invoices are due on Friday.').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('read-as-user-en-light.png') });
  await expectNoTokens(page);

  // As the bot again: 230002, with a button that tries as Tom.
  await page.getByTestId('identity-as').selectOption('bot');
  await lookUp(page, FINANCE_MESSAGE);
  await expect(page.getByTestId('error-code')).toHaveText('230002');
  await page.getByTestId('error-try-as-user').click();
  await expect(page.getByText('Q1 invoices are due on Friday.').first()).toBeVisible();
  await expect(page.getByTestId('identity-as')).toHaveValue('user');

  // Signing out forgets the tokens and says the platform cannot revoke them.
  await page.getByTestId('identity-manage').click();
  await expect(dialog.getByTestId('identity-signed-in')).toContainText('Tom');
  await dialog.getByTestId('identity-sign-out').click();
  await expect(dialog.getByTestId('identity-signed-out')).toBeVisible();
  await expect(dialog).toContainText('no call that revokes');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('identity-as')).toHaveValue('bot');
  await expectNoTokens(page);
});

test('a store app: the missing ticket explained, a resend, the pasted ticket, a message in each tenant (zh, dark)', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, 'zh-CN', 'dark');
  await page.getByTestId('profile-picker').selectOption('sandbox-store');
  await lookUp(page, SEED_MESSAGE);
  await expect(page.getByTestId('error-panel')).toBeVisible();
  await page.getByTestId('error-identity').click();

  const dialog = page.getByTestId('identity-dialog');
  await expect(dialog.getByTestId('identity-ticket-state')).toHaveText('尚未保存 app_ticket。');
  await dialog.getByTestId('identity-ticket-resend').click();
  await expect(dialog.getByTestId('identity-ticket-resent')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('ticket-zh-dark.png') });
  await dialog.getByRole('button', { name: '关闭' }).click();

  // The sandbox's webhook log (its settings panel) holds the pushed ticket: copied from there, pasted here.
  await page.getByTestId('sandbox-settings').locator('summary').click();
  const newest = page.getByTestId('sandbox-ticket').first();
  await newest.getByRole('button', { name: /复制 ticket|Copy ticket/ }).click();
  const ticket = await page.evaluate(() => navigator.clipboard.readText());
  expect(ticket).toMatch(/^[0-9a-f]{32}$/);
  await page.getByTestId('identity-manage').click();
  await dialog.getByTestId('identity-ticket-input').fill(ticket);
  await dialog.getByTestId('identity-ticket-save').click();
  await expect(dialog.getByTestId('identity-ticket-state')).toHaveText('已保存 app_ticket（不显示）。');
  await dialog.getByRole('button', { name: '关闭' }).click();

  await lookUp(page, SEED_MESSAGE);
  await expect(page.getByTestId('error-panel')).toBeHidden();
  await page.getByTestId('identity-tenant').selectOption('2ed263bf32cf1651');
  await lookUp(page, GLOBEX_MESSAGE);
  await expect(page.getByText('Hello from Globex: can your bot read this?').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('store-globex-zh-dark.png') });
  const html = await page.content();
  expect(html).not.toContain(ticket);
  await expectNoTokens(page);
});
