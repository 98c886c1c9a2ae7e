import { expect, test } from '@playwright/test';
import { serverOfOwn } from './server';

// Sandbox settings are server-wide: this file runs on a server of its own, one test at a time.
const server = serverOfOwn();

test('injected faults from the sandbox settings reach lookups, and turning them off heals them', async ({ page }) => {
  await page.goto(server.url);
  const settings = page.getByTestId('sandbox-settings');
  await settings.locator('summary').click();
  await settings.getByRole('checkbox', { name: '429' }).uncheck();
  await settings.getByRole('checkbox', { name: '500' }).uncheck();
  await settings.getByRole('checkbox', { name: '502' }).uncheck();
  await settings.getByTestId('sandbox-fault-rate').selectOption('1');
  await expect(settings).toContainText('100% of calls fail (503)');

  await page.getByTestId('lookup-input').fill('om_dc13264520392913993dd051dba21dcf');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('error-http-status')).toHaveText('503');

  await settings.getByTestId('sandbox-fault-rate').selectOption('0');
  await expect(settings).toContainText('no injected faults');
  await page.getByRole('button', { name: 'Fetch' }).click();
  await expect(page.getByTestId('rendered-message')).toHaveText('test content');
});
