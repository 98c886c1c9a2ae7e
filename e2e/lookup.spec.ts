import { expect, test } from '@playwright/test';

const appUrl = () => process.env.INSPECTOR_URL!;

test.describe('lookup in browser mode against the sandbox', () => {
  test('the seed example shows its fields and "test content"', async ({ page }) => {
    await page.goto(appUrl());
    await expect(page.getByRole('heading', { name: 'Feishu Message Inspector' })).toBeVisible();
    await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
    await page.keyboard.press('Enter');
    const result = page.getByTestId('lookup-result');
    await expect(result.getByTestId('rendered-message')).toHaveText('test content');
    await result.getByRole('tab', { name: 'JSON' }).click();
    await expect(result.getByTestId('content-json')).toContainText('"text": "test content"');
    const fields = result.getByTestId('message-fields');
    await expect(fields).toContainText('om_dc13264520392913993dd051dba21dcf');
    await expect(fields).toContainText('cli_9f427eec54ae901b');
    await expect(fields).toContainText('omt_d4be107c616a');
    await expect(fields).toContainText('@Tom');
    // create_time 1615380573411 shown as a local date, not as the raw number.
    await expect(fields.locator('time').first()).toHaveAttribute('title', '1615380573411');
    await expect(fields.locator('time').first()).toContainText('2021');
    // The token from the printed URL is taken out of the address bar.
    expect(new URL(page.url()).searchParams.get('token')).toBeNull();
  });

  test('om_error_230002 shows the error panel with its code, log ID and HTTP status', async ({ page }) => {
    await page.goto(appUrl());
    await page.getByTestId('lookup-input').fill('om_error_230002');
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('error-panel');
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId('error-code')).toHaveText('230002');
    await expect(panel.getByTestId('error-http-status')).toHaveText('400');
    await expect(panel.getByTestId('error-log-id')).toHaveText(/^\d{14}[0-9A-F]{20}$/);
    await expect(panel).toContainText('The bot can not be outside the group.');
    await expect(panel.getByTestId('error-steps').locator('li')).not.toHaveCount(0);
  });

  test('a pasted log line with several IDs fetches each, and a parent link fetches that message', async ({ page }) => {
    await page.goto(appUrl());
    await page
      .getByTestId('lookup-input')
      .fill(
        '2026-11-25 ERROR send failed message_id=om_dc13264520392913993dd051dba21dcf chat=oc_5ad11d72b830411d72b836c20, retry om_error_230110',
      );
    await page.keyboard.press('Enter');
    await expect(page.getByText('2 message IDs found').first()).toBeVisible();
    await expect(page.getByText('Not message IDs, skipped: oc_5ad11d72b830411d72b836c20')).toBeVisible();
    await expect(page.getByTestId('rendered-message')).toContainText('test content');
    await page.getByRole('button', { name: 'om_error_230110' }).click();
    await expect(page.getByTestId('error-code')).toHaveText('230110');
    await page.getByRole('button', { name: 'om_dc13264520392913993dd051dba21dcf' }).click();
    await page.getByTestId('message-fields').getByRole('button', { name: 'om_d4be107c616aed9c1da8ed8068570a9f' }).click();
    await expect(page.getByTestId('message-fields')).toContainText('post');
    await expect(page.getByTestId('rendered-message')).toContainText('Release 2.4 notes');
    await expect(page.getByTestId('rendered-message')).toContainText('@李雷');
  });

  test('the Rendered/JSON choice is remembered across lookups and reloads', async ({ page }) => {
    await page.goto(appUrl());
    await page.getByTestId('lookup-input').fill('om_x100b4a1e2d3c4b5a69788796a5b4c3');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rendered-message')).toContainText('@Tom @李雷 the deploy is done');
    await expect(page.getByTestId('rendered-message')).toContainText('@all');
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.reload();
    await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('content-json')).toContainText('"text": "test content"');
    await expect(page.getByRole('tab', { name: 'JSON' })).toHaveAttribute('aria-selected', 'true');
  });

  test('the raw exchange shows every request redacted and copies as cURL with placeholders', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(appUrl());
    await page.getByTestId('lookup-input').fill('om_error_230110');
    await page.keyboard.press('Enter');
    const raw = page.getByTestId('raw-exchanges');
    await raw.locator('summary').first().click();
    const exchanges = raw.getByTestId('exchange');
    await expect(exchanges).not.toHaveCount(0);
    for (const exchange of await exchanges.all()) await exchange.locator('summary').click();
    await expect(raw).toContainText('/open-apis/im/v1/messages/om_error_230110');
    await expect(raw).toContainText('«redacted»');
    const text = (await raw.textContent()) ?? '';
    expect(text).not.toMatch(/t-sandbox-[0-9a-f]/);
    expect(text).not.toContain('sandbox_secret');
    await exchanges.last().getByRole('button', { name: 'Copy as cURL' }).click();
    await expect(page.getByTestId('toasts')).toContainText('Copied: Copy as cURL');
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain('${TENANT_ACCESS_TOKEN}');
    expect(curl).toContain('/open-apis/im/v1/messages/om_error_230110');
  });

  test('text without a message ID says what a message ID looks like', async ({ page }) => {
    await page.goto(appUrl());
    await page.getByTestId('lookup-input').fill('hello oc_123456');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText('om_');
  });

  test('the bridge refuses calls without the session token', async ({ page, request }) => {
    await page.goto(appUrl());
    const origin = new URL(appUrl()).origin;
    const response = await request.post(`${origin}/api/listProfiles`, { data: [] });
    expect(response.status()).toBe(401);
  });
});

test.describe('dates and numbers in the chosen language', () => {
  test.use({ timezoneId: 'UTC' });

  test('switching the language reformats the message times and the request time at once', async ({ page }) => {
    await page.goto(appUrl());
    await page.evaluate(() => localStorage.setItem('inspector.language', 'en'));
    await page.reload();
    await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
    await page.keyboard.press('Enter');
    const result = page.getByTestId('lookup-result');
    const created = result.getByTestId('message-fields').locator('time').first();
    // create_time 1615380573411 is 2021-03-10 12:49:33 UTC.
    await expect(created).toHaveText(/^Mar 10, 2021, 12:49:33\sPM$/);
    await expect(result.getByText(/^Fetched in [\d,]+ ms/)).toBeVisible();

    await page.getByTestId('language-picker').selectOption('zh-CN');
    await expect(created).toHaveText('2021年3月10日 12:49:33');
    await expect(result.getByText(/^耗时 [\d,]+毫秒/)).toBeVisible();
  });
});
