import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { serverOfOwn } from './server';
import { SANDBOX_APP_SECRET } from '../core/sandbox/emulator';

// A batch uses the app's rate limiter for the whole server: it gets a server of its own.
const web = serverOfOwn();

test('pasting many IDs runs a batch: progress, failures explained, filtered and retried, export downloaded', async ({ page }) => {
  await page.goto(web.url);
  // 28 IDs the sandbox does not know (230001) and two seed errors: 30 distinct IDs, all failing.
  const pasted = `${Array.from({ length: 28 }, (_, i) => `om_unknown_${String(i).padStart(6, '0')}`).join(', ')}, om_error_230002, om_error_230013`;
  await page.getByTestId('lookup-input').fill(pasted);
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('batch-panel');
  await expect(panel.getByRole('heading')).toHaveText('Batch of 30 messages');
  await expect(panel.getByTestId('batch-stats')).toContainText('30 done, 30 failed, 0 remaining');
  await expect(panel.getByTestId('batch-stats')).toContainText('finished');
  await panel.getByRole('radio', { name: 'Failed' }).click();
  await panel.getByPlaceholder('Filter by ID, type, preview or code').fill('230013');
  await expect(panel.getByTestId('batch-row')).toHaveCount(1);
  await expect(panel.getByTestId('batch-row')).toContainText('The bot is not available to this user');
  await panel.getByRole('button', { name: 'Retry', exact: true }).click();
  await expect(panel.getByTestId('batch-stats')).toContainText('30 done, 30 failed');

  const download = page.waitForEvent('download');
  await panel.getByRole('combobox', { name: 'Export format' }).selectOption('csv');
  await panel.getByTestId('batch-export').click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(31);
  expect(csv).toContain('om_error_230013');

  // A failed row hands itself on: its own ticket, with the requests that failed and no secret.
  const ticket = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Save a support ticket of om_error_230013' }).click();
  const html = readFileSync(await (await ticket).path(), 'utf8');
  expect(html).toContain('/open-apis/im/v1/messages/om_error_230013');
  expect(html).toContain('230013');
  expect(html).not.toContain(SANDBOX_APP_SECRET);
  expect(html).not.toMatch(/t-sandbox-[0-9a-f]{8,}/);
});

test('a batch of real messages succeeds and a row opens its message', async ({ page }) => {
  await page.goto(web.url);
  const ids = [
    'om_dc13264520392913993dd051dba21dcf',
    'om_x100b4a1e2d3c4b5a69788796a5b4c3',
    'om_x100b4c3a4f5e6d7c8b9aa9b8c7d6e5',
    'om_x100b4d2e9f0a1b2c3d4e5f60718293',
    'om_x100b4b2f3e4d5c6b7a8998a7b6c5d4',
  ];
  await page.getByTestId('lookup-input').fill(ids.join(' '));
  await page.keyboard.press('Enter');
  await page.getByTestId('run-as-batch').click();
  const panel = page.getByTestId('batch-panel');
  await expect(panel.getByTestId('batch-stats')).toContainText('5 done, 0 failed, 0 remaining');
  await expect(panel.getByTestId('batch-row').filter({ hasText: 'merge_forward' })).toHaveCount(1);
  await panel.getByRole('button', { name: 'om_x100b4a1e2d3c4b5a69788796a5b4c3' }).click();
  await expect(page.getByTestId('rendered-message')).toContainText('the deploy is done');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByTestId('batch-panel').getByTestId('batch-stats')).toContainText('5 done');
});

test('a batch stops by itself when the platform cannot be reached, and runs the rest once it can', async ({ page }) => {
  // Each lookup tries six times over about ten seconds before it counts as unreachable.
  test.setTimeout(120_000);
  await page.goto(web.url);
  const settings = page.getByTestId('sandbox-settings');
  await settings.locator('summary').click();
  for (const kind of ['429', '500', '502', '503']) await settings.getByRole('checkbox', { name: kind, exact: true }).uncheck();
  await settings.getByRole('checkbox', { name: 'dns', exact: true }).check();
  await settings.getByTestId('sandbox-fault-rate').selectOption('1');
  await expect(settings).toContainText('100% of calls fail (dns)');

  const total = 40;
  await page
    .getByTestId('lookup-input')
    .fill(Array.from({ length: total }, (_, i) => `om_unknown_${String(i).padStart(6, '0')}`).join(' '));
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('batch-panel');
  const stats = panel.getByTestId('batch-stats');
  await expect(stats).toContainText(/stopped: \d+ lookups in a row could not reach the platform/, { timeout: 90_000 });
  await expect(panel.getByTestId('batch-unreachable')).toBeVisible();
  const runRest = panel.getByTestId('batch-run-rest');
  const notRun = Number(/Run the (\d+) not run/.exec(await runRest.innerText())?.[1]);
  expect(notRun).toBeGreaterThan(0);
  expect(notRun).toBeLessThanOrEqual(total - 10);
  const ran = total - notRun;
  await expect(stats).toContainText(`${ran} done, ${ran} failed, ${notRun} remaining`);
  await panel.getByRole('radio', { name: 'Pending' }).click();
  await expect(panel.getByTestId('batch-row').first()).toContainText('Not run');
  await panel.getByRole('radio', { name: 'All' }).click();

  // The network is back. Retrying the failed rows first leaves the others to run later.
  await settings.getByTestId('sandbox-fault-rate').selectOption('0');
  await expect(settings).toContainText('no injected faults');
  await panel.getByRole('button', { name: `Retry ${ran} failed` }).click();
  await expect(stats).toContainText(`${notRun} not run yet`);
  await runRest.click();
  await expect(stats).toContainText(`${total} done, ${total} failed, 0 remaining`);
  await expect(stats).toContainText('finished');
  await expect(runRest).toHaveCount(0);
  // Every row reached the platform now: it answered that it does not know them.
  await panel.getByPlaceholder('Filter by ID, type, preview or code').fill('230001');
  await expect(panel.getByText(`${total} rows`)).toBeVisible();
});
