import { expect, test } from '@playwright/test';
import { catalogueEntryForCode, SEED_CODES, type Lang } from '../core/errors';

const appUrl = () => process.env.INSPECTOR_URL!;

for (const lang of ['en', 'zh-CN'] as Lang[]) {
  test.describe(`error panel in ${lang}`, () => {
    test.beforeEach(async ({ page }) => {
      await page.goto(appUrl());
      await page.evaluate((l) => localStorage.setItem('inspector.language', l), lang);
      await page.reload();
    });

    for (const code of SEED_CODES) {
      test(`om_error_${code} shows its title, log ID and numbered steps`, async ({ page }) => {
        const entry = catalogueEntryForCode(code)!;
        await page.getByTestId('lookup-input').fill(`om_error_${code}`);
        await page.keyboard.press('Enter');
        const panel = page.getByTestId('error-panel');
        await expect(panel.getByTestId('error-code')).toHaveText(String(code));
        await expect(panel.getByRole('heading', { level: 2 })).toHaveText(entry.title[lang].replace('{code}', String(code)));
        await expect(panel.getByTestId('error-log-id')).toHaveText(/^\d{14}[0-9A-F]{20}$/);
        const steps = panel.getByTestId('error-steps').locator('li');
        await expect(steps).toHaveCount(entry.steps[lang].length);
        await expect(steps.first()).toContainText(entry.steps[lang][0]!.slice(0, 12));
      });
    }
  });
}

test('a flaky 502 is retried and the lookup succeeds, with the retry visible', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_flaky_502');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rendered-message')).toContainText('test content');
  const raw = page.getByTestId('raw-exchanges');
  await raw.locator('summary').first().click();
  await expect(raw.getByTestId('exchange').filter({ hasText: '/om_flaky_502' })).toHaveCount(2);
  await expect(raw).toContainText('HTTP 502: waiting');
});

test('repeated 5xx end in a clear error after the retries', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('lookup-input').fill('om_fault_503');
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('error-panel');
  await expect(panel.getByTestId('error-http-status')).toHaveText('503');
  const raw = page.getByTestId('raw-exchanges');
  await raw.locator('summary').first().click();
  await expect(raw.getByTestId('exchange').filter({ hasText: '/om_fault_503' })).toHaveCount(3);
});
